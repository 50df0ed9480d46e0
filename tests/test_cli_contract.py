"""The CLI at monorepo scale: config checked against the options, exit code 2 for every
usage/config/runtime error, CI output formats for check and lint, streamed output, colour,
signals that end the pool, and a start-up that never imports libcst or TensorFlow."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import alive, children

ROOT = Path(__file__).resolve().parent.parent
TF1 = "import tensorflow as tf\n\nx = tf.constant([1, 2, 3])\ny = tf.to_float(x) * 2.0\n"
TF2 = "import tensorflow as tf\n\nx = tf.constant([1, 2, 3])\ny = tf.cast(x, tf.float32) * 2.0\n"
LEFTOVERS = '''import tensorflow as tf


def f(x):
    """doc"""
    a = tf.contrib.layers.flatten(x)
    sess = tf.Session()
    return tf.to_float(a) + tf.py_func(g, [x], tf.float32)
'''


def env(**extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def run_cli(*args: str, cwd: Path, timeout: float = 120, **extra):
    return subprocess.run([sys.executable, "-m", "migrate", *args], cwd=cwd, capture_output=True,
                          timeout=timeout, env=env(**extra))


# ---- config ----

def test_config_typo_is_an_error_naming_file_and_key(tmp_path: Path):
    (tmp_path / "m.py").write_text(TF1)
    (tmp_path / "pyproject.toml").write_text('[tool.tfmigrate]\nexclud = ["m.py"]\n')
    result = run_cli("diff", "m.py", cwd=tmp_path)
    assert result.returncode == 2
    [line] = result.stderr.decode().splitlines()
    assert f"{tmp_path / 'pyproject.toml'}: [tool.tfmigrate] unknown key 'exclud' " \
           "(did you mean 'exclude'?)" in line


@pytest.mark.parametrize("setting, message", [
    ('patch-dir = ["x"]', "patch-dir must be a string, got ['x']"),
    ('cache = "no"', "cache must be true or false, got 'no'"),
    ("jobs = 0", "jobs must be an integer >= 1"),
    ('executor = "spark"', "executor must be 'local' or 'ray'"),
])
def test_config_types_are_checked(tmp_path: Path, setting: str, message: str):
    (tmp_path / "m.py").write_text(TF1)
    (tmp_path / "pyproject.toml").write_text(f"[tool.tfmigrate]\n{setting}\n")
    result = run_cli("diff", "m.py", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr.decode() and b"Traceback" not in result.stderr


def test_config_is_found_from_the_paths_given_not_the_cwd(tmp_path: Path):
    project = tmp_path / "proj"
    (project / "gen").mkdir(parents=True)
    (project / "m.py").write_text(TF1)
    (project / "gen" / "g.py").write_text(TF1)
    (project / "pyproject.toml").write_text('[tool.tfmigrate]\nexclude = ["gen"]\n')
    result = run_cli("diff", "proj", cwd=tmp_path)
    assert result.returncode == 1
    assert b"proj/m.py" in result.stdout and b"proj/gen/g.py" not in result.stdout


def test_explicit_config_file_and_force_exclude(tmp_path: Path):
    (tmp_path / "m.py").write_text(TF1)
    (tmp_path / "gen.py").write_text(TF1)
    (tmp_path / "tfmigrate.toml").write_text('exclude = ["gen.py"]\nforce-exclude = true\n')
    # named explicitly, gen.py is processed unless --force-exclude (here: from the config)
    plain = run_cli("diff", "m.py", "gen.py", "--exclude", "gen.py", cwd=tmp_path)
    assert b"a/gen.py" in plain.stdout
    forced = run_cli("diff", "m.py", "gen.py", "--exclude", "gen.py", "--force-exclude",
                     cwd=tmp_path)
    assert b"a/gen.py" not in forced.stdout and b"a/m.py" in forced.stdout
    configured = run_cli("diff", "m.py", "gen.py", "--config", "tfmigrate.toml", cwd=tmp_path)
    assert b"a/gen.py" not in configured.stdout and b"a/m.py" in configured.stdout
    missing = run_cli("diff", "m.py", "--config", "nope.toml", cwd=tmp_path)
    assert missing.returncode == 2 and b"nope.toml: no such file" in missing.stderr


def test_command_line_beats_config(tmp_path: Path):
    (tmp_path / "m.py").write_text(TF1)
    (tmp_path / "pyproject.toml").write_text('[tool.tfmigrate]\nignore = ["casts"]\n')
    result = run_cli("diff", "m.py", "--ignore", "compat_fallback", cwd=tmp_path)
    assert b"+y = tf.cast(x, tf.float32) * 2.0" in result.stdout


# ---- exit codes ----

def test_missing_ray_exits_2(tmp_path: Path):
    fake = tmp_path / "fake"
    (fake / "ray").mkdir(parents=True)
    (fake / "ray" / "__init__.py").write_text("raise ImportError('No module named ray')\n")
    (tmp_path / "m.py").write_text(TF1)
    (tmp_path / "n.py").write_text(TF1)
    result = run_cli("diff", "m.py", "n.py", "--executor", "ray", "--no-cache", cwd=tmp_path,
                     PYTHONPATH=f"{ROOT}{os.pathsep}{fake}")
    assert result.returncode == 2
    assert b"--executor ray needs the ray extra" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path):
    assert run_cli("diff", cwd=tmp_path).returncode == 2
    assert run_cli("diff", ".", "--shard", "3/2", cwd=tmp_path).returncode == 2
    assert run_cli("lint", ".", "--output-format", "xml", cwd=tmp_path).returncode == 2


def _tree(root: Path, count: int, lines: int = 60) -> list[Path]:
    body = TF1 + "".join(f"v{i} = tf.to_float(x) + tf.log(tf.to_float(x))\n" for i in range(lines))
    paths = []
    for i in range(count):
        path = root / f"d{i % 10}" / f"m{i:04d}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
        paths.append(path)
    return paths


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_apply_ends_the_pool_and_leaves_old_or_new(tmp_path: Path, signum):
    paths = _tree(tmp_path / "src", 120)
    old = paths[0].read_text()
    proc = subprocess.Popen([sys.executable, "-m", "migrate", "apply", "src", "-j", "2",
                             "--no-cache"], cwd=tmp_path, env=env(), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers |= children(proc.pid)
        time.sleep(0.05)
    assert workers, "the pool never started"
    time.sleep(0.5)
    start = time.monotonic()
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=30)
    assert time.monotonic() - start < 5  # was 7-16 s for Ctrl-C; SIGTERM orphaned workers
    assert proc.returncode == 2, err
    assert b"interrupted" in err and b"Traceback" not in err
    time.sleep(0.2)
    assert not [w for w in workers if alive(w)]
    for path in paths:
        assert path.read_text() in (old, old.replace("tf.to_float(x)", "tf.cast(x, tf.float32)")
                                    .replace("tf.log(", "tf.math.log(")), path
    assert not list((tmp_path / "src").rglob("*.tmp"))


# ---- check and lint output ----

def test_check_prints_each_leftover_once_at_its_line_on_disk(tmp_path: Path):
    (tmp_path / "m.py").write_text(LEFTOVERS)
    result = run_cli("check", "m.py", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()[:-1]
    assert lines == ["m.py: would change (sessions, casts, compat_fallback)",
                     "m.py:6:9: TF1 API remains: tf.contrib.layers.flatten",
                     "m.py:8:29: TF1 API remains: tf.compat.v1.py_func"]
    on_disk = LEFTOVERS.splitlines()
    assert on_disk[5][8:].startswith("tf.contrib.layers.flatten")
    assert on_disk[7][28:].startswith("tf.py_func")


def test_check_formats_statistics_and_exit_zero(tmp_path: Path):
    (tmp_path / "m.py").write_text(LEFTOVERS)
    as_json = json.loads(run_cli("check", "m.py", "--output-format", "json",
                                 cwd=tmp_path).stdout)
    assert [(f["line"], f["code"]) for f in as_json] == [(1, "TFM001"), (6, "TFM002"),
                                                        (8, "TFM002")]
    github = run_cli("check", "m.py", "--output-format", "github", cwd=tmp_path)
    assert github.stdout.decode().splitlines()[1] == (
        "::error title=tfmigrate TFM002,file=m.py,line=6,col=9::"
        "TFM002 TF1 API remains: tf.contrib.layers.flatten")
    sarif = json.loads(run_cli("check", "m.py", "--output-format", "sarif",
                               cwd=tmp_path).stdout)
    assert sarif["version"] == "2.1.0"
    region = sarif["runs"][0]["results"][2]["locations"][0]["physicalLocation"]
    assert region["artifactLocation"]["uri"] == "m.py"
    assert region["region"] == {"startLine": 8, "startColumn": 29}
    stats = run_cli("check", "m.py", "--statistics", cwd=tmp_path)
    assert stats.stdout.decode().splitlines() == ["1  tf.compat.v1.py_func",
                                                  "1  tf.contrib.layers.flatten"]
    assert run_cli("check", "m.py", "--exit-zero", cwd=tmp_path).returncode == 0
    (tmp_path / "bad.py").write_text("import tensorflow as tf\nprint 'x'\n")
    assert run_cli("check", ".", "--exit-zero", cwd=tmp_path).returncode == 2


LINT_FLAGGED = ("import tensorflow as tf\n\n"
                "w = tf.get_variable('w', [2])\n"
                "w2 = tf.get_variable('w', [2])\n")


def test_lint_formats_noqa_statistics_exit_zero(tmp_path: Path):
    (tmp_path / "a.py").write_text(LINT_FLAGGED)
    plain = run_cli("lint", "a.py", cwd=tmp_path)
    assert plain.returncode == 1, plain.stderr
    [line] = plain.stdout.decode().splitlines()
    code = line.split(": ")[1].split()[0]
    assert line.startswith("a.py:4:")
    (tmp_path / "b.py").write_text(LINT_FLAGGED.replace("[2])\n", "[2])  # noqa: %s\n" % code)
                                   .replace("w = tf", "w = tf", 1))
    (tmp_path / "c.py").write_text(LINT_FLAGGED.replace("[2])\n", "[2])  # noqa: TFL999\n"))
    assert run_cli("lint", "b.py", cwd=tmp_path).returncode == 0  # suppressed
    assert run_cli("lint", "c.py", cwd=tmp_path).returncode == 1  # another code: still there
    github = run_cli("lint", "a.py", "--output-format", "github", cwd=tmp_path)
    assert github.stdout.decode().startswith(f"::error title=tfmigrate {code},file=a.py,line=4,")
    sarif = json.loads(run_cli("lint", "a.py", "--output-format", "sarif", cwd=tmp_path).stdout)
    assert sarif["runs"][0]["results"][0]["ruleId"] == code
    stats = run_cli("lint", "a.py", "c.py", "--statistics", cwd=tmp_path)
    assert stats.stdout.decode().splitlines() == [f"2  {code}"]
    assert run_cli("lint", "a.py", "--exit-zero", cwd=tmp_path).returncode == 0
    as_json = json.loads(run_cli("lint", "a.py", "--output-format", "json", cwd=tmp_path).stdout)
    assert as_json == json.loads(run_cli("lint", "a.py", "--json", cwd=tmp_path).stdout)


# ---- ruff-like ----

def test_output_streams_while_the_run_goes_on(tmp_path: Path):
    _tree(tmp_path / "src", 40, lines=300)
    proc = subprocess.Popen([sys.executable, "-m", "migrate", "diff", "src", "-j", "1",
                             "--no-cache"], cwd=tmp_path, env=env(), stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    first = proc.stdout.readline()
    running = proc.poll() is None
    rest = proc.stdout.read()
    proc.wait()
    assert first == b"diff --git a/src/d0/m0000.py b/src/d0/m0000.py\n"
    assert running, "the first diff came only when the run ended"
    headers = [l for l in (first + rest).splitlines() if l.startswith(b"diff --git")]
    assert headers == sorted(headers) and len(headers) == 40


def test_color(tmp_path: Path):
    (tmp_path / "m.py").write_text(TF1)
    always = run_cli("diff", "m.py", "--color", "always", cwd=tmp_path)
    assert b"\x1b[32m+y = tf.cast" in always.stdout
    for mode in ("never", "auto"):  # auto: not a terminal here
        plain = run_cli("diff", "m.py", "--color", mode, cwd=tmp_path)
        assert b"\x1b" not in plain.stdout and b"+y = tf.cast" in plain.stdout


def test_escape_bytes_in_the_users_code_survive_a_pipe(tmp_path: Path):
    (tmp_path / "m.py").write_text(TF1 + 'BANNER = "\x1b[1mbold\x1b[0m"\n')
    result = run_cli("diff", "m.py", cwd=tmp_path)
    assert b' BANNER = "\x1b[1mbold\x1b[0m"' in result.stdout


def test_startup_imports_neither_libcst_nor_tensorflow():
    code = ("import sys, migrate.cli; heavy = [m for m in sys.modules if m.split('.')[0] in "
            "('libcst', 'tensorflow', 'codemods', 'hazards', 'pathspec')]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, env=env(),
                         check=True).stdout
    assert out == b"[]\n"
    start = time.perf_counter()
    assert run_cli("--version", cwd=ROOT).stdout == b"tfmigrate, version 0.1.0\n"
    assert time.perf_counter() - start < 3  # generous: the machine is shared


def test_pre_commit_hooks_are_safe_on_single_files():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "- id: tfmigrate-check" in text and "- id: tfmigrate-lint" in text
    assert text.count("--force-exclude") >= 2  # the config's excludes hold for named files
    assert "pass_filenames: false" not in text
    assert "types_or: [python, jupyter]" in text
