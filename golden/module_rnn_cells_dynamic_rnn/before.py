"""An encoder-decoder and a sequence summary built from TF1's RNN cells, each in its scope."""
import tensorflow as tf


def encode(inputs, lengths, num_units, scope="encoder"):
    with tf.variable_scope(scope):
        cell_fw = tf.nn.rnn_cell.LSTMCell(num_units, forget_bias=1.0)
        cell_bw = tf.nn.rnn_cell.LSTMCell(num_units, forget_bias=1.0)
        (out_fw, out_bw), (state_fw, state_bw) = tf.nn.bidirectional_dynamic_rnn(
            cell_fw, cell_bw, inputs, sequence_length=lengths, dtype=tf.float32)
        outputs = tf.concat([out_fw, out_bw], axis=-1)
        c = tf.concat([state_fw.c, state_bw.c], axis=-1)
        h = tf.concat([state_fw.h, state_bw.h], axis=-1)
        return outputs, tf.nn.rnn_cell.LSTMStateTuple(c, h)


def decode(targets, initial_state, num_units, scope="decoder"):
    with tf.variable_scope(scope):
        cell = tf.contrib.rnn.BasicLSTMCell(2 * num_units)
        outputs, _ = tf.nn.dynamic_rnn(cell, targets, initial_state=initial_state)
        return tf.layers.dense(outputs, 3, name="projection")


def summarize(inputs, num_units, keep_prob=1.0, scope="summary"):
    with tf.variable_scope(scope):
        cell = tf.nn.rnn_cell.GRUCell(num_units, activation=tf.nn.relu)
        cell = tf.nn.rnn_cell.DropoutWrapper(cell, input_keep_prob=keep_prob)
        batch = tf.shape(inputs)[1]
        state0 = cell.zero_state(batch, tf.float32)
        _, state = tf.nn.dynamic_rnn(cell, inputs, initial_state=state0, time_major=True)
        return state


def seq2seq(source, lengths, target, summary_in, num_units=4):
    memory, state = encode(source, lengths, num_units)
    logits = decode(target, state, num_units)
    return logits, summarize(summary_in, num_units), tf.reduce_mean(memory)
