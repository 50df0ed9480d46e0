# run: tf1
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3], name="x")
w = tf.get_variable("w", [3, 2])
y = tf.matmul(x, w)
init = tf.global_variables_initializer()

with tf.Session() as sess:
    sess.run(init)
    print(sess.run(y, feed_dict={x: np.ones([1, 3])}))

sess = tf.Session()
tf.global_variables_initializer().run(session=sess)
print(sess.run(y, feed_dict={x: np.ones([2, 3])}))
sess.close()
