"""Linear regression fed one example at a time; the initializer is run with `.run()`."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(7)
trX = np.linspace(-1, 1, 41)
trY = 2 * trX + rng.randn(*trX.shape) * 0.33

X = tf.placeholder("float")
Y = tf.placeholder("float")


def model(X, w):
    return tf.multiply(X, w)


w = tf.Variable(0.0, name="weights")
y_model = model(X, w)

cost = tf.square(Y - y_model)

train_op = tf.train.GradientDescentOptimizer(0.01).minimize(cost)

with tf.Session() as sess:
    # the initializer op is run through its own method
    tf.global_variables_initializer().run()

    for i in range(20):
        for (x, y) in zip(trX, trY):
            sess.run(train_op, feed_dict={X: x, Y: y})

    print(sess.run(w))
