"""Logistic regression on synthetic data, graph built in main()."""
import argparse

import numpy as np
import tensorflow as tf


def build_inputs(n_features):
    x = tf.placeholder(tf.float32, [None, n_features], name="features")
    y = tf.placeholder(tf.float32, [None, 1], name="labels")
    return x, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()

    rng = np.random.RandomState(42)
    data = rng.randn(100, 3).astype(np.float32)
    target = (data @ np.array([[1.5], [-2.0], [0.5]]) > 0).astype(np.float32)

    tf.set_random_seed(0)
    x = tf.placeholder(tf.float32, [None, 3], name="features")
    y = tf.placeholder(tf.float32, [None, 1], name="labels")
    with tf.variable_scope("logreg"):
        w = tf.get_variable("w", [3, 1], initializer=tf.zeros_initializer())
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
    logits = tf.matmul(x, w) + b
    loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits))
    predicted = tf.cast(logits > 0, tf.float32)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(predicted, y), tf.float32))
    train_op = tf.train.GradientDescentOptimizer(learning_rate=0.5).minimize(loss)

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(args.steps):
            _, loss_value = sess.run([train_op, loss], feed_dict={x: data, y: target})
            if step % 50 == 0:
                print("step {}: loss={:.4f}".format(step, loss_value))
        acc = sess.run(accuracy, feed_dict={x: data, y: target})
        print("accuracy: {:.2f}".format(acc))
        print("weights:", sess.run(w).ravel())


if __name__ == "__main__":
    main()
