"""Train a small regressor, save it, throw the graph away, rebuild it and restore the weights."""
import os
import tempfile

import numpy as np
import tensorflow as tf

N_IN, N_OUT = 5, 2


def build_graph(learning_rate=0.05):
    """Placeholders, variables, the prediction, the loss and the training op of one model."""
    x = tf.placeholder(tf.float32, [None, N_IN], name="x")
    y = tf.placeholder(tf.float32, [None, N_OUT], name="y")
    w = tf.Variable(tf.random_normal([N_IN, N_OUT], stddev=0.1), name="w")
    b = tf.Variable(tf.zeros([N_OUT]), name="b")
    pred = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.square(pred - y))
    train_op = tf.train.AdamOptimizer(learning_rate).minimize(loss)
    return x, y, pred, loss, train_op


rng = np.random.RandomState(2)
true_w = rng.randn(N_IN, N_OUT).astype(np.float32)
train_x = rng.randn(200, N_IN).astype(np.float32)
train_y = train_x.dot(true_w) + 0.05 * rng.randn(200, N_OUT).astype(np.float32)
test_x = rng.randn(20, N_IN).astype(np.float32)
test_y = test_x.dot(true_w)

ckpt_path = os.path.join(tempfile.mkdtemp(), "regressor.ckpt")

tf.set_random_seed(2)
x, y, pred, loss, train_op = build_graph()
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(150):
        _, train_loss = sess.run([train_op, loss], feed_dict={x: train_x, y: train_y})
        if step % 50 == 0:
            print("step %3d  train loss %.5f" % (step, train_loss))
    saver.save(sess, ckpt_path)
    final_test_loss = sess.run(loss, feed_dict={x: test_x, y: test_y})
    print("test loss before reset: %.5f" % final_test_loss)

# Start over from an empty graph, as a separate evaluation script would.
tf.reset_default_graph()
x, y, pred, loss, train_op = build_graph()
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, ckpt_path)
    restored_test_loss = sess.run(loss, feed_dict={x: test_x, y: test_y})
    print("test loss after restore: %.5f" % restored_test_loss)
    print("same loss:", abs(restored_test_loss - final_test_loss) < 1e-6)
    print("first predictions:")
    print(np.round(sess.run(pred, feed_dict={x: test_x[:3]}), 3))
