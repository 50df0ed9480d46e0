"""Initializer factories and names used only by converted code take the TF2 spelling.

    def create_initializer(initializer_range=0.02):
        return tf.truncated_normal_initializer(stddev=initializer_range)
    ->
        return tf.keras.initializers.TruncatedNormal(stddev=initializer_range)

Our modules call every initializer with `(shape, dtype)`, as TF1 did, so the TF2 class does
the same; this is only done when every use of the factory (or of a name bound once to such an
initializer, `initer = tf.truncated_normal_initializer(...)`) in the file is an initializer
of converted variables and layers, since code left on compat.v1 needs the TF1 one.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from codemods import matching
from codemods.variables import MAPPED_INITIALIZERS as _MAPPED
from codemods.variables import GET_VARIABLE_PARAMS, Refusal, bound_arguments
from codemods.variables.bindings import _returns, _single_assignments
from codemods.variables.initializers import _map_initializer

if TYPE_CHECKING:
    from codemods.modules.codemod import Modules


class InitializerFactories:
    """The `Modules` methods that find the initializers to respell."""

    def _initializer_factories(self, tree: cst.Module, converted: dict) -> set:
        """Functions like BERT's `create_initializer(r)`, returning a TF1 initializer that has
        a TF2 spelling, whose every use in the file is an initializer of the converted
        variables and layers: their returns take the TF2 spelling too (our modules call them
        with (shape, dtype), like TF1 did)."""
        uses: dict = {}
        named: dict = {}  # `initer` names given as initializers -> uses
        for candidate in converted.values():
            args = [bound_arguments(call, GET_VARIABLE_PARAMS).get("initializer")
                    for call in [*(c for c, _ in candidate.variables.values()),
                                 *candidate.keyed]]
            args += [arg.value for call in [*candidate.layers, *candidate.cells]
                     for arg in call.args
                     if arg.keyword is not None and arg.keyword.value.endswith("initializer")]
            for value in args:
                if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
                    uses[value.func.value] = uses.get(value.func.value, 0) + 1
                elif isinstance(value, cst.Name):
                    named[value.value] = named.get(value.value, 0) + 1
        self._mapped_values = self._initializer_names(tree, converted, named)
        factories = set()
        for function in self._functions.values():
            name = function.name.value
            returns = _returns(function)
            if name not in uses or not returns or name in self._candidates:
                continue
            try:
                mappable = all(r is not None and self._check.known_call(r) in _MAPPED
                               and _map_initializer(self, r, self._check, dry=True) is r
                               for r in returns)
            except Refusal:
                continue
            if mappable and matching.count_names(tree, name) == uses[name] + 1:  # + its def
                factories.add(function)
        return factories

    def _initializer_names(self, tree: cst.Module, converted: dict, named: dict) -> set:
        """The values of `initer = tf.truncated_normal_initializer(stddev=0.01)` (at module
        level, or in a converted function or method) whose name is only ever an initializer of
        converted code: they take the TF2 spelling, since our code calls them with (shape,
        dtype)."""
        mapped = set()
        scopes = [(tree, tree.body)] + [
            (c.function, list(c.function.body.body))
            for candidate in converted.values() for c in (candidate, *candidate.methods)]
        for scope, body in scopes:
            for name, value in _single_assignments(body).items():
                if name not in named or self._check.known_call(value) not in _MAPPED:
                    continue
                try:
                    _map_initializer(self, value, self._check, dry=True)
                except Refusal:
                    continue
                if matching.count_names(scope if scope is not tree else tree, name) == \
                        named[name] + 1 and (scope is tree or matching.count_names(
                            tree, name) == named[name] + 1):
                    mapped.add(value)
        return mapped


class _MappedValues(cst.CSTTransformer):
    """`initer = tf.truncated_normal_initializer(stddev=0.01)` ->
    `initer = tf.keras.initializers.TruncatedNormal(stddev=0.01)`."""

    def __init__(self, codemod: "Modules"):
        super().__init__()
        self.codemod = codemod

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if original not in self.codemod._mapped_values:
            return updated
        return _map_initializer(self.codemod, original, self.codemod._check, updated)


class _MappedReturns(cst.CSTTransformer):
    """`return tf.truncated_normal_initializer(stddev=r)` ->
    `return tf.keras.initializers.TruncatedNormal(stddev=r)`."""

    def __init__(self, codemod: Modules):
        super().__init__()
        self.codemod = codemod

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return self.codemod._functions.get(node.name.value) is node  # not nested ones

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def leave_Return(self, original: cst.Return, updated: cst.Return) -> cst.Return:
        mapped = _map_initializer(self.codemod, original.value, self.codemod._check,
                                  updated.value)
        return updated.with_changes(value=mapped)
