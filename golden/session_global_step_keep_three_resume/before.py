"""Numbered checkpoints driven by a global step: keep the last three, resume from the latest."""
import os
import tempfile

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(4)
tf.set_random_seed(4)
features = rng.randn(128, 4).astype(np.float32)
targets = features.dot([[0.5], [-1.0], [2.0], [0.25]]).astype(np.float32) + 0.3

checkpoint_dir = tempfile.mkdtemp()

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.zeros([4, 1]), name="w")
b = tf.Variable(0.0, name="b")
pred = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.square(pred - y))

global_step = tf.train.get_or_create_global_step()
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
saver = tf.train.Saver(max_to_keep=3)

config = tf.ConfigProto(allow_soft_placement=True)
config.gpu_options.allow_growth = True

with tf.Session(config=config) as sess:
    sess.run(tf.global_variables_initializer())
    for _ in range(50):
        _, current_loss = sess.run([train_op, loss], feed_dict={x: features, y: targets})
        step = sess.run(global_step)
        if step % 10 == 0:
            path = saver.save(sess, os.path.join(checkpoint_dir, "model.ckpt"),
                              global_step=global_step)
            print("step %d  loss %.4f  saved %s" % (step, current_loss, os.path.basename(path)))
    print("kept:", [os.path.basename(p) for p in saver.last_checkpoints])

with tf.Session(config=config) as sess:
    latest = tf.train.latest_checkpoint(checkpoint_dir)
    print("latest:", os.path.basename(latest))
    saver.restore(sess, latest)
    print("resumed at step", sess.run(global_step))
    print("loss %.4f" % sess.run(loss, feed_dict={x: features, y: targets}))
    print("w =", sess.run(w).ravel().round(2), "b =", round(float(sess.run(b)), 2))
