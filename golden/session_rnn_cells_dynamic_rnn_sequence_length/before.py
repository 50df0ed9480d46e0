"""Sequence classification with a two-layer LSTM over padded sequences: cells, MultiRNNCell
and dynamic_rnn with sequence_length at module level, trained with a session."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(5)
n_steps, n_input, n_hidden, n_classes = 6, 3, 8, 2

x = tf.placeholder(tf.float32, [None, n_steps, n_input])
lengths = tf.placeholder(tf.int32, [None])
y = tf.placeholder(tf.int64, [None])

cells = [tf.nn.rnn_cell.BasicLSTMCell(n_hidden) for _ in range(2)]
stack = tf.nn.rnn_cell.MultiRNNCell(cells)
outputs, state = tf.nn.dynamic_rnn(stack, x, sequence_length=lengths, dtype=tf.float32)
last = state[-1].h
w = tf.Variable(tf.truncated_normal([n_hidden, n_classes], stddev=0.1), name="w")
b = tf.Variable(tf.zeros([n_classes]), name="b")
logits = tf.matmul(last, w) + b
loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
train_op = tf.train.AdamOptimizer(0.02).minimize(loss)
accuracy = tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits, 1), y), tf.float32))

rng = np.random.RandomState(11)
data = rng.randn(40, n_steps, n_input).astype(np.float32)
seq_lengths = rng.randint(2, n_steps + 1, size=40).astype(np.int32)
labels = (data[np.arange(40), seq_lengths - 1, 0] > 0).astype(np.int64)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        _, value = sess.run([train_op, loss], {x: data, lengths: seq_lengths, y: labels})
        if step % 10 == 0:
            print("step %d loss %.4f" % (step, value))
    print("accuracy %.3f" % sess.run(accuracy, {x: data, lengths: seq_lengths, y: labels}))
    print("padded outputs are zero:", bool(np.all(sess.run(outputs, {x: data[:1], lengths: [2]})[0, 2:] == 0)))
