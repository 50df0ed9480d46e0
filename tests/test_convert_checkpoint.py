"""`tfmigrate convert-checkpoint`: a TF1 Saver checkpoint becomes an object-based checkpoint
that the migrated code restores with the TF1 values (checked in a separate TF2 process)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate.cli import main

pytest.importorskip("tensorflow")

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "session_model_class_holding_sess"

TF1_SAVE = """
import numpy as np
import tensorflow.compat.v1 as tf
tf.disable_v2_behavior()
W = tf.Variable(np.arange(12, dtype=np.float32).reshape(4, 3), name="W")
b = tf.Variable(np.array([0.5, -1.0, 2.0], np.float32), name="b")
stray = tf.Variable(1.0, name="not_in_the_model")
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    tf.train.Saver().save(sess, sys.argv[1])
"""

TF2_READ = """
import json
import runpy
import tensorflow as tf
namespace = runpy.run_path(sys.argv[1], run_name="not_main")
model = namespace["Classifier"](4, 3)
tf.train.Checkpoint(model=model).read(sys.argv[2]).assert_existing_objects_matched()
print(json.dumps({"W": model.W.numpy().tolist(), "b": model.b.numpy().tolist()}))
"""


def _python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", "import sys\n" + code, *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


def test_tf1_values_reach_the_migrated_model_through_an_object_based_checkpoint(tmp_path):
    tf1 = tmp_path / "tf1" / "model.ckpt"
    _python(TF1_SAVE, str(tf1))
    out = tmp_path / "tf2" / "model"
    result = CliRunner().invoke(main, [
        "convert-checkpoint", str(tf1.parent), str(out), "--after", str(GOLDEN / "after.py"),
        "--object", "tf.train.Checkpoint(model=Classifier(4, 3))", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["missing"] == [] and "W" in report["converted"]
    assert report["unused"] == ["not_in_the_model"]
    values = json.loads(_python(TF2_READ, str(GOLDEN / "after.py"), report["checkpoint"]))
    assert values == {"W": [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11]], "b": [0.5, -1.0, 2.0]}


def test_a_model_variable_without_a_tf1_value_is_reported_and_exits_1(tmp_path):
    tf1 = tmp_path / "tf1" / "model.ckpt"
    _python(TF1_SAVE.replace('name="b"', 'name="bias"'), str(tf1))
    result = CliRunner().invoke(main, [
        "convert-checkpoint", str(tf1), str(tmp_path / "out"), "--after",
        str(GOLDEN / "after.py"), "--object", "tf.train.Checkpoint(model=Classifier(4, 3))"])
    assert result.exit_code == 1, result.output
    assert "missing: b " in result.output
