# Clean forms for TFL002: each full name is created once, or reuse is asked for.

# %% each call under its own scope
import tensorflow as tf


def dense(x, n_out, scope):
    with tf.variable_scope(scope):
        w = tf.get_variable("w", [int(x.shape[-1]), n_out])
        return tf.matmul(x, w)


x = tf.placeholder(tf.float32, [None, 8])
h = dense(x, 16, "fc1")
y = dense(h, 4, "fc2")

# %% reuse on the second call
import tensorflow as tf


def shared_tower(x, reuse=None):
    with tf.variable_scope("tower", reuse=reuse):
        w = tf.get_variable("w", [int(x.shape[-1]), 2])
        return tf.matmul(x, w)


left = shared_tower(tf.zeros([1, 3]))
right = shared_tower(tf.zeros([1, 3]), reuse=True)

# %% AUTO_REUSE scope
import tensorflow as tf


def embed(ids):
    with tf.variable_scope("embedding", reuse=tf.AUTO_REUSE):
        table = tf.get_variable("table", [100, 8])
        return tf.nn.embedding_lookup(table, ids)


a = embed(tf.constant([1]))
b = embed(tf.constant([2]))

# %% a loop with one scope per iteration
import tensorflow as tf

h = tf.zeros([4, 16])
for i in range(3):
    with tf.variable_scope("layer_%d" % i):
        w = tf.get_variable("w", [16, 16])
        h = tf.nn.relu(tf.matmul(h, w))
for i in range(3):
    with tf.variable_scope(f"block_{i}"):
        h = tf.layers.dense(h, 16, name="proj")

# %% reset_default_graph between two builds
import tensorflow as tf


def build():
    return tf.get_variable("w", [3])


build()
tf.reset_default_graph()
build()

# %% separate graphs
import tensorflow as tf

for name in ("train", "eval"):
    graph = tf.Graph()
    with graph.as_default():
        w = tf.get_variable("w", [2])
with tf.Graph().as_default():
    v = tf.get_variable("v", [2])
with tf.Graph().as_default():
    v = tf.get_variable("v", [2])

# %% if/else alternatives
import tensorflow as tf


def make_head(features, regression):
    if regression:
        w = tf.get_variable("head", [int(features.shape[-1]), 1])
    else:
        w = tf.get_variable("head", [int(features.shape[-1]), 10])
    return tf.matmul(features, w)


# %% an early return leaves the first creation's path
import tensorflow as tf


def weights(pretrained, value):
    if pretrained:
        w = tf.get_variable("w", initializer=value)
        return w
    w = tf.get_variable("w", [10, 10])
    return w


# %% reuse_variables inside the scope
import tensorflow as tf

with tf.variable_scope("rnn") as scope:
    w = tf.get_variable("w", [4, 4])
    scope.reuse_variables()
    w_again = tf.get_variable("w", [4, 4])

# %% a loop that creates on the first iteration only
import tensorflow as tf

outputs = []
for step, frame in enumerate(frames):
    if step > 0:
        tf.get_variable_scope().reuse_variables()
    with tf.variable_scope("decoder"):
        w = tf.get_variable("w", [8, 8])
    outputs.append(tf.matmul(frame, w))

# %% methods under distinct scopes of their instances
import tensorflow as tf


class Layer(object):
    def __init__(self, name):
        self.name = name

    def apply(self, x):
        with tf.variable_scope(self.name):
            w = tf.get_variable("w", [int(x.shape[-1]), 4])
            return tf.matmul(x, w)


first = Layer("first").apply(tf.zeros([1, 4]))
second = Layer("second").apply(tf.zeros([1, 4]))

# %% a layer made inside a return on one branch, again after it
import tensorflow as tf


class Decoder(object):
    def project(self, x, size, evaluating):
        if evaluating:
            return tf.layers.dense(x, size, name="project_t")
        left, right = tf.split(x, 2, axis=0)
        left = tf.layers.dense(left, size, name="project_t")
        right = tf.layers.dense(right, size, name="project_i")
        return tf.concat([left, right], axis=0)
