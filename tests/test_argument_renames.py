"""Call-signature rewrites that the generated tables do not cover on their own."""
from __future__ import annotations

import pytest

from codemods.registry import build_pipeline
from migrate.engine import migrate_code


def migrate(line: str):
    return migrate_code("import tensorflow as tf\n" + line + "\n", build_pipeline())


@pytest.mark.parametrize("before, after", [
    ("a = tf.assert_less_equal(n, m)", "a = tf.debugging.assert_less_equal(n, m)"),
    ("b = tf.assert_equal(x, y, message='bad', name='eq')",
     "b = tf.debugging.assert_equal(x, y, message='bad', name='eq')"),
    ("c = tf.assert_positive(x, summarize=3)", "c = tf.debugging.assert_positive(x, summarize=3)"),
    ("d = tf.assert_rank(x, 2)", "d = tf.debugging.assert_rank(x, 2)"),
])
def test_tf1_asserts_without_data_become_tf_debugging(before, after):
    migration = migrate(before)
    assert migration.code.splitlines()[1] == after
    assert migration.warnings == []


@pytest.mark.parametrize("before, after, reason", [
    ("e = tf.assert_less(x, y, [x, y])", "e = tf.compat.v1.assert_less(x, y, [x, y])",
     "`data` argument"),
    ("f = tf.assert_greater(x, y, data=[x])", "f = tf.compat.v1.assert_greater(x, y, data=[x])",
     "`data` argument"),
    ("g = tf.assert_rank(x, 2, summarize=3)", "g = tf.compat.v1.assert_rank(x, 2, summarize=3)",
     "has no summarize="),
])
def test_tf1_asserts_with_what_tf2_lacks_stay_on_compat_with_the_reason(before, after, reason):
    migration = migrate(before)
    assert migration.code.splitlines()[1] == after
    assert [reason in w["message"] for w in migration.warnings] == [True]
