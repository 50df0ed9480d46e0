"""A model class that owns its session and Saver: trained and saved, then the graph is reset and a new instance restores it."""
import os
import tempfile
import numpy as np
import tensorflow as tf


class LinearModel:
    def __init__(self, sess, n_in):
        self.sess = sess
        self.x = tf.placeholder(tf.float32, [None, n_in])
        self.y = tf.placeholder(tf.float32, [None, 1])
        self.w = tf.get_variable("w", [n_in, 1], initializer=tf.zeros_initializer())
        self.b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        self.out = tf.matmul(self.x, self.w) + self.b
        self.loss = tf.losses.mean_squared_error(self.y, self.out)
        self.step = tf.train.AdamOptimizer(0.05).minimize(self.loss)
        self.saver = tf.train.Saver()

    def train(self, xs, ys, n=100):
        for _ in range(n):
            loss, _ = self.sess.run([self.loss, self.step], {self.x: xs, self.y: ys})
        return loss

    def save(self, path):
        return self.saver.save(self.sess, path)

    def load(self, path):
        self.saver.restore(self.sess, path)

    def predict(self, xs):
        return self.sess.run(self.out, {self.x: xs})


xs = np.random.RandomState(1).rand(30, 3).astype(np.float32)
ys = xs.sum(axis=1, keepdims=True)
path = os.path.join(tempfile.mkdtemp(), "linear.ckpt")

sess = tf.Session()
model = LinearModel(sess, 3)
sess.run(tf.global_variables_initializer())
print("loss %.5f" % model.train(xs, ys))
model.save(path)
sess.close()

tf.reset_default_graph()
sess = tf.Session()
restored = LinearModel(sess, 3)
restored.load(path)
print("prediction", np.round(restored.predict(xs[:2]).ravel(), 4))
