import os
import tempfile

import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
rng = np.random.RandomState(0)
data_x = rng.rand(64, 4)
data_y = np.eye(3)[rng.randint(0, 3, 64)]

learning_rate = 0.01
n_hidden = 8

x = tf.placeholder(tf.float32, [None, 4], name="x")
y = tf.placeholder(tf.float32, [None, 3])

weights = {
    'h1': tf.Variable(tf.random_normal([4, n_hidden])),
    'out': tf.Variable(tf.random_normal([n_hidden, 3]))
}
biases = {
    'b1': tf.Variable(tf.random_normal([n_hidden])),
    'out': tf.Variable(tf.random_normal([3]))
}


def multilayer_perceptron(x):
    layer_1 = tf.nn.relu(tf.add(tf.matmul(x, weights['h1']), biases['b1']))
    return tf.matmul(layer_1, weights['out']) + biases['out']


logits = multilayer_perceptron(x)
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=logits, labels=y))
global_step = tf.Variable(0, name='global_step', trainable=False)
optimizer = tf.train.AdamOptimizer(learning_rate=learning_rate)
train_op = optimizer.minimize(loss_op, global_step=global_step)
correct = tf.equal(tf.argmax(logits, 1), tf.argmax(y, 1))
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32))

init = tf.global_variables_initializer()
saver = tf.train.Saver(max_to_keep=2)
ckpt_dir = tempfile.mkdtemp()

config = tf.ConfigProto(allow_soft_placement=True)
config.gpu_options.allow_growth = True
with tf.Session(config=config) as sess:
    sess.run(init)
    for step in range(1, 31):
        _, loss = sess.run([train_op, loss_op], feed_dict={x: data_x, y: data_y})
        if step % 10 == 0:
            acc = accuracy.eval({x: data_x, y: data_y})
            print("step", step, "loss {:.4f}".format(loss), "accuracy", acc)
            saver.save(sess, os.path.join(ckpt_dir, "model.ckpt"), global_step=global_step)
    print("global step", sess.run(global_step))

with tf.Session() as sess:
    saver.restore(sess, tf.train.latest_checkpoint(ckpt_dir))
    print("restored accuracy", sess.run(accuracy, feed_dict={x: data_x, y: data_y}))
