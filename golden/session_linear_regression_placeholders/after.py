"""Linear regression on a noisy line, fitted one sample at a time through placeholders."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(7)
tf.random.set_seed(7)

# Parameters
learning_rate = 0.01
training_epochs = 30
display_step = 10

# Training data
train_X = np.linspace(0.0, 5.0, 17).astype(np.float32)
train_Y = (0.7 * train_X + 1.5 + 0.2 * rng.randn(17)).astype(np.float32)
n_samples = train_X.shape[0]

# tf Graph Input
X_spec = tf.TensorSpec(None, tf.float32)
Y_spec = tf.TensorSpec(None, tf.float32)

# Set model weights
W = tf.Variable(rng.randn(), name="weight")
b = tf.Variable(rng.randn(), name="bias")


# Construct a linear model
@tf.function(input_signature=[X_spec])
def pred(X):
    return tf.add(tf.multiply(X, W), b)


# Mean squared error
@tf.function(input_signature=[X_spec, Y_spec])
def cost(X, Y):
    return tf.reduce_sum(tf.pow(pred(X) - Y, 2)) / (2 * n_samples)


# Gradient descent
sgd = tf.keras.optimizers.SGD(learning_rate)


@tf.function(input_signature=[X_spec, Y_spec])
def optimizer(X, Y):
    with tf.GradientTape() as tape:
        loss = cost(X, Y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    sgd.apply_gradients(zip(gradients, variables))
    return loss


# Start training

# Fit all training data
for epoch in range(training_epochs):
    for (x, y) in zip(train_X, train_Y):
        optimizer(x, y)

    # Display logs per epoch step
    if (epoch + 1) % display_step == 0:
        c = cost(train_X, train_Y).numpy()
        print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(c),
              "W=", W.numpy(), "b=", b.numpy())

print("Optimization Finished!")
training_cost = cost(train_X, train_Y).numpy()
print("Training cost=", training_cost, "W=", W.numpy(), "b=", b.numpy(), '\n')

# Testing example
test_X = np.array([0.5, 1.5, 2.5, 3.5, 4.5], dtype=np.float32)
test_Y = (0.7 * test_X + 1.5).astype(np.float32)

print("Testing... (Mean square loss Comparison)")
testing_cost = (
    tf.reduce_sum(tf.pow(pred(test_X) - tf.convert_to_tensor(test_Y, dtype=tf.float32), 2))
    / (2 * test_X.shape[0])
).numpy()
print("Testing cost=", testing_cost)
print("Absolute mean square loss difference:", abs(training_cost - testing_cost))
