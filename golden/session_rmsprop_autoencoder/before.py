"""A small autoencoder trained with RMSProp through a session: TF1's RMSProp starts each
mean square at 1.0, so its first steps are small."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)
x = tf.placeholder(tf.float32, [None, 8])
w_enc = tf.Variable(tf.random_normal([8, 3], stddev=0.5), name="w_enc")
w_dec = tf.Variable(tf.random_normal([3, 8], stddev=0.5), name="w_dec")
code = tf.nn.sigmoid(tf.matmul(x, w_enc))
reconstruction = tf.matmul(code, w_dec)
cost = tf.reduce_mean(tf.square(x - reconstruction))
train = tf.train.RMSPropOptimizer(0.01, momentum=0.5).minimize(cost)

data = np.random.RandomState(3).rand(64, 8).astype(np.float32)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for epoch in range(25):
        _, value = sess.run([train, cost], feed_dict={x: data})
        if epoch % 5 == 0:
            print("epoch", epoch, "cost %.5f" % value)
