"""A two-layer classifier: scoped helpers, a model function called twice (train and eval
towers share weights through reuse), driven by a session in main()."""
import numpy as np
import tensorflow as tf


def dense(x, n_out, scope, activation=None):
    with tf.variable_scope(scope):
        w = tf.get_variable("w", [x.shape[1].value, n_out],
                            initializer=tf.glorot_uniform_initializer())
        b = tf.get_variable("b", [n_out], initializer=tf.zeros_initializer())
        y = tf.matmul(x, w) + b
        return activation(y) if activation is not None else y


def model(x, scope="classifier", reuse=False):
    with tf.variable_scope(scope, reuse=reuse):
        h = dense(x, 16, "hidden", activation=tf.nn.relu)
        return dense(h, 3, "logits")


def main():
    tf.set_random_seed(1)
    rng = np.random.RandomState(0)
    data = rng.randn(120, 5).astype(np.float32)
    labels = np.argmax(data[:, :3], axis=1).astype(np.int64)

    x = tf.placeholder(tf.float32, [None, 5], name="x")
    y = tf.placeholder(tf.int64, [None], name="y")
    train_logits = model(x)
    eval_logits = model(x, reuse=True)
    loss = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=train_logits))
    train_op = tf.train.AdamOptimizer(0.01).minimize(loss)
    accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(eval_logits, 1), y), tf.float32))

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(60):
            _, loss_value = sess.run([train_op, loss], feed_dict={x: data, y: labels})
            if step % 20 == 0:
                print("step %d loss %.4f" % (step, loss_value))
        print("accuracy %.3f" % sess.run(accuracy, feed_dict={x: data, y: labels}))


if __name__ == "__main__":
    main()
