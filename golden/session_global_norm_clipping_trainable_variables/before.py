"""The language-model recipe: gradients of the cost for every trainable variable, clipped by
their global norm, applied with Adam; the step counter comes from get_or_create_global_step."""
import numpy as np
import tensorflow as tf

MAX_GRAD_NORM = 0.5


def main():
    rng = np.random.RandomState(7)
    inputs = rng.rand(64, 5).astype(np.float32)
    labels = (inputs.sum(axis=1) > 2.5).astype(np.int64)

    x = tf.placeholder(tf.float32, [None, 5])
    y = tf.placeholder(tf.int64, [None])
    with tf.variable_scope("softmax"):
        w = tf.get_variable("w", [5, 2], initializer=tf.zeros_initializer())
        bias = tf.get_variable("b", [2], initializer=tf.zeros_initializer())
    logits = tf.matmul(x, w) + bias
    cost = tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))

    global_step = tf.train.get_or_create_global_step()
    tvars = tf.trainable_variables()
    grads, _ = tf.clip_by_global_norm(tf.gradients(cost, tvars), MAX_GRAD_NORM)
    optimizer = tf.train.AdamOptimizer(0.1)
    train_op = optimizer.apply_gradients(zip(grads, tvars), global_step=global_step)

    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for i in range(40):
        _, c = sess.run([train_op, cost], {x: inputs, y: labels})
        if i % 10 == 0:
            print("step %d cost %.5f" % (sess.run(global_step), c))
    print("w", np.round(sess.run(w), 4).tolist())
    sess.close()


if __name__ == "__main__":
    main()
