"""Imports our rewrite left unused go: `import os` that only the removed Saver code used.

Only an import that the file as read *used* and the migrated file no longer uses is removed:
an import already unused in the input is the user's business (it may be there for its side
effects), and so is anything we cannot judge:

- only plain top-level `import x` / `from x import y` statements (not in `try`/`if`);
- never `__future__`, never in an `__init__.py` (re-exports), never a name listed in
  `__all__`, never a line marked `# noqa`, never in a file that reaches its globals by
  string (`globals()`, `vars()`, `eval`, `exec`);
- "used" means the bound name occurs as a name anywhere outside the imports (a local of the
  same name counts as a use, which only ever keeps an import).

Knows nothing about TensorFlow.
"""
from __future__ import annotations

from pathlib import PurePath

import libcst as cst

from migrate.placement import imported_names, is_import

_DYNAMIC = frozenset({"globals", "vars", "eval", "exec", "locals", "__import__"})


class _Names(cst.CSTVisitor):
    """Every name used outside the top-level imports, and the strings of `__all__`."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[str] = set()
        self.exported: set[str] = set()

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.used.add(node.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        if any(isinstance(t.target, cst.Name) and t.target.value == "__all__"
               for t in node.targets):
            for string in _strings(node.value):
                self.exported.add(string)


def _strings(node: cst.CSTNode) -> list[str]:
    found = []
    if isinstance(node, cst.SimpleString) and isinstance(node.evaluated_value, str):
        found.append(node.evaluated_value)
    for child in node.children:
        found += _strings(child)
    return found


def _names(module: cst.Module) -> _Names:
    names = _Names()
    module.visit(names)
    return names


def _removable(statement: cst.CSTNode) -> bool:
    if not is_import(statement) or "noqa" in cst.Module([]).code_for_node(statement):
        return False
    return not any(isinstance(s, cst.ImportFrom) and not s.relative and s.module is not None
                   and cst.Module([]).code_for_node(s.module) == "__future__"
                   for s in statement.body)


def drop_stale(module: cst.Module, original: cst.Module, filename: str) -> cst.Module:
    """`module` without the top-level imports it no longer uses but `original` did."""
    if PurePath(filename).name == "__init__.py":
        return module
    candidates = [s for s in module.body if _removable(s)]
    if not candidates:
        return module
    now = _names(module)
    if now.used & _DYNAMIC:
        return module
    bound = set().union(*(imported_names(s) for s in candidates))
    unused = bound - now.used - now.exported
    if not unused:
        return module
    before = _names(original)
    stale = {n for n in unused if n in before.used}
    if not stale:
        return module
    body, carried = [], []
    for statement in module.body:
        if statement in candidates and imported_names(statement) & stale:
            kept = _without(statement, stale)
            if kept is None:  # its comments and blank lines go to the next statement
                carried = _merge(carried, list(statement.leading_lines))
                continue
            statement = kept
        if carried:
            statement = statement.with_changes(
                leading_lines=_merge(carried, list(statement.leading_lines)))
            carried = []
        body.append(statement)
    return module.with_changes(body=body)


def _without(statement: cst.SimpleStatementLine, stale: set[str]):
    """The import statement without its stale names, or None when nothing is left."""
    small = []
    for node in statement.body:
        if isinstance(node.names, cst.ImportStar):
            small.append(node)
            continue
        keep = [a for a in node.names if not imported_names(
            cst.SimpleStatementLine([node.with_changes(names=[a])])) & stale]
        if keep:
            keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            small.append(node.with_changes(names=keep))
    return statement.with_changes(body=small) if small else None


def _merge(first: list, second: list) -> list:
    """Leading lines of a removed statement followed by those of the next one: comments are
    kept, and the two runs of blank lines that meet become the longer one."""
    tail = 0
    while tail < len(first) and first[len(first) - 1 - tail].comment is None:
        tail += 1
    head = 0
    while head < len(second) and second[head].comment is None:
        head += 1
    blank = second[:head] if head >= tail else first[len(first) - tail:]
    return [*first[:len(first) - tail], *blank, *second[head:]]
