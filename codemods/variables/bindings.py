"""What a block binds and what a function returns, as the initializer checks need them.

`_single_assignments(body)` gives the names bound exactly once in a block, by `name = value`
(not in nested functions): such a name is as good as its value,

    initer = tf.truncated_normal_initializer(stddev=0.02)   -> {"initer": <that call>}

while any other binding of it (a second assignment, a `for` or tuple target, `+=`, a `def`)
makes it unknown. `_returns(function)` gives the values of its `return` statements, not those
of nested functions or lambdas (BERT's `create_initializer` returns one initializer).
"""
from __future__ import annotations

from typing import Optional

import libcst as cst


def _all_params(function: Optional[cst.FunctionDef]) -> list[cst.Param]:
    if function is None:
        return []
    p = function.params
    params = [*p.posonly_params, *p.params, *p.kwonly_params]
    params += [s for s in (p.star_arg, p.star_kwarg) if isinstance(s, cst.Param)]
    return params


class _Assigned(cst.CSTVisitor):
    def __init__(self):
        self.names: dict[str, list] = {}

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            for name in _target_names(target.target):
                self.names.setdefault(name, []).append(
                    node.value if isinstance(target.target, cst.Name) and
                    len(node.targets) == 1 else None)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        for name in _target_names(node.target):
            self.names.setdefault(name, []).append(None)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        for name in _target_names(node.target):
            self.names.setdefault(name, []).append(None)

    def visit_For(self, node: cst.For) -> None:
        for name in _target_names(node.target):
            self.names.setdefault(name, []).append(None)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.names.setdefault(node.name.value, []).append(None)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.names.setdefault(node.name.value, []).append(None)
        return False


def _target_names(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _target_names(e.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


def _collect_assigned(statements) -> dict[str, list]:
    visitor = _Assigned()
    for statement in statements:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            visitor.names.setdefault(statement.name.value, []).append(None)
        else:
            statement.visit(visitor)
    return visitor.names


def _single_assignments(statements) -> dict[str, cst.BaseExpression]:
    """Names bound exactly once in `statements` (not in nested functions), by `name = value`."""
    return {name: values[0] for name, values in _collect_assigned(statements).items()
            if len(values) == 1 and values[0] is not None}


def _assigned_names(function: Optional[cst.FunctionDef]) -> set[str]:
    return set(_collect_assigned(function.body.body)) if function else set()


class _Returns(cst.CSTVisitor):
    def __init__(self):
        self.values: list[Optional[cst.BaseExpression]] = []

    def visit_Return(self, node: cst.Return) -> None:
        self.values.append(node.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def _returns(function: cst.FunctionDef) -> list[Optional[cst.BaseExpression]]:
    visitor = _Returns()
    function.body.visit(visitor)
    return visitor.values
