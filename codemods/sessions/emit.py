"""What the converted code is made of: tensor functions, their headers, and the layout.

A graph tensor becomes `def t(<its placeholders>): return <expr>` with every other graph tensor
in the expression made a call (`_TensorCalls`; with feeds, the placeholders become the fed
values), decorated `@tf.function(input_signature=[...])` when a session runs it. A removed
statement's blank lines (and some comments) are carried to the next statement.

Before::

    pred = tf.matmul(X, W) + b
    cost = tf.reduce_mean(tf.square(pred - Y))   # fetched by a session

After::

    def pred(X):
        return tf.matmul(X, W) + b

    @tf.function(input_signature=[X_spec, Y_spec])
    def cost(X, Y):
        return tf.reduce_mean(tf.square(pred(X) - Y))
"""
from __future__ import annotations

from typing import Optional, TYPE_CHECKING

import libcst as cst

from codemods import stateless_layers
from codemods.sessions import rnn
from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.layers import _HelperKind
from codemods.sessions.syntax import _arg, _bodies, _fill, _joined, _key, _key_expr, _param
from codemods.variables import bound_arguments, join_args, kwarg

if TYPE_CHECKING:
    from codemods.sessions.codemod import Sessions


class EmitMixin:
    """Emitting tensor functions and carrying layout."""

    @property
    def _tf(self) -> str:
        if self._tf_alias is None:
            self.tf_attr("Variable")  # adds `import tensorflow as tf`
        return self._tf_alias

    def _parse_expr(self, code: str) -> cst.BaseExpression:
        return cst.parse_expression(code)

    def _translate(self, block: _Block, expr: cst.BaseExpression, feeds: Optional[dict] = None,
                   anchor=None) -> cst.BaseExpression:
        """Replace each graph tensor `t` in `expr` by `t(<its placeholders>)`; with `feeds`,
        the placeholders are replaced by the fed values."""
        return expr.visit(_TensorCalls(self, block, feeds, anchor))

    def _signature(self, block: _Block, params: list) -> str:
        specs = ", ".join(block.specs[p] for p in params)
        return f"@{self._tf}.function(input_signature=[{specs}])" if params else \
            f"@{self._tf}.function"

    def _header_lines(self, block: _Block, name: str, params: list, entry: bool) -> list:
        """`@tf.function(...)` (for what a session runs) and `def name(params):`. A model
        class's methods cannot name per-instance specs in a decorator: they cast the fed values
        to the placeholder dtypes instead, as a feed_dict did."""
        names = [_param(p) for p in params]
        if block.owner is None:
            lines = [self._signature(block, params)] if entry else []
            return [*lines, f"def {_param(name)}({', '.join(names)}):"]
        lines = [f"@{self._tf}.function"] if entry else []
        lines.append(f"def {_param(name)}({', '.join(['self', *names])}):")
        if entry:
            for key, param in zip(params, names):
                dtype = _arg(block.placeholders[key], "dtype", 0)
                lines.append(f"    {param} = {self._tf}.cast({param}, "
                             f"{self._module.code_for_node(dtype.value)})")
        return lines

    def _tensor_function(self, block: _Block, statement, name: str) -> cst.BaseStatement:
        small = statement.body[0]
        params = block.tensors[name]
        if name in block.layers:
            instance, inputs, _ = block.layers[name]
            body = cst.Call(cst.Name(instance), args=[cst.Arg(self._translate(block, inputs))])
        else:
            body = self._translate(block, self._values.get(statement, small.value))
        body = body.visit(_JoinContinuations())  # `a + \` lines: one line, wrapped by tidy
        lines = self._header_lines(block, name, params, name in block.fetched)
        function = _fill(cst.parse_statement("\n".join([*lines, "    return __VALUE__"]) + "\n",
                                             config=self._module.config_for_parsing),
                         __VALUE__=body)
        returned = function.body.body[-1].with_changes(
            trailing_whitespace=statement.trailing_whitespace)  # keeps a trailing comment
        function = function.with_changes(body=function.body.with_changes(
            body=[*function.body.body[:-1], returned]))
        return function.with_changes(leading_lines=statement.leading_lines)

    @staticmethod
    def _callee(block: _Block, name: str) -> cst.BaseExpression:
        """What calls a converted tensor: its function, or in a model class the method (a
        local `hidden = ...` of `__init__` becomes the method `self.hidden` too)."""
        if block.owner is not None and "." not in name:
            return cst.Attribute(cst.Name("self"), cst.Name(name))
        return _key_expr(name)

    def _carry_lines(self, block: _Block) -> None:
        """A removed statement's blank lines stay (they separate sections), and so does the
        comment over a removed `reset_default_graph()` (it heads the code after it) or over a
        binding inlined into the next (it describes the tensor); other comments describe what
        was removed and go with it."""
        for body in _bodies(block.statements):
            carried: list = []
            for statement in body:
                removed = block.replace.get(statement) == []
                if not removed:
                    if carried:
                        self._leading[statement] = [*carried, *self._leading.get(statement, [])]
                    carried = []
                    continue
                keep = statement.leading_lines if self._is_reset(statement) or \
                    statement in self._inlined else \
                    [line for line in statement.leading_lines if line.comment is None]
                carried = [*carried, *keep]


