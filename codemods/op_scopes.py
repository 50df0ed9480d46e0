"""`with tf.variable_scope(name):` around ops only -> `with tf.name_scope(name):`.

A variable scope in which no variable is made only names ops, and naming ops is what TF2's
`tf.name_scope` does (Kyubyong's `positional_encoding(inputs, maxlen,
scope="positional_encoding")` opens `tf.variable_scope(scope, reuse=tf.AUTO_REUSE)` around
sines and cosines). It runs after the modules codemod, on the scopes that one left.

Rewrites a `with` whose one item is `tf.variable_scope(x)` (`reuse=` and `values=` dropped:
they only concern variables) where `x` is a string literal, or a parameter whose default is
one and which no call in the file passes as None, and whose body only calls TF functions that
make no variables, builtins, the standard numeric libraries, a few plain methods
(`x.get_shape().as_list()`) and module-level functions of the file that do the same.

Refuses (leaves it for the compat fallback): any other call in the body (a method, a
parameter, an imported function: each may make variables whose names the scope decides),
`as scope`, `default_name` and other options, and computed names (`tf.name_scope` needs a
string, where `variable_scope(None)` was legal).
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods.base import TFCodemod
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

#: TF API paths that make, find or depend on variables.
_VARIABLE_APIS = frozenset({"get_variable", "Variable", "get_local_variable", "make_template",
                            "variable_scope", "get_variable_scope", "model_variable"})
_VARIABLE_PREFIXES = ("layers.", "keras.", "contrib.", "nn.rnn_cell.", "compat.", "train.",
                      "estimator.", "saved_model.", "Module")
_BUILTINS = frozenset({"len", "range", "int", "float", "str", "bool", "list", "tuple", "dict",
                       "set", "enumerate", "zip", "min", "max", "abs", "sum", "isinstance",
                       "sorted", "reversed", "round", "print", "any", "all"})
_LIBRARIES = frozenset({"numpy", "math"})
_METHODS = frozenset({"get_shape", "as_list", "set_shape", "astype", "append", "extend",
                      "format", "items", "keys", "values", "join", "lower", "upper"})
_DROPPED_OPTIONS = ("reuse", "values")


class OpScopes(TFCodemod):
    """variable_scope around ops only -> name_scope."""

    NAME = "op_scopes"
    TRIGGERS = ("variable_scope",)
    COMPOSABLE = True

    def visit_Module(self, node: cst.Module) -> bool:
        self._functions = {s.name.value: s for s in node.body
                           if isinstance(s, cst.FunctionDef)}
        self._ops_only: dict[str, bool] = {}
        self._none_passed: Optional[dict] = None
        self._module = node
        self._stack: list[cst.FunctionDef] = []
        self._scopes: set = set()
        return super().visit_Module(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._stack.append(node)

    def leave_FunctionDef(self, original: cst.FunctionDef,
                          updated: cst.FunctionDef) -> cst.FunctionDef:
        self._stack.pop()
        return updated

    def visit_With(self, node: cst.With) -> None:
        if self._stack and self._convertible(node):
            self._scopes.add(node.items[0].item)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if original not in self._scopes:
            return updated
        self.replaced(original.func)
        scope = next(a for a in updated.args
                     if a.keyword is None or a.keyword.value == "name_or_scope")
        return updated.with_changes(
            func=self.tf_attr("name_scope", like=original.func),
            args=[scope.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT,
                                     comma=cst.MaybeSentinel.DEFAULT)])

    # -- analysis ---------------------------------------------------------------------------
    def _convertible(self, node: cst.With) -> bool:
        if len(node.items) != 1 or node.items[0].asname is not None or node.asynchronous:
            return False
        call = node.items[0].item
        if not isinstance(call, cst.Call) or self.tf_name(call.func) != "variable_scope":
            return False
        positional = [a for a in call.args if a.keyword is None]
        if any(a.star for a in call.args) or len(positional) > 1 or any(
                a.keyword is not None and a.keyword.value not in (
                    "name_or_scope", *_DROPPED_OPTIONS) for a in call.args):
            return False
        scope = positional[0] if positional else next(
            (a for a in call.args if a.keyword.value == "name_or_scope"), None)
        if scope is None or not self._string_scope(scope.value, self._stack[-1]):
            return False
        return _OpsOnly(self).check(node.body)

    def _string_scope(self, value: cst.BaseExpression, function: cst.FunctionDef) -> bool:
        if isinstance(value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            return True
        if not isinstance(value, cst.Name):
            return False
        params = [*function.params.posonly_params, *function.params.params,
                  *function.params.kwonly_params]
        param = next((p for p in params if p.name.value == value.value), None)
        if param is None or not isinstance(param.default, cst.SimpleString):
            return False
        if self._none_passed is None:
            finder = _NonePassed(set(self._functions))
            self._module.visit(finder)
            self._none_passed = finder.found
        return (function.name.value, value.value) not in self._none_passed and \
            function.name.value not in self._none_passed.get("*", ())

    def ops_only(self, name: str) -> bool:
        """Does module-level function `name` only call what an op scope may contain?"""
        if name not in self._ops_only:
            self._ops_only[name] = False  # recursion: not provable
            self._ops_only[name] = _OpsOnly(self).check(self._functions[name].body)
        return self._ops_only[name]


class _OpsOnly(cst.CSTVisitor):
    """Every call in a body is one an op-only scope may hold (see the module docstring)."""

    def __init__(self, codemod: OpScopes):
        super().__init__()
        self.codemod = codemod
        self.ok = True

    def check(self, body: cst.CSTNode) -> bool:
        body.visit(self)
        return self.ok

    def visit_Call(self, node: cst.Call) -> None:
        if self.ok and not self._allowed(node.func):
            self.ok = False

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.ok = False  # a callable passed on: what it will call is not followed

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.ok = False

    def _allowed(self, func: cst.BaseExpression) -> bool:
        path = self.codemod.tf_name(func)
        if path is not None:
            return path not in _VARIABLE_APIS and not path.startswith(_VARIABLE_PREFIXES)
        if isinstance(func, cst.Name):
            if func.value in self.codemod._functions:
                return self.codemod.ops_only(func.value)
            names = self.codemod.get_metadata(QualifiedNameProvider, func, set())
            return func.value in _BUILTINS and all(
                q.name in _BUILTINS or q.name == f"builtins.{func.value}" for q in names)
        if isinstance(func, cst.Attribute):
            names = self.codemod.get_metadata(QualifiedNameProvider, func, set())
            if names and all(q.name.split(".")[0] in _LIBRARIES for q in names):
                return True
            return func.attr.value in _METHODS
        return False


class _NonePassed(cst.CSTVisitor):
    """(function, parameter) pairs some call in the file passes as None (by keyword), and
    under "*" the functions called with positional None or unpacked arguments."""

    def __init__(self, names: set[str]):
        super().__init__()
        self.names = names
        self.found: dict = {}

    def visit_Call(self, node: cst.Call) -> None:
        if not (isinstance(node.func, cst.Name) and node.func.value in self.names):
            return
        for arg in node.args:
            is_none = isinstance(arg.value, cst.Name) and arg.value.value == "None"
            if arg.star or (arg.keyword is None and is_none):
                self.found.setdefault("*", set()).add(node.func.value)
            elif arg.keyword is not None and is_none:
                self.found[(node.func.value, arg.keyword.value)] = True
