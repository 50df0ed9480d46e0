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


class Conv2DTranspose(tf.Module):
    """TF1's `tf.layers.conv2d_transpose`: the same `kernel`/`bias` variables, made on the
    first call; the kernel is [height, width, filters, input channels]."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", activation=None, use_bias=True,
                 kernel_initializer=None, bias_initializer=None, trainable=True, name=None):
        super().__init__(name=name)

        def pair(value):
            return tuple(value) if isinstance(value, (list, tuple)) else (value, value)

        self.filters = filters
        self.kernel_size = pair(kernel_size)
        self.strides = pair(strides)
        self.padding = padding.upper()
        self.data_format = "NHWC" if data_format == "channels_last" else "NCHW"
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer or tf.keras.initializers.GlorotUniform()
        self.bias_initializer = bias_initializer or tf.zeros_initializer()
        self.trainable = trainable
        self.kernel = None
        self.bias = None

    def output_size(self, size, kernel, stride):
        """TF1's output length along one spatial axis."""
        return size * stride + (max(kernel - stride, 0) if self.padding == "VALID" else 0)

    @tf.Module.with_name_scope
    def __call__(self, inputs):
        inputs = tf.convert_to_tensor(inputs)
        channels_last = self.data_format == "NHWC"
        if self.kernel is None:
            channels = inputs.shape[-1 if channels_last else 1]
            self.kernel = tf.Variable(
                self.kernel_initializer([*self.kernel_size, self.filters, channels],
                                        inputs.dtype),
                name="kernel", trainable=self.trainable)
            if self.use_bias:
                self.bias = tf.Variable(self.bias_initializer([self.filters], inputs.dtype),
                                        name="bias", trainable=self.trainable)
        shape = tf.shape(inputs)
        spatial = [shape[1], shape[2]] if channels_last else [shape[2], shape[3]]
        sizes = [self.output_size(size, kernel, stride) for size, kernel, stride
                 in zip(spatial, self.kernel_size, self.strides)]
        output_shape = [shape[0], *sizes, self.filters] if channels_last \
            else [shape[0], self.filters, *sizes]
        outputs = tf.nn.conv2d_transpose(inputs, self.kernel, tf.stack(output_shape),
                                         strides=self.strides, padding=self.padding,
                                         data_format=self.data_format)
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias, data_format=self.data_format)
        return outputs if self.activation is None else self.activation(outputs)


class UpsampleDecoder(ScopedModule):
    def __init__(self, name="decoder"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, z):
        """Projects a code to a 4x4 map and upsamples it to an 18x18 image."""
        net = self.child(Dense, "project", 4 * 4 * 32, activation=tf.nn.relu)(z)
        net = tf.reshape(net, [-1, 4, 4, 32])
        net = self.child(Conv2DTranspose, "conv2d_transpose", 16, 4, strides=2, padding="same",
                         activation=tf.nn.relu)(net)
        net = self.child(Conv2DTranspose, "conv2d_transpose_1", 8, (3, 3), strides=(2, 2))(net)
        net = self.child(
            Conv2DTranspose, "to_rgb", 3, 2, padding="valid", use_bias=False)(net)
        return tf.nn.tanh(net)
