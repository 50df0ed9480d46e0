"""Which expressions are TF initializers, and the TF2 spelling of those TF1 spelled otherwise.

A `tf.Variable` made from `get_variable` calls its initializer with `(shape, dtype)`, so the
initializer must provably be one: `InitializerCheck` accepts a TF initializer call, a name
bound once to one, a local factory returning one (BERT's `create_initializer(r)`) and a
parameter defaulting to one that no call passes. `_map_initializer` gives the TF2 spelling
of the TF1 constructors that have none under the same name, TF1 defaults made explicit:

    tf.truncated_normal_initializer()  -> tf.keras.initializers.TruncatedNormal(stddev=1.0)
    tf.contrib.layers.xavier_initializer(seed=1)  -> tf.keras.initializers.GlorotUniform(seed=1)
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods.base import TFCodemod
from codemods.variables.arguments import (Refusal, _is_literal, bound_arguments, join_args,
                                          kwarg)
from codemods.variables.bindings import (_all_params, _assigned_names, _returns,
                                         _single_assignments)

#: TF initializer constructors whose instances are kept and called with (shape, dtype).
CORE_INITIALIZERS = frozenset({"random_normal_initializer", "random_uniform_initializer",
                               "constant_initializer", "zeros_initializer", "ones_initializer"})
#: TF1 initializer constructors -> (TF2 path, TF1 parameters in order, the ones passed on,
#: TF1 defaults that differ from the TF2 ones).
MAPPED_INITIALIZERS = {
    "truncated_normal_initializer": ("keras.initializers.TruncatedNormal",
                                     ("mean", "stddev", "seed", "dtype"),
                                     ("mean", "stddev", "seed"), {"stddev": "1.0"}),
    "initializers.truncated_normal": ("keras.initializers.TruncatedNormal",
                                      ("mean", "stddev", "seed", "dtype"),
                                      ("mean", "stddev", "seed"), {"stddev": "1.0"}),
    "glorot_uniform_initializer": ("keras.initializers.GlorotUniform", ("seed", "dtype"),
                                   ("seed",), {}),
    "initializers.glorot_uniform": ("keras.initializers.GlorotUniform", ("seed", "dtype"),
                                    ("seed",), {}),
    "contrib.layers.xavier_initializer": ("keras.initializers.GlorotUniform",
                                          ("uniform", "seed", "dtype"), ("seed",), {}),
}
#: Other TF initializer constructors: their instances are callable with (shape, dtype); the
#: later codemods give them their TF2 or compat.v1 spelling.
OTHER_INITIALIZER_PREFIXES = ("initializers.", "keras.initializers.")


class InitializerCheck:
    """Decides whether an initializer expression is provably a TF initializer instance.

    Besides direct calls (`tf.random_normal_initializer(stddev=0.02)`) it accepts a name
    assigned once, in the function or at module level, from such a call, and a call to a
    module-level function whose every `return` gives such a call (BERT's
    `create_initializer(initializer_range)`) or returns a function it defines that takes
    `(shape, dtype, ...)` (baselines' `ortho_init(scale)`), which TF2 calls the same way.
    A parameter whose default is such a call counts when no call in the file passes it
    (GPT-1's `conv1d(x, scope, nf, rf, w_init=tf.random_normal_initializer(stddev=0.02))`).
    """

    def __init__(self, codemod: TFCodemod, module: cst.Module):
        self.codemod = codemod
        self.module = module
        self.functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
        self.module_assigns = _single_assignments(module.body)
        self._passed: Optional[dict] = None

    def _default_initializer(self, function: cst.FunctionDef, name: str) -> bool:
        """Is parameter `name` of `function` defaulted to a TF initializer and never passed?"""
        params = _all_params(function)
        param = next((p for p in params if p.name.value == name), None)
        if param is None or param.default is None or not self.known_call(param.default) \
                or function.name.value not in self.functions:
            return False
        if self._passed is None:
            finder = _PassedParams(set(self.functions))
            self.module.visit(finder)
            self._passed = finder.passed
        passed = self._passed.get(function.name.value, set())
        index = next(i for i, p in enumerate(params) if p is param)
        positional = index < len(function.params.posonly_params) + len(function.params.params)
        return "*" not in passed and name not in passed and not (
            positional and any(isinstance(p, int) and p >= index for p in passed))

    def known_call(self, expr: cst.BaseExpression) -> Optional[str]:
        """The TF path of the initializer constructor `expr` calls, if it is one."""
        if not isinstance(expr, cst.Call):
            return None
        path = self.codemod.tf_name(expr.func)
        if path is None:
            return None
        if path in CORE_INITIALIZERS or path in MAPPED_INITIALIZERS or \
                path.startswith(OTHER_INITIALIZER_PREFIXES) or path.endswith("_initializer"):
            return path
        return None

    def is_initializer(self, expr: cst.BaseExpression,
                       function: Optional[cst.FunctionDef] = None) -> bool:
        if self.known_call(expr):
            return True
        if isinstance(expr, cst.Name):
            params = {p.name.value for p in _all_params(function)} if function else set()
            if expr.value in params:
                return self._default_initializer(function, expr.value)
            local = _single_assignments(function.body.body) if function else {}
            value = local.get(expr.value) or (None if expr.value in _assigned_names(
                function) else self.module_assigns.get(expr.value))
            return value is not None and self.known_call(value) is not None
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) \
                and expr.func.value in self.functions and not any(a.star for a in expr.args):
            factory = self.functions[expr.func.value]
            returns = _returns(factory)
            return bool(returns) and all(
                r is not None and (self.known_call(r) or _returns_initializer_def(factory, r))
                for r in returns)
        return False


class _PassedParams(cst.CSTVisitor):
    """Per module-level function: what its calls in the file pass (keyword names, positional
    indices, "*" for unpacking or any use other than a call)."""

    def __init__(self, names: set[str]):
        super().__init__()
        self.names = names
        self.passed: dict[str, set] = {}
        self._callees: set = set()

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value in self.names:
            self._callees.add(node.func)
            passed = self.passed.setdefault(node.func.value, set())
            for index, arg in enumerate(node.args):
                passed.add("*" if arg.star else arg.keyword.value if arg.keyword else index)

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names and node not in self._callees:
            self.passed.setdefault(node.value, set()).add("*")  # passed around: anything

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # `tf.nn.conv1d` is not a use of a local `conv1d`
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        node.params.visit(self)
        node.body.visit(self)
        for decorator in node.decorators:
            decorator.visit(self)
        return False  # its own name is not a use


def _returns_initializer_def(factory: cst.FunctionDef, returned: cst.BaseExpression) -> bool:
    """Is `returned` the name of a function `factory` defines with `(shape, dtype, ...)`
    parameters, the calling convention of TF1 and TF2 initializers alike?"""
    if not isinstance(returned, cst.Name):
        return False
    for statement in factory.body.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == returned.value:
            params = [p.name.value for p in statement.params.params]
            rest_optional = all(p.default is not None for p in statement.params.params[2:])
            return params[:2] == ["shape", "dtype"] and rest_optional \
                and not statement.params.kwonly_params
    return False


def _map_initializer(codemod: TFCodemod, init: cst.BaseExpression, check: InitializerCheck,
                     updated: Optional[cst.BaseExpression] = None,
                     dry: bool = False) -> cst.BaseExpression:
    """The TF2 spelling of initializer `init` (original node; `updated` is what to emit)."""
    updated = init if updated is None else updated
    path = check.known_call(init)
    if path not in MAPPED_INITIALIZERS:
        return updated
    target, order, accepted, defaults = MAPPED_INITIALIZERS[path]
    assert isinstance(init, cst.Call)
    bound = bound_arguments(init, order)
    if "uniform" in bound and _is_literal(bound["uniform"], ("True",)):
        del bound["uniform"]
    extra = set(bound) - set(accepted)
    if extra:
        raise Refusal(f"tf.{path} with {', '.join(sorted(extra))}: no exact TF2 equivalent")
    if dry:
        return updated
    assert isinstance(updated, cst.Call)
    bound = bound_arguments(updated, order)
    args = [kwarg(key, bound[key]) for key in accepted if key in bound]
    args += [kwarg(key, cst.parse_expression(value)) for key, value in defaults.items()
             if key not in bound]
    like = init.func if isinstance(init.func, cst.Attribute) else None
    codemod.replaced(init.func)
    return cst.Call(func=codemod.tf_attr(target, like=like), args=join_args(args))
