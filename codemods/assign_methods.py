"""TF1 assignment functions -> variable methods.

Rewrites `tf.assign(v, x)`, `tf.assign_add(v, x)` and `tf.assign_sub(v, x)` into
`v.assign(x)`, `v.assign_add(x)` and `v.assign_sub(x)`, keeping `use_locking=` and `name=`
(the methods take both, in graph and eager mode).
Refuses calls passing `validate_shape=` (the methods have no such parameter), unpacked
arguments, or fewer than two arguments: those are left for the compat fallback.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods import matching
from codemods.base import TFCodemod

ASSIGN_FUNCTIONS = ("assign", "assign_add", "assign_sub")
_KEEP_KEYWORDS = {"use_locking", "name"}
#: receivers that need no parentheses in front of `.assign(...)`
_ATOMS = (cst.Name, cst.Attribute, cst.Subscript, cst.Call)


class AssignMethods(TFCodemod):
    """tf.assign(v, x) -> v.assign(x); likewise assign_add and assign_sub."""

    NAME = "assign_methods"
    TRIGGERS = ASSIGN_FUNCTIONS
    COMPOSABLE = True

    def visit_Call(self, node: cst.Call) -> None:
        if self._split(node) is not None:
            self.claim(node.func)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        split = self._split(original)
        if split is None:
            return updated
        method, _, _ = split
        # the same split on the updated call: its arguments may have been rewritten inside
        ref, value, rest = _arguments(updated)
        if not isinstance(ref, _ATOMS) and not ref.lpar:
            ref = ref.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        args = [value.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT), *rest]
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        self.replaced(original.func)
        return cst.Call(func=cst.Attribute(value=ref, attr=cst.Name(method)), args=args,
                        lpar=updated.lpar, rpar=updated.rpar)

    def _split(self, call: cst.Call) -> Optional[tuple[str, cst.BaseExpression, cst.Arg]]:
        """(method, variable, value) when this is a convertible tf.assign* call."""
        path = self.tf_name(call.func)
        if path not in ASSIGN_FUNCTIONS or any(a.star for a in call.args):
            return None
        ref, value, rest = _arguments(call)
        if ref is None or value is None:
            return None
        if any(a.keyword is None or a.keyword.value not in _KEEP_KEYWORDS for a in rest):
            return None
        return path, ref, value


def _arguments(call: cst.Call):
    """(ref expression, value Arg, other Args) of an assign-style call."""
    ref = matching.argument(call, "ref", 0)
    value = matching.argument(call, "value", 1)
    rest = [a for a in call.args if a is not ref and a is not value]
    return (ref.value if ref is not None else None), value, rest
