"""Patches in the file's own bytes: a latin-1 (PEP 263 cookie) or BOM file's patch applies
with `git apply --check`, alone, in its --patch-dir group and on stdout."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TF1 = "import tensorflow as tf\n\nx = tf.constant([1, 2, 3])\ny = tf.to_float(x) * 2.0\n"

LATIN1 = ("# -*- coding: latin-1 -*-\nimport tensorflow as tf\nname = 'été'\n"
          "y = tf.to_float(1)\n").encode("latin-1")
BOM_FIRST_LINE = b"\xef\xbb\xbfimport tensorflow as tf; x = tf.to_float(1)\ny = tf.log(x)\n"


def run_cli(*args: str, cwd: Path):
    return subprocess.run([sys.executable, "-m", "migrate", *args], cwd=cwd, capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def make_repo(root: Path) -> None:
    (root / "pkg").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    (root / "pkg" / "latin.py").write_bytes(LATIN1)
    (root / "pkg" / "bom.py").write_bytes(BOM_FIRST_LINE)
    (root / "pkg" / "plain.py").write_text(TF1)


def git_apply_check(root: Path, patch: bytes) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "apply", "--check", "-"], cwd=root, input=patch,
                          capture_output=True)


def test_group_patch_with_latin1_and_bom_files_applies(tmp_path: Path):
    repo = tmp_path / "repo"
    make_repo(repo)
    result = run_cli("diff", ".", "--patch-dir", "../patches", "--no-cache", cwd=repo)
    assert result.returncode == 1, result.stderr
    patch = (tmp_path / "patches" / "pkg.patch").read_bytes()
    assert b"name = '\xe9t\xe9'" in patch  # latin-1 bytes, as on disk
    assert b"-\xef\xbb\xbfimport tensorflow as tf; x = tf.to_float(1)" in patch
    checked = git_apply_check(repo, patch)
    assert checked.returncode == 0, checked.stderr
    subprocess.run(["git", "apply", "-"], cwd=repo, input=patch, check=True)
    applied = (repo / "pkg" / "latin.py").read_bytes()
    assert applied.startswith(b"# -*- coding: latin-1 -*-") and b"\xe9t\xe9" in applied
    assert b"tf.cast(1, tf.float32)" in applied
    assert (repo / "pkg" / "bom.py").read_bytes().startswith(b"\xef\xbb\xbfimport tensorflow")
    # and what `apply` writes is exactly what the patch made
    copy = tmp_path / "copy"
    make_repo(copy)
    assert run_cli("apply", ".", "--no-cache", cwd=copy).returncode == 0
    for name in ("latin.py", "bom.py", "plain.py"):
        assert (copy / "pkg" / name).read_bytes() == (repo / "pkg" / name).read_bytes(), name


def test_stdout_diff_of_latin1_file_applies(tmp_path: Path):
    repo = tmp_path / "repo"
    make_repo(repo)
    result = run_cli("diff", "pkg", "--no-cache", cwd=repo)
    assert result.returncode == 1
    checked = git_apply_check(repo, result.stdout)
    assert checked.returncode == 0, checked.stderr
