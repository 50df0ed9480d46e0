# Flagged forms of TFL005: a tf.Variable is created on every trace of a tf.function.

# %% decorated function
import tensorflow as tf


@tf.function
def scaled(x):
    scale = tf.Variable(2.0, name="scale")  # expect: TFL005
    return x * scale


# %% __call__ of a tf.Module, unguarded
import tensorflow as tf


class Dense(tf.Module):
    def __init__(self, units):
        super().__init__()
        self.units = units

    @tf.function
    def __call__(self, x):
        self.kernel = tf.Variable(tf.random.normal([x.shape[-1], self.units]))  # expect: TFL005
        return tf.matmul(x, self.kernel)


# %% tf.function(f) wrapping a plain training step
import tensorflow as tf


def train_step(x, y):
    w = tf.Variable(tf.zeros([3, 1]))  # expect: TFL005
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    w.assign_sub(0.1 * tape.gradient(loss, w))
    return loss


fast_step = tf.function(train_step)

# %% a helper called from the traced function
import tensorflow as tf


def make_bias(n):
    return tf.Variable(tf.zeros([n]), name="bias")  # expect: TFL005


@tf.function
def forward(x):
    return x + make_bias(4)


# %% a method called through self from a traced __call__
import tensorflow as tf


class Block(tf.Module):
    def _weights(self, shape):
        return tf.Variable(tf.ones(shape))  # expect: TFL005

    @tf.function
    def __call__(self, x):
        w = self._weights([4, 4])
        return tf.matmul(x, w)


# %% a loop in the traced body
import tensorflow as tf


@tf.function
def stack(x):
    for _ in range(3):
        layer = tf.Variable(tf.eye(4))  # expect: TFL005
        x = tf.matmul(x, layer)
    return x


# %% tf.compat.v2.function and a bare `function` import
import tensorflow as tf
from tensorflow import function, Variable


@tf.compat.v2.function
def first(x):
    return x * tf.compat.v2.Variable(1.0)  # expect: TFL005


@function
def second(x):
    return x * Variable(1.0)  # expect: TFL005


# %% a method wrapped with tf.function in __init__
import tensorflow as tf


class Trainer(object):
    def __init__(self):
        self.step = tf.function(self._step)

    def _step(self, x):
        accumulator = tf.Variable(0.0)  # expect: TFL005
        accumulator.assign_add(tf.reduce_sum(x))
        return accumulator


# %% input_signature and the variable under a with block
import tensorflow as tf


@tf.function(input_signature=[tf.TensorSpec([None], tf.float32)])
def total(x):
    with tf.name_scope("total"):
        acc = tf.Variable(0.0)  # expect: TFL005
    return acc + tf.reduce_sum(x)
