"""Placeholders -> `tf.TensorSpec`s, and reads of symbolic tensors while the graph is built.

A placeholder is a typed hole a feed_dict fills; in TF2 its spec is the `input_signature` of the
functions fed through it. `print(t)`, `t.shape` and `assert t.get_shape() == ...` while the graph
is built read TF1's symbolic tensor; their TF2 counterpart is the output of `t`'s function traced
on the specs, with the same shape and dtype.

Before::

    x = tf.placeholder("float", [None, 3])
    print(h.shape)

After::

    x_spec = tf.TensorSpec([None, 3], tf.float32)
    print(tf.function(h).get_concrete_function(x_spec).structured_outputs.shape)

(`h.get_concrete_function()` when `h` is a session's fetch, a `tf.function` already.)
"""
from __future__ import annotations

import libcst as cst

from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.syntax import _NO_SPACE, _arg, _joined, _referenced
from migrate import fastvisit


#: dtype strings TF accepts (`tf.as_dtype`) -> the dtype object's name.
_DTYPE_NAMES = {"float": "float32", "float32": "float32", "double": "float64",
                "float64": "float64", "half": "float16", "float16": "float16",
                "bfloat16": "bfloat16", "int8": "int8", "int16": "int16", "int32": "int32",
                "int64": "int64", "uint8": "uint8", "uint16": "uint16", "bool": "bool",
                "string": "string", "complex64": "complex64", "complex128": "complex128"}


class SpecsMixin:
    """Placeholder specs and symbolic reads of graph tensors."""

    def _dtype(self, dtype: cst.BaseExpression) -> cst.BaseExpression:
        """A placeholder's dtype as TF2 code spells it: `"float"` -> `tf.float32` (the same
        dtype: `tf.as_dtype("float")`), anything else as written."""
        if isinstance(dtype, cst.SimpleString) and dtype.evaluated_value in _DTYPE_NAMES:
            return self._parse_expr(f"{self._tf}.{_DTYPE_NAMES[dtype.evaluated_value]}")
        return dtype

    def _spec_statement(self, block: _Block, statement, name: str) -> cst.BaseStatement:
        call = block.placeholders[name]
        dtype = _arg(call, "dtype", 0)
        shape = _arg(call, "shape", 1)
        label = _arg(call, "name", 2)
        if dtype is None:
            raise Refusal("a placeholder without dtype", call)
        args = [cst.Arg(shape.value if shape else cst.Name("None")),
                cst.Arg(self._dtype(dtype.value))]
        if label is not None:
            args.append(cst.Arg(label.value, keyword=cst.Name("name"), equal=_NO_SPACE))
        spec = cst.Call(self._parse_expr(f"{self._tf}.TensorSpec"), args=_joined(args))
        small = statement.body[0]
        return statement.with_changes(body=[small.with_changes(
            targets=[cst.AssignTarget(cst.Name(block.specs[name]))], value=spec)])

    @staticmethod
    def _prints_placeholders(block: _Block, value: cst.BaseExpression) -> bool:
        """`print(X)` of a placeholder while the graph is built: TF1 printed the symbolic
        tensor (`Tensor("X:0", shape=(?, 3), dtype=float32)`); its TF2 counterpart is the
        `tf.TensorSpec` made in its place, which prints the same shape and dtype."""
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name)
                and value.func.value == "print"):
            return False
        return any(isinstance(a.value, cst.Name) and a.value.value in block.placeholders
                   for a in value.args) and all(
                isinstance(a.value, cst.Name) and a.value.value in block.placeholders
                or not (_referenced(a.value) & (set(block.placeholders) | set(block.tensors)))
                for a in value.args if not a.star)

    def _symbolic_statement(self, block: _Block, statement, small) -> bool:
        """`print(h)`, `print(h.get_shape())`, `assert h.shape.as_list() == [None, 2]` while
        the graph is built: TF1 read the symbolic tensor. Its TF2 counterpart is the output of
        the tensor's function traced on the placeholders' specs,
        `tf.function(h).get_concrete_function(x_spec).structured_outputs`, which has the same
        shape and dtype and prints as TF1's did."""
        if block.owner is not None or not (isinstance(small, cst.Assert) or (
                isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and
                isinstance(small.value.func, cst.Name) and small.value.func.value == "print")):
            return False
        if self._runs_graph(block, small.test if isinstance(small, cst.Assert) else small.value):
            return False  # `print(sess.run(t))`: a run, not a symbol
        finder = _SymbolicReads(set(block.tensors) | set(block.placeholders))
        if isinstance(small, cst.Assert):
            small.visit(finder)
        else:
            for arg in small.value.args:  # `print(h)`: the bare tensor
                if isinstance(arg.value, cst.Name) and arg.value.value in finder.names:
                    finder.reads.append(arg.value)
                else:
                    arg.value.visit(finder)
        if not finder.reads or finder.other:
            return False
        self._single(statement, small)
        block.symbolic.append((statement, small, finder.reads))
        return True

    def _symbolic_statements(self, block: _Block) -> None:
        for statement, small, reads in block.symbolic:
            replacements = {}
            for node in reads:
                name = node.value
                if name in block.placeholders:
                    replacements[node] = cst.Name(block.specs[name])
                    continue
                specs = ", ".join(block.specs[p] for p in block.tensors[name])
                traced = f"{name}.get_concrete_function()" if name in block.fetched else \
                    f"{self._tf}.function({name}).get_concrete_function({specs})"
                replacements[node] = self._parse_expr(f"{traced}.structured_outputs")
            new = fastvisit.transform(small, _ReplaceNodes(replacements))
            block.replace[statement] = [statement.with_changes(body=[new])]

    def _print_specs(self, block: _Block) -> None:
        for call in block.printed:
            block.calls[call] = call.with_changes(args=[
                a.with_changes(value=cst.Name(block.specs[a.value.value]))
                if isinstance(a.value, cst.Name) and a.value.value in block.specs else a
                for a in call.args])


class _SymbolicReads(cst.CSTVisitor):
    """Graph names read only as symbols, before `.shape`, `.get_shape`, `.dtype`, `.name`
    (`reads`; a bare `print` argument is added by the caller); `other`: any other read."""

    _SYMBOLIC = frozenset({"shape", "get_shape", "dtype", "name"})

    def __init__(self, names: set):
        super().__init__()
        self.names = names
        self.reads: list = []
        self.other: list = []

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # a keyword is no read
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if isinstance(node.value, cst.Name) and node.value.value in self.names and \
                node.attr.value in self._SYMBOLIC:
            self.reads.append(node.value)
            return False
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names:
            self.other.append(node)


class _ReplaceNodes(cst.CSTTransformer):
    """Each node of `replacements` (by identity) -> its replacement."""

    def __init__(self, replacements: dict):
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original, updated):
        return self.replacements.get(original, updated)
