"""Graph code that rebinds a name as it goes (`layer_1 = tf.nn.relu(layer_1)`), the way many
tutorials write a layer, an accuracy or a reshape."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(5)
data = rng.rand(48, 4).astype(np.float32)
labels = np.eye(2, dtype=np.float32)[(data.sum(axis=1) > 2).astype(int)]

x = tf.placeholder(tf.float32, [None, 4])
y = tf.placeholder(tf.float32, [None, 2])
keep_prob = tf.placeholder(tf.float32)
W1 = tf.Variable(rng.randn(4, 8).astype(np.float32) * 0.5, name="W1")
b1 = tf.Variable(tf.zeros([8]), name="b1")
W2 = tf.Variable(rng.randn(8, 2).astype(np.float32) * 0.5, name="W2")
b2 = tf.Variable(tf.zeros([2]), name="b2")

# hidden layer with ReLU activation and dropout
layer_1 = tf.add(tf.matmul(x, W1), b1)
layer_1 = tf.nn.relu(layer_1)
layer_1 = tf.nn.dropout(layer_1, keep_prob)
# output layer
out_layer = tf.matmul(layer_1, W2) + b2
loss_op = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(labels=y, logits=out_layer))
train_op = tf.train.AdamOptimizer(learning_rate=0.05).minimize(loss_op)
acc = tf.equal(tf.argmax(out_layer, 1), tf.argmax(y, 1))
acc = tf.reduce_mean(tf.cast(acc, tf.float32))

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(1, 61):
        sess.run(train_op, feed_dict={x: data, y: labels, keep_prob: 1.0})
        if step % 20 == 0:
            loss, accuracy = sess.run([loss_op, acc], feed_dict={x: data, y: labels,
                                                                keep_prob: 1.0})
            print("step %d loss %.4f accuracy %.3f" % (step, loss, accuracy))
