"""Linear regression fed one example at a time; the initializer is run with `.run()`."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(7)
trX = np.linspace(-1, 1, 41)
trY = 2 * trX + rng.randn(*trX.shape) * 0.33

X_spec = tf.TensorSpec(None, tf.float32)
Y_spec = tf.TensorSpec(None, tf.float32)


def model(X, w):
    return tf.multiply(X, w)


w = tf.Variable(0.0, name="weights")


def y_model(X):
    return model(X, w)


def cost(X, Y):
    return tf.square(Y - y_model(X))


sgd = tf.keras.optimizers.SGD(0.01)


@tf.function(input_signature=[X_spec, Y_spec])
def train_op(X, Y):
    with tf.GradientTape() as tape:
        loss = cost(X, Y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    sgd.apply_gradients(zip(gradients, variables))
    return loss


for i in range(20):
    for (x, y) in zip(trX, trY):
        train_op(x, y)

print(w.numpy())
