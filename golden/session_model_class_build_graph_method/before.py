"""A regressor that holds its session and builds its graph in a method the constructor calls."""
import numpy as np
import tensorflow as tf


class Regressor(object):
    def __init__(self, sess, n_features, learning_rate=0.1):
        self.sess = sess
        self.n_features = n_features
        self.learning_rate = learning_rate
        self._build_graph()
        self.sess.run(tf.global_variables_initializer())

    def _build_graph(self):
        self.x = tf.placeholder(tf.float32, [None, self.n_features], name="x")
        self.y = tf.placeholder(tf.float32, [None, 1], name="y")
        self.w = tf.Variable(tf.zeros([self.n_features, 1]), name="w")
        self.b = tf.Variable(tf.zeros([1]), name="b")
        self.pred = tf.matmul(self.x, self.w) + self.b
        self.loss = tf.reduce_mean(tf.square(self.pred - self.y))
        self.train_op = tf.train.GradientDescentOptimizer(self.learning_rate).minimize(self.loss)

    def fit(self, xs, ys, epochs=50):
        for _ in range(epochs):
            _, l = self.sess.run([self.train_op, self.loss], {self.x: xs, self.y: ys})
        return l

    def predict(self, xs):
        return self.sess.run(self.pred, feed_dict={self.x: xs})


rng = np.random.RandomState(0)
xs = rng.rand(40, 3).astype(np.float32)
ys = xs @ np.array([[1.0], [2.0], [-1.0]], np.float32)
with tf.Session() as sess:
    model = Regressor(sess, 3)
    print("loss %.5f" % model.fit(xs, ys))
    print("pred", np.round(model.predict(xs[:2]).ravel(), 4))
