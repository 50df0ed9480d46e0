# Clean forms for TFL003: the Saver sees every variable it is meant to save.

# %% Saver built last
import tensorflow as tf

w = tf.get_variable("w", [2, 1])
loss = tf.reduce_sum(w)
train_op = tf.train.AdamOptimizer(0.1).minimize(loss)
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/model.ckpt")

# %% plain gradient descent has no slot variables
import tensorflow as tf

w = tf.get_variable("w", [2, 1])
saver = tf.train.Saver()
step = tf.train.GradientDescentOptimizer(0.1).minimize(tf.reduce_sum(w))
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/sgd.ckpt")

# %% an export branch makes its variables, its Saver, and returns
import tensorflow as tf


def create_model(inputs):
    return tf.layers.dense(inputs, 4)


def run(mode, inputs):
    if mode == "export":
        outputs = create_model(inputs)
        exporter = tf.train.Saver()
        with tf.Session() as sess:
            exporter.restore(sess, "/tmp/train.ckpt")
            exporter.save(sess, "/tmp/export.ckpt")
        return outputs
    outputs = create_model(inputs)
    train_op = tf.train.AdamOptimizer().minimize(tf.reduce_sum(outputs))
    saver = tf.train.Saver()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        saver.save(sess, "/tmp/train.ckpt")


# %% an explicit var_list names what is saved
import tensorflow as tf

w = tf.get_variable("w", [3])
saver = tf.train.Saver(var_list={"weights": w})
train_op = tf.train.AdamOptimizer().minimize(tf.reduce_sum(w))
with tf.Session() as sess:
    saver.restore(sess, "/tmp/w.ckpt")

# %% a later variable with its own initializer and its own Saver
import tensorflow as tf

embed_matrix = tf.get_variable("embed_matrix", [1000, 64])
saver = tf.train.Saver()
with tf.Session() as sess:
    saver.restore(sess, "/tmp/word2vec.ckpt")
    values = sess.run(embed_matrix)
    projected = tf.Variable(values[:500], name="projected")
    sess.run(projected.initializer)
    tf.train.Saver([projected]).save(sess, "/tmp/projector/model.ckpt")

# %% a variable made after the Saver but never used
import tensorflow as tf

w = tf.get_variable("w", [4])
saver = tf.train.Saver()
scratch = tf.Variable(123)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/demo.ckpt")

# %% a later helper only fetches existing variables (reuse=True)
import tensorflow as tf


def get_weights(layer_name):
    with tf.variable_scope("network/" + layer_name, reuse=True):
        return tf.get_variable("weights")


with tf.variable_scope("network/conv1"):
    tf.get_variable("weights", [3, 3, 1, 8])
saver = tf.train.Saver()
conv1_weights = get_weights("conv1")
with tf.Session() as sess:
    saver.restore(sess, "/tmp/net.ckpt")
    print(sess.run(conv1_weights))

# %% reset_default_graph after the Saver: later variables belong to a new graph
import tensorflow as tf

w = tf.get_variable("w", [1])
saver = tf.train.Saver()
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    saver.save(sess, "/tmp/first.ckpt")
tf.reset_default_graph()
v = tf.get_variable("v", [1])
train = tf.train.AdamOptimizer().minimize(tf.reduce_sum(v))

# %% the Saver and the optimizer sit in different graphs
import tensorflow as tf

serving = tf.Graph()
with serving.as_default():
    w = tf.get_variable("w", [2])
    saver = tf.train.Saver()
training = tf.Graph()
with training.as_default():
    v = tf.get_variable("v", [2])
    step = tf.train.AdamOptimizer().minimize(tf.reduce_sum(v))
with tf.Session(graph=serving) as sess:
    saver.restore(sess, "/tmp/serving.ckpt")

# %% Saver in one branch, the training op in the other
import tensorflow as tf


def setup(loss, inference):
    if inference:
        saver = tf.train.Saver()
        return saver
    else:
        train_op = tf.train.AdamOptimizer().minimize(loss)
        return train_op
