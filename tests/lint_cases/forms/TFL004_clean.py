# Clean forms for TFL004: the restoring graph names its variables like the saving one.

# %% the same scope on both sides
import tensorflow as tf

with tf.variable_scope("model"):
    tf.get_variable("w", [2])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/m")
tf.reset_default_graph()
with tf.variable_scope("model"):
    tf.get_variable("w", [2])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "/tmp/m")

# %% different checkpoint files
import tensorflow as tf

with tf.variable_scope("a"):
    tf.get_variable("w", [2])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/a.ckpt")
tf.reset_default_graph()
with tf.variable_scope("b"):
    tf.get_variable("w", [2])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "/tmp/b.ckpt")

# %% the restoring Saver maps names explicitly
import tensorflow as tf

with tf.variable_scope("train"):
    tf.get_variable("w", [2])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/m")
tf.reset_default_graph()
with tf.variable_scope("eval"):
    w = tf.get_variable("w", [2])
restorer = tf.train.Saver({"train/w": w})
with tf.Session() as sess:
    restorer.restore(sess, "/tmp/m")

# %% a scope in a variable and the same literal
import tensorflow as tf

SCOPE = "net"


def train():
    with tf.variable_scope(SCOPE):
        tf.get_variable("w", [3])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "/tmp/net")


def restore():
    tf.reset_default_graph()
    with tf.variable_scope("net"):
        tf.get_variable("w", [3])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, "/tmp/net")


# %% f-string and literal with the same value
import tensorflow as tf

tag = "v2"
with tf.variable_scope(f"model_{tag}"):
    tf.get_variable("w", [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/v2")
tf.reset_default_graph()
with tf.variable_scope("model_v2"):
    tf.get_variable("w", [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "/tmp/v2")

# %% restore only, from a checkpoint another program wrote
import tensorflow as tf

with tf.variable_scope("inference"):
    tf.get_variable("w", [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "/tmp/pretrained.ckpt")

# %% save and restore in one graph, with one Saver
import tensorflow as tf

with tf.variable_scope("model"):
    tf.get_variable("w", [3])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/same")
with tf.Session() as sess:
    saver.restore(sess, "/tmp/same")

# %% the scope comes from the caller and is unknown here
import tensorflow as tf


def train(scope):
    with tf.variable_scope(scope):
        tf.get_variable("w", [3])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "/tmp/s")


def evaluate():
    tf.reset_default_graph()
    with tf.variable_scope("model"):
        tf.get_variable("w", [3])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, "/tmp/s")


# %% methods that build under the same scope
import tensorflow as tf


class Runner(object):
    scope = "agent"

    def build(self):
        with tf.variable_scope("agent"):
            return tf.get_variable("q", [4])

    def train(self):
        self.build()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, "/tmp/agent")

    def play(self):
        tf.reset_default_graph()
        self.build()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, "/tmp/agent")
