"""TF1: a model built, thrown away with reset_default_graph, and built again."""
import tensorflow as tf


def build():
    return tf.Variable(tf.zeros([2]), name="w")


build()
tf.reset_default_graph()
w = build()
print("rebuilt", w.shape.as_list())
