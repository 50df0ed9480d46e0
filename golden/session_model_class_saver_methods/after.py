import os
import tempfile

import numpy as np
import tensorflow as tf


class Regressor(tf.Module):
    def __init__(self, n_in):
        super().__init__()
        self.w = tf.Variable(tf.zeros([n_in]), name="w")
        self.optimizer = tf.keras.optimizers.Adam(0.05, epsilon=1e-08)
        self.saver = tf.train.Checkpoint(w=self.w, optimizer=self.optimizer)

    def out(self, inputs):
        return tf.reduce_sum(inputs * self.w, axis=1)

    def loss(self, inputs, targets):
        return tf.reduce_mean(tf.square(self.out(inputs) - targets))

    @tf.function
    def train_op(self, inputs, targets):
        inputs = tf.cast(inputs, tf.float32)
        targets = tf.cast(targets, tf.float32)
        with tf.GradientTape() as tape:
            loss_value = self.loss(inputs, targets)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss_value, variables)
        self.optimizer.apply_gradients(zip(gradients, variables))
        return loss_value

    def fit(self, x, t):
        for _ in range(10):
            self.train_op(x, t)

    def save(self, path):
        return self.saver.write(path)

    def load(self, path):
        self.saver.restore(path)


r = Regressor(3)
r.fit(np.ones([5, 3]), np.ones([5]))
p = r.save(os.path.join(tempfile.mkdtemp(), "regressor.ckpt"))
r.load(p)
print(r.w.numpy())
