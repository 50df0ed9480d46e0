"""The hazard checkers, their stable codes, and linting one source text.

Codes are stable: a code is never reused for another hazard. `lint_code` parses once and lets
every checker whose cheap trigger matches read the same `Analysis`.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from hazards.analysis import Analysis
from hazards.base import Checker, Diagnostic
from hazards.duplicate_variable import DuplicateVariable
from hazards.escaping_tensor import EscapingTensor
from hazards.function_variable import FunctionVariable
from hazards.restore_scope_mismatch import RestoreScopeMismatch
from hazards.saver_before_variables import SaverBeforeVariables
from hazards.uninitialized_read import UninitializedRead
from migrate import fastvisit

CHECKERS: tuple[type[Checker], ...] = (
    UninitializedRead,       # TFL001
    DuplicateVariable,       # TFL002
    SaverBeforeVariables,    # TFL003
    RestoreScopeMismatch,    # TFL004
    FunctionVariable,        # TFL005
    EscapingTensor,          # TFL006
)
BY_CODE: dict[str, type[Checker]] = {c.CODE: c for c in CHECKERS}


def checker_for(code: str) -> Optional[type[Checker]]:
    return BY_CODE.get(code.strip().upper())


def lint_code(code: str, path: str = "<string>") -> list[Diagnostic]:
    """Every hazard in `code`, sorted. Raises libcst.ParserSyntaxError on bad input."""
    with fastvisit.installed():
        return _lint(code, path)


def _lint(code: str, path: str) -> list[Diagnostic]:
    if "tensorflow" not in code:
        return []
    checkers = [c() for c in CHECKERS if c.may_apply(code)]
    if not checkers:
        cst.parse_module(code)  # a file that does not parse is an error, hazards or not
        return []
    analysis = Analysis(code)
    found = set()
    for checker in checkers:
        for node, message in checker.check(analysis):
            line, col = analysis.position(node)
            found.add(Diagnostic(path, line, col, checker.CODE, message))
    return sorted(found)


def hazard_codes(code: str, module: Optional[cst.Module] = None,
                 only: Optional[set] = None) -> set[str]:
    """The codes present in `code`; an unparsable text has none we can name.

    The same codes as `lint_code` finds, without their positions (placing a node is a full
    metadata pass over the file, and a code needs none). `module`: the tree of `code`, when
    the caller has parsed it already. `only`: look for these codes alone.
    """
    try:
        if "tensorflow" not in code:
            return set()
        checkers = [c() for c in CHECKERS if (only is None or c.CODE in only)
                    and c.may_apply(code)]
        if not checkers:
            return set()
        analysis = Analysis(code, module, placed=False)
        found = set()
        for checker in checkers:
            for _ in checker.check(analysis):
                found.add(checker.CODE)
        return found
    except Exception:  # noqa: BLE001 - a report detail must never fail a migration
        return set()


def hazards_removed(before: str, after: str, module: Optional[cst.Module] = None) -> list[str]:
    """The codes `before` has and `after` no longer has (what `--report` lists for a changed
    file). `module`: the tree of `before` (the migration parsed it). `after` is linted only
    when `before` has a hazard, and only for the codes it has: in most files there is none,
    and a code `after` has that `before` had not is not "removed" anyway."""
    found = hazard_codes(before, module)
    if not found:
        return []
    return sorted(found - hazard_codes(after, only=found))
