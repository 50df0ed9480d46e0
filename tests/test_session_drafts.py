"""The session golden drafts: whole TF1 scripts (golden_drafts/<case>/before.py) and the
idiomatic TF2 programs written by hand as the target of the `sessions` codemod (target.py).

Each pair runs (TF1 semantics vs plain TF2) and must create the same model variables and print
the same lines with the same words; verify.json may ask for the printed numbers to agree
within `stdout_rtol` (deterministic scripts) and for `plain_tf2`. The targets must also have
left the Session machinery behind, so they stay targets worth aiming at.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from migrate.verification import verify

DRAFTS = Path(__file__).resolve().parent.parent / "golden_drafts"
CASES = sorted(p for p in DRAFTS.iterdir() if (p / "before.py").exists()) \
    if DRAFTS.is_dir() else []
TF1_ONLY = re.compile(r"\b(?:Session|InteractiveSession|placeholder|feed_dict|"
                      r"global_variables_initializer|reset_default_graph|ConfigProto|"
                      r"Saver|set_random_seed|get_or_create_global_step)\b|\.eval\(")

pytest.importorskip("tensorflow")


def test_there_are_drafts():
    assert len(CASES) >= 6


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_target_is_an_idiomatic_tf2_program(folder: Path):
    code = "\n".join(line.split("#")[0] for line in
                     (folder / "target.py").read_text().splitlines())
    assert not TF1_ONLY.findall(code.split('"""', 2)[-1])  # docstring may tell the story


@pytest.mark.parametrize("folder", CASES, ids=lambda p: p.name)
def test_before_and_target_agree(folder: Path):
    spec_path = folder / "verify.json"
    spec = json.loads(spec_path.read_text()) if spec_path.exists() else {}
    result = verify(folder / "before.py", folder / "target.py", run_main=True,
                    stdout_rtol=spec.get("stdout_rtol"), timeout=240)
    assert result.match, result.format_table()
    assert result.stdout is not None and result.stdout["lines"]["before"] > 0
    if spec.get("plain_tf2", True):
        assert result.plain_tf2, result.format_table()
