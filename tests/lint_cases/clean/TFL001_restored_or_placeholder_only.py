# run: tf1
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def build(inputs):
    with tf.variable_scope("net"):
        return tf.layers.dense(inputs, 2)


def run_placeholders_only():
    a = tf.placeholder(tf.float32, [2])
    b = a * 2.0
    with tf.Session() as sess:
        return sess.run(b, feed_dict={a: [1.0, 2.0]})


def train_then_restore():
    out = build(tf.ones([1, 3]))
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "./m.ckpt")
    with tf.Session() as sess:
        saver.restore(sess, "./m.ckpt")
        return sess.run(out)


run_placeholders_only()
train_then_restore()
