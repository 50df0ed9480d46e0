# Flagged forms of TFL004: a checkpoint is restored into variables built under another scope.

# %% module-level script: save train_model/w, reset, restore under eval_model
import tensorflow as tf

CKPT = "/tmp/model.ckpt"
with tf.variable_scope("train_model"):
    w = tf.get_variable("w", [2, 2])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, CKPT)

tf.reset_default_graph()
with tf.variable_scope("eval_model"):
    w = tf.get_variable("w", [2, 2])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, CKPT)  # expect: TFL004

# %% train() under a scope, evaluate() without one
import tensorflow as tf


def net(x):
    w = tf.get_variable("w", [2, 2])
    return tf.matmul(x, w)


def train():
    with tf.variable_scope("model"):
        out = net(tf.ones([1, 2]))
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "./ckpt")


def evaluate():
    out = net(tf.ones([1, 2]))
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, "./ckpt")  # expect: TFL004
        return sess.run(out)


# %% scope names kept in variables
import tensorflow as tf

TRAIN_SCOPE = "trainer"
EVAL_SCOPE = "evaluator"


def build(scope):
    with tf.variable_scope(scope):
        return tf.layers.dense(tf.zeros([1, 4]), 2, name="logits")


def main():
    build(TRAIN_SCOPE)
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "/tmp/run/model")
    tf.reset_default_graph()
    build(EVAL_SCOPE)
    restorer = tf.train.Saver()
    with tf.Session() as sess:
        restorer.restore(sess, "/tmp/run/model")  # expect: TFL004


# %% f-string scopes with known parts
import tensorflow as tf

name = "policy"
with tf.variable_scope(f"{name}_train"):
    pi = tf.get_variable("pi", [4, 2])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/policy")
tf.reset_default_graph()
with tf.variable_scope(f"{name}_act"):
    pi = tf.get_variable("pi", [4, 2])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "/tmp/policy")  # expect: TFL004

# %% methods of an experiment class
import tensorflow as tf


class Experiment(object):
    def model(self):
        return tf.get_variable("theta", [8])

    def train(self):
        with tf.variable_scope("online"):
            self.model()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            saver.save(sess, "/tmp/exp")

    def evaluate(self):
        tf.reset_default_graph()
        with tf.variable_scope("target"):
            self.model()
        saver = tf.train.Saver()
        with tf.Session() as sess:
            saver.restore(sess, "/tmp/exp")  # expect: TFL004


# %% tf.compat.v1 import, two graphs as contexts
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
with tf.Graph().as_default():
    with tf.variable_scope("student"):
        tf.get_variable("w", [3])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "/tmp/distill")
with tf.Graph().as_default():
    with tf.variable_scope("teacher"):
        tf.get_variable("w", [3])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, "/tmp/distill")  # expect: TFL004

# %% a loop of evaluations, each in a fresh graph under another scope
import tensorflow as tf


def encoder():
    return tf.get_variable("kernel", [16, 16])


with tf.variable_scope("encoder"):
    encoder()
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/enc")
for trial in range(3):
    tf.reset_default_graph()
    with tf.variable_scope("encoder_eval"):
        encoder()
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, "/tmp/enc")  # expect: TFL004

# %% save in a helper, restore in main() after reset
import tensorflow as tf


def fit():
    with tf.variable_scope("gan/generator"):
        tf.get_variable("w", [100, 784])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver.save(sess, "/tmp/gan")


def main():
    fit()
    tf.reset_default_graph()
    with tf.variable_scope("generator"):
        tf.get_variable("w", [100, 784])
    saver = tf.train.Saver()
    with tf.Session() as sess:
        saver.restore(sess, "/tmp/gan")  # expect: TFL004
