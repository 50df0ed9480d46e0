"""Train a small regressor, save it, throw the graph away, rebuild it and restore the weights."""
import os
import tempfile

import numpy as np
import tensorflow as tf

N_IN, N_OUT = 5, 2


def build_graph(learning_rate=0.05):
    """Placeholders, variables, the prediction, the loss and the training op of one model."""
    x_spec = tf.TensorSpec([None, N_IN], tf.float32, name="x")
    y_spec = tf.TensorSpec([None, N_OUT], tf.float32, name="y")
    w = tf.Variable(tf.random.normal([N_IN, N_OUT], stddev=0.1), name="w")
    b = tf.Variable(tf.zeros([N_OUT]), name="b")

    def pred(x):
        return tf.matmul(x, w) + b

    def loss(x, y):
        return tf.reduce_mean(tf.square(pred(x) - y))

    adam = tf.keras.optimizers.Adam(learning_rate, epsilon=1e-08)

    @tf.function(input_signature=[x_spec, y_spec])
    def train_op(x, y):
        with tf.GradientTape() as tape:
            loss_value = loss(x, y)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss_value, variables)
        adam.apply_gradients(zip(gradients, variables))
        return loss_value

    graph = tf.Module()
    graph.w = w
    graph.b = b
    graph.adam = adam
    return x_spec, y_spec, pred, loss, train_op, graph


rng = np.random.RandomState(2)
true_w = rng.randn(N_IN, N_OUT).astype(np.float32)
train_x = rng.randn(200, N_IN).astype(np.float32)
train_y = train_x.dot(true_w) + 0.05 * rng.randn(200, N_OUT).astype(np.float32)
test_x = rng.randn(20, N_IN).astype(np.float32)
test_y = test_x.dot(true_w)

ckpt_path = os.path.join(tempfile.mkdtemp(), "regressor.ckpt")

tf.random.set_seed(2)
x, y, pred, loss, train_op, build_graph_variables = build_graph()
saver = tf.train.Checkpoint(build_graph_variables=build_graph_variables)
for step in range(150):
    train_loss = train_op(train_x, train_y).numpy()
    if step % 50 == 0:
        print("step %3d  train loss %.5f" % (step, train_loss))
saver.write(ckpt_path)
final_test_loss = loss(test_x, test_y).numpy()
print("test loss before reset: %.5f" % final_test_loss)

# Start over from an empty graph, as a separate evaluation script would.
x, y, pred, loss, train_op, build_graph_variables = build_graph()
saver = tf.train.Checkpoint(build_graph_variables=build_graph_variables)
saver.restore(ckpt_path)
restored_test_loss = loss(test_x, test_y).numpy()
print("test loss after restore: %.5f" % restored_test_loss)
print("same loss:", abs(restored_test_loss - final_test_loss) < 1e-6)
print("first predictions:")
print(np.round(pred(test_x[:3]).numpy(), 3))
