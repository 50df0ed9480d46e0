# run: tf2
# raises: ValueError: singleton tf.Variables
import tensorflow as tf


@tf.function
def scaled(x):
    scale = tf.Variable(2.0, name="scale")  # expect: TFL005
    return x * scale


print(scaled(tf.constant(3.0)))
