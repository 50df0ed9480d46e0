"""A migrated session script reads the checkpoint its TF1 original wrote (name-based restore):
the TF1 script trains and saves under TF1 semantics, the migrated one restores that file under
plain TF2 and prints the same step, weights and loss."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("tensorflow")

CASE = Path(__file__).resolve().parent.parent / "golden" / "session_restores_tf1_checkpoint"
TF1_RUNNER = ("import sys, tensorflow.compat.v1 as tf\n"
              "tf.disable_v2_behavior()\n"
              "sys.modules['tensorflow'] = tf\n"
              "exec(compile(open(sys.argv[1]).read(), sys.argv[1], 'exec'), "
              "{'__name__': '__main__'})\n")


def _run(args: list, checkpoint: Path) -> list[str]:
    env = {**os.environ, "MODEL_CHECKPOINT": str(checkpoint), "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()


def test_the_migrated_script_restores_the_tf1_checkpoint_by_name(tmp_path):
    after = (CASE / "after.py").read_text()
    assert "compat.v1" not in after and "Session" not in after
    checkpoint = tmp_path / "model.ckpt"
    trained = _run(["-c", TF1_RUNNER, str(CASE / "before.py")], checkpoint)
    assert trained[0] == "trained to step 25"
    restored = _run([str(CASE / "after.py")], checkpoint)
    assert restored[0] == "restored at step 25"
    assert restored[1:] == trained[1:]  # the same weights and loss, read from TF1's file
