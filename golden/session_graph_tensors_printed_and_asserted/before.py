"""Graph tensors read while the graph is built: printed, their static shapes asserted and
printed, then run through a session."""
import numpy as np
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 4], name="x")
w = tf.Variable(tf.ones([4, 3]), name="w")
hidden = tf.nn.relu(tf.matmul(x, w) - 1.0)
scores = tf.reduce_sum(hidden, axis=1, keepdims=True)
print(hidden)
print("hidden:", hidden.get_shape(), hidden.dtype)
assert scores.shape.as_list() == [None, 1]
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    values = sess.run(scores, feed_dict={x: np.arange(8, dtype=np.float32).reshape(2, 4)})
    print(values.ravel())
    print(sess.run(tf.argmax(values, 0)))
