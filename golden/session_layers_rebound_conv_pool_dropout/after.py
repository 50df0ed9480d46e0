"""A tf.layers CNN in a session script, each stage rebinding the name of the one before."""
import numpy as np
import tensorflow as tf


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


def dropout_layer(inputs, rate=0.5, training=False, noise_shape=None, seed=None):
    """TF1's `tf.layers.dropout`: dropout only while `training` (TF1's default: not)."""
    if training:
        return tf.nn.dropout(inputs, rate=rate, noise_shape=noise_shape, seed=seed)
    return inputs


def flatten_layer(inputs):
    """TF1's `tf.layers.flatten`: one row per example, the static size kept where known."""
    return tf.reshape(inputs, [tf.shape(inputs)[0], inputs.shape[1:].num_elements() or -1])


tf.random.set_seed(1)
X_spec = tf.TensorSpec([None, 8, 8, 1], tf.float32)
Y_spec = tf.TensorSpec([None, 3], tf.float32)
is_training_spec = tf.TensorSpec(None, tf.bool)

# convolution, pooling and dropout rebind one name per stage
L1_layer = Conv2D(4, kernel_size=[3, 3], activation=tf.nn.relu, name="conv2d")


def L1(X, is_training):
    return tf.nn.max_pool2d(L1_layer(X), [2, 2], [2, 2], padding="VALID")


L2_layer = Dense(16, activation=tf.nn.relu, name="dense")


def L2(X, is_training):
    return dropout_layer(
        L2_layer(flatten_layer(L1(X, is_training))), rate=0.5, training=is_training
    )


model_layer = Dense(3, activation=None, name="dense_1")


def model(X, is_training):
    return model_layer(L2(X, is_training))


def cost(X, Y, is_training):
    return tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(logits=model(X, is_training), labels=Y)
    )


adam = tf.keras.optimizers.Adam(0.01, epsilon=1e-08)


@tf.function(input_signature=[X_spec, Y_spec, is_training_spec])
def optimizer(X, Y, is_training):
    with tf.GradientTape() as tape:
        loss = cost(X, Y, is_training)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    adam.apply_gradients(zip(gradients, variables))
    return loss


rng = np.random.RandomState(0)
xs = rng.rand(20, 8, 8, 1).astype(np.float32)
ys = np.eye(3)[rng.randint(0, 3, 20)].astype(np.float32)
for epoch in range(5):
    cost_val = optimizer(xs, ys, False).numpy()
    print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.4f}'.format(cost_val))


def is_correct(X, Y, is_training):
    return tf.equal(tf.argmax(model(X, is_training), 1), tf.argmax(Y, 1))


@tf.function(input_signature=[X_spec, Y_spec, is_training_spec])
def accuracy(X, Y, is_training):
    return tf.reduce_mean(tf.cast(is_correct(X, Y, is_training), tf.float32))


print('accuracy', accuracy(xs, ys, False).numpy())
