"""A two-hidden-layer perceptron trained with Adam, saved, then restored in a second session
that trains a little more and evaluates."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(11)
tf.random.set_seed(11)

# Synthetic data: 3 classes from a random linear map of 10 features
n_input = 10
n_classes = 3
mixing = rng.randn(n_input, n_classes)
data_x = rng.randn(400, n_input).astype(np.float32)
data_y = np.eye(n_classes, dtype=np.float32)[np.argmax(data_x.dot(mixing), axis=1)]
train_x, train_y = data_x[:320], data_y[:320]
test_x, test_y = data_x[320:], data_y[320:]

# Parameters
learning_rate = 0.01
batch_size = 32
display_step = 1
model_path = "model.ckpt"

# Network Parameters
n_hidden_1 = 16  # 1st layer number of features
n_hidden_2 = 16  # 2nd layer number of features

# tf Graph input
X_spec = tf.TensorSpec([None, n_input], tf.float32)
Y_spec = tf.TensorSpec([None, n_classes], tf.float32)

# Store layers weight & bias
weights = {
    'h1': tf.Variable(tf.random.normal([n_input, n_hidden_1]), name="Variable"),
    'h2': tf.Variable(tf.random.normal([n_hidden_1, n_hidden_2]), name="Variable_1"),
    'out': tf.Variable(tf.random.normal([n_hidden_2, n_classes]), name="Variable_2")
}
biases = {
    'b1': tf.Variable(tf.random.normal([n_hidden_1]), name="Variable_3"),
    'b2': tf.Variable(tf.random.normal([n_hidden_2]), name="Variable_4"),
    'out': tf.Variable(tf.random.normal([n_classes]), name="Variable_5")
}


# Create model
def multilayer_perceptron(x):
    # Hidden layer with RELU activation
    layer_1 = tf.add(tf.matmul(x, weights['h1']), biases['b1'])
    layer_1 = tf.nn.relu(layer_1)
    # Hidden layer with RELU activation
    layer_2 = tf.add(tf.matmul(layer_1, weights['h2']), biases['b2'])
    layer_2 = tf.nn.relu(layer_2)
    # Output layer with linear activation
    out_layer = tf.matmul(layer_2, weights['out']) + biases['out']
    return out_layer


# Construct model
def logits(X):
    return multilayer_perceptron(X)


# Define loss and optimizer
@tf.function(input_signature=[X_spec, Y_spec])
def loss_op(X, Y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(
        logits=logits(X), labels=Y))


optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate, epsilon=1e-08)


@tf.function(input_signature=[X_spec, Y_spec])
def train_op(X, Y):
    with tf.GradientTape() as tape:
        loss_value = loss_op(X, Y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss_value, variables)
    optimizer.apply_gradients(zip(gradients, variables))
    return loss_value


# Evaluate model
def correct_pred(X, Y):
    return tf.equal(tf.argmax(logits(X), 1), tf.argmax(Y, 1))


@tf.function(input_signature=[X_spec, Y_spec])
def accuracy(X, Y):
    return tf.reduce_mean(tf.cast(correct_pred(X, Y), tf.float32))


# 'Saver' op to save and restore all the variables
saver = tf.train.Checkpoint(weights=weights, biases=biases, optimizer=optimizer)


def run_epochs(epochs):
    for epoch in range(epochs):
        order = rng.permutation(len(train_x))
        for start in range(0, len(train_x), batch_size):
            idx = order[start:start + batch_size]
            train_op(train_x[idx], train_y[idx])
        if epoch % display_step == 0:
            loss, acc = [loss_op(train_x, train_y).numpy(), accuracy(train_x, train_y).numpy()]
            print("Epoch " + str(epoch + 1) + ", Loss= " + "{:.4f}".format(loss)
                  + ", Training Accuracy= " + "{:.3f}".format(acc))


# Running first session
print("Starting 1st session...")
run_epochs(3)
print("First Optimization Finished!")

# Save model weights to disk
save_path = saver.write(model_path)
print("Model saved in file: %s" % save_path)

# Running a new session
print("Starting 2nd session...")

# Restore model weights from previously saved model
saver.restore(model_path)
print("Model restored from file: %s" % save_path)

# Resume training
run_epochs(2)
print("Second Optimization Finished!")

# Test model
print("Testing Accuracy:", accuracy(test_x, test_y).numpy())
