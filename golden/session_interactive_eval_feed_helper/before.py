"""Tutorial style: an InteractiveSession, tensors evaluated with .eval(), ops with .run(), and
the feed_dict built by a helper (dropout gets keep_prob 0.75 for training, 1.0 for testing)."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(9)
tf.set_random_seed(9)
images = rng.rand(256, 5).astype(np.float32)
classes = (images[:, 0] + images[:, 1] > images[:, 2] + 0.5).astype(np.int64)
one_hot = np.eye(2, dtype=np.float32)[classes]

config = tf.ConfigProto(allow_soft_placement=True)
sess = tf.InteractiveSession(config=config)

x = tf.placeholder(tf.float32, shape=[None, 5])
y_ = tf.placeholder(tf.float32, shape=[None, 2])
keep_prob = tf.placeholder(tf.float32)


def weight_variable(shape):
    initial = tf.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial)


def bias_variable(shape):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial)


W_fc1 = weight_variable([5, 16])
b_fc1 = bias_variable([16])
h_fc1 = tf.nn.relu(tf.matmul(x, W_fc1) + b_fc1)
h_fc1_drop = tf.nn.dropout(h_fc1, keep_prob)

W_fc2 = weight_variable([16, 2])
b_fc2 = bias_variable([2])
y_conv = tf.matmul(h_fc1_drop, W_fc2) + b_fc2

cross_entropy = tf.reduce_mean(
    tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=y_conv))
train_step = tf.train.AdamOptimizer(1e-2).minimize(cross_entropy)
correct_prediction = tf.equal(tf.argmax(y_conv, 1), tf.argmax(y_, 1))
accuracy = tf.reduce_mean(tf.cast(correct_prediction, tf.float32))
sess.run(tf.global_variables_initializer())


def feed(start, size, train=True):
    return {x: images[start:start + size], y_: one_hot[start:start + size],
            keep_prob: 0.75 if train else 1.0}


for i in range(120):
    start = (i * 32) % 192
    if i % 40 == 0:
        train_accuracy = accuracy.eval(feed_dict=feed(start, 32, train=False))
        print("step %d, training accuracy %g" % (i, train_accuracy))
    train_step.run(feed_dict=feed(start, 32))

print("test accuracy %g" % accuracy.eval(feed_dict=feed(192, 64, train=False)))
sess.close()
