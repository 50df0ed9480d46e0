"""Ruff-style fixtures: per lint code, one file of flagged forms and one of clean forms.

A fixture file is a series of forms, each opened by a `# %% <what it shows>` line and each a
whole little script (its own imports). Every form is linted on its own, with the other forms
blanked out so line numbers are those of the file. In `TFL00x_flagged.py` each form marks the
lines it must be flagged at with `# expect: TFL00x`, and nothing else may be reported; in
`TFL00x_clean.py` no form may be reported at all. The golden TF2 outputs must be lint-clean too.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from hazards.registry import CHECKERS, lint_code

ROOT = Path(__file__).resolve().parent.parent
FORMS = Path(__file__).resolve().parent / "lint_cases" / "forms"
CODES = sorted(c.CODE for c in CHECKERS)
_FORM = re.compile(r"^# %% (.+)$")


def forms(path: Path) -> list[tuple[str, str, list[tuple[int, str]]]]:
    """(title, source with the other forms blanked, expected (line, code) pairs)."""
    lines = path.read_text().splitlines()
    starts = [i for i, line in enumerate(lines) if _FORM.match(line)]
    found = []
    for n, start in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        source = "\n".join(line if start <= i < stop else "" for i, line in enumerate(lines))
        wanted = [(i + 1, line.rsplit("# expect: ", 1)[1].split()[0])
                  for i, line in enumerate(lines[start:stop], start) if "# expect: " in line]
        found.append((_FORM.match(lines[start]).group(1), source + "\n", wanted))
    return found


def _cases(kind: str):
    for code in CODES:
        path = FORMS / f"{code}_{kind}.py"
        for title, source, wanted in forms(path) if path.exists() else ():
            yield pytest.param(path, source, wanted, id=f"{code}-{title}")


@pytest.mark.parametrize("path, source, wanted", list(_cases("flagged")))
def test_flagged_form_is_reported_at_its_lines(path: Path, source: str, wanted):
    assert wanted, "a flagged form needs an `# expect:` marker"
    found = [(d.line, d.code) for d in lint_code(source, str(path))]
    assert found == wanted


@pytest.mark.parametrize("path, source, wanted", list(_cases("clean")))
def test_clean_form_is_silent(path: Path, source: str, wanted):
    assert not wanted
    assert [d.format() for d in lint_code(source, str(path))] == []


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_eight_flagged_and_eight_clean_forms(code: str):
    for kind in ("flagged", "clean"):
        path = FORMS / f"{code}_{kind}.py"
        assert path.exists(), path.name
        assert len(forms(path)) >= 8, path.name
        compile(path.read_text(), str(path), "exec")  # every fixture is real Python


@pytest.mark.parametrize("after", sorted(ROOT.glob("golden/*/after.py")),
                         ids=lambda p: p.parent.name)
def test_golden_tf2_outputs_are_lint_clean(after: Path):
    assert [d.format() for d in lint_code(after.read_text(), str(after))] == []


def test_lint_uses_no_libcst_scope_providers(monkeypatch):
    """Lint facts come from the analysis' own walk: libcst's full scope, qualified-name and
    parent providers stay off the hot path."""
    from libcst import metadata

    def refuse(*args, **kwargs):
        raise AssertionError("a libcst metadata provider was resolved")

    for provider in (metadata.ScopeProvider, metadata.QualifiedNameProvider,
                     metadata.ParentNodeProvider):
        monkeypatch.setattr(provider, "gen_cache", classmethod(refuse), raising=False)
        monkeypatch.setattr(provider, "visit_Module", refuse, raising=False)
    source = (FORMS / "TFL002_flagged.py").read_text()
    assert lint_code(source, "x.py")
