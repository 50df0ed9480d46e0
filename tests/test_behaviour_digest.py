"""The behaviour digest notices a change of code, warnings or records, and nothing else."""
from __future__ import annotations

import json

from tools import behaviour_digest


def _entry(**changes) -> dict:
    facts = {"path": "golden/x/before.py", "status": "changed", "error": "", "codemods": ["m"],
             "diff": "-a\n+b\n", "warnings": ["1:1: m: w"], "record": [], "lint": []}
    facts.update(changes)
    facts["hash"] = behaviour_digest._hash({k: v for k, v in facts.items() if k != "hash"})
    return facts


def test_digest_depends_on_every_fact():
    base = behaviour_digest.digest([_entry()])
    assert behaviour_digest.digest([_entry()]) == base
    for field, value in [("diff", "-a\n+c\n"), ("warnings", []), ("record", [{"k": 1}]),
                         ("lint", ["1:1: TFL001 x"]), ("status", "unchanged")]:
        assert behaviour_digest.digest([_entry(**{field: value})]) != base, field


def test_compare_names_the_first_differing_field(tmp_path):
    old = tmp_path / "old.jsonl"
    old.write_text(json.dumps(_entry()) + "\n")
    assert behaviour_digest.compare([_entry()], str(old)) == []
    assert behaviour_digest.compare([_entry(warnings=[])], str(old)) == [
        "golden/x/before.py: warnings differs"]
    assert behaviour_digest.compare([], str(old)) == ["golden/x/before.py: only in old"]


def test_facts_are_relative_to_their_root(tmp_path):
    from migrate.results import FileResult

    result = FileResult(str(tmp_path / "a.py"), "failed", error=f"{tmp_path}/a.py: bad")
    facts = behaviour_digest._facts(result, tmp_path, [])
    assert facts["path"] == f"{tmp_path.name}/a.py"
    assert facts["error"] == "<root>/a.py: bad"
