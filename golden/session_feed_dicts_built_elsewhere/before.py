"""Feed dicts built away from the run: a name bound in the loop (passed positionally, as
sess.run(fetches, feed) allows) and a helper that picks the batch and the dropout rate."""
import numpy as np
import tensorflow as tf

N_IN, N_HIDDEN, N_OUT = 6, 10, 3


def main():
    rng = np.random.RandomState(3)
    data = rng.rand(120, N_IN).astype(np.float32)
    labels = np.eye(N_OUT, dtype=np.float32)[rng.randint(0, N_OUT, 120)]

    x = tf.placeholder(tf.float32, [None, N_IN], name="x-input")
    y_ = tf.placeholder(tf.float32, [None, N_OUT], name="y-input")
    keep_prob = tf.placeholder(tf.float32)

    w1 = tf.get_variable("w1", [N_IN, N_HIDDEN],
                         initializer=tf.truncated_normal_initializer(stddev=0.1, seed=1))
    b1 = tf.get_variable("b1", [N_HIDDEN], initializer=tf.zeros_initializer())
    w2 = tf.get_variable("w2", [N_HIDDEN, N_OUT],
                         initializer=tf.truncated_normal_initializer(stddev=0.1, seed=2))
    b2 = tf.get_variable("b2", [N_OUT], initializer=tf.zeros_initializer())

    hidden = tf.nn.dropout(tf.nn.relu(tf.matmul(x, w1) + b1), keep_prob)
    logits = tf.matmul(hidden, w2) + b2
    loss = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y_, logits=logits))
    train_op = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y_, 1))
    accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

    def feed_dict(train, step=0):
        """Training batches with dropout; the whole set without."""
        if train:
            start = (step * 20) % 100
            xs, ys = data[start:start + 20], labels[start:start + 20]
            k = 0.9
        else:
            xs, ys = data, labels
            k = 1.0
        return {x: xs, y_: ys, keep_prob: k}

    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(30):
            sess.run(train_op, feed_dict=feed_dict(True, step))
            if step % 10 == 0:
                acc = sess.run(accuracy, feed_dict=feed_dict(False))
                print("step %d accuracy %.3f" % (step, acc))
        for epoch in range(3):
            batch = {x: data[:60], y_: labels[:60], keep_prob: 1.0}
            _, l = sess.run([train_op, loss], batch)
            print("epoch %d loss %.4f" % (epoch, l))
        full = {x: data, y_: labels, keep_prob: 1.0}
        print("final accuracy %.3f" % sess.run(accuracy, full))
        print("first logits", np.round(sess.run(logits, full)[0], 3))


if __name__ == "__main__":
    main()
