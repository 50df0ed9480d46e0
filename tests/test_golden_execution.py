"""Run every golden pair: TF1 input under TF1 semantics, expected output under TF2 eager.

Both must run, create the same model variables (name, shape, dtype, trainable), and where the
case's verify.json names a call, give the same outputs after the TF1 checkpoint is moved into
the TF2 code. A case without verify.json is run as a whole script.

verify.json keys: call, after_call, inputs {name: "dtype:d1,d2"}, setup, after_setup,
compare_outputs (default true), run_main (default: true when no call is given),
plain_tf2 (the expected output must run with no compat.v1 / disable_v2_behavior text),
stdout_rtol (a whole script's printed numbers must agree within it; its printed lines and
words always must); and
"run": false with "why" for the rare case that cannot run on this TF at all (it is reported as
skipped, with the reason).
"""
from __future__ import annotations

import pytest

from migrate.verification import parse_input_spec, verify
from tests.golden_cases import GoldenCase, golden_cases

pytest.importorskip("tensorflow")


@pytest.mark.parametrize("case", golden_cases(), ids=lambda c: c.name)
def test_pair_creates_the_same_variables_and_outputs(case: GoldenCase):
    spec = case.spec() or {}
    if spec.get("run") is False:
        pytest.skip(spec["why"])
    inputs = dict(parse_input_spec(f"{name}={value}") for name, value in
                  spec.get("inputs", {}).items())
    result = verify(case.before, case.after, call=spec.get("call"), inputs=inputs,
                    setup=spec.get("setup"), after_call=spec.get("after_call"),
                    after_setup=spec.get("after_setup"),
                    compare_outputs=spec.get("compare_outputs", True),
                    run_main=spec.get("run_main", spec.get("call") is None),
                    stdout_rtol=spec.get("stdout_rtol"))
    assert result.match, result.format_table()
    if spec.get("plain_tf2"):
        assert result.plain_tf2, result.format_table()
    if spec.get("call") and spec.get("compare_outputs", True):
        assert "outputs" in result.to_json(), "the call returned no outputs to compare"
