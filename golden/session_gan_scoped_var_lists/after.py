"""A GAN on 2-D points: generator and discriminator scopes, the discriminator called twice
(reuse=True), var_lists filtered from tf.trainable_variables() by scope name, two Adam
optimizers, driven through one session."""
import numpy as np
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


tf.random.set_seed(0)


class Generator(ScopedModule):
    def __init__(self, name="generator"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, z):
        h = self.child(Dense, "h", 8, activation=tf.nn.relu)(z)
        return self.child(Dense, "out", 2)(h)


class Discriminator(ScopedModule):
    def __init__(self, name="discriminator"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x):
        h = self.child(Dense, "h", 8, activation=tf.nn.relu)(x)
        return self.child(Dense, "logit", 1)(h)


z_spec = tf.TensorSpec([None, 4], tf.float32)
real_spec = tf.TensorSpec([None, 2], tf.float32)
generator_module = Generator(name="generator")


def fake(z):
    return generator_module(z)


discriminator_module = Discriminator(name="discriminator")


def d_real(real):
    return discriminator_module(real)


def d_fake(z):
    return discriminator_module(fake(z))


def d_loss(z, real):
    return (
        tf.reduce_mean(
            tf.nn.sigmoid_cross_entropy_with_logits(logits=d_real(real), labels=tf.ones_like(d_real(real)))
        )
        + tf.reduce_mean(
            tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake(z), labels=tf.zeros_like(d_fake(z)))
        )
    )


def g_loss(z):
    return tf.reduce_mean(
        tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake(z), labels=tf.ones_like(d_fake(z)))
    )


adam = tf.keras.optimizers.Adam(0.01, epsilon=1e-08)


@tf.function(input_signature=[z_spec, real_spec])
def d_train(z, real):
    with tf.GradientTape() as tape:
        loss = d_loss(z, real)
    t_vars = tape.watched_variables()
    d_vars = [v for v in t_vars if v.name.startswith("discriminator")]
    variables = d_vars
    gradients = tape.gradient(loss, variables)
    adam.apply_gradients(zip(gradients, variables))
    return loss


adam_2 = tf.keras.optimizers.Adam(0.01, epsilon=1e-08)


@tf.function(input_signature=[z_spec])
def g_train(z):
    with tf.GradientTape() as tape_2:
        loss_value = g_loss(z)
    t_vars = tape_2.watched_variables()
    g_vars = [v for v in t_vars if v.name.startswith("generator")]
    variables_2 = g_vars
    gradients_2 = tape_2.gradient(loss_value, variables_2)
    adam_2.apply_gradients(zip(gradients_2, variables_2))
    return loss_value


rng = np.random.RandomState(0)
for step in range(30):
    zs = rng.randn(16, 4).astype(np.float32)
    xs = (rng.randn(16, 2) + 3).astype(np.float32)
    dl = d_train(zs, xs).numpy()
    gl = g_train(zs).numpy()
    if step % 10 == 0:
        print(step, dl, gl)
