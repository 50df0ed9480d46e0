import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# a linear model trained the TF1 way: placeholders and a Session
x = tf.placeholder(tf.float32, [None, 3], name="x")
y = tf.placeholder(tf.float32, [None, 1], name="y")
w = tf.get_variable("w", [3, 1], initializer=tf.zeros_initializer())
b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
pred = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.squared_difference(pred, y), keep_dims=False)
train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss)

data_x = np.random.RandomState(0).rand(16, 3).astype(np.float32)
data_y = data_x.sum(axis=1, keepdims=True)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(5):
        _, l = sess.run([train_op, loss], feed_dict={x: data_x, y: data_y})
    print("loss", l)
