"""An encoder-decoder: RNN cells in tf.variable_scope blocks at module level, the decoder
started from the encoder's state, trained through a session."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(2)
enc_in = tf.placeholder(tf.float32, [None, 4, 3])
dec_in = tf.placeholder(tf.float32, [None, 4, 3])
targets = tf.placeholder(tf.int64, [None, 4])
with tf.variable_scope("encode"):
    enc_cell = tf.nn.rnn_cell.GRUCell(5)
    outputs, enc_state = tf.nn.dynamic_rnn(enc_cell, enc_in, dtype=tf.float32)
with tf.variable_scope("decode"):
    dec_cell = tf.nn.rnn_cell.BasicRNNCell(5)
    dec_cell = tf.nn.rnn_cell.DropoutWrapper(dec_cell, output_keep_prob=1.0)
    outputs, dec_state = tf.nn.dynamic_rnn(dec_cell, dec_in, initial_state=enc_state,
                                           dtype=tf.float32)
w = tf.Variable(tf.random_normal([5, 3], stddev=0.1), name="proj")
logits = tf.einsum("btu,uc->btc", outputs, w)
cost = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(logits=logits, labels=targets))
train = tf.train.AdamOptimizer(0.05).minimize(cost)
rng = np.random.RandomState(0)
a, b = rng.randn(8, 4, 3).astype(np.float32), rng.randn(8, 4, 3).astype(np.float32)
t = rng.randint(0, 3, (8, 4))
sess = tf.Session()
sess.run(tf.global_variables_initializer())
for i in range(20):
    _, c = sess.run([train, cost], {enc_in: a, dec_in: b, targets: t})
    if i % 5 == 0:
        print(i, c)
