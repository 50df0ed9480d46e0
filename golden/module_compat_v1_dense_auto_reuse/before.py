"""An encoder written against the v1 API through the compat module, as many TF 1.15 repos are."""
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def feed_forward(x, scope, hidden, out):
    with tf.variable_scope(scope):
        h = tf.layers.dense(x, hidden, activation=tf.nn.relu, name="fc1")
        return tf.layers.dense(h, out, name="fc2")


def encoder(x, scope="encoder", reuse=tf.AUTO_REUSE):
    with tf.variable_scope(scope, reuse=reuse):
        scale = tf.get_variable("scale", [], initializer=tf.ones_initializer())
        h = feed_forward(x, "ff", 16, 8)
        return tf.nn.l2_normalize(h * scale, axis=-1)
