"""Data safety at monorepo scale: no lost edit, no tampered cache entry in a file, no hang on a
FIFO, symlinks named explicitly followed, clear errors for read-only directories."""
from __future__ import annotations

import base64
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from codemods.registry import build_pipeline
from migrate.cache import Cache
from migrate.executors import LocalExecutor
from migrate.file_migration import output_parses
from migrate.results import CHANGED, FAILED, SKIPPED
from migrate.runner import run_files
from migrate.sources import CHANGED_ON_DISK, SourceError, read_snapshot, \
    remove_stale_temporaries, write_atomic

ROOT = Path(__file__).resolve().parent.parent
TF1 = "import tensorflow as tf\n\nx = tf.constant([1, 2, 3])\ny = tf.to_float(x) * 2.0\n"
TF2 = "import tensorflow as tf\n\nx = tf.constant([1, 2, 3])\ny = tf.cast(x, tf.float32) * 2.0\n"


def run_cli(*args: str, cwd: Path, timeout: float = 60, env: dict | None = None):
    return subprocess.run([sys.executable, "-m", "migrate", *args], cwd=cwd, capture_output=True,
                          timeout=timeout,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


def test_an_edit_made_during_the_run_is_not_overwritten(tmp_path: Path):
    edited, kept = tmp_path / "edited.py", tmp_path / "kept.py"
    edited.write_text(TF1)
    kept.write_text(TF1)
    users_edit = TF1 + "z = tf.to_float(y)  # typed while tfmigrate ran\n"

    class UserTypesMeanwhile(LocalExecutor):
        def run(self, tasks, pipeline):
            edited.write_text(users_edit)  # after the read, before the write
            yield from super().run(tasks, pipeline)

    results = run_files([str(edited), str(kept)], build_pipeline(), True, 1,
                        executor=UserTypesMeanwhile(1))
    assert [r.status for r in results] == [FAILED, CHANGED]
    assert results[0].error == CHANGED_ON_DISK
    assert edited.read_text() == users_edit
    assert kept.read_text() == TF2


def test_same_size_same_mtime_edit_is_caught_by_the_bytes(tmp_path: Path):
    target = tmp_path / "m.py"
    target.write_text(TF1)
    data, snapshot = read_snapshot(str(target))
    info = target.stat()
    target.write_text(TF1.replace("x", "q"))  # same size
    os.utime(target, ns=(info.st_atime_ns, info.st_mtime_ns))  # same mtime
    with pytest.raises(SourceError, match="changed on disk during the run"):
        write_atomic(str(target), TF2.encode(), expected=snapshot)
    assert target.read_text() == TF1.replace("x", "q")


def test_tampered_cache_entry_never_reaches_the_source(tmp_path: Path):
    (tmp_path / "m.py").write_text(TF1)
    cache = tmp_path / "cache"
    first = run_cli("diff", "m.py", "--cache-dir", str(cache), cwd=tmp_path)
    assert first.returncode == 1
    [entry] = [p for p in cache.rglob("*.json")]
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600  # private to the user
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700
    data = json.loads(entry.read_text())
    output = base64.b64decode(data["output"]).replace(b"tf.", b"tg.")  # still valid JSON
    data["output"] = base64.b64encode(output).decode()
    data["result"]["diff"] = data["result"]["diff"].replace("tf.", "tg.")
    entry.write_text(json.dumps(data))
    applied = run_cli("apply", "m.py", "--cache-dir", str(cache), cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "m.py").read_text() == TF2
    assert b"tg." not in (tmp_path / "m.py").read_bytes()


def test_cached_output_that_does_not_parse_is_a_miss(tmp_path: Path):
    assert output_parses("m.py", TF2.encode())
    assert not output_parses("m.py", b"y = tf.cast(x,\n")
    assert not output_parses("nb.ipynb", b"{not json")
    target = tmp_path / "m.py"
    target.write_text(TF1)
    pipeline = build_pipeline()
    cache = Cache(str(tmp_path / "cache"), ",".join(pipeline.names()))
    assert cache.prepare()
    run_files([str(target)], pipeline, False, 1, cache=cache)
    [entry] = [p for p in (tmp_path / "cache").rglob("*.json")]
    data = json.loads(entry.read_text())
    data["output"] = base64.b64encode(b"y = tf.cast(x,\n").decode()  # broken, digest redone
    data["digest"] = Cache.digest(data["key"], data["result"], data["output"])
    entry.write_text(json.dumps(data))
    [result] = run_files([str(target)], pipeline, True, 1, cache=cache)
    assert result.status == CHANGED and target.read_text() == TF2


@pytest.mark.parametrize("command", ["diff", "apply", "lint", "check"])
def test_a_fifo_named_py_is_skipped_not_waited_on(tmp_path: Path, command: str):
    (tmp_path / "src").mkdir()
    os.mkfifo(tmp_path / "src" / "pipe.py")
    (tmp_path / "src" / "m.py").write_text(TF1)
    start = time.monotonic()
    walked = run_cli(command, "src", "-j", "1", cwd=tmp_path, timeout=30)
    named = run_cli(command, "src/pipe.py", "-j", "1", cwd=tmp_path, timeout=30)
    assert time.monotonic() - start < 25
    for result in (walked, named):
        assert "src/pipe.py: skipped: not a regular file" in result.stderr.decode(), \
            result.stderr
    assert named.returncode == 0  # nothing to do, nothing failed


def test_run_files_skips_a_fifo(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.py")
    [result] = run_files([str(tmp_path / "pipe.py")], build_pipeline(), True, 1)
    assert (result.status, result.error) == (SKIPPED, "not a regular file")


def test_explicit_symlink_is_followed_by_check_and_written_through(tmp_path: Path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "model.py").write_text(TF1)
    (tmp_path / "m.py").symlink_to(tmp_path / "real" / "model.py")
    checked = run_cli("check", "m.py", cwd=tmp_path)
    assert checked.returncode == 1, checked.stderr
    assert b"m.py: would change" in checked.stderr
    applied = run_cli("apply", "m.py", cwd=tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert (tmp_path / "m.py").is_symlink()  # still a link
    assert (tmp_path / "real" / "model.py").read_text() == TF2
    # met in a walk, a symlink is still reported and left alone
    (tmp_path / "real" / "model.py").write_text(TF1)
    (tmp_path / "walked").mkdir()
    (tmp_path / "walked" / "l.py").symlink_to(tmp_path / "real" / "model.py")
    walked = run_cli("apply", "walked", cwd=tmp_path)
    assert b"walked/l.py: skipped: symlink: not followed" in walked.stderr
    assert (tmp_path / "real" / "model.py").read_text() == TF1


def test_broken_explicit_symlink_fails_check(tmp_path: Path):
    (tmp_path / "m.py").symlink_to(tmp_path / "gone.py")
    checked = run_cli("check", "m.py", cwd=tmp_path)
    assert checked.returncode == 2
    assert b"m.py: error: no such file" in checked.stderr


def test_read_only_directory_is_one_clear_line(tmp_path: Path):
    (tmp_path / "ro").mkdir()
    (tmp_path / "ro" / "m.py").write_text(TF1)
    (tmp_path / "ok.py").write_text(TF1)
    (tmp_path / "ro").chmod(0o555)
    try:
        result = run_cli("apply", "ro", "ok.py", cwd=tmp_path)
    finally:
        (tmp_path / "ro").chmod(0o755)
    errors = [l for l in result.stderr.decode().splitlines() if "error" in l]
    assert result.returncode == 2
    assert errors == ["ro/m.py: error: directory is read-only (the atomic write needs a "
                      "temporary file beside the file); left untouched"]
    assert (tmp_path / "ro" / "m.py").read_text() == TF1
    assert (tmp_path / "ok.py").read_text() == TF2


def test_mkstemp_permission_error_is_not_an_internal_error(tmp_path: Path, monkeypatch):
    import tempfile

    target = tmp_path / "m.py"
    target.write_text(TF1)

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(SourceError, match="directory is read-only"):
        write_atomic(str(target), b"x = 1\n")


def test_stale_temporaries_of_dead_runs_are_removed(tmp_path: Path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".tfmigrate-{dead.pid}-abcd1234.tmp"
    stale.write_text("half")
    live = tmp_path / f".tfmigrate-{os.getppid()}-abcd1234.tmp"  # a run in flight
    live.write_text("half")
    old = tmp_path / ".tfmigrate-k2j3h4g5.tmp"  # the old naming, no pid
    old.write_text("half")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    (tmp_path / "m.py").write_text(TF1)
    result = run_cli("apply", "m.py", cwd=tmp_path)
    assert result.returncode == 0
    assert not stale.exists() and not old.exists()
    assert live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, "m.py"])
    assert remove_stale_temporaries(str(tmp_path)) == []  # once per directory and process
