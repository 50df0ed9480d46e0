"""PEP 8 blank lines around the definitions a migration wrote (pycodestyle E301-E306).

A top-level `def` or `class` has two blank lines before it, and the top-level statement after
it has two too (E302, E305); a nested definition has one before it (E301, E306) and, when we
wrote the gap, one after. Counting follows pycodestyle: blank lines either side of the
comments that lead a statement count, the longest run wins.

Only gaps the migration caused are fixed: a gap that already broke the rule at the same place
in the file as read (the statement after it maps to an original line that broke it too) is
the user's style and is left alone, so is every gap that keeps the rule. Blank lines are only
ever added, at the top of the statement's leading lines (above its comments). Knows nothing
about TensorFlow.
"""
from __future__ import annotations

from typing import Iterator, Optional, Sequence

import libcst as cst

from migrate.changes import LineChanges

_DEFINITIONS = (cst.FunctionDef, cst.ClassDef)


def _first_line(statement: cst.CSTNode, positions) -> int:
    """The line a statement starts on: its first decorator, else its own first token."""
    decorators = getattr(statement, "decorators", ())
    return positions[decorators[0] if decorators else statement].start.line


def _last_footer(statement: cst.CSTNode) -> Sequence[cst.EmptyLine]:
    """The lines trailing a compound statement that its innermost last block owns (comments
    indented into the block, and the blank lines among them)."""
    footer: list = []
    while True:
        block = _last_block(statement)
        if not isinstance(block, cst.IndentedBlock):
            return footer
        footer = [*block.footer, *footer]
        if not block.body:
            return footer
        statement = block.body[-1]


def _last_block(statement: cst.CSTNode) -> Optional[cst.BaseSuite]:
    for name in ("finalbody", "orelse"):
        part = getattr(statement, name, None)
        if part is not None:
            return part.body if not isinstance(part, cst.If) else _last_block(part)
    handlers = getattr(statement, "handlers", ())
    if handlers:
        return handlers[-1].body
    body = getattr(statement, "body", None)
    return body if isinstance(body, cst.BaseSuite) else None


def _runs(lines: Sequence[cst.EmptyLine]) -> list[int]:
    """Lengths of the runs of blank lines, split by comment lines."""
    runs = [0]
    for line in lines:
        if line.comment is None:
            runs[-1] += 1
        else:
            runs.append(0)
    return runs


def _required(previous: cst.CSTNode, statement: cst.CSTNode, top: bool) -> int:
    if top:
        return 2 if isinstance(statement, _DEFINITIONS) or isinstance(previous, _DEFINITIONS) \
            else 0
    return 1 if isinstance(statement, _DEFINITIONS) or isinstance(previous, _DEFINITIONS) else 0


def _gaps(body: Sequence[cst.CSTNode], top: bool) -> Iterator[tuple[int, int, int, int]]:
    """(index, blank lines required, blank lines found, blank lines right after the previous
    statement) for each statement after the first that needs some."""
    for index in range(1, len(body)):
        previous, statement = body[index - 1], body[index]
        required = _required(previous, statement, top)
        if not required:
            continue
        footer = _runs(_last_footer(previous)) if not isinstance(
            previous, cst.SimpleStatementLine) else [0]
        leading = _runs(statement.leading_lines)
        joined = [*footer[:-1], footer[-1] + leading[0], *leading[1:]]
        yield index, required, max(joined), footer[-1] + leading[0]


def _blocks(module: cst.Module) -> Iterator[tuple[Sequence[cst.CSTNode], bool]]:
    yield module.body, True
    stack = list(module.body)
    while stack:
        node = stack.pop()
        if isinstance(node, cst.SimpleStatementLine):
            continue
        for child in node.children:
            if isinstance(child, cst.IndentedBlock):
                yield child.body, False
                stack.extend(child.body)
            elif isinstance(child, (cst.BaseCompoundStatement, cst.Else, cst.ExceptHandler,
                                    cst.ExceptStarHandler, cst.Finally, cst.MatchCase)):
                stack.append(child)


def violations(module: cst.Module, positions) -> set[int]:
    """First lines of the statements whose gap before them breaks the rule."""
    return {_first_line(body[index], positions)
            for body, top in _blocks(module)
            for index, required, found, _ in _gaps(body, top) if found < required}


def fix(module: cst.Module, positions, changes: LineChanges,
        original_violations: set[int]) -> cst.Module:
    """`module` with blank lines added where a gap breaks the rule and the same place in the
    original did not (`original_violations`: lines of the original, see `violations`)."""
    replace: dict[cst.CSTNode, cst.CSTNode] = {}
    for body, top in _blocks(module):
        for index, required, found, first in _gaps(body, top):
            if found >= required:
                continue
            statement = body[index]
            source = changes.origin.get(_first_line(statement, positions))
            if source is not None and source in original_violations:
                continue
            replace[statement] = _with_blank_lines(statement, required - first)
    if not replace:
        return module
    return module.visit(_Replace(replace))


def _with_blank_lines(statement: cst.CSTNode, missing: int) -> cst.CSTNode:
    """`missing` more blank lines at the top of the statement's leading lines (so the run
    above its comments, or right above it, is as long as required)."""
    blank = [cst.EmptyLine(indent=False) for _ in range(missing)]
    return statement.with_changes(leading_lines=[*blank, *statement.leading_lines])


class _Replace(cst.CSTTransformer):
    def __init__(self, replace: dict) -> None:
        super().__init__()
        self.replace = replace

    def on_leave(self, original, updated):
        new = self.replace.get(original)
        if new is None:
            return updated
        return updated.with_changes(leading_lines=new.leading_lines)
