"""RNN cells and drivers in session graph code (codemods/sessions/rnn.py): the inline cases
of its docstring, through the whole pipeline. Execution is proven by the golden case
session_rnn_cells_dynamic_rnn_sequence_length."""
from __future__ import annotations

import pytest

from tests.pipeline import migrate, reasons

HEAD = ("import tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 5, 3])\n"
        "keep = tf.placeholder(tf.float32, [])\n")
RUN = ("outputs, state = tf.nn.dynamic_rnn({cell}, x, dtype=tf.float32, swap_memory=True)\n"
       "with tf.Session() as sess:\n    sess.run(tf.global_variables_initializer())\n"
       "    print(sess.run(outputs, {{x: a}}))\n")


@pytest.mark.parametrize("made, expected", [
    ("cell = tf.nn.rnn_cell.GRUCell(4)\n", "cell = GRUCell(4)\n"),
    ("cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4) for _ in range(2)])\n",
     "cell = MultiRNNCell([BasicLSTMCell(4) for _ in range(2)])\n"),
    ("cells = [tf.contrib.rnn.LSTMCell(4), tf.nn.rnn_cell.LSTMCell(2)]\n"
     "cell = tf.nn.rnn_cell.MultiRNNCell(cells)\n",
     "cells = [LSTMCell(4), LSTMCell(2)]\ncell = MultiRNNCell(cells)\n"),
    ("cell = tf.nn.rnn_cell.BasicRNNCell(4)\n"
     "cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=0.5)\n",
     "cell = BasicRNNCell(4)\ncell = DropoutWrapper(cell, output_keep_prob=0.5)\n"),
])
def test_rewrite_cells_made_once_and_the_driver_the_emitted_function(made, expected):
    out = migrate(HEAD + made + RUN.format(cell="cell")).code
    assert expected in out
    assert "def outputs_state(x):\n    return dynamic_rnn(cell, x, dtype=tf.float32)\n" in out
    assert "tf.nn.rnn_cell." not in out.replace("TF1's `tf.nn.rnn_cell.", "")
    assert "Session" not in out and "compat" not in out


def test_a_wrapper_of_a_fed_keep_probability_is_made_on_every_call_around_the_cell():
    out = migrate(HEAD + "cell = tf.nn.rnn_cell.GRUCell(4)\n"
                         "cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=keep)\n"
                  + RUN.replace("{{x: a}}", "{{x: a, keep: 0.5}}").format(cell="cell")).code
    assert "cell_cell = GRUCell(4)\n" in out
    assert "def cell(keep):\n    return DropoutWrapper(cell_cell, output_keep_prob=keep)\n" in out
    assert "    return dynamic_rnn(cell(keep), x, dtype=tf.float32)\n" in out


def test_keep_a_cell_made_inside_a_function_is_not_this_rewrite():
    code = HEAD + "def make():\n    return tf.nn.rnn_cell.GRUCell(4)\n"
    assert "GRUCell(4)" in migrate(code).code  # only renamed (compat), never an emitted class
    assert "class GRUCell" not in migrate(code).code


@pytest.mark.parametrize("made, reason", [
    ("cell = tf.nn.rnn_cell.LSTMCell(4, use_peepholes=True)\n",
     "tf.nn.rnn_cell.LSTMCell(use_peepholes=...) has no conversion here"),
    ("cell = tf.nn.rnn_cell.GRUCell(4, activation=tf.nn.relu6 if keep else None)\n",
     "made from graph tensors (a fed keep probability) would be made again on every call"),
    ("cell = tf.nn.rnn_cell.DropoutWrapper(other, output_keep_prob=0.5)\n",
     "tf.nn.rnn_cell.DropoutWrapper of a cell not made here"),
])
def test_refuse_cells_it_cannot_reproduce(made, reason):
    migration = migrate(HEAD + made + RUN.format(cell="cell"))
    assert "Session" in migration.code
    assert any(reason in m for m in reasons(migration)), reasons(migration)


def test_a_variable_scope_block_around_cells_and_their_rnn_goes_into_the_rnn_scope():
    code = HEAD + ("with tf.variable_scope('encode'):\n    cell = tf.nn.rnn_cell.GRUCell(4)\n"
                   + RUN.split("with tf.Session")[0].replace("outputs, state", "    outputs, state")
                   + "with tf.Session" + RUN.split("with tf.Session")[1]).format(cell="cell")
    out = migrate(code).code
    assert "variable_scope" not in out
    assert "    return dynamic_rnn(cell, x, dtype=tf.float32, scope=\"encode/rnn\")\n" in out


def test_a_layer_in_a_module_level_variable_scope_block_is_refused():
    code = HEAD + ("with tf.variable_scope('encode'):\n    h = tf.layers.dense(x, 4)\n"
                   "with tf.Session() as sess:\n    print(sess.run(h, {x: a}))\n")
    migration = migrate(code)
    assert any("in a tf.variable_scope block at module level" in m for m in reasons(migration))
