"""A standard-library import the migration added joins the file's standard-library group.

PEP 8 groups imports: standard library, then third party, each group apart. An `import
collections` a codemod added goes into the file's own standard-library imports (in
alphabetical place), or, when the file has none, first after `__future__`, with a blank line
between it and the third-party imports that follow. Only imports the migration wrote
(`written` lines) are moved; the user's imports keep their order. Knows nothing about
TensorFlow.
"""
from __future__ import annotations

import sys
from typing import Optional

import libcst as cst

from migrate.placement import is_docstring, is_import

#: Python 3.10+ knows its own standard library; before that, the modules codemods add.
_STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) or frozenset({
    "collections", "contextlib", "functools", "itertools", "math", "os", "sys", "tempfile"})


def _modules(statement: cst.SimpleStatementLine) -> Optional[list[str]]:
    """The top-level modules an import statement imports; None for relative imports."""
    found = []
    for small in statement.body:
        if isinstance(small, cst.ImportFrom):
            if small.relative or small.module is None:
                return None
            node = small.module
        else:
            node = small.names[0].name if len(small.names) == 1 else None
            if node is None:
                return None
        while isinstance(node, cst.Attribute):
            node = node.value
        found.append(node.value)
    return found


def _kind(statement: cst.SimpleStatementLine) -> str:
    modules = _modules(statement)
    if modules is None:
        return "local"
    if modules == ["__future__"]:
        return "future"
    return "stdlib" if all(m in _STDLIB for m in modules) else "other"


def _blank(count: int) -> list[cst.EmptyLine]:
    return [cst.EmptyLine(indent=False) for _ in range(count)]


def group_stdlib(module: cst.Module, first_lines: dict, written: set[int]) -> cst.Module:
    """`module` with each written standard-library import of the leading imports moved into
    the standard-library group. `first_lines`: statement -> its first line in `module`."""
    body = list(module.body)
    end = 1 if body and is_docstring(body[0]) else 0
    while end < len(body) and is_import(body[end]):
        end += 1
    start = 1 if body and is_docstring(body[0]) else 0
    region = body[start:end]
    ours = [s for s in region if _kind(s) == "stdlib" and first_lines.get(s) in written]
    if not ours:
        return module
    for statement in ours:
        region = _place(region, statement)
    if region == body[start:end]:
        return module
    return module.with_changes(body=[*body[:start], *region, *body[end:]])


def _place(region: list, statement: cst.SimpleStatementLine) -> list:
    """`region` (the leading imports) with `statement` moved into the stdlib group."""
    index = region.index(statement)
    following = region[index + 1] if index + 1 < len(region) else None
    rest = region[:index] + region[index + 1:]
    if following is not None and statement.leading_lines:  # they now lead the next import
        rest[index] = following.with_changes(
            leading_lines=[*statement.leading_lines, *following.leading_lines])
    own = statement.with_changes(leading_lines=[])
    name = _modules(statement)[0]
    stdlib = [i for i, s in enumerate(rest) if _kind(s) == "stdlib"]
    if stdlib:
        run = [stdlib[0]]  # the first stdlib group: consecutive, no blank line inside
        while run[-1] + 1 < len(rest) and _kind(rest[run[-1] + 1]) == "stdlib" and \
                not rest[run[-1] + 1].leading_lines:
            run.append(run[-1] + 1)
        at = next((i for i in run if _modules(rest[i])[0] > name), run[-1] + 1)
        if at == run[0]:  # first of its group: takes over the group's leading lines
            own = own.with_changes(leading_lines=rest[at].leading_lines)
            rest[at] = rest[at].with_changes(leading_lines=[])
    else:
        at = next((i for i, s in enumerate(rest) if _kind(s) != "future"), len(rest))
        if at < len(rest):
            own = own.with_changes(leading_lines=rest[at].leading_lines)
            rest[at] = rest[at].with_changes(leading_lines=_blank(1))
        elif at > 0:
            own = own.with_changes(leading_lines=_blank(1))
    rest.insert(at, own)
    after = at + 1
    if after < len(rest) and _kind(rest[after]) != "stdlib" and not any(
            line.comment is None for line in rest[after].leading_lines):
        rest[after] = rest[after].with_changes(
            leading_lines=[*_blank(1), *rest[after].leading_lines])
    return rest
