"""The CLI contract end to end: diffs that git applies, apply == diff, bad input isolation."""
from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import unidiff
from click.testing import CliRunner

from migrate.cli import main

ROOT = Path(__file__).resolve().parent.parent

TF1_SCRIPT = """import tensorflow as tf

x = tf.constant([1, 2, 3])
y = tf.to_float(x) * 2.0
"""
TF1_MIGRATED = """import tensorflow as tf

x = tf.constant([1, 2, 3])
y = tf.cast(x, tf.float32) * 2.0
"""
PY2_SCRIPT = 'import tensorflow as tf\nprint "loss", tf.to_float(1)\n'


def run_cli(*args: str, cwd: Path, input: bytes | None = None):
    """Run the real console entry point in a subprocess (exercises `python -m migrate`)."""
    return subprocess.run([sys.executable, "-m", "migrate", *args], cwd=cwd, input=input,
                          capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "pkg").mkdir(parents=True)
    (src / "pkg" / "model.py").write_text(TF1_SCRIPT)
    (src / "pkg" / "crlf.py").write_bytes(TF1_SCRIPT.replace("\n", "\r\n").encode())
    (src / "pkg" / "no_newline.py").write_text(TF1_SCRIPT.rstrip("\n"))
    (src / "plain.py").write_text("print('no tensorflow here')\n")
    (src / "empty.py").write_text("")
    (src / "legacy_py2.py").write_text(PY2_SCRIPT)
    (src / "latin1.py").write_bytes(b"import tensorflow as tf\nname = '\xe9t\xe9'\n")
    return src


