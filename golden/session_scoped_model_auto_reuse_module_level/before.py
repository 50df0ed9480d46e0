"""A scoped encoder shared by two inputs through tf.AUTO_REUSE, built at module level and
trained with a session: a siamese distance on synthetic pairs."""
import numpy as np
import tensorflow as tf


def encoder(x, scope="encoder"):
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        w1 = tf.get_variable("w1", [4, 8], initializer=tf.truncated_normal_initializer(stddev=0.3))
        b1 = tf.get_variable("b1", [8], initializer=tf.zeros_initializer())
        h = tf.nn.tanh(tf.matmul(x, w1) + b1)
        w2 = tf.get_variable("w2", [8, 2], initializer=tf.truncated_normal_initializer(stddev=0.3))
        return tf.matmul(h, w2)


tf.set_random_seed(3)
left = tf.placeholder(tf.float32, [None, 4])
right = tf.placeholder(tf.float32, [None, 4])
same = tf.placeholder(tf.float32, [None])
distance = tf.reduce_sum(tf.square(encoder(left) - encoder(right)), axis=1)
loss = tf.reduce_mean(same * distance + (1.0 - same) * tf.nn.relu(1.0 - distance))
train_op = tf.train.GradientDescentOptimizer(0.05).minimize(loss)

rng = np.random.RandomState(7)
a = rng.randn(32, 4).astype(np.float32)
b = (a + 0.1 * rng.randn(32, 4)).astype(np.float32)
b[16:] = rng.randn(16, 4)
labels = np.array([1.0] * 16 + [0.0] * 16, np.float32)

sess = tf.Session()
sess.run(tf.global_variables_initializer())
for step in range(40):
    _, value = sess.run([train_op, loss], feed_dict={left: a, right: b, same: labels})
    if step % 10 == 0:
        print("step", step, "loss", round(float(value), 4))
print("distances", np.round(sess.run(distance, {left: a[:3], right: b[:3]}), 3))
sess.close()
