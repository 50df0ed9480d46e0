# run: tf1
# raises: FailedPreconditionError: uninitialized
import os
import tensorflow as tf

x = tf.constant([[1.0, 2.0]])
w = tf.get_variable("w", [2, 1])
loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
saver = tf.train.Saver()  # expect: TFL003
train_op = tf.train.AdamOptimizer(0.1).minimize(loss)

with tf.Session() as sess:
    if os.path.exists("model.ckpt.index"):
        saver.restore(sess, "./model.ckpt")
    else:
        sess.run(tf.global_variables_initializer())
    sess.run(train_op)
    saver.save(sess, "./model.ckpt")

with tf.Session() as sess:
    saver.restore(sess, "./model.ckpt")
    sess.run(train_op)
