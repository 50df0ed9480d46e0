"""Summaries in session scripts (codemods/sessions/summaries.py): the inline cases of its
docstring through the whole pipeline. Running them needs TensorBoard, which the test extras do
not install; the closing note of stop 22 gives the run (nlintz 09_tensorboard, aymericdamien
tensorboard_basic: same variables, same numbers)."""
from __future__ import annotations

import pytest

from tests.pipeline import migrate, reasons

SCRIPT = ("import tensorflow as tf\n\nx = tf.placeholder(tf.float32, [None, 2])\n"
          "w = tf.Variable(tf.zeros([2, 1]), name='w')\n"
          "loss = tf.reduce_mean(tf.square(tf.matmul(x, w) - 1.0))\n"
          "train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)\n"
          "with tf.name_scope('metrics'):\n    tf.summary.scalar('loss', loss)\n"
          "tf.summary.histogram('w', w)\nmerged = tf.summary.merge_all()\n"
          "with tf.Session() as sess:\n"
          "    writer = tf.summary.FileWriter('./logs', sess.graph)\n"
          "    sess.run(tf.global_variables_initializer())\n"
          "    for step in range(3):\n"
          "        summary, _ = sess.run([merged, train], {x: [[1.0, 2.0]]})\n"
          "        writer.add_summary(summary, step)\n    writer.close()\n")


def test_rewrite_summaries_merge_all_file_writer_and_add_summary():
    migration = migrate(SCRIPT)
    out = migration.code
    assert 'merged_summaries = [("scalar", "metrics/loss"), ("histogram", "w")]\n' in out
    assert "def merged(x):\n    return [loss(x), w]\n" in out
    assert "writer = tf.summary.create_file_writer('./logs')\n" in out
    assert "summary = list(zip(merged_summaries, merged([[1.0, 2.0]])))\n" in out
    assert out.index("summary = list(zip(") < out.index("train([[1.0, 2.0]])")  # TF1: before
    assert "add_summary(writer, summary, step)\n" in out and "def add_summary(" in out
    assert "tf.summary.FileWriter" not in out and "compat" not in out and "Session" not in out
    assert any("wrote the graph for TensorBoard" in m for m in reasons(migration))


@pytest.mark.parametrize("change, reason", [
    (("writer.add_summary(summary, step)", "writer.add_summary(summary)"),
     "add_summary() without a step"),
    (("tf.summary.histogram('w', w)", "tf.summary.image('w', w)"), "tf.summary.image needs"),
    (("tf.summary.scalar('loss', loss)", "tf.summary.scalar(label, loss)"),
     "without a literal name"),
])
def test_refuse_summaries_it_cannot_write_the_same(change, reason):
    migration = migrate(SCRIPT.replace(*change))
    assert "Session" in migration.code
    assert any(reason in m for m in reasons(migration)), reasons(migration)
    assert not any("wrote the graph" in m for m in reasons(migration))
