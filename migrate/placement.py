"""Helper definitions a migration emitted go right after the imports, in the order emitted.

A codemod that needs a helper (a layer class, a base class) emits it before the first code
that uses it, which can be the middle of the file; a reader expects helpers on top, where the
file's own definitions start. The codemods name their helpers (`HELPERS_KEY`); this moves each
of them, keeping their relative order (the order they were emitted in, so a base class stays
before its subclasses), to after the leading docstring and imports and the helpers already
there.

Moving a definition up is safe when everything it evaluates when it is defined (decorators,
base classes, default values, class bodies outside methods) is bound before its new place:
by the imports above, by a builtin, or by a helper moved before it. A helper that needs
anything else stays where it is. Function bodies run later and do not count. Knows nothing
about TensorFlow.
"""
from __future__ import annotations

import builtins
from typing import Sequence

import libcst as cst

_BUILTINS = frozenset(dir(builtins))


def defined_names(statement: cst.CSTNode) -> set[str]:
    """The names a top-level definition or simple assignment binds."""
    if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
        return {statement.name.value}
    if isinstance(statement, cst.SimpleStatementLine):
        return {t.target.value for small in statement.body if isinstance(small, cst.Assign)
                for t in small.targets if isinstance(t.target, cst.Name)}
    return set()


def is_import(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and bool(statement.body) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body)


def is_docstring(statement: cst.CSTNode) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
        isinstance(statement.body[0], cst.Expr) and \
        isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def imported_names(statement: cst.SimpleStatementLine) -> set[str]:
    names = set()
    for small in statement.body:
        if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(
                small.names, cst.ImportStar):
            for alias in small.names:
                bound = alias.asname.name if alias.asname else alias.name
                while isinstance(bound, cst.Attribute):
                    bound = bound.value
                if isinstance(bound, cst.Name):
                    names.add(bound.value)
    return names


class _DefinitionTimeNames(cst.CSTVisitor):
    """Names a definition reads when it is executed (not when it is later called)."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Param(self, node: cst.Param) -> bool:
        for part in (node.default, node.annotation):
            if part is not None:
                part.visit(self)
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        for part in (*node.decorators, node.params, node.returns):
            if part is not None:
                part.visit(self)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        for part in (*node.decorators, *node.bases, *node.keywords, node.body):
            part.visit(self)
        return False

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        return not isinstance(node.target, cst.Name)

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        node.params.visit(self)
        return False


def _needs(statement: cst.CSTNode) -> set[str]:
    finder = _DefinitionTimeNames()
    statement.visit(finder)
    own = set()
    if isinstance(statement, cst.ClassDef):  # names the class body binds for itself
        for inner in statement.body.body:
            own |= defined_names(inner)
    return finder.names - own - _BUILTINS


def _head(body: Sequence[cst.CSTNode]) -> int:
    """Index after the leading docstring and imports."""
    index = 1 if body and is_docstring(body[0]) else 0
    while index < len(body) and is_import(body[index]):
        index += 1
    return index


def hoist_helpers(module: cst.Module, helpers: set[str]) -> cst.Module:
    """`module` with the top-level helpers named in `helpers` moved after the imports."""
    if not helpers:
        return module
    body = list(module.body)
    head = _head(body)
    bound = set().union(*(imported_names(s) for s in body[:head]))
    while head < len(body) and defined_names(body[head]) and defined_names(body[head]) <= helpers:
        bound |= defined_names(body[head])  # helpers already on top stay first
        head += 1
    moved = []
    for statement in body[head:]:
        names = defined_names(statement)
        if names and names <= helpers and _needs(statement) <= bound:
            moved.append(statement)
            bound |= names
    if not moved:
        return module
    rest = []
    carried: list[cst.EmptyLine] = []
    for statement in body[head:]:
        if statement in moved:
            # comments above a helper were about what followed it
            carried += [line for line in statement.leading_lines if line.comment is not None]
            continue
        if carried:
            statement = statement.with_changes(
                leading_lines=[*carried, *statement.leading_lines])
            carried = []
        rest.append(statement)
    two = [cst.EmptyLine(indent=False), cst.EmptyLine(indent=False)]
    moved = [s.with_changes(leading_lines=[line for line in s.leading_lines
                                           if line.comment is None] or two) for s in moved]
    return module.with_changes(body=[*body[:head], *moved, *rest])
