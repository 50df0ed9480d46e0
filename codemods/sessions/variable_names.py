"""Unnamed `tf.Variable`s -> TF1's uniquified names, so old checkpoints still load.

TF1 named unnamed variables `Variable`, `Variable_1`, ... in creation order, and a checkpoint
stores them under those names; TF2 gives every unnamed variable the same name. The names are
spelled out, also through helpers like `weight_variable(shape)` called only from the block
(which gain a `name=None` parameter).

Before::

    W = tf.Variable(tf.zeros([784, 10]))
    b = weight_variable([10])

After::

    W = tf.Variable(tf.zeros([784, 10]), name="Variable")
    b = weight_variable([10], name="Variable_1")
"""
from __future__ import annotations

import libcst as cst

from codemods import matching
from codemods.sessions.blocks import DROPPED_CALLS, _Block
from codemods.sessions.syntax import _Calls, _NO_SPACE, _NameUses, _joined


class VariableNamesMixin:
    """TF1's names for unnamed variables."""

    def _variable_helpers(self, block: _Block, statements) -> dict:
        """`def weight_variable(shape): return tf.Variable(...)` (no name), called only from
        the block's own straight-line statements: its calls can be numbered like direct
        `tf.Variable`s. Returns {name: the tf.Variable call inside}."""
        helpers = {}
        local = self._local_functions()
        for name, function in local.items():
            params = function.params
            if params.star_arg is not cst.MaybeSentinel.DEFAULT or params.star_kwarg or \
                    any(p.name.value == "name" for p in params.params):
                continue
            finder = _Calls()
            function.body.visit(finder)
            makers = [c for c in finder.calls if self._is_variable_maker(c)]
            if len(makers) != 1 or self.tf_name(makers[0].func) != "Variable" or \
                    matching.argument(makers[0], "name", 6) is not None or any(
                        isinstance(c.func, cst.Name) and c.func.value in local and
                        self._function_makes_variables(local[c.func.value], local, set())
                        for c in finder.calls) or not _at_top_level(makers[0], function):
                continue
            helpers[name] = makers[0]
        if not helpers:
            return {}
        uses = _NameUses(set(helpers))
        self._module.visit(uses)
        calls = {}
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                finder = _Calls()
                statement.visit(finder)
                for call in finder.calls:
                    if isinstance(call.func, cst.Name) and call.func.value in helpers:
                        calls[call.func.value] = calls.get(call.func.value, 0) + 1
        return {name: call for name, call in helpers.items()
                if calls.get(name, 0) == uses.uses.get(name, 0) > 0}

    def _name_variables(self, block: _Block, statements) -> None:
        """Give unnamed `tf.Variable`s TF1's uniquified names, in creation order, also through
        helpers like `weight_variable(shape)` (which get a `name=None` parameter)."""
        if block.owner is not None:
            return  # made once per instance: TF1 numbered each instance's anew
        helpers = self._variable_helpers(block, statements)
        counts: dict[str, int] = {}
        for statement in statements:
            if statement in self._tensor_defs or isinstance(statement, cst.With):
                continue
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            finder = _Calls()
            statement.visit(finder)
            for call in finder.calls:
                if self.tf_name(call.func) in DROPPED_CALLS:
                    counts.clear()
                helper = call.func.value if isinstance(call.func, cst.Name) else None
                if helper in helpers:
                    n = counts.get("Variable", 0)
                    counts["Variable"] = n + 1
                    self._named[call] = call.with_changes(args=_joined([
                        *call.args, cst.Arg(cst.SimpleString(
                            f'"Variable"' if n == 0 else f'"Variable_{n}"'),
                            keyword=cst.Name("name"), equal=_NO_SPACE)]))
                    inner = helpers[helper]
                    self._named[inner] = inner.with_changes(args=_joined([
                        *inner.args, cst.Arg(cst.Name("name"), keyword=cst.Name("name"),
                                             equal=_NO_SPACE)]))
                    self._name_params.add(self._local_functions()[helper])
                    continue
                if self.tf_name(call.func) != "Variable":
                    continue
                named = matching.argument(call, "name", 6)
                if named is not None:
                    if isinstance(named.value, cst.SimpleString):
                        base = named.value.evaluated_value
                        counts[base] = counts.get(base, 0) + 1
                    continue
                n = counts.get("Variable", 0)
                counts["Variable"] = n + 1
                tf1_name = "Variable" if n == 0 else f"Variable_{n}"
                self._named[call] = call.with_changes(args=_joined([
                    *call.args, cst.Arg(cst.SimpleString(f'"{tf1_name}"'),
                                        keyword=cst.Name("name"), equal=_NO_SPACE)]))


def _at_top_level(call: cst.Call, function: cst.FunctionDef) -> bool:
    """Is `call` in a statement of `function`'s own body (not in a loop, branch or nested
    function), so each call of the function runs it exactly once?"""
    for statement in function.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            finder = _Calls()
            statement.visit(finder)
            if any(c is call for c in finder.calls):
                return True
    return False
