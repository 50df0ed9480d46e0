# run: tf1
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def net(x):
    w = tf.get_variable("w", [2, 2])
    return tf.matmul(x, w)


def train():
    tf.reset_default_graph()
    with tf.variable_scope("model"):
        out = net(tf.ones([1, 2]))
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(out)
        saver.save(sess, "./ckpt")


def evaluate():
    tf.reset_default_graph()
    with tf.variable_scope("model"):
        out = net(tf.ones([1, 2]))
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, "./ckpt")
        return sess.run(out)


train()
evaluate()
