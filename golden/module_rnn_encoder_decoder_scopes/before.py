"""Encoder and (stacked) decoder cells, each in its own scope of one model function."""
import tensorflow as tf


def translate(source, source_lengths, target, hidden=8, vocab=5):
    with tf.variable_scope("encoder"):
        enc_cell = tf.nn.rnn_cell.BasicRNNCell(hidden)
        _, enc_state = tf.nn.dynamic_rnn(enc_cell, source, sequence_length=source_lengths,
                                         dtype=tf.float32)
    with tf.variable_scope("decoder"):
        dec_cell = tf.nn.rnn_cell.MultiRNNCell([
            tf.nn.rnn_cell.BasicRNNCell(hidden, activation=tf.nn.relu),
            tf.nn.rnn_cell.BasicRNNCell(hidden)])
        dec_out, _ = tf.nn.dynamic_rnn(dec_cell, target, initial_state=(enc_state, enc_state))
    return tf.layers.dense(dec_out, vocab, name="logits")
