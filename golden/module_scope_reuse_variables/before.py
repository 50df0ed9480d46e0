"""Siamese distance: the second branch reuses the first one's weights."""
import tensorflow as tf


def encoder(x):
    h = tf.layers.dense(x, 16, activation=tf.nn.relu, name="hidden")
    return tf.layers.dense(h, 4, name="embedding")


def contrastive_distance(left, right):
    with tf.variable_scope("encoder") as scope:
        a = encoder(left)
        scope.reuse_variables()
        b = encoder(right)
    return tf.sqrt(tf.reduce_sum(tf.square(a - b), axis=1) + 1e-6)
