"""A classifier class that owns its graph pieces and the session it runs them in."""
import numpy as np
import tensorflow as tf


class SoftmaxClassifier(object):
    """One hidden layer, trained with momentum."""

    def __init__(self, sess, n_features, n_classes, n_hidden=12, learning_rate=0.05):
        self.sess = sess
        self.x = tf.placeholder(tf.float32, [None, n_features], name="x")
        self.y = tf.placeholder(tf.int64, [None], name="y")

        self.W1 = tf.Variable(tf.truncated_normal([n_features, n_hidden], stddev=0.1), name="W1")
        self.b1 = tf.Variable(tf.constant(0.1, shape=[n_hidden]), name="b1")
        self.W2 = tf.Variable(tf.truncated_normal([n_hidden, n_classes], stddev=0.1), name="W2")
        self.b2 = tf.Variable(tf.zeros([n_classes]), name="b2")

        hidden = tf.nn.relu(tf.matmul(self.x, self.W1) + self.b1)
        self.logits = tf.matmul(hidden, self.W2) + self.b2
        self.loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=self.y, logits=self.logits))
        self.prediction = tf.argmax(self.logits, 1)
        self.train_op = tf.train.MomentumOptimizer(learning_rate, 0.9).minimize(self.loss)

    def train_step(self, batch_x, batch_y):
        _, loss = self.sess.run([self.train_op, self.loss],
                                feed_dict={self.x: batch_x, self.y: batch_y})
        return loss

    def predict(self, batch_x):
        return self.sess.run(self.prediction, feed_dict={self.x: batch_x})

    def evaluate(self, batch_x, batch_y):
        predicted = self.predict(batch_x)
        return float(np.mean(predicted == batch_y))


def main():
    rng = np.random.RandomState(5)
    tf.set_random_seed(5)
    centers = rng.randn(3, 6) * 2.0
    labels = rng.randint(0, 3, size=300)
    features = (centers[labels] + rng.randn(300, 6)).astype(np.float32)

    sess = tf.Session()
    model = SoftmaxClassifier(sess, n_features=6, n_classes=3)
    sess.run(tf.global_variables_initializer())

    for step in range(100):
        idx = rng.randint(0, 240, size=32)
        loss = model.train_step(features[idx], labels[idx])
        if step % 25 == 0:
            print("step %d, loss %.4f" % (step, loss))

    print("predictions:", model.predict(features[240:250]))
    print("test accuracy: %.3f" % model.evaluate(features[240:], labels[240:]))
    sess.close()


if __name__ == "__main__":
    main()
