"""`# tfmigrate: skip` keeps a statement (or a compound statement's whole block) as written."""
from __future__ import annotations

from codemods.registry import build_pipeline
from migrate.engine import keep_regions, migrate_code, skipped_regions
from migrate.file_migration import migrate_bytes

SOURCE = """import tensorflow as tf

x = tf.to_float(1)
y = tf.to_float(2)  # tfmigrate: skip


@tf.function
def keep(a):  # tfmigrate: skip
    return tf.log(tf.to_float(a))


z = tf.log(x)
"""


def test_skipped_statements_and_blocks_stay_as_written():
    migration = migrate_code(SOURCE, build_pipeline())
    lines = migration.code.splitlines()
    assert lines[2] == "x = tf.cast(1, tf.float32)"
    assert lines[3] == "y = tf.to_float(2)  # tfmigrate: skip"
    assert lines[6:9] == SOURCE.splitlines()[6:9]  # decorator and body too
    assert lines[11] == "z = tf.math.log(x)"
    assert migration.skipped == [(4, 4), (7, 9)]
    assert not [w for w in migration.warnings if 4 <= w["line"] <= 9]
    assert migrate_code(migration.code, build_pipeline()).code == migration.code  # fixpoint


def test_skipped_code_is_not_a_leftover_for_check():
    pipeline = build_pipeline()
    output, result = migrate_bytes("m.py", SOURCE.encode(), pipeline)
    assert [r["line"] for r in pipeline.residue(output.decode())] == [4, 9, 9]  # TF1 kept
    assert result.status == "changed" and result.residue == []  # on purpose: not reported


def test_only_comments_count_and_nothing_marked_changes_nothing():
    text = 'import tensorflow as tf\ns = "# tfmigrate: skip"\nx = tf.to_float(1)\n'
    assert skipped_regions(text) == []
    assert "tf.cast" in migrate_code(text, build_pipeline()).code


def test_keep_regions_undoes_a_removed_line_inside():
    original = "a\nsess = S()  # tfmigrate: skip\nb\n"
    migrated = "A\nb\n"
    assert keep_regions(original, migrated, [(2, 2)]) == "a\nsess = S()  # tfmigrate: skip\nb\n"
