"""tf.losses.* at default weighting -> the mean of the TF2 loss; everything else is left alone.

The values are proven equal by golden/losses_mean_reductions (run under TF1 and TF2)."""
from __future__ import annotations

from codemods.registry import build_pipeline
from migrate.engine import migrate_code


def migrate(code: str):
    return migrate_code(code, build_pipeline(select=["losses"]))


def test_every_import_form_is_rewritten_and_operands_keep_their_grouping():
    out = migrate("import tensorflow.compat.v1 as tf1\n"
                  "from tensorflow import losses\n"
                  "a = tf1.losses.absolute_difference(y, p + q)\n"
                  "b = losses.sparse_softmax_cross_entropy(labels=y, logits=z, scope='s')\n").code
    assert "a = tf1.reduce_mean(tf1.abs(tf1.subtract(p + q, y)))\n" in out
    assert "b = tf1.reduce_mean(tf1.nn.sparse_softmax_cross_entropy_with_logits(" \
           "labels=y, logits=z))\n" in out
    assert "import losses" not in out


def test_weighted_smoothed_or_collected_losses_are_left_alone():
    code = ("import tensorflow as tf\n"
            "a = tf.losses.mean_squared_error(y, p, weights=w)\n"
            "b = tf.losses.softmax_cross_entropy(y, z, label_smoothing=0.1)\n"
            "c = tf.losses.mean_squared_error(y, p, reduction=tf.losses.Reduction.SUM)\n")
    assert migrate(code).code == code


def test_a_file_that_reads_the_loss_collection_keeps_its_tf1_losses():
    code = ("import tensorflow as tf\n"
            "a = tf.losses.mean_squared_error(y, p)\n"
            "total = tf.losses.get_total_loss()\n")
    migration = migrate(code)
    assert migration.code == code
    assert any("reads the loss collection" in w["message"] for w in migration.warnings)
