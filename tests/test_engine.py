"""The engine: composed passes equal one-pass-per-codemod, warnings point at original lines."""
from __future__ import annotations

import pytest

from codemods.registry import build_pipeline
from migrate import engine
from migrate.engine import migrate_code
from migrate.sources import decode
from tests.golden_cases import golden_cases

CASES = golden_cases()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_composed_traversal_equals_separate_passes(case, monkeypatch):
    text = decode(case.before.read_bytes()).text
    composed = migrate_code(text, build_pipeline())
    monkeypatch.setattr(engine, "_groups", lambda codemods: [[c] for c in codemods])
    separate = migrate_code(text, build_pipeline())
    assert composed.code == separate.code
    assert composed.changed_by == separate.changed_by
    assert [(w["line"], w["message"]) for w in composed.warnings] == \
        [(w["line"], w["message"]) for w in separate.warnings]


def test_warning_lines_refer_to_the_original_text():
    code = ("import tensorflow as tf\n"
            "tf.disable_v2_behavior()\n"
            "\n"
            "x = tf.placeholder(tf.float32)\n")
    migration = migrate_code(code, build_pipeline())
    lines = {w["codemod"]: w["line"] for w in migration.warnings}
    assert lines == {"compat_fallback": 4, "upgrade_imports": 2}
    assert "first tf.compat.v1.placeholder" in [
        w["message"] for w in migration.warnings if w["codemod"] == "upgrade_imports"][0]


def test_warning_columns_refer_to_the_original_text():
    """Warnings are placed while the changed file is printed: columns of changed lines are
    mapped back to the line as the user wrote it."""
    code = ("import tensorflow as tf\n"
            "step = tf.to_float(tf.train.get_or_create_global_step())\n"
            "y = tf.log(step) + tf.train.get_global_step()\n")
    migration = migrate_code(code, build_pipeline())
    assert "tf.compat.v1.train.get_global_step()" in migration.code
    where = {w["message"].split()[0]: (w["line"], w["col"]) for w in migration.warnings
             if w["codemod"] == "compat_fallback"}
    assert where == {"tf.train.get_or_create_global_step": (2, 20),
                     "tf.train.get_global_step": (3, 20)}


def test_a_warning_on_a_removed_statement_keeps_its_line():
    code = ("import tensorflow as tf\n"
            "\n"
            "x = tf.placeholder(tf.float32, [None, 2])\n"
            "sess = tf.Session()\n"
            "print(sess.run(x * 2, {x: [[1, 2]]}), tf.get_default_graph())\n")
    migration = migrate_code(code, build_pipeline())
    assert migration.warnings
    for warning in migration.warnings:
        assert code.splitlines()[warning["line"] - 1].strip(), warning


def test_only_composable_neighbours_share_a_traversal():
    class A:
        COMPOSABLE = True

    class B:
        COMPOSABLE = True

    class C:
        COMPOSABLE = False

    assert engine._groups([A, B, C, A]) == [[A, B], [C], [A]]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_start_positions_agree_with_libcst(case):
    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    from migrate.positions import start_positions

    module = cst.parse_module(decode(case.before.read_bytes()).text)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    nodes = [n for n in expected if isinstance(
        n, (cst.Name, cst.Attribute, cst.Call, cst.SimpleStatementLine, cst.Arg))]
    found = start_positions(module, nodes)
    assert nodes and all(
        found[n] == (expected[n].start.line, expected[n].start.column + 1) for n in nodes)
