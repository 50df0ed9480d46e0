"""A whole TF1 script: own graph, Session loop, Momentum, prints to stdout while it trains."""
import numpy as np
import tensorflow as tf


def main():
    rng = np.random.RandomState(0)
    features = rng.standard_normal([32, 3]).astype(np.float32)
    targets = features @ np.array([[1.0], [-2.0], [0.5]], np.float32)
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 3], name="x")
        y = tf.placeholder(tf.float32, [None, 1], name="y")
        with tf.variable_scope("linear"):
            w = tf.get_variable("w", [3, 1])
            b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        loss = tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))
        global_step = tf.train.get_or_create_global_step()
        train = tf.train.MomentumOptimizer(0.05, 0.9).minimize(loss, global_step=global_step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for step in range(20):
                _, value = sess.run([train, loss], {x: features, y: targets})
                print("step", step, "loss", value)


if __name__ == "__main__":
    main()
