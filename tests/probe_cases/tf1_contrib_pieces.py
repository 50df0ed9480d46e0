"""TF1 code that reaches for tf.contrib, which TF 2.x no longer has."""
import tensorflow as tf
from tensorflow.contrib.training import HParams


def hparams():
    return HParams(width=3, depth=2)


def encode(x, hp):
    with tf.variable_scope("enc"):
        w = tf.get_variable("w", [2, hp.width],
                            initializer=tf.contrib.layers.xavier_initializer())
        h = tf.matmul(x, w)
        return tf.contrib.layers.layer_norm(h, begin_norm_axis=-1), tf.contrib.layers.layer_norm(h)


def unsupported(x):
    return tf.contrib.layers.instance_norm(x)
