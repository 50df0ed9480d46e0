# run: tf1
# raises: ValueError: already exists
import tensorflow as tf


def dense(x, n_out):
    w = tf.get_variable("w", [int(x.shape[-1]), n_out])
    b = tf.get_variable("b", [n_out], initializer=tf.zeros_initializer())
    return tf.matmul(x, w) + b


x = tf.placeholder(tf.float32, [None, 8])
h = dense(x, 16)
logits = dense(h, 4)  # expect: TFL002
