# Flagged forms of TFL001: a Session reads a variable before any initializer or restore ran.

# %% module-level script, with-session
import numpy as np
import tensorflow as tf

features = tf.placeholder(tf.float32, [None, 4], name="features")
weights = tf.get_variable("weights", [4, 1])
bias = tf.Variable(tf.zeros([1]), name="bias")
score = tf.matmul(features, weights) + bias

with tf.Session() as sess:
    print(sess.run(score, feed_dict={features: np.ones([2, 4])}))  # expect: TFL001

# %% main(): model built by a helper, initializer run too late
import tensorflow as tf


def build_classifier(images, n_classes):
    hidden = tf.layers.dense(images, 64, activation=tf.nn.relu)
    return tf.layers.dense(hidden, n_classes)


def main():
    images = tf.placeholder(tf.float32, [None, 784])
    logits = build_classifier(images, 10)
    sess = tf.Session()
    init_op = tf.global_variables_initializer()
    predictions = sess.run(tf.argmax(logits, 1), feed_dict={images: batch})  # expect: TFL001
    sess.run(init_op)
    return predictions


# %% method: a trainer keeps its session on self
import tensorflow as tf


class Trainer(object):
    def __init__(self, learning_rate):
        self.x = tf.placeholder(tf.float32, [None, 3])
        self.w = tf.get_variable("w", [3, 1])
        self.loss = tf.reduce_mean(tf.square(tf.matmul(self.x, self.w)))
        self.train_op = tf.train.AdamOptimizer(learning_rate).minimize(self.loss)

    def fit(self, batches):
        self.sess = tf.Session()
        for batch in batches:
            self.sess.run(self.train_op, feed_dict={self.x: batch})  # expect: TFL001

# %% tf.compat.v1 alias bound to a name
import tensorflow as tf

v1 = tf.compat.v1
v1.disable_eager_execution()
counter = v1.get_variable("counter", [], initializer=v1.zeros_initializer())
with v1.Session() as session:
    print(session.run(counter + 1.0))  # expect: TFL001

# %% training loop before any initialisation
import tensorflow as tf

x = tf.placeholder(tf.float32, [None, 2])
y = tf.placeholder(tf.float32, [None, 1])
w = tf.Variable(tf.random_normal([2, 1]))
loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - y))
step = tf.train.GradientDescentOptimizer(0.01).minimize(loss)
with tf.Session() as sess:
    for epoch in range(100):
        _, value = sess.run([step, loss], feed_dict={x: xs, y: ys})  # expect: TFL001
        print(epoch, value)

# %% reset_default_graph between two graphs: the second one is never initialised
import tensorflow as tf

a = tf.get_variable("a", [2])
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    print(sess.run(a))

tf.reset_default_graph()
b = tf.get_variable("b", [2])
sess = tf.Session()
print(sess.run(b * 2.0))  # expect: TFL001

# %% InteractiveSession and Tensor.eval
import tensorflow as tf

sess = tf.InteractiveSession()
embedding = tf.get_variable("embedding", [100, 16])
looked_up = tf.nn.embedding_lookup(embedding, [1, 2, 3])
print(looked_up.eval())  # expect: TFL001

# %% eval with an explicit session inside a function
import tensorflow as tf


def report(sess_config):
    total = tf.Variable(0.0, name="total")
    doubled = total * 2.0
    sess = tf.Session(config=sess_config)
    value = doubled.eval(session=sess)  # expect: TFL001
    sess.close()
    return value


# %% assign that reads the variable it updates
import tensorflow as tf

step_count = tf.get_variable("step_count", [], dtype=tf.int32,
                             initializer=tf.zeros_initializer())
increment = step_count.assign(step_count + 1)
with tf.Session() as sess:
    sess.run(increment)  # expect: TFL001

# %% the initializer runs only on a branch that returns
import tensorflow as tf


def evaluate(fresh):
    w = tf.get_variable("w", [3, 3])
    out = tf.reduce_sum(w)
    with tf.Session() as sess:
        if fresh:
            sess.run(tf.global_variables_initializer())
            return None
        return sess.run(out)  # expect: TFL001

# %% the initializer op is made before the optimizer creates its slots
import tensorflow as tf

w = tf.get_variable("w", [4, 1])
loss = tf.reduce_sum(tf.square(w))
init = tf.global_variables_initializer()
train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
with tf.Session() as sess:
    sess.run(init)
    sess.run(train_op)  # expect: TFL001
