"""Softmax (logistic) regression trained on minibatches, with an accuracy op evaluated at the end."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(3)
tf.random.set_seed(3)

n_features = 8
n_classes = 3
true_w = rng.randn(n_features, n_classes)


def make_data(n):
    features = rng.randn(n, n_features).astype(np.float32)
    labels = np.argmax(features.dot(true_w) + 0.3 * rng.randn(n, n_classes), axis=1)
    return features, np.eye(n_classes, dtype=np.float32)[labels]


train_x, train_y = make_data(240)
test_x, test_y = make_data(60)

# Parameters
learning_rate = 0.1
training_epochs = 15
batch_size = 30
display_step = 5

# tf Graph Input
x_spec = tf.TensorSpec([None, n_features], tf.float32)  # feature vectors
y_spec = tf.TensorSpec([None, n_classes], tf.float32)  # one-hot labels

# Set model weights
W = tf.Variable(tf.zeros([n_features, n_classes]), name="Variable")
b = tf.Variable(tf.zeros([n_classes]), name="Variable_1")


# Construct model
def pred(x):
    return tf.nn.softmax(tf.matmul(x, W) + b)  # Softmax


# Minimize error using cross entropy
def cost(x, y):
    return tf.reduce_mean(-tf.reduce_sum(y * tf.math.log(pred(x)), axis=1))


# Gradient Descent
sgd = tf.keras.optimizers.SGD(learning_rate)


@tf.function(input_signature=[x_spec, y_spec])
def optimizer(x, y):
    with tf.GradientTape() as tape:
        loss = cost(x, y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    sgd.apply_gradients(zip(gradients, variables))
    return loss


# Training cycle
for epoch in range(training_epochs):
    avg_cost = 0.
    total_batch = int(train_x.shape[0] / batch_size)
    order = rng.permutation(train_x.shape[0])
    # Loop over all batches
    for i in range(total_batch):
        idx = order[i * batch_size:(i + 1) * batch_size]
        batch_xs, batch_ys = train_x[idx], train_y[idx]
        # Run optimization op (backprop) and cost op (to get loss value)
        c = optimizer(batch_xs, batch_ys).numpy()
        # Compute average loss
        avg_cost += c / total_batch
    if (epoch + 1) % display_step == 0:
        print("Epoch:", '%04d' % (epoch + 1), "cost=", "{:.9f}".format(avg_cost))

print("Optimization Finished!")


# Test model
def correct_prediction(x, y):
    return tf.equal(tf.argmax(pred(x), 1), tf.argmax(y, 1))


# Calculate accuracy
@tf.function(input_signature=[x_spec, y_spec])
def accuracy(x, y):
    return tf.reduce_mean(tf.cast(correct_prediction(x, y), tf.float32))


print("Accuracy:", accuracy(test_x, test_y).numpy())
