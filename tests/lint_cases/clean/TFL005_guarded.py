# run: tf2
import tensorflow as tf

scale = tf.Variable(2.0)


@tf.function
def scaled(x):
    return x * scale


class Dense(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = None

    @tf.function
    def __call__(self, x):
        if self.w is None:
            self.w = tf.Variable(tf.ones([int(x.shape[-1]), 2]))
        return tf.matmul(x, self.w)


def eager_only(x):
    v = tf.Variable(x)
    return v * 2.0


scaled(tf.constant(1.0))
layer = Dense()
layer(tf.ones([1, 3]))
layer(tf.ones([1, 3]))
eager_only(tf.constant(1.0))
