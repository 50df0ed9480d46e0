"""`tfmigrate verify`: the CLI contract over the probe machinery, and call translation."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.commands.verify import translate_call

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "def block(x, scope, n_out, *, act=None):\n    pass\n"
RECORD = [{"kind": "function_to_module", "function": "block", "cls": "Block",
           "scope_param": "scope"}]


def test_translate_call_moves_the_scope_to_the_module_name():
    assert translate_call("block(x, 'h0', 4, act=None)", RECORD, SOURCE) == \
        ("_tfm_block_0(x, 4, act=None)", ["_tfm_block_0 = Block(name='h0')"])
    assert translate_call("block(x, n_out=4, scope='h1')", RECORD, SOURCE) == \
        ("_tfm_block_0(x, n_out=4)", ["_tfm_block_0 = Block(name='h1')"])
    assert translate_call("other(x)", RECORD, SOURCE) == ("other(x)", [])
    assert translate_call(None, RECORD, SOURCE) == (None, [])


def test_translate_call_reaches_nested_calls_and_shares_an_instance_per_scope():
    call, setup = translate_call("block(block(x, 'a', 4), 'b', 4)['out'] + block(y, 'a', 4)",
                                 RECORD, SOURCE)
    assert call == "_tfm_block_1(_tfm_block_0(x, 4), 4)['out'] + _tfm_block_0(y, 4)"
    assert setup == ["_tfm_block_0 = Block(name='a')", "_tfm_block_1 = Block(name='b')"]


def test_translate_call_drops_the_reuse_argument():
    record = [{**RECORD[0], "reuse_param": "reuse"}]
    source = "def block(x, scope, n_out, reuse=False):\n    pass\n"
    assert translate_call("block(x, 'a', 4, True) + block(y, 'a', 4, reuse=True)", record,
                          source) == ("_tfm_block_0(x, 4) + _tfm_block_0(y, 4)",
                                      ["_tfm_block_0 = Block(name='a')"])


def test_translate_call_builds_converted_classes_once_in_setup():
    record = [{"kind": "class_to_module", "cls": "Encoder", "scope_param": "scope"}]
    call, setup = translate_call("Encoder(cfg, ids).pooled() + Encoder(cfg, ids).pooled()",
                                 record, "")
    assert call == "_tfm_Encoder_0.pooled() + _tfm_Encoder_0.pooled()"
    assert setup == ["_tfm_Encoder_0 = Encoder(cfg, ids)"]


def run_verify(*args: str, cwd: Path):
    return subprocess.run([sys.executable, "-m", "migrate", "verify", *args], cwd=cwd,
                          capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)


@pytest.fixture
def pair(tmp_path: Path) -> Path:
    pytest.importorskip("tensorflow")
    (tmp_path / "model.py").write_text(
        "import tensorflow as tf\n"
        "def dense(x, n):\n"
        "    with tf.variable_scope('fc'):\n"
        "        w = tf.get_variable('w', [int(x.shape[-1]), n])\n"
        "        return tf.matmul(x, w)\n")
    (tmp_path / "wrong.py").write_text(
        "import tensorflow as tf\n"
        "class Dense(tf.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__(name='fc')\n"
        "        self.w = None\n"
        "    @tf.Module.with_name_scope\n"
        "    def __call__(self, x, n):\n"
        "        if self.w is None:\n"
        "            self.w = tf.Variable(tf.zeros([int(x.shape[-1]), n + 1]), name='w')\n"
        "        return tf.matmul(x, self.w)\n"
        "def dense(x, n, _m=[]):\n"
        "    _m or _m.append(Dense())\n"
        "    return _m[0](x, n)\n")
    return tmp_path


def test_verify_json_reports_a_wrong_shape_and_exits_1(pair: Path):
    result = run_verify("model.py", "--after", "wrong.py", "--call", "dense(x, 3)",
                        "--input", "x=float32:2,4", "--json", cwd=pair)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    assert data["match"] is False
    assert data["before"]["variables"] == [
        {"name": "fc/w", "shape": [4, 3], "dtype": "float32", "trainable": True}]
    assert data["after"]["variables"][0]["shape"] == [4, 4]


def test_verify_migrates_the_file_itself_when_no_after_is_given(pair: Path):
    result = run_verify("model.py", cwd=pair)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("MATCH")
    assert not list(pair.glob(".tfmigrate-verify-*"))  # the temporary migration is gone
