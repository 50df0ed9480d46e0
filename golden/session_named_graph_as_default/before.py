"""The graph is built in its own tf.Graph, finalized, and the session is opened on it."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(0)
data = rng.rand(50, 2).astype(np.float32)
target = data @ np.array([[2.0], [-1.0]], np.float32) + 0.5

graph = tf.Graph()
with graph.as_default():
    X = tf.placeholder(tf.float32, [None, 2], name="X")
    Y = tf.placeholder(tf.float32, [None, 1], name="Y")
    W = tf.Variable(tf.zeros([2, 1]), name="weights")
    b = tf.Variable(tf.zeros([1]), name="bias")
    pred = tf.matmul(X, W) + b
    cost = tf.reduce_mean(tf.square(pred - Y))
    optimizer = tf.train.GradientDescentOptimizer(0.1).minimize(cost)
    init = tf.global_variables_initializer()
graph.finalize()

with tf.Session(graph=graph) as sess:
    sess.run(init)
    for epoch in range(200):
        _, c = sess.run([optimizer, cost], feed_dict={X: data, Y: target})
        if epoch % 50 == 0:
            print("epoch %d cost %.6f" % (epoch, c))
    print("W", sess.run(W).ravel(), "b", sess.run(b))
    print("prediction", sess.run(pred, {X: [[1.0, 1.0]]}))
