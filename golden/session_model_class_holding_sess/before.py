import numpy as np
import tensorflow as tf


class Classifier(object):
    """Softmax regression that owns its session."""

    def __init__(self, sess, n_in, n_out, learning_rate=0.5):
        self.sess = sess
        self.x = tf.placeholder(tf.float32, [None, n_in], name="x")
        self.y = tf.placeholder(tf.float32, [None, n_out], name="y")
        self.W = tf.Variable(tf.zeros([n_in, n_out]), name="W")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")
        self.logits = tf.matmul(self.x, self.W) + self.b
        self.loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits_v2(labels=self.y, logits=self.logits))
        self.train_op = tf.train.GradientDescentOptimizer(learning_rate).minimize(self.loss)
        self.prediction = tf.argmax(self.logits, 1)

    def train(self, x, y):
        _, loss = self.sess.run([self.train_op, self.loss], feed_dict={self.x: x, self.y: y})
        return loss

    def predict(self, x):
        return self.sess.run(self.prediction, feed_dict={self.x: x})


rng = np.random.RandomState(0)
data_x = rng.rand(32, 4)
data_y = np.eye(3)[rng.randint(0, 3, 32)]

sess = tf.Session()
model = Classifier(sess, 4, 3)
sess.run(tf.global_variables_initializer())
for epoch in range(20):
    loss = model.train(data_x, data_y)
print("loss", loss)
print("predictions", model.predict(data_x[:5]))
sess.close()
