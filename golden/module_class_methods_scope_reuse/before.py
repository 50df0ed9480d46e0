"""A siamese network as a class: the constructor opens the scope, helper methods make the
variables, and the second tower reuses the first one's weights."""
import tensorflow as tf


class SiameseNet(object):

    def __init__(self, left, right, hidden=16, out=2):
        self.hidden, self.out = hidden, out
        with tf.variable_scope("siamese") as scope:
            self.o1 = self.tower(left)
            scope.reuse_variables()
            self.o2 = self.tower(right)
        self.distance = tf.sqrt(tf.reduce_sum(tf.square(self.o1 - self.o2), 1) + 1e-6)

    def tower(self, x):
        h = tf.nn.relu(self.fc(x, self.hidden, "fc1"))
        return self.fc(h, self.out, "fc2")

    def fc(self, bottom, n_out, name):
        n_in = bottom.get_shape()[1].value
        with tf.variable_scope(name):
            w = tf.get_variable("w", [n_in, n_out],
                                initializer=tf.random_normal_initializer(stddev=0.1))
            b = tf.get_variable("b", initializer=tf.constant(0.01, shape=[n_out]))
            return tf.nn.bias_add(tf.matmul(bottom, w), b)

    def loss(self, same, margin=5.0):
        d2 = tf.square(self.distance)
        return tf.reduce_mean(same * d2 + (1.0 - same) * tf.square(tf.maximum(margin - self.distance, 0.0)))
