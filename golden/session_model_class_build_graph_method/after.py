"""A regressor that holds its session and builds its graph in a method the constructor calls."""
import numpy as np
import tensorflow as tf


class Regressor(tf.Module):
    def __init__(self, n_features, learning_rate=0.1):
        super().__init__()
        self.n_features = n_features
        self.learning_rate = learning_rate
        self._build_graph()

    @tf.function
    def pred(self, x):
        x = tf.cast(x, tf.float32)
        return tf.matmul(x, self.w) + self.b

    def loss(self, x, y):
        return tf.reduce_mean(tf.square(self.pred(x) - y))

    @tf.function
    def train_op(self, x, y):
        x = tf.cast(x, tf.float32)
        y = tf.cast(y, tf.float32)
        with tf.GradientTape() as tape:
            loss_value = self.loss(x, y)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss_value, variables)
        self.sgd.apply_gradients(zip(gradients, variables))
        return loss_value

    def _build_graph(self):
        self.w = tf.Variable(tf.zeros([self.n_features, 1]), name="w")
        self.b = tf.Variable(tf.zeros([1]), name="b")
        self.sgd = tf.keras.optimizers.SGD(self.learning_rate)

    def fit(self, xs, ys, epochs=50):
        for _ in range(epochs):
            l = self.train_op(xs, ys).numpy()
        return l

    def predict(self, xs):
        return self.pred(xs).numpy()


rng = np.random.RandomState(0)
xs = rng.rand(40, 3).astype(np.float32)
ys = xs @ np.array([[1.0], [2.0], [-1.0]], np.float32)
model = Regressor(3)
print("loss %.5f" % model.fit(xs, ys))
print("pred", np.round(model.predict(xs[:2]).ravel(), 4))
