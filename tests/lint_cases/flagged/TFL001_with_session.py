# run: tf1
# raises: FailedPreconditionError: uninitialized
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3], name="x")
w = tf.get_variable("w", [3, 2])
b = tf.Variable(tf.zeros([2]), name="b")
y = tf.matmul(x, w) + b

with tf.Session() as sess:
    print(sess.run(y, feed_dict={x: np.ones([1, 3])}))  # expect: TFL001
