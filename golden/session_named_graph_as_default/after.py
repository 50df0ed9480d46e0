"""The graph is built in its own tf.Graph, finalized, and the session is opened on it."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
data = rng.rand(50, 2).astype(np.float32)
target = data @ np.array([[2.0], [-1.0]], np.float32) + 0.5

X_spec = tf.TensorSpec([None, 2], tf.float32, name="X")
Y_spec = tf.TensorSpec([None, 1], tf.float32, name="Y")
W = tf.Variable(tf.zeros([2, 1]), name="weights")
b = tf.Variable(tf.zeros([1]), name="bias")


@tf.function(input_signature=[X_spec])
def pred(X):
    return tf.matmul(X, W) + b


def cost(X, Y):
    return tf.reduce_mean(tf.square(pred(X) - Y))


sgd = tf.keras.optimizers.SGD(0.1)


@tf.function(input_signature=[X_spec, Y_spec])
def optimizer(X, Y):
    with tf.GradientTape() as tape:
        loss = cost(X, Y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    sgd.apply_gradients(zip(gradients, variables))
    return loss


for epoch in range(200):
    c = optimizer(data, target).numpy()
    if epoch % 50 == 0:
        print("epoch %d cost %.6f" % (epoch, c))
print("W", W.numpy().ravel(), "b", b.numpy())
print("prediction", pred([[1.0, 1.0]]).numpy())
