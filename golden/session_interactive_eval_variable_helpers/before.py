import numpy as np
import tensorflow as tf


def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


sess = tf.InteractiveSession()
x = tf.placeholder(tf.float32, shape=[None, 6])
y_ = tf.placeholder(tf.float32, shape=[None, 2])
keep_prob = tf.placeholder(tf.float32)

W_fc1 = weight_variable([6, 16])
b_fc1 = bias_variable([16])
h_fc1 = tf.nn.relu(tf.matmul(x, W_fc1) + b_fc1)
h_drop = tf.nn.dropout(h_fc1, keep_prob)
W_fc2 = weight_variable([16, 2])
b_fc2 = bias_variable([2])
y_conv = tf.matmul(h_drop, W_fc2) + b_fc2
l2 = 1e-4 * tf.nn.l2_loss(W_fc1)

cross_entropy = tf.reduce_mean(
    tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv)) + l2
train_step = tf.train.AdamOptimizer(1e-3).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
sess.run(tf.global_variables_initializer())

rng = np.random.RandomState(3)
data = rng.rand(40, 6)
labels = np.eye(2)[(data.sum(axis=1) > 3).astype(int)]
for i in range(30):
    if i % 10 == 0:
        train_accuracy = accuracy.eval(feed_dict={x: data, y_: labels, keep_prob: 1.0})
        print("step %d, training accuracy %g" % (i, train_accuracy))
    train_step.run(feed_dict={x: data, y_: labels, keep_prob: 0.5})
print("test accuracy %g" % accuracy.eval(feed_dict={x: data, y_: labels, keep_prob: 1.0}))
