"""Logistic regression on synthetic data, graph built in main()."""
import argparse

import numpy as np
import tensorflow as tf


def build_inputs(n_features):
    x = tf.compat.v1.placeholder(tf.float32, [None, n_features], name="features")
    y = tf.compat.v1.placeholder(tf.float32, [None, 1], name="labels")
    return x, y


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()

    rng = np.random.RandomState(42)
    data = rng.randn(100, 3).astype(np.float32)
    target = (data @ np.array([[1.5], [-2.0], [0.5]]) > 0).astype(np.float32)

    tf.random.set_seed(0)
    x_spec = tf.TensorSpec([None, 3], tf.float32, name="features")
    y_spec = tf.TensorSpec([None, 1], tf.float32, name="labels")
    with tf.name_scope("logreg"):
        w = tf.Variable(tf.zeros_initializer()([3, 1], tf.float32), name="w")
        b = tf.Variable(tf.zeros_initializer()([1], tf.float32), name="b")

    def logits(x):
        return tf.matmul(x, w) + b

    def loss(x, y):
        return tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits(x)))

    def predicted(x):
        return tf.cast(logits(x) > 0, tf.float32)

    @tf.function(input_signature=[x_spec, y_spec])
    def accuracy(x, y):
        return tf.reduce_mean(tf.cast(tf.equal(predicted(x), y), tf.float32))

    sgd = tf.keras.optimizers.SGD(learning_rate=0.5)

    @tf.function(input_signature=[x_spec, y_spec])
    def train_op(x, y):
        with tf.GradientTape() as tape:
            loss_value_2 = loss(x, y)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss_value_2, variables)
        sgd.apply_gradients(zip(gradients, variables))
        return loss_value_2

    for step in range(args.steps):
        loss_value = train_op(data, target).numpy()
        if step % 50 == 0:
            print("step {}: loss={:.4f}".format(step, loss_value))
    acc = accuracy(data, target).numpy()
    print("accuracy: {:.2f}".format(acc))
    print("weights:", w.numpy().ravel())


if __name__ == "__main__":
    main()
