# run: tf2
# raises: ValueError: singleton tf.Variables
import tensorflow as tf


class Counter(tf.Module):
    @tf.function(input_signature=[tf.TensorSpec([], tf.float32)])
    def __call__(self, x):
        self.total = tf.Variable(0.0)  # expect: TFL005
        self.total.assign_add(x)
        return self.total


Counter()(tf.constant(1.0))
