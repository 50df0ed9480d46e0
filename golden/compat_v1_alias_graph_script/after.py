import numpy as np
import tensorflow as tf

tf.compat.v1.disable_v2_behavior()

# a linear model trained the TF1 way: placeholders and a Session
x = tf.compat.v1.placeholder(tf.float32, [None, 3], name="x")
y = tf.compat.v1.placeholder(tf.float32, [None, 1], name="y")
w = tf.Variable(tf.zeros_initializer()([3, 1], tf.float32), name="w")
b = tf.Variable(tf.zeros_initializer()([1], tf.float32), name="b")
pred = tf.matmul(x, w) + b
loss = tf.reduce_mean(tf.math.squared_difference(pred, y), keepdims=False)
train_op = tf.compat.v1.train.GradientDescentOptimizer(0.1).minimize(loss)

data_x = np.random.RandomState(0).rand(16, 3).astype(np.float32)
data_y = data_x.sum(axis=1, keepdims=True)
with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    for step in range(5):
        _, l = sess.run([train_op, loss], feed_dict={x: data_x, y: data_y})
    print("loss", l)
