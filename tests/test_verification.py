"""`migrate.verification` and `migrate.probe` against real TensorFlow, in subprocesses.

Each probe costs a TF import (seconds), so every test that runs one checks several things on
its result. The models are in tests/probe_cases/.
"""
from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.verification import (compare, compare_stdout, compat_text, parse_input_spec,
                                  run_probe, verify)

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "probe_cases"
X = {"x": {"dtype": "float32", "shape": [4, 8]}}
MODEL_VARIABLES = {
    "fc1/w": ([8, 16], True), "fc1/b": ([16], True), "fc2/w": ([16, 4], True),
    "fc2/b": ([4], True), "steps": ([], False),
}


def signatures(entries: list) -> dict:
    return {e["name"]: (e["shape"], e["trainable"]) for e in entries if e["dtype"] == "float32"}


def test_importing_verification_does_not_import_tensorflow():
    code = ("import sys, migrate.verification, migrate.probe; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('tensorflow', 'keras', 'tf_keras', 'numpy')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_matching_pair_matches_with_equal_outputs_after_checkpoint_transfer():
    result = verify(CASES / "tf1_dense.py", CASES / "tf2_dense.py", call="train_step(x)",
                    inputs=X)
    data = result.to_json()
    assert result.match, result.format_table()
    assert signatures(data["before"]["variables"]) == MODEL_VARIABLES
    assert signatures(data["after"]["variables"]) == MODEL_VARIABLES
    assert not (data["missing"] or data["extra"] or data["mismatched"] or data["errors"])
    # Both sides start from different random weights, so equal outputs prove the transfer.
    assert data["outputs"]["match"] and data["outputs"]["max_abs_diff"] <= 1e-5
    assert data["outputs"]["compared"] == ["out['logits']", "out['loss']"]  # None skipped
    assert result.before["outputs"]["out['logits']"]["shape"] == [4, 4]
    assert result.before["outputs"]["out['loss']"]["values"][0] > 0
    # Optimizer state is reported apart and does not decide the verdict.
    before_slots = {e["name"] for e in result.before["slots"]}
    after_slots = {e["name"] for e in result.after["slots"]}
    assert {"fc1/w/Adam", "fc1/w/Adam_1", "beta1_power", "beta2_power"} <= before_slots
    assert {"adam/iteration", "adam/learning_rate"} <= after_slots
    assert not before_slots & set(MODEL_VARIABLES) and not after_slots & set(MODEL_VARIABLES)
    assert data["slots"]["before"] == 10 and not data["slots"]["match"]
    json.dumps(data)
    table = result.format_table()
    assert table.splitlines()[0].split() == ["name", "before", "after", "status"]
    assert "steps  float32[] frozen  float32[] frozen  ok" in table
    assert table.endswith("MATCH") and "outputs: match" in table


def test_faulty_migration_is_reported_per_variable():
    result = verify(CASES / "tf1_dense.py", CASES / "tf2_dense_wrong.py", call="train_step(x)",
                    inputs=X)
    data = result.to_json()
    assert not result.match
    assert data["missing"] == ["fc2/b", "fc2/w"]  # nested under the parent's name scope:
    assert data["extra"] == ["model/fc2/b", "model/fc2/w", "model/temperature"]
    assert {m["name"]: m["differs"] for m in data["mismatched"]} == {
        "fc1/b": ["shape"], "steps": ["trainable"]}
    assert data["second_call_new_variables"] == ["model/temperature"]
    assert {"fc1/b", "model/fc2/w"} <= set(data["checkpoint_missing"])
    assert not data["outputs"]["match"] and data["errors"] == []
    table = result.format_table()
    for expected in ("differs: shape", "differs: trainable", "missing", "extra",
                     "created again by the second call: model/temperature", "outputs: DIFFER"):
        assert expected in table
    assert table.endswith("MISMATCH")


def test_tf1_mode_accepts_every_import_spelling():
    result = run_probe({"mode": "tf1", "file": str(CASES / "tf1_compat_import.py"),
                        "call": "build(x)", "inputs": {"x": {"dtype": "int32", "shape": [2, 2]}}})
    assert result["error"] is None, result["traceback"]
    assert result["variables"] == [
        {"name": "embed/table", "shape": [10, 3], "dtype": "float32", "trainable": True},
        {"name": "counter", "shape": [], "dtype": "int64", "trainable": False},
        {"name": "head/b", "shape": [3], "dtype": "float32", "trainable": True},  # helper module
    ]
    embedded, counter = result["outputs"]["out[0]"], result["outputs"]["out[1]"]
    assert embedded["shape"] == [2, 2, 3] and set(embedded["values"]) == {1.0}
    assert counter["values"] == [1.0]


def test_whole_script_with_session_loop_in_its_own_graph():
    result = run_probe({"mode": "tf1", "file": str(CASES / "tf1_script.py"), "run_main": True})
    assert result["error"] is None, result["traceback"]  # its prints did not spoil the JSON
    assert [(v["name"], v["shape"]) for v in result["variables"]] == [
        ("linear/w", [3, 1]), ("linear/b", [1]), ("global_step", [])]
    assert [v["name"] for v in result["slots"]] == ["linear/w/Momentum", "linear/b/Momentum"]
    assert result["outputs"] is None
    printed = result["stdout"].splitlines()
    assert len(printed) == 20 and printed[0].startswith("step 0 loss ")


def test_tf1_rebuild_after_reset_default_graph_is_recorded():
    result = run_probe({"mode": "tf1", "file": str(CASES / "tf1_reset_graph.py"),
                        "run_main": True})
    assert result["error"] is None, result["traceback"]
    assert [v["name"] for v in result["variables"]] == ["w", "w"]  # once per graph
    assert result["stdout"] == "rebuilt [2]\n"


def test_failing_file_gives_one_line_error_and_what_it_created():
    result = run_probe({"mode": "tf2", "file": str(CASES / "raises.py")})
    assert result["error"] == "ValueError: shapes do not line up"
    assert "raises.py" in result["traceback"]
    assert [v["name"] for v in result["variables"]] == ["created_before_failure"]
    report = compare(result, result)
    assert not report.match and report.errors == [
        "before: ValueError: shapes do not line up", "after: ValueError: shapes do not line up"]


def probe_result(variables=(), outputs=None, error=None) -> dict:
    return {"variables": [{"name": n, "shape": s, "dtype": "float32", "trainable": True}
                          for n, s in variables],
            "slots": [], "outputs": outputs, "second_call_new_variables": [],
            "checkpoint_missing": [], "error": error}


def test_compare_rules_without_tensorflow():
    one = probe_result([("w", [2])], {"out": {"shape": [2], "values": [math.nan, 1.0]}})
    close = probe_result([("w", [2])], {"out": {"shape": [2], "values": [math.nan, 1.000001]}})
    assert compare(one, close).match and compare(one, close).outputs["match"]
    far = probe_result([("w", [2])], {"out": {"shape": [2], "values": [math.nan, 1.1]}})
    assert not compare(one, far).match
    assert compare(one, far, compare_outputs=False).match
    assert "outputs" not in compare(one, far, compare_outputs=False).to_json()
    twice = probe_result([("w", [2]), ("w", [2])])
    assert compare(one, twice).duplicates == ["w"] and not compare(one, twice).match
    crashed = run_probe({"mode": "tf2", "file": "x.py"}, timeout=0.01)
    assert crashed["error"].startswith("TimeoutExpired") and crashed["variables"] == []


def test_rebuilt_model_may_repeat_names_as_often_as_tf1_did():
    rebuilt = probe_result([("w", [2]), ("w", [2])])
    assert compare(rebuilt, rebuilt).match
    thrice = probe_result([("w", [2])] * 3)
    assert compare(rebuilt, thrice).duplicates == ["w"]


def test_printed_lines_keep_their_words_numbers_masked():
    before = "Epoch: 0010 cost= 0.123456789 W= 0.25\nOptimization Finished!\n"
    assert compare_stdout(before, "Epoch: 0010 cost= 0.123400000 W= 0.3\nOptimization Finished!\n")["match"]
    tensor = compare_stdout("cost= 0.5\n", "cost= tf.Tensor(0.5, shape=(), dtype=float32)\n")
    assert not tensor["match"] and tensor["first_difference"]["line"] == 1
    shorter = compare_stdout("a 1\nb 2\n", "a 1\n")
    assert not shorter["match"] and shorter["lines"] == {"before": 2, "after": 1}
    assert shorter["first_difference"] == {"line": 2, "before": "b 2", "after": None}


def test_printed_numbers_within_rtol_allowing_for_the_last_printed_digit():
    assert compare_stdout("Loss= 0.0512\n", "Loss= 0.0513\n", rtol=1e-3)["match"]
    assert not compare_stdout("Loss= 0.0512\n", "Loss= 0.0515\n", rtol=1e-3)["match"]
    assert compare_stdout("Loss= 0.0512\n", "Loss= 0.0515\n")["match"]  # no rtol: words only
    assert compare_stdout("[[nan 2e-05]]\n", "[[nan 2.1e-05]]\n", rtol=0.1)["match"]
    assert not compare_stdout("step 10\n", "step 11\n", rtol=0.01)["match"]  # integers: exact
    out = compare_stdout("x 1.0 y\n", "x 1.5 y\n")
    assert out["max_abs_number_diff"] == 0.5


def test_compat_text_finds_tf1_compatibility_spellings():
    assert compat_text("import tensorflow as tf\nx = tf.Variable(1.0)\n") == []
    assert compat_text("import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()\n") == [
        "compat.v1", "disable_v2_behavior"]


def test_parse_input_spec():
    assert parse_input_spec("x=float32:4,8") == ("x", {"dtype": "float32", "shape": [4, 8]})
    assert parse_input_spec("ids=int64:?,-1") == ("ids", {"dtype": "int64", "shape": [None, None]})
    assert parse_input_spec("t=bool:") == ("t", {"dtype": "bool", "shape": []})
    with pytest.raises(ValueError):
        parse_input_spec("x:float32")


def test_tf1_probe_runs_contrib_code_with_standins_and_says_so():
    result = run_probe({"mode": "tf1", "file": str(CASES / "tf1_contrib_pieces.py"),
                        "setup": "hp = hparams()", "call": "encode(x, hp)",
                        "inputs": {"x": {"dtype": "float32", "shape": [4, 2]}}})
    assert result["error"] is None, result["traceback"]
    assert [(v["name"], v["shape"]) for v in result["variables"]] == [
        ("enc/w", [2, 3]), ("enc/LayerNorm/beta", [3]), ("enc/LayerNorm/gamma", [3]),
        ("enc/LayerNorm_1/beta", [3]), ("enc/LayerNorm_1/gamma", [3])]  # TF1's numbering
    rows = result["outputs"]["out[0]"]["values"]
    for row in range(4):  # normalized over the last axis, gamma 1 and beta 0
        values = rows[3 * row:3 * row + 3]
        assert abs(sum(values)) < 1e-5 and abs(sum(v * v for v in values) / 3 - 1) < 1e-3
    assert result["contrib_standins"] == ["contrib.layers.layer_norm",
                                          "contrib.layers.xavier_initializer",
                                          "contrib.training.HParams"]


def test_contrib_without_standin_fails_with_one_line_reason_and_tf2_side_has_only_hparams():
    tf1 = run_probe({"mode": "tf1", "file": str(CASES / "tf1_contrib_pieces.py"),
                     "call": "unsupported(x)",
                     "inputs": {"x": {"dtype": "float32", "shape": [4, 2]}}})
    assert tf1["error"] == ("NotImplementedError: tf.contrib.layers.instance_norm does not "
                            "exist in TF 2.x and verify has no stand-in for it")
    tf2 = run_probe({"mode": "tf2", "file": str(CASES / "tf1_contrib_pieces.py"),
                     "setup": "hp = hparams()", "call": "hp.values()"})
    assert tf2["error"] is None and tf2["contrib_standins"] == ["contrib.training.HParams"]
    assert tf2["outputs"] == {"out['width']": {"shape": [], "dtype": "int64", "values": [3.0]},
                              "out['depth']": {"shape": [], "dtype": "int64", "values": [2.0]}}
    tf2 = run_probe({"mode": "tf2", "file": str(CASES / "tf1_contrib_pieces.py"),
                     "call": "encode(x, hparams())",
                     "inputs": {"x": {"dtype": "float32", "shape": [4, 2]}}})
    assert tf2["error"].startswith("AttributeError")  # get_variable: TF2 is not TF1


def test_compat_text_ignores_comments_and_strings_but_sees_contrib():
    source = ('"""Was `tf.compat.v1.layers.dense`."""\nimport tensorflow as tf\n'
              'x = 1  # tf.compat.v1 is gone\ny = "tf.contrib"\n')
    assert compat_text(source) == []
    assert compat_text("import tensorflow as tf\nh = tf.contrib.training.HParams()\n") == [
        "tf.contrib"]


def test_a_printed_graph_tensor_matches_the_eager_tensor_its_migration_prints():
    tf1 = 'Tensor("Const:0", shape=(), dtype=string)\nTensor("Add:0", shape=(2,), dtype=int32)\n'
    tf2 = ("tf.Tensor(b'Hello, (TF)!', shape=(), dtype=string)\n"
           "tf.Tensor([ 1 42], shape=(2,), dtype=int32)\n")
    assert compare_stdout(tf1, tf2)["match"]
    wrong_dtype = compare_stdout(tf1, tf2.replace("int32", "string"))
    assert not wrong_dtype["match"] and wrong_dtype["first_difference"]["line"] == 2
