import numpy as np
import tensorflow as tf


class Classifier(tf.Module):
    """Softmax regression that owns its session."""

    def __init__(self, n_in, n_out, learning_rate=0.5):
        super().__init__()
        self.W = tf.Variable(tf.zeros([n_in, n_out]), name="W")
        self.b = tf.Variable(tf.zeros([n_out]), name="b")
        self.sgd = tf.keras.optimizers.SGD(learning_rate)

    def logits(self, x):
        return tf.matmul(x, self.W) + self.b

    def loss(self, x, y):
        return tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=self.logits(x)))

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

    @tf.function
    def prediction(self, x):
        x = tf.cast(x, tf.float32)
        return tf.argmax(self.logits(x), 1)

    def train(self, x, y):
        loss = self.train_op(x, y).numpy()
        return loss

    def predict(self, x):
        return self.prediction(x).numpy()


rng = np.random.RandomState(0)
data_x = rng.rand(32, 4)
data_y = np.eye(3)[rng.randint(0, 3, 32)]

model = Classifier(4, 3)
for epoch in range(20):
    loss = model.train(data_x, data_y)
print("loss", loss)
print("predictions", model.predict(data_x[:5]))
