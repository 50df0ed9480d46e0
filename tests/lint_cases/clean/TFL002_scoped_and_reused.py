# run: tf1
import tensorflow as tf


def dense(x, n_out, scope):
    with tf.variable_scope(scope):
        w = tf.get_variable("w", [int(x.shape[-1]), n_out])
        return tf.matmul(x, w)


def shared(x, reuse=None):
    with tf.variable_scope("shared", reuse=reuse):
        v = tf.get_variable("v", [int(x.shape[-1]), 2])
        return tf.matmul(x, v)


x = tf.placeholder(tf.float32, [None, 8])
h = dense(x, 16, "fc1")
logits = dense(h, 4, "fc2")
left = shared(x)
right = shared(x, reuse=True)
for i in range(3):
    with tf.variable_scope("layer_%d" % i):
        h = tf.layers.dense(h, 16, name="proj")


def tied():
    with tf.variable_scope("tied") as scope:
        a = tf.get_variable("a", [2])
        scope.reuse_variables()
        return a, tf.get_variable("a", [2])


tied()
if x.shape[-1] == 8:
    extra = tf.get_variable("extra", [1])
else:
    extra = tf.get_variable("extra", [2])
