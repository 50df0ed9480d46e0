# Clean forms for TFL001: every read comes after something that initialises or restores.

# %% initializer first, then reads
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 3])
w = tf.get_variable("w", [3, 2])
y = tf.matmul(x, w)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(y, feed_dict={x: [[1.0, 2.0, 3.0]]}))

# %% restore from a checkpoint before reading
import tensorflow as tf

w = tf.get_variable("w", [3, 2])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "/tmp/model.ckpt")
    print(sess.run(w))

# %% an assign initialises the variable it writes (value read afterwards)
import tensorflow as tf

image = tf.get_variable("image", [1, 8, 8, 3])
content = tf.constant(0.5, shape=[1, 8, 8, 3])
reset_image = image.assign(content)
with tf.Session() as sess:
    sess.run(reset_image)
    print(sess.run(tf.reduce_mean(image)))
    sess.run(image.assign(tf.zeros([1, 8, 8, 3])))

# %% op.run() in the default session, then Tensor.eval
import tensorflow as tf

bias = tf.Variable(tf.zeros([4]))
with tf.Session() as sess:
    tf.global_variables_initializer().run()
    print(bias.eval())

# %% the session is handed to a helper that initialises it
import tensorflow as tf


def warm_start(sess, path):
    tf.train.Saver().restore(sess, path)


def predict(inputs, path):
    logits = tf.layers.dense(inputs, 10)
    with tf.Session() as sess:
        warm_start(sess, path)
        return sess.run(logits)


# %% restore or initialise on alternative branches, read after both
import tensorflow as tf

w = tf.get_variable("w", [2])
saver = tf.train.Saver()
with tf.Session() as sess:
    checkpoint = tf.train.latest_checkpoint("/tmp/run")
    if checkpoint:
        saver.restore(sess, checkpoint)
    else:
        sess.run(tf.global_variables_initializer())
    print(sess.run(w))

# %% a graph of placeholders and constants only
import tensorflow as tf

a = tf.placeholder(tf.float32)
b = tf.constant(3.0)
with tf.Session() as sess:
    print(sess.run(a * b, feed_dict={a: 2.0}))

# %% the init op is named, run through a method of the model
import tensorflow as tf


class Model(object):
    def __init__(self):
        self.w = tf.get_variable("w", [4, 4])
        self.out = tf.reduce_sum(self.w)
        self.init = tf.global_variables_initializer()

    def run(self):
        sess = tf.Session()
        sess.run(self.init)
        return sess.run(self.out)


# %% each new session initialises before it reads
import tensorflow as tf

w = tf.Variable(10)
sess1 = tf.Session()
sess2 = tf.Session()
sess1.run(w.initializer)
sess2.run(w.initializer)
print(sess1.run(w.assign_add(10)), sess2.run(w.assign_sub(2)))

# %% try to restore, initialise when that fails
import tensorflow as tf

w = tf.get_variable("w", [2])
saver = tf.train.Saver()
with tf.Session() as sess:
    try:
        saver.restore(sess, "/tmp/model.ckpt")
    except tf.errors.NotFoundError:
        sess.run(tf.global_variables_initializer())
    print(sess.run(w))

# %% the initializer op is made after the whole graph
import tensorflow as tf

w = tf.get_variable("w", [4, 1])
loss = tf.reduce_sum(tf.square(w))
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
init = tf.global_variables_initializer()
with tf.Session() as sess:
    sess.run(init)
    sess.run(train_op)
