import os
import tempfile

import numpy as np
import tensorflow as tf


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


rng = np.random.RandomState(0)
features = rng.rand(64, 5)
labels = rng.randint(0, 3, 64)

x_spec = tf.TensorSpec([None, 5], tf.float32, name="x")
y_spec = tf.TensorSpec([None], tf.int64, name="y")
hidden_layer = Dense(32, activation=tf.nn.relu, name="dense")


def hidden(x):
    return hidden_layer(x)


hidden2_layer = Dense(16, activation=tf.nn.tanh, name="dense_1")


def hidden2(x):
    return hidden2_layer(hidden(x))


logits_layer = Dense(3, name="logits")


def logits(x):
    return logits_layer(hidden2(x))


def loss(x, y):
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits(x))
    )


adam = tf.keras.optimizers.Adam(0.01, epsilon=1e-08)


@tf.function(input_signature=[x_spec, y_spec])
def train_op(x, y):
    with tf.GradientTape() as tape:
        loss_value = loss(x, y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss_value, variables)
    adam.apply_gradients(zip(gradients, variables))
    return loss_value


@tf.function(input_signature=[x_spec, y_spec])
def accuracy(x, y):
    return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits(x), 1), y), tf.float32))


saver = tf.train.Checkpoint(
    hidden_layer=hidden_layer, hidden2_layer=hidden2_layer, logits_layer=logits_layer,
    adam=adam)
path = os.path.join(tempfile.mkdtemp(), "mlp.ckpt")

for epoch in range(50):
    l = train_op(features, labels).numpy()
    if epoch % 10 == 0:
        print("epoch %d loss %.4f" % (epoch, l))
saver.write(path)

saver.restore(path)
print("restored accuracy %.3f" % accuracy(features, labels).numpy())
