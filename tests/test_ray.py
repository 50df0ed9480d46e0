"""`--executor ray` gives byte-identical results to the local run (on a local Ray instance)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.test_batch import make_tree
from tests.test_cli import run_cli
from tests.test_notebooks import notebook

pytest.importorskip("ray")


def test_ray_executor_matches_the_local_run_byte_for_byte(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    for i in range(12):
        (tree / "many" / f"m{i}.py").parent.mkdir(exist_ok=True)
        (tree / "many" / f"m{i}.py").write_text(
            f"import tensorflow as tf\nv{i} = tf.to_int32(tf.log(tf.ones([{i + 1}])))\n")
    (tree / "nb.ipynb").write_text(json.dumps(notebook(), indent=1) + "\n")
    copy = tmp_path / "copy"
    shutil.copytree(tree, copy)

    # one Ray run (a Ray start costs seconds): apply, with the diffs kept as patches
    local = run_cli("apply", ".", "--no-cache", "-j", "2", "--report", "../local.json",
                    "--patch-dir", "../local_patches", cwd=copy)
    # a fresh local Ray instance with 2 CPUs, started by the executor itself
    remote = run_cli("apply", ".", "--no-cache", "-j", "2", "--executor", "ray",
                     "--report", "../ray.json", "--patch-dir", "../ray_patches", cwd=tree)
    assert remote.returncode == local.returncode == 2, remote.stderr
    assert remote.stderr.replace(b"ray_patches", b"local_patches") == local.stderr
    assert (tmp_path / "ray.json").read_bytes() == (tmp_path / "local.json").read_bytes()
    patches = sorted(p.name for p in (tmp_path / "local_patches").iterdir())
    assert "many.patch" in patches and "root.patch" in patches
    assert sorted(p.name for p in (tmp_path / "ray_patches").iterdir()) == patches
    for name in patches:
        assert (tmp_path / "ray_patches" / name).read_bytes() == \
            (tmp_path / "local_patches" / name).read_bytes(), name
    assert b"nb.ipynb" in (tmp_path / "local_patches" / "root.patch").read_bytes()
    for path in copy.rglob("*"):
        if path.is_file():
            assert (tree / path.relative_to(copy)).read_bytes() == path.read_bytes(), path
