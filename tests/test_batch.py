"""Batch runs over a tree: the result cache, shards, --patch-dir and git-aware selection."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import unidiff

from codemods.registry import build_pipeline
from migrate.cache import Cache, tool_fingerprint
from migrate.executors import LocalExecutor, chunks
from migrate.results import CHANGED, UNCHANGED
from migrate.runner import run_files
from tests.test_cli import TF1_SCRIPT, run_cli

ROOT = Path(__file__).resolve().parent.parent

SCOPED = """import tensorflow as tf


def dense(x, n):
    with tf.variable_scope("dense"):
        w = tf.get_variable("w", [int(x.shape[-1]), n])
        return tf.matmul(x, w)


y = tf.log(tf.random_normal([2, 3]), name="y")
z = tf.reduce_sum(y, reduction_indices=[1], keep_dims=True)
"""


def make_tree(root: Path) -> Path:
    """A small monorepo: TF1 code in several top-level directories, plain files, a failure."""
    files = {
        "vision/model.py": SCOPED,
        "vision/ops/cast.py": TF1_SCRIPT,
        "nlp/train.py": TF1_SCRIPT.replace("x =", "x_in ="),
        "nlp/util.py": "import os\n\nprint(os.sep)\n",
        "tools/plain.py": "def f():\n    return 1\n",
        "tools/py2.py": 'import tensorflow as tf\nprint "x", tf.to_float(1)\n',
        "setup_tf.py": TF1_SCRIPT,
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def cli(*args: str, cwd: Path, cache: Path):
    return run_cli(*args, "--cache-dir", str(cache), cwd=cwd)


def test_cached_rerun_is_byte_identical_and_skips_the_work(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    cache = tmp_path / "cache"
    first = cli("diff", ".", "-j", "2", "--report", "../r1.json", cwd=tree, cache=cache)
    assert first.returncode == 2 and first.stdout
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    entries = list(cache.rglob("*.json"))
    assert len(entries) == 5  # the TF files, the failure included; plain files are not cached
    second = cli("diff", ".", "-j", "2", "--report", "../r2.json", cwd=tree, cache=cache)
    assert (second.returncode, second.stdout, second.stderr) == \
        (first.returncode, first.stdout, first.stderr)
    assert (tmp_path / "r1.json").read_bytes() == (tmp_path / "r2.json").read_bytes()

    # corrupt every entry: a miss each, never an error, and the same output again
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[:20])
    third = cli("diff", ".", "-j", "1", cwd=tree, cache=cache)
    assert (third.returncode, third.stdout, third.stderr) == \
        (first.returncode, first.stdout, first.stderr)

    # apply from the cache writes the same bytes as the diff says
    applied = cli("apply", ".", cwd=tree, cache=cache)
    assert applied.returncode == 2
    assert cli("diff", "vision", cwd=tree, cache=cache).returncode == 0


def test_hits_do_not_reach_the_executor_and_an_interrupted_run_resumes(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    paths = sorted(str(p) for p in tree.rglob("*.py"))
    pipeline = build_pipeline()
    cache = Cache(str(tmp_path / "cache"), ",".join(pipeline.names()))
    assert cache.prepare()

    class Interrupted(LocalExecutor):
        """Finishes two files, then the user hits Ctrl-C."""

        def run(self, tasks, p):
            for n, outcome in enumerate(super().run(tasks, p)):
                if n == 2:
                    raise KeyboardInterrupt
                yield outcome

    class Counting(LocalExecutor):
        seen: list[str] = []

        def run(self, tasks, p):
            self.seen.extend(path for path, *_ in tasks)
            yield from super().run(tasks, p)

    with pytest.raises(KeyboardInterrupt):
        run_files(paths, pipeline, False, 1, cache=cache, executor=Interrupted(1))
    resumed = Counting(1)
    results = run_files(paths, pipeline, False, 1, cache=cache, executor=resumed)
    assert len(resumed.seen) == 5 - 2  # only what the interrupted run had not finished
    again = Counting(1)
    again.seen = []
    cached = run_files(paths, pipeline, False, 1, cache=cache, executor=again)
    assert again.seen == []
    assert cached == results
    uncached = run_files(paths, pipeline, False, 2)
    assert uncached == results
    assert {r.status for r in results} >= {CHANGED, UNCHANGED}


def test_cache_key_covers_content_path_options_and_tool_source(tmp_path: Path):
    pipeline = build_pipeline()
    a = Cache(str(tmp_path), ",".join(pipeline.names()))
    b = Cache(str(tmp_path), ",".join(build_pipeline(ignore=["casts"]).names()))
    data = TF1_SCRIPT.encode()
    assert a.key("m.py", data) == a.key("m.py", data)
    assert len({a.key("m.py", data), a.key("n.py", data), a.key("m.py", data + b" "),
                b.key("m.py", data)}) == 4
    # a change to any codemod's source changes the fingerprint, hence every key
    copy = tmp_path / "tool"
    for package in ("migrate", "codemods"):
        shutil.copytree(ROOT / package, copy / package,
                        ignore=shutil.ignore_patterns("__pycache__"))
    code = "from migrate.cache import tool_fingerprint; print(tool_fingerprint())"

    def fingerprint() -> str:
        return subprocess.run([sys.executable, "-c", code], cwd=copy, check=True, text=True,
                              capture_output=True, env={**os.environ, "PYTHONPATH": str(copy)}
                              ).stdout.strip()

    before = fingerprint()
    assert before == tool_fingerprint()
    with open(copy / "codemods" / "casts.py", "a") as handle:
        handle.write("\n# a behaviour change\n")
    assert fingerprint() != before


def test_no_cache_writes_nothing_and_config_can_turn_it_off(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    cache = tmp_path / "cache"
    assert cli("diff", ".", "--no-cache", cwd=tree, cache=cache).returncode == 2
    assert not cache.exists()
    (tree / "pyproject.toml").write_text("[tool.tfmigrate]\ncache = false\n")
    assert cli("diff", ".", cwd=tree, cache=cache).returncode == 2
    assert not cache.exists()
    # without --cache-dir, the cache lives at the project root and git ignores it
    (tree / "pyproject.toml").write_text("[tool.tfmigrate]\n")
    env = {k: v for k, v in os.environ.items() if k != "TFMIGRATE_CACHE_DIR"}
    subprocess.run([sys.executable, "-m", "migrate", "diff", "vision"], cwd=tree / "vision" / "..",
                   env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert (tree / ".tfmigrate_cache" / ".gitignore").exists()
    subprocess.run(["git", "init", "-q"], cwd=tree, check=True)
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tree,
                            capture_output=True, text=True, check=True).stdout
    assert ".tfmigrate_cache" not in status


def test_shards_are_disjoint_and_their_diffs_add_up_to_the_whole(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    for i in range(30):
        (tree / "many" / f"m{i}.py").parent.mkdir(exist_ok=True)
        (tree / "many" / f"m{i}.py").write_text(TF1_SCRIPT.replace("[1, 2, 3]", f"[{i}]"))
    cache = tmp_path / "cache"
    whole = cli("diff", ".", "--no-cache", cwd=tree, cache=cache)
    parts = [cli("diff", ".", "--shard", f"{k}/4", "-j", "2", cwd=tree, cache=cache)
             for k in range(1, 5)]
    per_shard = [{f.path for f in unidiff.PatchSet(p.stdout.decode())} for p in parts]
    assert all(per_shard)
    assert sum(map(len, per_shard)) == len(set.union(*per_shard)) == 34
    files = sorted(unidiff.PatchSet(whole.stdout.decode()), key=lambda f: f.path)
    joined = sorted((f for p in parts for f in unidiff.PatchSet(p.stdout.decode())),
                    key=lambda f: f.path)
    assert [str(f) for f in files] == [str(f) for f in joined]


def test_chunks_keep_every_task_once_biggest_first():
    tasks = [(f"f{i}.py", b"x" * (i * 37 % 500 + 1)) for i in range(200)]
    cut = chunks(tasks, 2)
    flat = [t for chunk in cut for t in chunk]
    assert sorted(flat) == sorted(tasks)
    assert 2 <= len(cut) <= 40
    assert len(flat[0][1]) == max(len(d) for _, d in tasks)


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


def test_patch_dir_per_top_level_directory_each_applies_alone(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    git("init", "-q", cwd=tree)
    git("add", "-A", cwd=tree)
    git("commit", "-qm", "base", cwd=tree)
    out = tmp_path / "patches"
    (out).mkdir()
    (out / "stale.patch").write_text("from an earlier run")
    result = cli("diff", ".", "--patch-dir", str(out), cwd=tree, cache=tmp_path / "c")
    assert result.returncode == 2 and result.stdout == b""  # the diffs went to the patches
    names = sorted(p.name for p in out.glob("*.patch"))
    assert names == ["nlp.patch", "root.patch", "vision.patch"]
    summary = json.loads((out / "summary.json").read_text())
    groups = {g["group"]: g for g in summary["groups"]}
    assert groups["vision"]["files"] == ["vision/model.py", "vision/ops/cast.py"]
    assert groups["tools"]["patch"] is None
    assert groups["tools"]["failures"][0]["path"] == "tools/py2.py"
    assert "line 2: not valid Python" in groups["tools"]["failures"][0]["error"]
    assert groups["(root)"]["files"] == ["setup_tf.py"]
    for name, group in groups.items():
        if not group["patch"]:
            continue
        patch = unidiff.PatchSet((out / group["patch"]).read_text())
        assert (group["added"], group["removed"]) == (patch.added, patch.removed) != (0, 0)
        assert [f.path for f in patch] == group["files"]
        assert set(group["codemods"]) >= {"casts"} or name == "vision"
        # each patch applies on its own to a pristine checkout
        git("checkout", "-q", ".", cwd=tree)
        git("apply", "--check", str(out / group["patch"]), cwd=tree)
    assert summary["totals"]["failures"] == 1
    md = (out / "summary.md").read_text()
    assert "| vision | `vision.patch` | 2 |" in md and "tools/py2.py" in md
    # all together equal what `apply` does
    for name in names:
        git("apply", str(out / name), cwd=tree)
    patched = {p: p.read_bytes() for p in tree.rglob("*.py")}
    git("checkout", "-q", ".", cwd=tree)
    cli("apply", ".", cwd=tree, cache=tmp_path / "c")
    assert {p: p.read_bytes() for p in tree.rglob("*.py")} == patched


def test_patch_dir_by_codeowners_last_rule_wins(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    (tree / ".github").mkdir()
    (tree / ".github" / "CODEOWNERS").write_text(
        "# owners\n"
        "*.py @org/everyone\n"
        "/vision/ @org/vision @alice\n"
        "vision/ops/ @bob  # later rule wins\n"
        "setup_tf.py\n")  # a rule with no owner: unowned
    git("init", "-q", cwd=tree)
    git("add", "-A", cwd=tree)
    git("commit", "-qm", "base", cwd=tree)
    out = tmp_path / "patches"
    cli("diff", ".", "--patch-dir", str(out), cwd=tree, cache=tmp_path / "c")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["grouped_by"] == "CODEOWNERS"
    groups = {g["group"]: g for g in summary["groups"]}
    assert groups["@org/vision @alice"]["files"] == ["vision/model.py"]
    assert groups["@bob"]["files"] == ["vision/ops/cast.py"]
    assert groups["@org/everyone"]["files"] == ["nlp/train.py"]
    assert groups["unowned"]["files"] == ["setup_tf.py"]
    assert sorted(p.name for p in out.glob("*.patch")) == [
        "bob.patch", "org-everyone.patch", "org-vision-alice.patch", "unowned.patch"]
    for patch in out.glob("*.patch"):
        git("apply", "--check", str(patch), cwd=tree)


def test_patch_paths_are_relative_to_the_repository_root(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    git("init", "-q", cwd=tree)
    git("add", "-A", cwd=tree)
    git("commit", "-qm", "base", cwd=tree)
    out = tmp_path / "patches"
    cli("diff", "repo/vision", "--patch-dir", str(out), cwd=tmp_path, cache=tmp_path / "c")
    patch = unidiff.PatchSet((out / "vision.patch").read_text())
    assert [f.path for f in patch] == ["vision/model.py", "vision/ops/cast.py"]
    git("apply", "--check", str(out / "vision.patch"), cwd=tree)


def test_files_from_and_changed_since_compose_with_exclude_and_shard(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    git("init", "-q", cwd=tree)
    git("add", "-A", cwd=tree)
    git("commit", "-qm", "base", cwd=tree)
    base = git("rev-parse", "HEAD", cwd=tree).strip()
    cache = tmp_path / "c"

    listing = git("ls-files", cwd=tree) + "README.txt\n\n"
    (tmp_path / "list.txt").write_text(listing)
    listed = cli("diff", "--files-from", str(tmp_path / "list.txt"), "--report", "../r.json",
                 cwd=tree, cache=cache)
    whole = cli("diff", ".", cwd=tree, cache=cache)
    assert listed.stdout == whole.stdout and listed.returncode == 2
    from_stdin = run_cli("diff", "--files-from", "-", "--exclude", "vision/*", "--cache-dir",
                         str(cache), cwd=tree, input=listing.encode())
    assert sorted(f.path for f in unidiff.PatchSet(from_stdin.stdout.decode())) == \
        ["nlp/train.py", "setup_tf.py"]
    under = cli("diff", "nlp", "--files-from", str(tmp_path / "list.txt"), cwd=tree, cache=cache)
    assert [f.path for f in unidiff.PatchSet(under.stdout.decode())] == ["nlp/train.py"]

    (tree / "nlp" / "train.py").write_text(SCOPED)  # modified
    (tree / "new.py").write_text(TF1_SCRIPT)  # untracked
    (tree / "vision" / "ops" / "cast.py").unlink()  # deleted: nothing to migrate
    git("rm", "-q", "--cached", "vision/ops/cast.py", cwd=tree)
    changed = cli("diff", "--changed-since", base, cwd=tree, cache=cache)
    assert changed.returncode == 1, changed.stderr
    assert sorted(f.path for f in unidiff.PatchSet(changed.stdout.decode())) == \
        ["new.py", "nlp/train.py"]
    shards = [cli("diff", "--changed-since", base, "--shard", f"{k}/2", cwd=tree, cache=cache)
              for k in (1, 2)]
    assert sorted(f.path for s in shards for f in unidiff.PatchSet(s.stdout.decode())) == \
        ["new.py", "nlp/train.py"]
    excluded = cli("diff", "--changed-since", base, "--exclude", "new.py", cwd=tree, cache=cache)
    assert [f.path for f in unidiff.PatchSet(excluded.stdout.decode())] == ["nlp/train.py"]
    bad = cli("diff", "--changed-since", "no-such-rev", cwd=tree, cache=cache)
    assert bad.returncode != 0 and b"--changed-since: git diff failed" in bad.stderr
    nothing = cli("diff", cwd=tree, cache=cache)
    assert nothing.returncode == 2 and b"give PATH..., --files-from or --changed-since" in \
        nothing.stderr


def test_batch_options_from_pyproject_paths_relative_to_it(tmp_path: Path):
    tree = make_tree(tmp_path / "repo")
    (tree / "pyproject.toml").write_text(
        '[tool.tfmigrate]\npatch-dir = "review"\ncache-dir = "cache-here"\n'
        'exclude = ["tools"]\nreport = "r.json"\n')
    git("init", "-q", cwd=tree)
    env = {k: v for k, v in os.environ.items() if k != "TFMIGRATE_CACHE_DIR"}
    done = subprocess.run([sys.executable, "-m", "migrate", "diff", "."], cwd=tree / "vision",
                          env={**env, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert done.returncode == 1, done.stderr
    assert sorted(p.name for p in (tree / "review").glob("*.patch")) == ["vision.patch"]
    assert (tree / "cache-here" / ".gitignore").exists()
    assert list((tree / "cache-here").rglob("*.json"))
    assert json.loads((tree / "r.json").read_text())["counts"]["changed"] == 2


def test_local_imports_resolve_beside_the_file_and_in_its_package(tmp_path: Path):
    from migrate.local_imports import local_imports

    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "helpers.py").write_text("def h(x):\n    return x\n")
    (package / "layers.py").write_text("def dense(x):\n    return x\n")
    (tmp_path / "pkg" / "sub" / "utils.py").write_text("def shape_list(x):\n    return x\n")
    model = package / "sub" / "model.py"
    source = (b"from utils import shape_list\nfrom ..layers import dense\n"
              b"import helpers\nfrom pkg.layers import dense as d2\nimport numpy as np\n"
              b"from .missing import nothing\n")
    model.write_bytes(source)
    found = local_imports(str(model), source)
    assert sorted(found) == ["..layers", "helpers", "pkg.layers", "utils"]
    assert found["utils"].startswith("def shape_list")


def test_editing_an_imported_sibling_misses_the_cache(tmp_path: Path):
    from migrate.cache import Cache

    (tmp_path / "utils.py").write_text("def shape_list(x):\n    return x.shape.as_list()\n")
    model = tmp_path / "model.py"
    model.write_text("import tensorflow as tf\nfrom utils import shape_list\n\n\n"
                     "def norm(x, scope):\n    with tf.variable_scope(scope):\n"
                     "        n = shape_list(x)[-1]\n"
                     "        g = tf.get_variable('g', [n], initializer=tf.ones_initializer())\n"
                     "        return x * g\n")
    cache = Cache(str(tmp_path / "cache"), "all")
    assert cache.prepare()
    pipeline = build_pipeline()
    first = run_files([str(model)], pipeline, False, 1, cache=cache)[0]
    assert "+class Norm(tf.Module):" in first.diff
    (tmp_path / "utils.py").write_text("import tensorflow as tf\n\ndef shape_list(x):\n"
                                       "    return tf.get_variable('s', [1])\n")
    second = run_files([str(model)], pipeline, False, 1, cache=cache)[0]
    assert cache.hits == 0 and "class Norm" not in second.diff


def test_a_function_other_files_of_the_run_import_is_not_turned_into_a_class(tmp_path: Path):
    from migrate.local_imports import importers_of

    layers = tmp_path / "layers.py"
    layers.write_text("import tensorflow as tf\n\n\ndef fc(x, scope, n):\n"
                      "    with tf.variable_scope(scope):\n"
                      "        w = tf.get_variable('w', [x.shape[-1], n])\n"
                      "        return tf.matmul(x, w)\n")
    user = tmp_path / "model.py"
    user.write_text("from layers import (fc,\n                    other)  # two names\n")
    found = importers_of([str(layers), str(user)], lambda p: Path(p).read_bytes())
    assert found == {str(layers): {"fc": str(user), "other": str(user)}}
    pipeline = build_pipeline()
    alone = run_files([str(layers)], pipeline, False, 1)[0]
    assert "+class Fc(tf.Module):" in alone.diff
    together = run_files([str(layers), str(user)], pipeline, False, 1)[0]
    assert "class Fc" not in together.diff
    assert any(f"{user} imports it and would still call it as a function" in w["message"]
               for w in together.warnings)
