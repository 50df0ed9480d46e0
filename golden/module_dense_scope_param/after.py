import tensorflow as tf


class Dense(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.w = None
        self.b = None

    @tf.Module.with_name_scope
    def __call__(self, x, n_out, activation=tf.nn.relu):
        # a fully connected layer whose variables live under `scope`
        n_in = x.shape[-1]
        if self.w is None:
            self.w = tf.Variable(
                tf.keras.initializers.TruncatedNormal(stddev=0.1)([n_in, n_out], tf.float32),
                name='w')
        w = self.w
        if self.b is None:
            self.b = tf.Variable(tf.zeros_initializer()([n_out], tf.float32), name='b')
        b = self.b
        return activation(tf.matmul(x, w) + b)
