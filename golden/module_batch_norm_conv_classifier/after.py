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


class Conv2D(tf.Module):
    """TF1's `tf.layers.conv2d`: the same `kernel`/`bias` variables, made on the first call."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), activation=None,
                 use_bias=True, kernel_initializer=None, bias_initializer=None, trainable=True,
                 name=None):
        super().__init__(name=name)

        def pair(value):
            return tuple(value) if isinstance(value, (list, tuple)) else (value, value)

        self.filters = filters
        self.kernel_size = pair(kernel_size)
        self.strides = pair(strides)
        self.dilation_rate = pair(dilation_rate)
        self.padding = padding.upper()
        self.data_format = "NHWC" if data_format == "channels_last" else "NCHW"
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
        channels = inputs.shape[-1 if self.data_format == "NHWC" else 1]
        if self.kernel is None:
            self.kernel = tf.Variable(
                self.kernel_initializer([*self.kernel_size, channels, self.filters],
                                        inputs.dtype),
                name="kernel", trainable=self.trainable)
            if self.use_bias:
                self.bias = tf.Variable(self.bias_initializer([self.filters], inputs.dtype),
                                        name="bias", trainable=self.trainable)
        outputs = tf.nn.conv2d(inputs, self.kernel, strides=self.strides,
                               padding=self.padding, data_format=self.data_format,
                               dilations=self.dilation_rate)
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias, data_format=self.data_format)
        return outputs if self.activation is None else self.activation(outputs)


class BatchNormalization(tf.Module):
    """TF1's `tf.layers.batch_normalization`: the same `gamma`/`beta` and non-trainable
    `moving_mean`/`moving_variance` variables, made on the first call.

    Inference normalizes with the moving statistics. Training normalizes with the batch
    moments and updates the moving averages at once, as Keras does: TF1 left those updates in
    UPDATE_OPS for the caller to run, as correct TF1 training code did. As in TF1, 4-D inputs
    (TF1's fused kernel, unless fused=False) move the variance towards the unbiased one."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=None, gamma_initializer=None, moving_mean_initializer=None,
                 moving_variance_initializer=None, trainable=True, fused=None, name=None):
        super().__init__(name=name)
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer or tf.zeros_initializer()
        self.gamma_initializer = gamma_initializer or tf.ones_initializer()
        self.moving_mean_initializer = moving_mean_initializer or tf.zeros_initializer()
        self.moving_variance_initializer = moving_variance_initializer or tf.ones_initializer()
        self.trainable = trainable
        self.fused = fused
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None

    @tf.Module.with_name_scope
    def __call__(self, inputs, training=False):
        inputs = tf.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        axis = self.axis % rank
        dtype = tf.float32 if inputs.dtype in (tf.float16, tf.bfloat16) else inputs.dtype
        if self.moving_mean is None:
            size = [inputs.shape[axis]]
            if self.scale:
                self.gamma = tf.Variable(self.gamma_initializer(size, dtype), name="gamma",
                                         trainable=self.trainable)
            if self.center:
                self.beta = tf.Variable(self.beta_initializer(size, dtype), name="beta",
                                        trainable=self.trainable)
            self.moving_mean = tf.Variable(self.moving_mean_initializer(size, dtype),
                                           name="moving_mean", trainable=False)
            self.moving_variance = tf.Variable(self.moving_variance_initializer(size, dtype),
                                               name="moving_variance", trainable=False)
        shape = [inputs.shape[axis] if i == axis else 1 for i in range(rank)]
        reshape = lambda value: None if value is None else tf.reshape(value, shape)  # noqa: E731
        x = tf.cast(inputs, dtype)
        if training:
            reduced = [i for i in range(rank) if i != axis]
            mean, variance = tf.nn.moments(x, reduced)
            unbiased = variance
            if self.fused is not False and rank == 4 and axis in (1, 3):
                count = tf.cast(tf.size(x) // tf.size(variance), dtype)
                unbiased = variance * count / (count - 1)
            decay = 1 - self.momentum
            self.moving_mean.assign_sub((self.moving_mean - mean) * decay)
            self.moving_variance.assign_sub((self.moving_variance - unbiased) * decay)
        else:
            mean, variance = self.moving_mean, self.moving_variance
        outputs = tf.nn.batch_normalization(x, reshape(mean), reshape(variance),
                                            reshape(self.beta), reshape(self.gamma),
                                            self.epsilon)
        return tf.cast(outputs, inputs.dtype)


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


class ConvBnRelu(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x, filters, is_training):
        x = self.child(Conv2D, "conv2d", filters, 3, padding="same", use_bias=False)(x)
        x = self.child(BatchNormalization, "batch_normalization",
                       momentum=0.9)(x, training=is_training)
        return tf.nn.relu(x)


class Classifier(ScopedModule):
    def __init__(self, name="classifier"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, images, is_training):
        net = self.child(ConvBnRelu, "block1")(images, 8, is_training)
        net = self.child(ConvBnRelu, "block2")(net, 16, is_training)
        net = tf.reduce_mean(net, axis=[1, 2])
        net = self.child(Dense, "dense", 16, use_bias=False)(net)
        net = self.child(BatchNormalization, "fc_bn", momentum=0.9,
                         epsilon=1e-5)(net, training=is_training)
        return self.child(Dense, "logits", 10)(tf.nn.relu(net))