class _JoinContinuations(cst.CSTTransformer):
    """Backslash line continuations in an expression -> one space: the statement it moves
    into is indented otherwise, and the layout pass wraps long lines itself."""

    def leave_SimpleWhitespace(self, original, updated):
        return cst.SimpleWhitespace(" ") if "\\" in updated.value else updated


def _collapse(first: list, second: list) -> list:
    """Two statements' leading lines merged, with no run of blank lines longer than the longest
    in either: removing a statement must not leave a hole in the layout."""
    limit = max(_longest_blank_run(first), _longest_blank_run(second))
    out, run = [], 0
    for line in [*first, *second]:
        run = run + 1 if line.comment is None else 0
        if run <= limit:
            out.append(line)
    return out


def _longest_blank_run(lines: list) -> int:
    longest = run = 0
    for line in lines:
        run = run + 1 if line.comment is None else 0
        longest = max(longest, run)
    return longest


class _TensorCalls(cst.CSTTransformer):
    """`t` -> `t(X, Y)` for graph tensors; with feeds, placeholders -> the fed values."""

    def __init__(self, codemod: Sessions, block: _Block, feeds: Optional[dict], anchor):
        super().__init__()
        self.codemod, self.block, self.feeds, self.anchor = codemod, block, feeds, anchor
        self._skip: set = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._skip.add(node.attr)

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._skip.add(node.keyword)

    def leave_Attribute(self, original: cst.Attribute,
                        updated: cst.Attribute) -> cst.BaseExpression:
        key = _key(original)
        if key is None or key == original.attr.value:
            return updated
        return self._replace(key, updated)

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        if original in self._skip:
            return updated
        return self._replace(original.value, updated)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """A variable-free `tf.layers` call becomes its plain op (checked in _check_pure).
        When its input is now an expression (a tensor function's call), flatten and dropout
        call an emitted helper instead, so the input is computed once."""
        path = self.codemod.tf_name(original.func)
        if path in rnn.DRIVERS:
            self.codemod.replaced(original.func)
            try:
                return rnn.rewrite_driver(
                    updated, path, self.block.cells,
                    lambda p: self.codemod._rnn_class(self.block, p), original,
                    self.codemod._driver_scopes.get(original))
            except rnn.CellRefusal as refusal:
                raise Refusal(str(refusal), original) from None
        if path not in stateless_layers.STATELESS_LAYERS:
            return updated
        self.codemod.replaced(original.func)
        like = original.func if isinstance(original.func, cst.Attribute) else None
        helper = stateless_layers.HELPERS.get(path)
        bound = bound_arguments(updated, stateless_layers.STATELESS_LAYERS[path])
        training = bound.get("training")
        if helper is None or isinstance(bound["inputs"], cst.Name) or path == "layers.dropout" \
                and (training is None or isinstance(training, cst.Name)
                     and training.value in ("True", "False")):
            return stateless_layers.rewrite(self.codemod, path, updated, like)
        name = self.codemod._layer_class(_HelperKind(*helper))
        self.block.helpers.add(helper[0])
        params = stateless_layers.HELPER_PARAMS[helper[0]]
        args = [cst.Arg(bound["inputs"])] + [kwarg(p, bound[p]) for p in params if p in bound]
        return cst.Call(cst.Name(name), args=join_args(args))

    def _replace(self, name: str, updated: cst.BaseExpression) -> cst.BaseExpression:
        if name in self.block.tensors:
            params = self.block.tensors[name]
            if self.feeds is None:
                return cst.Call(self.codemod._callee(self.block, name),
                                args=_joined([cst.Arg(cst.Name(_param(p))) for p in params]))
            return self.codemod._call_with_feeds(self.block, name, params, self.feeds, self.anchor)
        if name in self.block.placeholders and self.feeds is not None:
            if name not in self.feeds:
                raise Refusal(f"`{name}` is used but not fed", self.anchor)
            if self.feeds[name] is None:
                raise Refusal(f"`{name}` is read from a feed_dict helper's result",
                              self.anchor)
            return self.codemod._fed_value(self.block, name, self.feeds[name])
        if name in self.block.placeholders and name != _param(name):
            return cst.Name(_param(name))
        return updated
