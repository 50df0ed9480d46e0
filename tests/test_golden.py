"""Golden cases: the codemods produce exactly `after.py`, and `after.py` is a fixpoint."""
from __future__ import annotations

import pytest

from codemods.registry import build_pipeline
from migrate.engine import migrate_code
from migrate.sources import decode
from tests.golden_cases import GoldenCase, golden_cases, warning_lines

CASES = golden_cases()


def _text(path) -> str:
    return decode(path.read_bytes()).text


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_rewrites_to_expected(case: GoldenCase):
    produced = migrate_code(_text(case.before), build_pipeline(), str(case.before)).code
    assert produced == _text(case.after)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_warnings_are_pinned(case: GoldenCase):
    """`warnings.txt` pins what the migration says about the input, line for line: a change
    of warning text or position is a change of behaviour and must be deliberate."""
    migration = migrate_code(_text(case.before), build_pipeline(), str(case.before))
    assert warning_lines(migration.warnings) == (case.folder / "warnings.txt").read_text()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_expected_is_a_fixpoint(case: GoldenCase):
    expected = _text(case.after)
    migration = migrate_code(expected, build_pipeline(), str(case.after))
    assert migration.code == expected
    assert migration.changed_by == []


def test_every_case_is_a_pair():
    assert CASES, "golden/ has no cases"
    for case in CASES:
        assert case.after.exists(), f"{case.name} has no after.py"


def test_unpacked_kwargs_into_dropout_stay_unpacked():
    code = "import tensorflow as tf\ny = tf.nn.dropout(x, keep_prob, **kwargs)\n"
    out = migrate_code(code, build_pipeline()).code
    assert out == "import tensorflow as tf\ny = tf.nn.dropout(x, rate=1 - keep_prob, **kwargs)\n"
