"""A model class that owns its session and Saver: trained and saved, then the graph is reset and a new instance restores it."""
import os
import tempfile
import numpy as np
import tensorflow as tf


class LinearModel(tf.Module):
    def __init__(self, n_in):
        super().__init__()
        self.w = tf.Variable(tf.zeros_initializer()([n_in, 1], tf.float32), name="w")
        self.b = tf.Variable(tf.zeros_initializer()([1], tf.float32), name="b")
        self.adam = tf.keras.optimizers.Adam(0.05, epsilon=1e-08)
        self.saver = tf.train.Checkpoint(w=self.w, b=self.b, adam=self.adam)

    @tf.function
    def out(self, x):
        x = tf.cast(x, tf.float32)
        return tf.matmul(x, self.w) + self.b

    def loss(self, x, y):
        return tf.reduce_mean(tf.math.squared_difference(self.out(x), y))

    @tf.function
    def step(self, x, y):
        x = tf.cast(x, tf.float32)
        y = tf.cast(y, tf.float32)
        with tf.GradientTape() as tape:
            loss_value = self.loss(x, y)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss_value, variables)
        self.adam.apply_gradients(zip(gradients, variables))
        return loss_value

    def train(self, xs, ys, n=100):
        for _ in range(n):
            loss = self.step(xs, ys).numpy()
        return loss

    def save(self, path):
        return self.saver.write(path)

    def load(self, path):
        self.saver.restore(path)

    def predict(self, xs):
        return self.out(xs).numpy()


xs = np.random.RandomState(1).rand(30, 3).astype(np.float32)
ys = xs.sum(axis=1, keepdims=True)
path = os.path.join(tempfile.mkdtemp(), "linear.ckpt")

model = LinearModel(3)
print("loss %.5f" % model.train(xs, ys))
model.save(path)

restored = LinearModel(3)
restored.load(path)
print("prediction", np.round(restored.predict(xs[:2]).ravel(), 4))
