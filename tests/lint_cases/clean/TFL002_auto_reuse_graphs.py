# run: tf1
from tensorflow.compat import v1 as tf

tf.disable_v2_behavior()


def embed(ids):
    with tf.variable_scope("embedding", reuse=tf.AUTO_REUSE):
        table = tf.get_variable("table", [10, 4])
        return tf.nn.embedding_lookup(table, ids)


def build():
    w = tf.get_variable("w", [4, 4])
    return w


query = embed(tf.constant([1, 2]))
key = embed(tf.constant([3]))
with tf.Graph().as_default():
    build()
with tf.Graph().as_default():
    build()
