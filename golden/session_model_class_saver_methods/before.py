import os
import tempfile

import numpy as np
import tensorflow as tf


class Regressor:
    def __init__(self, sess, n_in):
        self.sess = sess
        self.inputs = tf.placeholder(tf.float32, [None, n_in])
        self.targets = tf.placeholder(tf.float32, [None])
        self.w = tf.Variable(tf.zeros([n_in]), name="w")
        self.out = tf.reduce_sum(self.inputs * self.w, axis=1)
        self.loss = tf.reduce_mean(tf.square(self.out - self.targets))
        self.optimizer = tf.train.AdamOptimizer(0.05)
        self.train_op = self.optimizer.minimize(self.loss)
        self.saver = tf.train.Saver()

    def fit(self, x, t):
        for _ in range(10):
            self.sess.run(self.train_op, {self.inputs: x, self.targets: t})

    def save(self, path):
        return self.saver.save(self.sess, path)

    def load(self, path):
        self.saver.restore(self.sess, path)


with tf.Session() as sess:
    r = Regressor(sess, 3)
    sess.run(tf.global_variables_initializer())
    r.fit(np.ones([5, 3]), np.ones([5]))
    p = r.save(os.path.join(tempfile.mkdtemp(), "regressor.ckpt"))
    r.load(p)
    print(sess.run(r.w))
