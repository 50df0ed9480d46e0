"""Train once and save; later runs restore the checkpoint instead (TF1 Saver format)."""
import os
import tempfile

import numpy as np
import tensorflow as tf

checkpoint = os.environ.get("MODEL_CHECKPOINT") or os.path.join(tempfile.mkdtemp(), "model.ckpt")

x = tf.placeholder(tf.float32, [None, 3], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
with tf.variable_scope("linear"):
    w = tf.get_variable("w", [3, 1], initializer=tf.random_normal_initializer(seed=1))
    b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
global_step = tf.train.get_or_create_global_step()
prediction = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.square(prediction - y))
train_op = tf.train.RMSPropOptimizer(0.05).minimize(loss, global_step=global_step)
saver = tf.train.Saver()

data = np.random.RandomState(7).rand(20, 3).astype(np.float32)
target = data.sum(axis=1, keepdims=True)
with tf.Session() as sess:
    if os.path.exists(checkpoint + ".index"):
        saver.restore(sess, checkpoint)
        print("restored at step", tf.train.global_step(sess, global_step))
    else:
        sess.run(tf.global_variables_initializer())
        for _ in range(25):
            sess.run(train_op, feed_dict={x: data, y: target})
        saver.save(sess, checkpoint)
        print("trained to step", sess.run(global_step))
    print("w", np.round(sess.run(w).ravel(), 5).tolist())
    print("loss", round(float(sess.run(loss, feed_dict={x: data, y: target})), 5))
