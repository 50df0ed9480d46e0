# run: tf2
# raises: ValueError: singleton tf.Variables
import tensorflow as tf


def train_step(x, y):
    w = tf.Variable(tf.zeros([3, 1]), name="w")  # expect: TFL005
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
    grads = tape.gradient(loss, [w])
    w.assign_sub(0.1 * grads[0])
    return loss


fast_step = tf.function(train_step)
fast_step(tf.ones([4, 3]), tf.ones([4, 1]))
