"""A two-hidden-layer perceptron trained with Adam, saved, then restored in a second session
that trains a little more and evaluates."""
from __future__ import print_function

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(11)
tf.set_random_seed(11)

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
X = tf.placeholder("float", [None, n_input])
Y = tf.placeholder("float", [None, n_classes])

# Store layers weight & bias
weights = {
    'h1': tf.Variable(tf.random_normal([n_input, n_hidden_1])),
    'h2': tf.Variable(tf.random_normal([n_hidden_1, n_hidden_2])),
    'out': tf.Variable(tf.random_normal([n_hidden_2, n_classes]))
}
biases = {
    'b1': tf.Variable(tf.random_normal([n_hidden_1])),
    'b2': tf.Variable(tf.random_normal([n_hidden_2])),
    'out': tf.Variable(tf.random_normal([n_classes]))
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
logits = multilayer_perceptron(X)

# Define loss and optimizer
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(
    logits=logits, labels=Y))
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op)

# Evaluate model
correct_pred = tf.equal(tf.argmax(logits, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(correct_pred, tf.float32))

# Initialize the variables (i.e. assign their default value)
init = tf.global_variables_initializer()

# 'Saver' op to save and restore all the variables
saver = tf.train.Saver()


def run_epochs(sess, epochs):
    for epoch in range(epochs):
        order = rng.permutation(len(train_x))
        for start in range(0, len(train_x), batch_size):
            idx = order[start:start + batch_size]
            sess.run(train_op, feed_dict={X: train_x[idx], Y: train_y[idx]})
        if epoch % display_step == 0:
            loss, acc = sess.run([loss_op, accuracy], feed_dict={X: train_x, Y: train_y})
            print("Epoch " + str(epoch + 1) + ", Loss= " + "{:.4f}".format(loss)
                  + ", Training Accuracy= " + "{:.3f}".format(acc))


# Running first session
print("Starting 1st session...")
with tf.Session() as sess:
    # Run the initializer
    sess.run(init)
    run_epochs(sess, 3)
    print("First Optimization Finished!")

    # Save model weights to disk
    save_path = saver.save(sess, model_path)
    print("Model saved in file: %s" % save_path)

# Running a new session
print("Starting 2nd session...")
with tf.Session() as sess:
    # Initialize variables
    sess.run(init)

    # Restore model weights from previously saved model
    saver.restore(sess, model_path)
    print("Model restored from file: %s" % save_path)

    # Resume training
    run_epochs(sess, 2)
    print("Second Optimization Finished!")

    # Test model
    print("Testing Accuracy:", sess.run(accuracy, feed_dict={X: test_x, Y: test_y}))
