"""The variable scope a converted function opens, and the signature around it.

    def conv1d(x, scope, nf, *, w_init_stdev=0.02):
        with tf.variable_scope(scope):            # the scope parameter: the module name
            ...
    -> class Conv1d(tf.Module):  # __init__(self, name=None)
                                 # __call__(self, x, nf, *, w_init_stdev=0.02)

`_check_shape` reads the body's one `with tf.variable_scope(...)`: the parameter (or literal)
that names the scope, its default or `default_name=` (unnamed calls are then numbered, see
default_name), and a `reuse=` parameter, which goes from the signature since calling the
same instance again is the reuse. `scope.reuse_variables()` statements at the top of the
block go the same way (`_reuse_statements`). Other scope options, `as scope` used for more,
a computed scope name and `*args` / `**kwargs` are refused.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods import matching
from codemods.base import TFCodemod
from codemods.modules.candidate import _RESERVED, _Candidate, _identifier
from codemods.variables import Refusal


class ScopeChecks:
    """The `Modules` methods that check a candidate's variable scope and signature."""

    def _scope_withs(self, body: list) -> list:
        return [s for s in body if isinstance(s, cst.With) and any(
            isinstance(i.item, cst.Call) and self.tf_name(i.item.func) == "variable_scope"
            for i in s.items)]

    def _check_params(self, c: _Candidate) -> tuple[list, list]:
        """(positional, all) parameters, after refusing the signatures it cannot keep."""
        function = c.function
        if function.decorators or function.asynchronous:
            raise Refusal("it is decorated or async")
        params = function.params
        if isinstance(params.star_arg, cst.Param) or params.star_kwarg is not None:
            raise Refusal("it takes *args or **kwargs")
        positional = [*params.posonly_params, *params.params]
        if c.owner is not None:
            positional = positional[1:]  # self
        every = positional + list(params.kwonly_params)
        if any(p.name.value in _RESERVED - {"name"} for p in every):
            raise Refusal("a parameter is named self")
        return positional, every

    def _check_shape(self, c: _Candidate, body: list, withs: list) -> None:
        self._check_scope_with(c, withs)
        positional, every = self._check_params(c)
        call = c.scope_item
        _check_scope_arguments(call)
        scope = matching.argument(call, "name_or_scope", 0)
        if scope is None:
            raise Refusal("the variable scope has no name")
        default_name = _scope_default_name(c, call)
        if len([a for a in call.args if a.keyword is None]) > 1:
            raise Refusal("variable_scope takes positional options here")
        self._reuse_parameter(c, call, positional, every)
        _scope_parameter(c, scope, default_name, positional, every)

    def _check_scope_with(self, c: _Candidate, withs: list) -> None:
        """One `with variable_scope(...)` of one item; `as scope` only for
        `scope.reuse_variables()` (those statements are kept in `c.reuse_stmts`)."""
        if len(withs) > 1 or len(c.with_stmt.items) != 1 or c.with_stmt.asynchronous:
            raise Refusal("its body opens more than one variable scope")
        c.reuse_stmts = _reuse_statements(c.with_stmt, self)
        if c.with_stmt.items[0].asname is not None:
            if c.reuse_stmts is None:
                raise Refusal("`variable_scope(...) as scope` with the scope used for more "
                              "than `scope.reuse_variables()`: the scope object has no TF2 "
                              "equivalent")

    def _reuse_parameter(self, c: _Candidate, call: cst.Call, positional: list,
                         every: list) -> None:
        """`reuse=` must be a literal, `tf.AUTO_REUSE` or a parameter; a parameter (of a
        function) is dropped from the signature (`c.reuse_param`, `c.reuse_index`)."""
        reuse = matching.argument(call, "reuse")
        if reuse is not None and not (
                isinstance(reuse.value, cst.Name) and reuse.value.value in (
                    "True", "False", "None", *(p.name.value for p in every))
                or self.tf_name(reuse.value) == "AUTO_REUSE"):
            raise Refusal("reuse= is neither a literal, tf.AUTO_REUSE nor a parameter")
        if reuse is not None and c.owner is None and isinstance(reuse.value, cst.Name) and \
                reuse.value.value in {p.name.value for p in every}:
            c.reuse_param = reuse.value.value  # calling the same instance is the reuse
            param = next(p for p in every if p.name.value == c.reuse_param)
            if param in positional:
                c.reuse_index = positional.index(param)