def test_diff_applies_with_git_and_equals_apply(tree: Path, tmp_path: Path):
    result = run_cli("diff", "-j", "2", "src", cwd=tmp_path)
    assert result.returncode == 2, result.stderr  # the py2 and latin-1 files fail
    patch = result.stdout.decode()
    parsed = unidiff.PatchSet(patch)
    assert sorted(f.path for f in parsed) == ["src/pkg/crlf.py", "src/pkg/model.py",
                                              "src/pkg/no_newline.py"]
    assert [f.path for f in parsed] == sorted(f.path for f in parsed)  # sorted output

    copy = tmp_path / "copy"
    shutil.copytree(tree, copy / "src")
    subprocess.run(["git", "init", "-q"], cwd=copy, check=True)
    subprocess.run(["git", "apply", "-"], cwd=copy, input=result.stdout, check=True)

    applied = run_cli("apply", "src", cwd=tmp_path)
    assert applied.returncode == 2
    for name in ("pkg/model.py", "pkg/crlf.py", "pkg/no_newline.py", "plain.py"):
        assert (copy / "src" / name).read_bytes() == (tree / name).read_bytes(), name
    assert (tree / "pkg" / "model.py").read_text() == TF1_MIGRATED
    assert (tree / "pkg" / "crlf.py").read_bytes() == TF1_MIGRATED.replace("\n", "\r\n").encode()

    again = run_cli("diff", "src/pkg", cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == b""


def test_bad_inputs_are_one_line_each_and_left_untouched(tree: Path, tmp_path: Path):
    py2_before = (tree / "legacy_py2.py").read_bytes()
    latin_before = (tree / "latin1.py").read_bytes()
    result = run_cli("apply", "-j", "1", "src", cwd=tmp_path)
    assert result.returncode == 2
    errors = [l for l in result.stderr.decode().splitlines() if ": error: " in l]
    assert len(errors) == 2
    assert "src/legacy_py2.py: error: line 2: not valid Python %d.%d: Missing parentheses" \
        % sys.version_info[:2] in errors[1]
    assert "Python 2 syntax?" in errors[1]
    assert errors[0].startswith("src/latin1.py: error: cannot decode as utf-8")
    assert (tree / "legacy_py2.py").read_bytes() == py2_before
    assert (tree / "latin1.py").read_bytes() == latin_before
    assert (tree / "pkg" / "model.py").read_text() == TF1_MIGRATED  # the others were written
    summary = result.stderr.decode().strip().splitlines()[-1]
    assert summary.startswith("3 changed, 2 unchanged, 2 failed")


def test_read_only_target_is_reported_and_kept(tmp_path: Path):
    target = tmp_path / "ro.py"
    target.write_text(TF1_SCRIPT)
    target.chmod(0o444)
    result = run_cli("apply", "ro.py", cwd=tmp_path)
    assert result.returncode == 2
    assert "ro.py: error: file is read-only" in result.stderr.decode()
    assert target.read_text() == TF1_SCRIPT


def test_apply_keeps_mode_and_bom(tmp_path: Path):
    target = tmp_path / "tool.py"
    target.write_bytes(b"\xef\xbb\xbf#!/usr/bin/env python\n" + TF1_SCRIPT.encode())
    target.chmod(0o755)
    assert run_cli("apply", "tool.py", cwd=tmp_path).returncode == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf#!/usr/bin/env python\n")
    assert b"tf.cast(x, tf.float32)" in data
    assert stat.S_IMODE(target.stat().st_mode) == 0o755


def test_vanished_file_and_directory_named_as_file(tmp_path: Path):
    from codemods.registry import build_pipeline
    from migrate.results import FAILED
    from migrate.runner import run_files

    (tmp_path / "dir.py").mkdir()
    results = run_files([str(tmp_path / "gone.py"), str(tmp_path / "dir.py")],
                        build_pipeline(), write=True, jobs=1)
    assert [r.status for r in results] == [FAILED, FAILED]
    assert "no such file" in results[0].error
    assert "is a directory" in results[1].error


def test_stdin_to_stdout(tmp_path: Path):
    result = run_cli("apply", "-", cwd=tmp_path, input=TF1_SCRIPT.encode())
    assert result.returncode == 0
    assert result.stdout.decode() == TF1_MIGRATED
    diff = run_cli("diff", "-", cwd=tmp_path, input=TF1_SCRIPT.encode())
    assert diff.returncode == 1 and "+y = tf.cast(x, tf.float32) * 2.0" in diff.stdout.decode()


def test_report_json_lists_codemods_and_errors(tree: Path, tmp_path: Path):
    report = tmp_path / "report.json"
    result = run_cli("diff", "src", "--report", str(report), cwd=tmp_path)
    assert result.returncode == 2
    data = json.loads(report.read_text())
    files = {f["path"]: f for f in data["files"]}
    assert files["src/pkg/model.py"]["status"] == "changed"
    assert files["src/pkg/model.py"]["codemods"] == ["casts"]
    assert files["src/pkg/model.py"]["added"] == 1 and files["src/pkg/model.py"]["removed"] == 1
    assert files["src/legacy_py2.py"]["status"] == "failed"
    assert files["src/plain.py"]["status"] == "unchanged"


def test_walk_honours_gitignore_and_skips_venvs(tmp_path: Path):
    from migrate.discovery import discover

    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n*_pb2.py\n")
    for rel in ["a.py", "generated/b.py", "x_pb2.py", "node_modules/c.py", "venv/lib/d.py",
                "myenv/pyvenv.cfg", "myenv/e.py", "build/f.py", "sub/g.ipynb", "sub/h.txt"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
    (tmp_path / "sub" / ".gitignore").write_text("ignored.py\n")
    (tmp_path / "sub" / "ignored.py").write_text("")
    (tmp_path / "link.py").symlink_to(tmp_path / "a.py")
    found = discover([str(tmp_path)])
    rel = [os.path.relpath(f, tmp_path) for f in found.files]
    assert rel == ["a.py", "sub/g.ipynb"]
    assert [os.path.relpath(p, tmp_path) for p, _ in found.skipped] == ["link.py"]
    # an explicitly named file is always processed, ignored or not
    named = discover([str(tmp_path / "x_pb2.py")])
    assert named.files == [str(tmp_path / "x_pb2.py")]


def test_shards_partition_the_file_list(tmp_path: Path):
    for i in range(40):
        (tmp_path / f"m{i}.py").write_text(TF1_SCRIPT)
    seen = []
    for k in (1, 2, 3):
        out = run_cli("diff", ".", "--shard", f"{k}/3", "-j", "1", cwd=tmp_path).stdout.decode()
        seen.append({f.path for f in unidiff.PatchSet(out)})
    assert set.union(*seen) == {f"m{i}.py" for i in range(40)}
    assert sum(map(len, seen)) == 40 and all(seen)


def test_select_ignore_and_config(tmp_path: Path):
    (tmp_path / "m.py").write_text(TF1_SCRIPT)
    # without `casts`, the fallback still makes the TF1 leftover explicit: never worse
    ignored = run_cli("diff", "m.py", "--ignore", "casts", cwd=tmp_path)
    assert ignored.returncode == 1
    assert b"+y = tf.compat.v1.to_float(x) * 2.0" in ignored.stdout
    assert run_cli("diff", "m.py", "--ignore", "casts,compat_fallback",
                   cwd=tmp_path).returncode == 0
    selected = run_cli("diff", "m.py", "--select", "casts", cwd=tmp_path)
    assert b"+y = tf.cast(x, tf.float32) * 2.0" in selected.stdout
    bad = run_cli("diff", "m.py", "--select", "nope", cwd=tmp_path)
    assert bad.returncode == 2 and b"unknown codemod(s): nope" in bad.stderr
    (tmp_path / "pyproject.toml").write_text(
        '[tool.tfmigrate]\nignore = ["casts", "compat_fallback"]\n')
    assert run_cli("diff", "m.py", cwd=tmp_path).returncode == 0


def test_check_exits_1_when_changes_remain(tmp_path: Path):
    (tmp_path / "m.py").write_text(TF1_SCRIPT)
    assert run_cli("check", "m.py", cwd=tmp_path).returncode == 1
    (tmp_path / "m.py").write_text(TF1_MIGRATED)
    assert run_cli("check", "m.py", cwd=tmp_path).returncode == 0


def test_codemods_lists_pipeline():
    result = CliRunner().invoke(main, ["codemods"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split()[:2] == ["modules", "unsafe"]


def test_cli_does_not_import_tensorflow_and_no_difflib():
    code = "import sys, migrate.cli, codemods.registry; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout.strip()
    assert out == "False"
    imports_difflib = re.compile(r"^\s*(import|from)\s+difflib\b", re.M)
    for folder in ("migrate", "codemods"):
        for path in (ROOT / folder).rglob("*.py"):
            assert not imports_difflib.search(path.read_text()), path
