import tensorflow as tf


class ScopedModule(tf.Module):
    """A tf.Module that keeps TF1's variable names: child modules and variables are made on
    first use, under the name scope current at that point, and found again by scope path."""

    def __init__(self, name=None):
        super().__init__(name=name)
        self.children = {}
        self.scope_path = ""

    def child(self, module_class, scope, *args, **kwargs):
        """The child module for `scope` under the current scope path, made on first use."""
        key = self.scope_path + scope
        if key not in self.children:
            self.children[key] = module_class(*args, name=scope, **kwargs)
        return self.children[key]


class Dense(tf.Module):
    """TF1's `tf.layers.dense`: the same `kernel`/`bias` variables, made on the first call."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=None, trainable=True, name=None):
        super().__init__(name=name)
        self.units = units
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer or tf.keras.initializers.GlorotUniform()
        self.bias_initializer = bias_initializer or tf.zeros_initializer()
        self.trainable = trainable
        self.kernel = None
        self.bias = None

    @tf.Module.with_name_scope
    def __call__(self, inputs):
        inputs = tf.convert_to_tensor(inputs)
        if self.kernel is None:
            self.kernel = tf.Variable(
                self.kernel_initializer([inputs.shape[-1], self.units], inputs.dtype),
                name="kernel", trainable=self.trainable)
            if self.use_bias:
                self.bias = tf.Variable(self.bias_initializer([self.units], inputs.dtype),
                                        name="bias", trainable=self.trainable)
        if inputs.shape.rank == 2:
            outputs = tf.matmul(inputs, self.kernel)
        else:
            outputs = tf.tensordot(inputs, self.kernel, [[inputs.shape.rank - 1], [0]])
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        return outputs if self.activation is None else self.activation(outputs)


class LayerNorm(tf.Module):
    def __init__(self, name="layer_norm"):
        super().__init__(name=name)
        self.scale = None
        self.bias = None

    @tf.Module.with_name_scope
    def __call__(self, x, epsilon=1e-6):
        """Normalizes over the last axis with a learned scale and bias."""
        size = x.shape[-1]
        if self.scale is None:
            self.scale = tf.Variable(tf.ones_initializer()([size], tf.float32), name="scale")
        scale = self.scale
        if self.bias is None:
            self.bias = tf.Variable(tf.zeros_initializer()([size], tf.float32), name="bias")
        bias = self.bias
        mean = tf.reduce_mean(x, axis=[-1], keepdims=True)
        variance = tf.reduce_mean(tf.square(x - mean), axis=[-1], keepdims=True)
        return (x - mean) * tf.math.rsqrt(variance + epsilon) * scale + bias


class DenseReluDense(ScopedModule):
    def __init__(self, name="dense_relu_dense"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x, filter_size, output_size):
        h = self.child(Dense, "conv1", filter_size, activation=tf.nn.relu)(x)
        return self.child(Dense, "conv2", output_size)(h)


class EncoderLayer(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x, hidden_size):
        y = self.child(DenseReluDense, "dense_relu_dense")(self.child(LayerNorm, "layer_norm")(x),
                                                           hidden_size * 4, hidden_size)
        x = self.child(LayerNorm, "layer_norm_1")(x + y)
        y = self.child(DenseReluDense, "ffn_out")(x, hidden_size * 2, hidden_size)
        return self.child(LayerNorm, "output_norm")(x + y)
