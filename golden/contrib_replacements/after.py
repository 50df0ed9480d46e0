import tensorflow as tf

num_hidden = 8
inputs = [tf.ones([2, 4]) for _ in range(3)]

# RNN cells lived in contrib before TF 1.x moved them to tf.nn.rnn_cell
cell = tf.compat.v1.nn.rnn_cell.BasicLSTMCell(num_hidden, forget_bias=1.0)
outputs, state = tf.compat.v1.nn.static_rnn(cell, inputs, dtype=tf.float32)
