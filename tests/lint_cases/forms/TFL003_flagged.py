# Flagged forms of TFL003: a Saver is built before variables it should cover.

# %% module-level script: Saver before Adam's slots
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
w = tf.get_variable("w", [2, 1])
loss = tf.reduce_mean(tf.square(tf.matmul(x, w)))
saver = tf.train.Saver()  # expect: TFL003
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run(train_op, feed_dict={x: batch})
    saver.save(sess, "/tmp/model.ckpt")

# %% main(): the global step is created after the Saver
import tensorflow as tf


def main():
    logits = tf.layers.dense(tf.zeros([4, 3]), 2)
    loss = tf.reduce_mean(logits)
    saver = tf.train.Saver(max_to_keep=5)  # expect: TFL003
    global_step = tf.Variable(0, name="global_step", trainable=False)
    train_op = tf.train.GradientDescentOptimizer(0.1).minimize(loss, global_step=global_step)
    with tf.Session() as sess:
        saver.restore(sess, tf.train.latest_checkpoint("/tmp/run"))
        sess.run(train_op)


# %% method: __init__ builds the Saver, then the training op
import tensorflow as tf


class Agent(object):
    def __init__(self, n_actions):
        self.obs = tf.placeholder(tf.float32, [None, 8])
        self.q = tf.layers.dense(self.obs, n_actions)
        self.saver = tf.train.Saver()  # expect: TFL003
        self._build_train_op()

    def _build_train_op(self):
        self.loss = tf.reduce_mean(tf.square(self.q))
        self.train_op = tf.train.RMSPropOptimizer(2.5e-4).minimize(self.loss)

    def save(self, sess, path):
        self.saver.save(sess, path)


# %% a helper returns the Saver, the caller builds the optimizer afterwards
import tensorflow as tf


def make_saver():
    return tf.train.Saver(max_to_keep=3)  # expect: TFL003


def train(loss):
    saver = make_saver()
    step = tf.train.MomentumOptimizer(0.01, 0.9).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(step)
        saver.save(sess, "/tmp/ckpt")


# %% tf.compat.v1 spelled out
import tensorflow as tf

v = tf.compat.v1.get_variable("v", [3])
cost = tf.reduce_sum(tf.square(v))
saver = tf.compat.v1.train.Saver()  # expect: TFL003
update = tf.compat.v1.train.AdagradOptimizer(0.1).minimize(cost)
with tf.compat.v1.Session() as sess:
    saver.restore(sess, "/tmp/v.ckpt")
    sess.run(update)

# %% var_list=tf.global_variables() is a snapshot too
import tensorflow as tf

w = tf.get_variable("w", [5, 5])
loss = tf.nn.l2_loss(w)
saver = tf.train.Saver(tf.global_variables())  # expect: TFL003
optimizer = tf.train.AdamOptimizer()
train_op = optimizer.minimize(loss)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/w.ckpt")

# %% more layers built by a helper after the Saver, inside a loop
import tensorflow as tf


def head(features, scope):
    with tf.variable_scope(scope):
        return tf.layers.dense(features, 1)


features = tf.layers.dense(tf.zeros([2, 16]), 16)
saver = tf.train.Saver()  # expect: TFL003
outputs = []
for task in ["price", "volume"]:
    outputs.append(head(features, task))
with tf.Session() as sess:
    saver.save(sess, "/tmp/multi.ckpt")

# %% after reset_default_graph, the second graph gets its Saver too early
import tensorflow as tf

a = tf.get_variable("a", [1])
first_saver = tf.train.Saver()
tf.reset_default_graph()
b = tf.get_variable("b", [1])
second_saver = tf.train.Saver()  # expect: TFL003
opt = tf.train.AdamOptimizer(0.01).minimize(tf.reduce_sum(b))
with tf.Session() as sess:
    second_saver.restore(sess, "/tmp/b.ckpt")

# %% the optimizer is kept on self and used in a later method call
import tensorflow as tf


class Model(object):
    def __init__(self):
        self.optimizer = tf.train.AdamOptimizer(1e-4)
        self.w = tf.get_variable("w", [10])
        self.saver = tf.train.Saver()  # expect: TFL003
        self.train_op = self.optimizer.minimize(tf.reduce_sum(self.w))

    def checkpoint(self, sess):
        self.saver.save(sess, "/tmp/m")
