import os
import tempfile

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(1)
features = rng.rand(50, 2).astype(np.float32)
labels = (features[:, :1] * 3.0 - features[:, 1:] + 0.5).astype(np.float32)
save_dir = tempfile.mkdtemp()
save_path = os.path.join(save_dir, "linear.ckpt")

# first graph: train and save
x = tf.placeholder(tf.float32, shape=[None, 2])
y = tf.placeholder(tf.float32, shape=[None, 1])
w = tf.Variable(tf.zeros([2, 1]), name="w")
b = tf.Variable(tf.zeros([1]), name="b")
pred = tf.matmul(x, w) + b
mse = tf.reduce_mean(tf.square(pred - y))
train = tf.train.MomentumOptimizer(0.1, momentum=0.9).minimize(mse)
saver = tf.train.Saver()

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for i in range(50):
        sess.run(train, {x: features, y: labels})
    print("trained mse: %.5f" % sess.run(mse, {x: features, y: labels}))
    saver.save(sess, save_path)

# second graph: rebuild the model and restore it
tf.reset_default_graph()
x = tf.placeholder(tf.float32, shape=[None, 2])
y = tf.placeholder(tf.float32, shape=[None, 1])
w = tf.Variable(tf.zeros([2, 1]), name="w")
b = tf.Variable(tf.zeros([1]), name="b")
pred = tf.matmul(x, w) + b
mse = tf.reduce_mean(tf.square(pred - y))
saver = tf.train.Saver()

with tf.Session() as sess:
    saver.restore(sess, save_path)
    print("restored mse: %.5f" % sess.run(mse, feed_dict={x: features, y: labels}))
    print("w =", sess.run(w).ravel())
