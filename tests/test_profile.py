"""`--profile` and the report's lint facts: what they print and what they must not change.

Cheap on purpose (in-process CLI on a tiny tree, no TensorFlow): speed itself is measured in
benchmarks/, never asserted here.
"""
from __future__ import annotations

import json
from pathlib import Path

import libcst as cst
from click.testing import CliRunner

import hazards.registry as registry
from hazards.analysis import _field_order
from hazards.registry import hazard_codes, hazards_removed
from migrate.cli import main

CASES = Path(__file__).resolve().parent / "lint_cases"
SCRIPT = "import tensorflow as tf\n\nx = tf.constant([1, 2])\ny = tf.to_float(x) * 2.0\n"


def _run(tmp_path: Path, *extra: str):
    report = tmp_path / f"report{len(extra)}.json"
    result = CliRunner().invoke(
        main, ["diff", "-j", "1", "--no-cache", "--report", str(report), str(tmp_path / "src"),
               *extra])
    return result, json.loads(report.read_text())


def test_profile_prints_phases_and_changes_nothing_else(tmp_path: Path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "model.py").write_text(SCRIPT)
    (tmp_path / "src" / "plain.py").write_text("print('hello')\n")
    plain, plain_report = _run(tmp_path)
    profiled, profiled_report = _run(tmp_path, "--profile")
    assert profiled.exit_code == plain.exit_code == 1
    assert profiled.stdout == plain.stdout and "tf.cast(x, tf.float32)" in plain.stdout
    assert profiled_report == plain_report  # the accounts stay out of the report
    assert "phase" not in plain.stderr
    rows = {line.split()[0] for line in profiled.stderr.splitlines()[2:]}
    for phase in ("parse", "name", "casts", "codegen", "diff", "report", "total"):
        assert phase in rows, profiled.stderr
    assert "1 of 2 files migrated here" in profiled.stderr  # plain.py is skipped on its bytes


def test_report_lints_the_output_only_for_codes_the_input_had(monkeypatch):
    before = (CASES / "flagged" / "TFL001_with_session.py").read_text()
    assert hazard_codes(before) == {"TFL001"}
    after = before.replace("with tf.Session() as sess:",
                           "with tf.Session() as sess:\n    sess.run(tf.global_variables_initializer())")
    assert hazards_removed(before, after) == ["TFL001"]
    assert hazards_removed(before, before) == []

    built = []
    original = registry.Analysis

    def spy(code, module=None, placed=True):
        built.append((code, module))
        return original(code, module, placed)

    monkeypatch.setattr(registry, "Analysis", spy)
    clean = (CASES / "clean" / "TFL001_initialized.py").read_text()
    tree = cst.parse_module(clean)
    assert hazards_removed(clean, before, tree) == []
    assert built == [(clean, tree)]  # the given tree, and no lint of `after` at all


def test_lint_walk_skips_whitespace_and_punctuation_fields():
    assert _field_order(cst.Call) == ("func", "args")
    assert _field_order(cst.Attribute) == ("value", "attr")
    assert _field_order(cst.ComparisonTarget) == ("comparator",)
    assert "body" in _field_order(cst.FunctionDef) and "leading_lines" not in \
        _field_order(cst.FunctionDef)
