"""`tfmigrate lint` / `explain`: each hazard is found at its line, near-misses stay silent, and
every flagged case really raises its TF error when run (clean ones run cleanly)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hazards.registry import CHECKERS, hazard_codes, lint_code
from migrate.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "lint_cases"
FLAGGED = sorted((CASES / "flagged").glob("*.py"))
CLEAN = sorted((CASES / "clean").glob("*.py"))


def header(path: Path, key: str) -> str:
    for line in path.read_text().splitlines():
        if line.startswith(f"# {key}: "):
            return line.split(": ", 1)[1].strip()
    raise AssertionError(f"{path.name} has no '# {key}:' line")


def expected(path: Path) -> list[tuple[int, str]]:
    return [(number, line.rsplit("# expect: ", 1)[1].strip())
            for number, line in enumerate(path.read_text().splitlines(), 1)
            if "# expect: " in line]


@pytest.mark.parametrize("case", FLAGGED, ids=lambda p: p.stem)
def test_flagged_case_is_found_at_its_line(case: Path):
    wanted = expected(case)
    assert wanted and all(code == case.name[:6] for _, code in wanted)
    found = [(d.line, d.code) for d in lint_code(case.read_text(), str(case))]
    assert found == wanted


@pytest.mark.parametrize("case", CLEAN, ids=lambda p: p.stem)
def test_clean_near_miss_is_silent(case: Path):
    assert lint_code(case.read_text(), str(case)) == []


def test_every_code_has_flagged_and_clean_cases():
    codes = {c.CODE for c in CHECKERS}
    assert codes == {p.name[:6] for p in FLAGGED} == {p.name[:6] for p in CLEAN}


def run_cases(mode: str, cases: list[Path]) -> dict:
    out = subprocess.run([sys.executable, str(CASES / "run_cases.py"), mode,
                          *[str(c) for c in cases]], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout)


@pytest.mark.parametrize("mode", ["tf1", "tf2"])
def test_cases_behave_as_claimed_under_tensorflow(mode: str):
    """One process per TF mode: flagged cases raise the error their hazard predicts, the clean
    near-misses run without error."""
    pytest.importorskip("tensorflow")
    cases = [c for c in FLAGGED + CLEAN if header(c, "run") == mode]
    results = run_cases(mode, cases)
    for case in cases:
        error = results[str(case)]
        if case in CLEAN:
            assert error is None, f"{case.name}: {error}"
            continue
        types, _, text = header(case, "raises").partition(": ")
        assert error is not None, f"{case.name} ran without error"
        assert error["type"] in types.split("|"), f"{case.name}: {error}"
        assert text.lower() in error["message"].lower(), f"{case.name}: {error['message'][:500]}"


def test_import_forms_are_resolved_by_qualified_name():
    body = ("x = tf.constant([[1.0]])\nw = tf.get_variable('w', [1, 1])\ny = tf.matmul(x, w)\n"
            "with tf.Session() as sess:\n    sess.run(y)\n")
    for imports, alias in (("import tensorflow as tf\n", "tf"),
                           ("import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n", "tf"),
                           ("from tensorflow.compat import v1 as tf\n", "tf"),
                           ("import tensorflow as tf1\n", "tf1"),
                           ("import tensorflow\n", "tensorflow")):
        source = imports + body.replace("tf.", f"{alias}.")
        assert [(d.line, d.code) for d in lint_code(source)] == \
            [(imports.count("\n") + 5, "TFL001")], imports
    # a `tf` that is not TensorFlow is not TensorFlow
    assert lint_code("import mylib as tf  # not tensorflow\n" + body) == []


def test_lint_cli_exit_codes_text_and_json(tmp_path: Path):
    (tmp_path / "clean.py").write_text((CASES / "clean" / "TFL001_initialized.py").read_text())
    runner = CliRunner()
    clean = runner.invoke(main, ["lint", str(tmp_path), "-j", "1"])
    assert clean.exit_code == 0, clean.output
    singles = [c for c in FLAGGED if len(expected(c)) == 1][:3]
    for case in singles:
        (tmp_path / case.name).write_text(case.read_text())
    flagged = runner.invoke(main, ["lint", str(tmp_path), "-j", "2"])
    assert flagged.exit_code == 1
    lines = [line for line in flagged.stdout.splitlines() if line]
    assert lines == sorted(lines) and len(lines) == 3
    first = singles[0]
    line, code = expected(first)[0]
    assert lines[0].startswith(f"{tmp_path / first.name}:{line}:") and f": {code} " in lines[0]
    assert "3 hazards in 3 files" in flagged.stderr
    as_json = runner.invoke(main, ["lint", "--json", str(tmp_path), "-j", "1"])
    items = json.loads(as_json.stdout)
    assert [set(i) for i in items] == [{"path", "line", "col", "code", "message"}] * 3
    assert (items[0]["line"], items[0]["code"]) == (line, code)
    (tmp_path / "py2.py").write_text("import tensorflow as tf\nprint 'hello'\n")
    broken = runner.invoke(main, ["lint", str(tmp_path), "-j", "1"])
    assert broken.exit_code == 2
    assert f"{tmp_path / 'py2.py'}: error: line 2: not valid Python" in broken.stderr
    assert len([line for line in broken.stdout.splitlines() if line]) == 3  # the run went on


def test_lint_notebook_code_cells(tmp_path: Path):
    source = (CASES / "flagged" / "TFL002_layer_twice.py").read_text().splitlines(True)
    notebook = {"cells": [{"cell_type": "markdown", "source": ["# title"]},
                          {"cell_type": "code", "source": ["!pip install tensorflow\n"]},
                          {"cell_type": "code", "source": source}],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook))
    result = CliRunner().invoke(main, ["lint", "--json", str(tmp_path), "-j", "1"])
    assert result.exit_code == 1
    assert [i["code"] for i in json.loads(result.stdout)] == ["TFL002"]


def test_explain():
    runner = CliRunner()
    for checker in CHECKERS:
        result = runner.invoke(main, ["explain", checker.CODE.lower()])
        assert result.exit_code == 0
        assert result.output.startswith(f"{checker.CODE}: ")
        assert "Before:" in result.output and "After" in result.output
    unknown = runner.invoke(main, ["explain", "TFL999"])
    assert unknown.exit_code == 2 and "unknown code 'TFL999'" in unknown.stderr


def test_lint_never_imports_tensorflow():
    code = ("import sys; from click.testing import CliRunner; from migrate.cli import main; "
            f"CliRunner().invoke(main, ['lint', '-j', '1', {str(CASES)!r}]); "
            "CliRunner().invoke(main, ['explain', 'TFL001']); "
            "print('tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert out.stdout.strip() == "False", out.stderr


def test_hazard_codes_of_unparsable_text_is_empty():
    assert hazard_codes("import tensorflow\nprint 'x'\n") == set()


def test_report_lists_hazards_the_migration_removed(tmp_path: Path):
    """Two calls of a scoped layer function under one scope: TFL002 in TF1; the migration
    shares one module instance, so the hazard is gone. Unchanged files list nothing."""
    (tmp_path / "blocks.py").write_text(
        "import tensorflow as tf\n\n\n"
        "def block(x, scope):\n"
        "    with tf.variable_scope(scope):\n"
        "        w = tf.get_variable('w', [4, 4])\n"
        "        return tf.matmul(x, w)\n\n\n"
        "x = tf.zeros([2, 4])\nh = block(x, 'h0')\nh = block(h, 'h0')\n")
    (tmp_path / "eager.py").write_text(
        (CASES / "flagged" / "TFL005_function_variable.py").read_text())
    assert {d.code for d in lint_code((tmp_path / "blocks.py").read_text())} == {"TFL002"}
    report = tmp_path / "report.json"
    result = CliRunner().invoke(main, ["diff", str(tmp_path), "-j", "1", "--report", str(report)])
    assert result.exit_code == 1, result.output
    files = {Path(f["path"]).name: f for f in json.loads(report.read_text())["files"]}
    assert files["blocks.py"]["status"] == "changed"
    assert files["blocks.py"]["hazards_removed"] == ["TFL002"]
    assert files["eager.py"]["status"] == "unchanged"
    assert files["eager.py"]["hazards_removed"] == []
