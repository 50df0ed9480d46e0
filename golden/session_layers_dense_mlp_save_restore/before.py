import os
import tempfile

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
features = rng.rand(64, 5)
labels = rng.randint(0, 3, 64)

x = tf.placeholder(tf.float32, [None, 5], name="x")
y = tf.placeholder(tf.int64, [None], name="y")
hidden = tf.layers.dense(x, 32, activation=tf.nn.relu)
hidden2 = tf.layers.dense(hidden, 16, activation=tf.nn.tanh)
logits = tf.layers.dense(hidden2, 3, name="logits")
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))
saver = tf.train.Saver()
path = os.path.join(tempfile.mkdtemp(), "mlp.ckpt")

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(50):
        _, l = sess.run([train_op, loss], feed_dict={x: features, y: labels})
        if epoch % 10 == 0:
            print("epoch %d loss %.4f" % (epoch, l))
    saver.save(sess, path)

with tf.Session() as sess:
    saver.restore(sess, path)
    print("restored accuracy %.3f" % sess.run(accuracy, feed_dict={x: features, y: labels}))
