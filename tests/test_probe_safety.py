"""verify / convert-checkpoint probes: their own process group, killed with everything they
started on timeout and on SIGTERM; a minimal environment; no temporary file in the source tree.
None of these tests lets TensorFlow finish importing."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from migrate import verification
from migrate.verification import probe_environment, run_probe
from tests.processes import alive, descendants

ROOT = Path(__file__).resolve().parent.parent


def test_environment_is_an_allow_list():
    env = probe_environment({"PATH": "/bin", "HOME": "/h", "AWS_SECRET_ACCESS_KEY": "s",
                             "GITHUB_TOKEN": "t", "TF_CPP_MIN_LOG_LEVEL": "2",
                             "CUDA_VISIBLE_DEVICES": "0", "VIRTUAL_ENV": "/v", "LANG": "C",
                             "LC_ALL": "C", "PYTHONPATH": "/p"})
    assert "AWS_SECRET_ACCESS_KEY" not in env and "GITHUB_TOKEN" not in env
    assert {k: env[k] for k in ("PATH", "HOME", "TF_CPP_MIN_LOG_LEVEL", "CUDA_VISIBLE_DEVICES",
                                "VIRTUAL_ENV", "LANG", "LC_ALL")} == {
        "PATH": "/bin", "HOME": "/h", "TF_CPP_MIN_LOG_LEVEL": "2", "CUDA_VISIBLE_DEVICES": "0",
        "VIRTUAL_ENV": "/v", "LANG": "C", "LC_ALL": "C"}
    assert env["PYTHONPATH"].endswith(os.pathsep + "/p")


def test_timeout_kills_the_probe_and_what_it_started(tmp_path: Path, monkeypatch):
    fake = tmp_path / "fake-python"
    pidfile = tmp_path / "grandchild.pid"
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {pidfile}\nenv > {tmp_path}/env\n"
                    "sleep 300\n")
    fake.chmod(0o755)
    monkeypatch.setattr(verification.sys, "executable", str(fake))
    monkeypatch.setenv("SOME_SECRET", "hunter2")
    start = time.monotonic()
    result = run_probe({"mode": "tf2", "file": "x.py"}, timeout=1.5)
    assert time.monotonic() - start < 10
    assert result["error"].startswith("TimeoutExpired")
    grandchild = int(pidfile.read_text())
    time.sleep(0.2)
    assert not alive(grandchild)
    assert "SOME_SECRET" not in (tmp_path / "env").read_text()


def test_sigterm_during_verify_leaves_no_process_and_no_temp_file(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "m.py").write_text("import tensorflow as tf\nx = tf.to_float(1)\n")
    private_tmp = tmp_path / "tmp"  # other tests running meanwhile use the shared one
    private_tmp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "migrate", "verify", "src/m.py"],
                            cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT),
                                 "TMPDIR": str(private_tmp)})
    probes: set[int] = set()
    deadline = time.monotonic() + 60
    while not probes and time.monotonic() < deadline and proc.poll() is None:
        probes = descendants(proc.pid)
        time.sleep(0.05)
    assert probes, "no probe started"
    assert os.listdir(src) == ["m.py"]  # the migrated copy is not written beside the source
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2, err
    assert b"verify: running src/m.py under TF1" in err
    time.sleep(0.2)
    assert not [p for p in probes if alive(p)]
    assert os.listdir(src) == ["m.py"]
    assert not [name for name in os.listdir(private_tmp) if name.startswith("tfmigrate-")]
