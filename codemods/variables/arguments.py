"""Binding and building call arguments, and the `Refusal` the argument checks raise.

Shared by the codemods that rewrite TF1 calls into TF2 ones (`variables`, `modules`,
`sessions`, `stateless_layers`): `bound_arguments` binds a call's positionals in the TF1
signature's order and refuses unpacking; `kwarg` and `join_args` build the new call's
arguments in the spelling the codemods emit:

    bound_arguments(`tf.get_variable("w", [3, 4], trainable=False)`, GET_VARIABLE_PARAMS)
    -> {"name": "w", "shape": [3, 4], "trainable": False}
    join_args([Arg(x), kwarg("name", n)])  -> `x, name=n`

There is one `Refusal` class: every module that raises or catches it imports it from here.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

_NO_SPACE = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                            whitespace_after=cst.SimpleWhitespace(""))
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


class Refusal(Exception):
    """A construct the variables codemods do not convert; the message says why."""


def kwarg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value=value, keyword=cst.Name(name), equal=_NO_SPACE)


def join_args(args: list[cst.Arg]) -> list[cst.Arg]:
    """`args` separated by ", " with no trailing comma."""
    return [a.with_changes(comma=_COMMA if i < len(args) - 1 else cst.MaybeSentinel.DEFAULT)
            for i, a in enumerate(args)]


def bound_arguments(call: cst.Call, order: tuple[str, ...]) -> dict[str, cst.BaseExpression]:
    """{parameter: value} of `call`, positionals bound in `order`. Refuses unpacking."""
    bound: dict[str, cst.BaseExpression] = {}
    positional = 0
    for arg in call.args:
        if arg.star:
            raise Refusal("arguments are unpacked with * or **")
        if arg.keyword is None:
            if positional >= len(order):
                raise Refusal("more positional arguments than the TF1 signature has")
            bound[order[positional]] = arg.value
            positional += 1
        else:
            bound[arg.keyword.value] = arg.value
    return bound


def _is_none(expr: Optional[cst.BaseExpression]) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


def _is_literal(expr: Optional[cst.BaseExpression], values: tuple[str, ...]) -> bool:
    return isinstance(expr, cst.Name) and expr.value in values
