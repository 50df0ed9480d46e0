"""A classifier class that owns its graph pieces and the session it runs them in."""
import numpy as np
import tensorflow as tf


class SoftmaxClassifier(tf.Module):
    """One hidden layer, trained with momentum."""

    def __init__(self, n_features, n_classes, n_hidden=12, learning_rate=0.05):
        super().__init__()

        self.W1 = tf.Variable(
            tf.random.truncated_normal([n_features, n_hidden], stddev=0.1), name="W1"
        )
        self.b1 = tf.Variable(tf.constant(0.1, shape=[n_hidden]), name="b1")
        self.W2 = tf.Variable(
            tf.random.truncated_normal([n_hidden, n_classes], stddev=0.1), name="W2"
        )
        self.b2 = tf.Variable(tf.zeros([n_classes]), name="b2")

        self.sgd = tf.keras.optimizers.SGD(learning_rate, momentum=0.9)

    def hidden(self, x):
        return tf.nn.relu(tf.matmul(x, self.W1) + self.b1)

    def logits(self, x):
        return tf.matmul(self.hidden(x), self.W2) + self.b2

    def loss(self, x, y):
        return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=y, logits=self.logits(x)))

    @tf.function
    def prediction(self, x):
        x = tf.cast(x, tf.float32)
        return tf.argmax(self.logits(x), 1)

    @tf.function
    def train_op(self, x, y):
        x = tf.cast(x, tf.float32)
        y = tf.cast(y, tf.int64)
        with tf.GradientTape() as tape:
            loss_value = self.loss(x, y)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss_value, variables)
        self.sgd.apply_gradients(zip(gradients, variables))
        return loss_value

    def train_step(self, batch_x, batch_y):
        loss = self.train_op(batch_x, batch_y).numpy()
        return loss

    def predict(self, batch_x):
        return self.prediction(batch_x).numpy()

    def evaluate(self, batch_x, batch_y):
        predicted = self.predict(batch_x)
        return float(np.mean(predicted == batch_y))


def main():
    rng = np.random.RandomState(5)
    tf.random.set_seed(5)
    centers = rng.randn(3, 6) * 2.0
    labels = rng.randint(0, 3, size=300)
    features = (centers[labels] + rng.randn(300, 6)).astype(np.float32)
    model = SoftmaxClassifier(n_features=6, n_classes=3)

    for step in range(100):
        idx = rng.randint(0, 240, size=32)
        loss = model.train_step(features[idx], labels[idx])
        if step % 25 == 0:
            print("step %d, loss %.4f" % (step, loss))

    print("predictions:", model.predict(features[240:250]))
    print("test accuracy: %.3f" % model.evaluate(features[240:], labels[240:]))


if __name__ == "__main__":
    main()
