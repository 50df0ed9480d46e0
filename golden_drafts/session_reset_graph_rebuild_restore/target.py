"""Train a small regressor, save it, throw the graph away, rebuild it and restore the weights."""
import os
import tempfile

import numpy as np
import tensorflow as tf

N_IN, N_OUT = 5, 2


class BuildGraph(tf.Module):
    """Placeholders, variables, the prediction, the loss and the training op of one model."""

    def __init__(self, learning_rate=0.05):
        super().__init__()
        self.w = tf.Variable(tf.random.normal([N_IN, N_OUT], stddev=0.1), name="w")
        self.b = tf.Variable(tf.zeros([N_OUT]), name="b")
        self.optimizer = tf.keras.optimizers.Adam(learning_rate, epsilon=1e-08)

    def pred(self, x):
        return tf.matmul(x, self.w) + self.b

    def loss(self, x, y):
        return tf.reduce_mean(tf.square(self.pred(x) - y))

    @tf.function
    def train_op(self, x, y):
        with tf.GradientTape() as tape:
            loss = self.loss(x, y)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss, variables)
        self.optimizer.apply_gradients(zip(gradients, variables))
        return loss


rng = np.random.RandomState(2)
true_w = rng.randn(N_IN, N_OUT).astype(np.float32)
train_x = rng.randn(200, N_IN).astype(np.float32)
train_y = train_x.dot(true_w) + 0.05 * rng.randn(200, N_OUT).astype(np.float32)
test_x = rng.randn(20, N_IN).astype(np.float32)
test_y = test_x.dot(true_w)

ckpt_path = os.path.join(tempfile.mkdtemp(), "regressor.ckpt")

tf.random.set_seed(2)
model = BuildGraph()
saver = tf.train.Checkpoint(model=model, optimizer=model.optimizer)
for step in range(150):
    train_loss = model.train_op(train_x, train_y).numpy()
    if step % 50 == 0:
        print("step %3d  train loss %.5f" % (step, train_loss))
saver.write(ckpt_path)
final_test_loss = model.loss(test_x, test_y).numpy()
print("test loss before reset: %.5f" % final_test_loss)

# Start over from an empty graph, as a separate evaluation script would.
model = BuildGraph()
saver = tf.train.Checkpoint(model=model, optimizer=model.optimizer)
saver.restore(ckpt_path)
restored_test_loss = model.loss(test_x, test_y).numpy()
print("test loss after restore: %.5f" % restored_test_loss)
print("same loss:", abs(restored_test_loss - final_test_loss) < 1e-6)
print("first predictions:")
print(np.round(model.pred(test_x[:3]).numpy(), 3))
