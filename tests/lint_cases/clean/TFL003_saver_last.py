# run: tf1
import tensorflow as tf

x = tf.constant([[1.0, 2.0]])
w = tf.get_variable("w", [2, 1])
loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
train_op = tf.train.AdamOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
sgd_saver = tf.train.Saver(max_to_keep=1)
step = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op)
    saver.save(sess, "./model.ckpt")
    sgd_saver.save(sess, "./sgd.ckpt")

with tf.Session() as sess:
    saver.restore(sess, "./model.ckpt")
    sess.run(train_op)
