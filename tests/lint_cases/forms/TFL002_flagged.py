# Flagged forms of TFL002: get_variable reaches the same full name twice without reuse.

# %% helper without its own scope, called twice at module level
import tensorflow as tf


def fully_connected(x, n_out):
    w = tf.get_variable("w", [int(x.shape[-1]), n_out])
    b = tf.get_variable("b", [n_out], initializer=tf.zeros_initializer())
    return tf.matmul(x, w) + b


x = tf.placeholder(tf.float32, [None, 32])
hidden = fully_connected(x, 64)
logits = fully_connected(hidden, 10)  # expect: TFL002

# %% the same scope opened twice, its name kept in a variable
import tensorflow as tf

ENCODER_SCOPE = "encoder"


def main():
    tokens = tf.placeholder(tf.int32, [None, 20])
    with tf.variable_scope(ENCODER_SCOPE):
        table = tf.get_variable("embedding", [5000, 128])
    source = tf.nn.embedding_lookup(table, tokens)
    with tf.variable_scope(ENCODER_SCOPE):
        again = tf.get_variable("embedding", [5000, 128])  # expect: TFL002
    return source, again


# %% f-string scope whose parts are known in the file
import tensorflow as tf

prefix = "tower"
index = 0
with tf.variable_scope(f"{prefix}_{index}"):
    k1 = tf.get_variable("kernel", [3, 3, 3, 16])
with tf.variable_scope(f"{prefix}_0"):
    k2 = tf.get_variable("kernel", [3, 3, 3, 16])  # expect: TFL002

# %% a loop around a fixed scope
import tensorflow as tf

state = tf.zeros([8, 64])
for t in range(10):
    with tf.variable_scope("cell"):
        w = tf.get_variable("w", [64, 64])  # expect: TFL002
        state = tf.tanh(tf.matmul(state, w))

# %% methods: the same layer scope built twice through self
import tensorflow as tf


class Discriminator(object):
    def layer(self, x, scope, n_out):
        with tf.variable_scope(scope):
            w = tf.get_variable("w", [int(x.shape[-1]), n_out])
            return tf.nn.leaky_relu(tf.matmul(x, w))

    def build(self, images):
        h = self.layer(images, "hidden", 128)
        h = self.layer(h, "hidden", 128)  # expect: TFL002
        return self.layer(h, "out", 1)


Discriminator().build(tf.zeros([4, 64]))

# %% __call__ of one instance, called twice
import tensorflow as tf


class Projection(object):
    def __init__(self, units):
        self.units = units

    def __call__(self, x):
        w = tf.get_variable("projection", [int(x.shape[-1]), self.units])
        return tf.matmul(x, w)


project = Projection(16)
queries = project(tf.zeros([2, 8]))
keys = project(tf.zeros([2, 8]))  # expect: TFL002

# %% tf.layers with the same explicit name, tf.compat.v1 import
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
inputs = tf.placeholder(tf.float32, [None, 10])
first = tf.layers.dense(inputs, 10, name="logits")
second = tf.layers.dense(first, 10, name="logits")  # expect: TFL002

# %% a function called from another function, twice
import tensorflow as tf


def conv(x, scope):
    with tf.variable_scope(scope):
        kernel = tf.get_variable("kernel", [3, 3, int(x.shape[-1]), 32])
        return tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME")


def tower(images):
    return conv(images, "conv1")


def model(left, right):
    a = tower(left)
    b = tower(right)  # expect: TFL002
    return a - b


# %% after reset_default_graph, the new graph builds a name twice
import tensorflow as tf

w = tf.get_variable("w", [2, 2])
tf.reset_default_graph()
w = tf.get_variable("w", [2, 2])
v = tf.get_variable("w", [2, 2])  # expect: TFL002

# %% contrib layers with the same scope
import tensorflow as tf

slim = tf.contrib.slim
net = tf.placeholder(tf.float32, [None, 28, 28, 1])
net = slim.conv2d(net, 32, [3, 3], scope="conv")
net = slim.conv2d(net, 32, [3, 3], scope="conv")  # expect: TFL002
