"""TF1 code spelled three ways: `tensorflow.compat.v1 as tf`, plain `import tensorflow`, and a
local helper module that does `from tensorflow import variable_scope, get_variable`."""
import tensorflow
import tensorflow.compat.v1 as tf
from tensorflow.compat import v1

from tf1_from_import import scoped_bias


def build(x):
    with tf.variable_scope("embed"):
        table = tf.get_variable("table", [10, 3], initializer=tf.ones_initializer())
    counter = tensorflow.get_variable("counter", [], dtype=tf.int64, trainable=False,
                                      initializer=tf.zeros_initializer())
    hidden = tf.nn.embedding_lookup(table, x)
    return scoped_bias(hidden, "head"), v1.assign_add(counter, 1)