def _check_scope_arguments(call: cst.Call) -> None:
    """No unpacked arguments, and only the keywords a module name can stand for."""
    allowed = ("name_or_scope", "reuse", "values", "default_name")
    for arg in call.args:
        if arg.star:
            raise Refusal("variable_scope arguments are unpacked")
        if arg.keyword is not None and arg.keyword.value not in allowed:
            raise Refusal(f"variable_scope({arg.keyword.value}=...) has no tf.Module "
                          "equivalent here")


def _scope_default_name(c: _Candidate, call: cst.Call) -> Optional[cst.Arg]:
    """The `default_name=` argument, which must be a literal name: the module name of calls
    passing none (`c.scope_default`), numbered per call for a function (`c.numbered`)."""
    default_name = matching.argument(call, "default_name")
    if default_name is not None:
        if not (isinstance(default_name.value, cst.SimpleString)
                and _identifier(default_name.value)):
            raise Refusal("default_name is not a literal scope name")
        c.scope_default = default_name.value
        # TF1 numbers each unnamed call of a function: d, d_1, ... (a class keeps `or`)
        c.numbered = c.owner is None
    return default_name


def _scope_parameter(c: _Candidate, scope: cst.Arg, default_name: Optional[cst.Arg],
                     positional: list, every: list) -> None:
    """The scope is a literal name (`c.scope_default`) or a parameter (`c.scope_param`, its
    slot `c.scope_index`), whose default is None or a literal name."""
    if isinstance(scope.value, cst.SimpleString):
        if not _identifier(scope.value):
            raise Refusal(f"scope {scope.value.value} is not a valid tf.Module name")
        c.scope_default, c.numbered = scope.value, False  # TF1 ignores default_name
    elif isinstance(scope.value, cst.Name) and scope.value.value in {
            p.name.value for p in every}:
        c.scope_param = scope.value.value
        param = next(p for p in every if p.name.value == c.scope_param)
        if default_name is not None and (param.default is None or isinstance(
                param.default, cst.Name) and param.default.value == "None"):
            pass  # `scope or default_name`
        elif param.default is not None:
            if not (isinstance(param.default, cst.SimpleString) and
                    _identifier(param.default)):
                raise Refusal(f"the default of {c.scope_param} is not a literal scope name")
            c.scope_default, c.numbered = param.default, False
        if param in positional:
            c.scope_index = positional.index(param)
    else:
        raise Refusal("the scope is neither a parameter nor a string literal")


def _reuse_statements(with_stmt: cst.With, codemod: TFCodemod) -> Optional[set]:
    """The `scope.reuse_variables()` (`with ... as scope:`) and
    `tf.get_variable_scope().reuse_variables()` statements at the top of the block. None if
    `as scope` names something used for more than that."""
    asname = with_stmt.items[0].asname
    name = asname.name.value if asname is not None and isinstance(asname.name, cst.Name) \
        else None
    statements = set()
    for statement in with_stmt.body.body:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
                isinstance(statement.body[0], cst.Expr) and \
                isinstance(call := statement.body[0].value, cst.Call) and not call.args and \
                isinstance(call.func, cst.Attribute) and \
                call.func.attr.value == "reuse_variables" and (
                    name is not None and matching.dotted(call.func.value) == name
                    or isinstance(call.func.value, cst.Call) and not call.func.value.args
                    and codemod.tf_name(call.func.value.func) == "get_variable_scope"):
            statements.add(statement)
    if asname is None:
        return statements
    if name is None:
        return None
    uses = matching.count_names(with_stmt.body, name)
    own = sum(1 for s in statements if matching.dotted(
        s.body[0].value.func.value) == name)
    return statements if own and uses == own else None
