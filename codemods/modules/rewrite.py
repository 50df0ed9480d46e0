"""Inside a converted body: variables, child calls, nested scopes, `shape[i].value`.

    w = tf.get_variable("w", [4, 4])     -> if self.w is None:
                                                self.w = tf.Variable(...)
                                            w = self.w
    h = block(h, "blk")                  -> h = self.child(Block, "blk")(h)
    with tf.variable_scope("inner"):     -> with self.scope("inner"):
        v = tf.get_variable("v", [n])    ->     v = self.variable("v", lambda: tf.Variable(...))
    x.shape[1].value                     -> x.shape[1]

`_BodyRewriter` rewrites what the scan recorded on the candidate and nothing else; layers and
RNN cells are its `LayerRewrites` and `CellRewrites` parts, line breaks `GetterWrapping`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from codemods import matching
from codemods.modules.call_sites import _module_arguments, scope_argument
from codemods.modules.candidate import _Candidate
from codemods.modules.layers import LayerRewrites
from codemods.modules.layout import GetterWrapping, _realigned
from codemods.modules.rnn_cells import _WRAPPER_KEPT, _WRAPPER_PARAMS, WRAPPER, CellRewrites
from codemods.variables import (GET_VARIABLE_PARAMS, bound_arguments, convert_get_variable,
                                join_args, kwarg)
from codemods.variables.initializers import _map_initializer

if TYPE_CHECKING:
    from codemods.modules.codemod import Modules


class _BodyRewriter(LayerRewrites, CellRewrites, GetterWrapping, cst.CSTTransformer):
    """Inside a converted function: variables, child calls, `shape[i].value`."""

    def __init__(self, codemod: Modules, candidate: _Candidate, converted: dict):
        super().__init__()
        self.codemod = codemod
        self.candidate = candidate
        self.converted = converted
        self.getters: set = set()  # `self.child(Dense, name, ...)` calls made for tf.layers
        self.module_calls: set = set()  # `self.child(Block, name)(...)` calls
        self.keyed_variables: set = set()  # `tf.Variable(...)` made by `self.variable(...)`
        self.depth = 1 if candidate.owner is not None else 2  # blocks around the statement

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.depth += 1

    def leave_IndentedBlock(self, original: cst.IndentedBlock,
                            updated: cst.IndentedBlock) -> cst.IndentedBlock:
        self.depth -= 1
        return updated

    def leave_With(self, original: cst.With, updated: cst.With) -> cst.With:
        c = self.candidate
        if original is c.with_stmt and c.owner is not None:
            scope = cst.Attribute(cst.Name("self"), cst.Name("name_scope"))
            return updated.with_changes(items=[updated.items[0].with_changes(item=scope,
                                                                             asname=None)])
        if original not in c.nested:
            return updated
        call = cst.ensure_type(updated.items[0].item, cst.Call)
        scope = next(a for a in call.args if a.keyword is None
                     or a.keyword.value == "name_or_scope")
        enter = cst.Call(func=cst.Attribute(cst.Name("self"), cst.Name("scope")),
                         args=[scope.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT,
                                                  comma=cst.MaybeSentinel.DEFAULT)])
        return updated.with_changes(items=[updated.items[0].with_changes(item=enter)])

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if original in self.candidate.keyed:
            variable = convert_get_variable(self.codemod, original, self.codemod._check,
                                            self.candidate.function, updated=updated)
            self.keyed_variables.add(variable)
            name = bound_arguments(updated, GET_VARIABLE_PARAMS)["name"]
            make = cst.Lambda(params=cst.Parameters(), body=variable)
            return cst.Call(func=cst.Attribute(cst.Name("self"), cst.Name("variable")),
                            args=join_args([cst.Arg(name), cst.Arg(make)]))
        if original in self.codemod._mapped_values:
            return _map_initializer(self.codemod, original, self.codemod._check, updated)
        if original in self.candidate.layers:
            return self._layer(original, updated)
        if original in self.candidate.stateless:
            return self._stateless(original, updated)
        if original in self.candidate.cells:
            return self._cell(original, updated)
        if original in self.candidate.inner_cells:
            return self._inner_cell(original, updated)
        if original in self.candidate.wrappers:
            bound = bound_arguments(updated, _WRAPPER_PARAMS)
            self.codemod.replaced(original.func)
            args = [cst.Arg(bound["cell"])] + [kwarg(k, bound[k]) for k in _WRAPPER_KEPT
                                              if k in bound]
            return _realigned(updated, cst.Call(
                func=cst.Name(self.codemod._helper_names[WRAPPER]), args=join_args(args)))
        if original in self.candidate.rnns:
            return self._rnn(original, updated)
        callee = self.candidate.children.get(original)
        if callee is None:
            return updated
        child = self.converted[callee]
        found = scope_argument(child, original)
        args = _module_arguments(child, original, list(updated.args))
        if child.scope_item is None:  # a scope-less helper: one instance per call site
            key = cst.SimpleString(f'"{child.name}"')
        elif original in self.candidate.child_names:
            key = self.candidate.child_names[original]
        elif found is None:
            key = child.scope_default
        else:
            key = updated.args[found[0]].value
        getter = cst.Call(func=cst.Attribute(cst.Name("self"), cst.Name("child")),
                          args=[cst.Arg(cst.Name(child.cls), comma=cst.Comma(
                              whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(key)])
        call = _realigned(updated, updated.with_changes(func=getter, args=args))
        self.module_calls.add(call)
        return call

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        return self._state_tuple(original, updated)

    def leave_Attribute(self, original: cst.Attribute,
                        updated: cst.Attribute) -> cst.BaseExpression:
        if original in self.candidate.state_tuples:
            return self._state_tuple(original, updated)
        shape = matching.dimension_value(updated)
        return shape if shape is not None else updated

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine):
        if original in self.candidate.reuse_stmts:  # calling the same instances is the reuse
            return cst.RemovalSentinel.REMOVE
        found = self.candidate.variables.get(original)
        if found is None:
            return self._wrap_getters(updated)
        call, target = found
        updated_call = cst.ensure_type(updated.body[0], cst.Assign).value
        variable = convert_get_variable(self.codemod, call, self.codemod._check,
                                        self.candidate.function,
                                        updated=cst.ensure_type(updated_call, cst.Call))
        attr = cst.Attribute(cst.Name("self"), cst.Name(target))
        create = cst.If(
            test=cst.Comparison(attr, [cst.ComparisonTarget(
                cst.Is(), cst.Name("None"))]),
            body=cst.IndentedBlock([self._wrapped(target, variable)]),
            leading_lines=updated.leading_lines)
        use = updated.with_changes(body=[updated.body[0].with_changes(value=attr)],
                                   leading_lines=[])
        return cst.FlattenSentinel([create, use])
