"""`tensor.name` -> `getattr(tensor, "name", None)`: eager tensors have no name.

TF1 helpers read a tensor's graph name for messages and keys (BERT's `get_shape_list` does
`name = tensor.name` on every call). Under TF2 eager that raises "AttributeError: Tensor.name
is undefined when eager execution is enabled", so the migrated model dies in a shape helper.
`getattr(t, "name", None)` keeps the name wherever one exists (variables, tensors traced in a
`tf.function`) and gives None for an eager tensor.

Rewrites `P.name` only where `P` is a parameter of the enclosing function and that function
treats `P` as a tensor: passes it directly to a TF function or reads `P.shape`,
`P.get_shape()`, `P.dtype` or `P.op`. Refuses (leaves alone) every other `.name`: attributes
of other objects, a parameter used as a variable (`P.assign(...)`, `tf.assign(P, ...)`),
whose name always exists, and `P.name` as an assignment or `del` target.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods.base import TFCodemod

_TENSOR_ATTRIBUTES = frozenset({"shape", "get_shape", "dtype", "op", "consumers"})
_VARIABLE_ATTRIBUTES = frozenset({"assign", "assign_add", "assign_sub", "read_value",
                                  "initializer", "initialized_value", "load", "scatter_update"})


class TensorNames(TFCodemod):
    """tensor.name (raises in eager) -> getattr(tensor, "name", None)."""

    NAME = "tensor_names"
    TRIGGERS = (".name",)
    COMPOSABLE = True

    def visit_Module(self, node: cst.Module) -> bool:
        self._reads: set = set()
        self._depth = 0
        return super().visit_Module(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._depth == 0:  # one walk finds the reads of this function and nested ones
            finder = _TensorNameReads(self)
            node.visit(finder)
            self._reads |= finder.reads
        self._depth += 1

    def leave_FunctionDef(self, original: cst.FunctionDef,
                          updated: cst.FunctionDef) -> cst.FunctionDef:
        self._depth -= 1
        return updated

    def leave_Attribute(self, original: cst.Attribute,
                        updated: cst.Attribute) -> cst.BaseExpression:
        if original not in self._reads:
            return updated
        return cst.Call(func=cst.Name("getattr"), args=[
            cst.Arg(updated.value, comma=_comma()),
            cst.Arg(cst.SimpleString('"name"'), comma=_comma()),
            cst.Arg(cst.Name("None"))], lpar=updated.lpar, rpar=updated.rpar)


def _comma() -> cst.Comma:
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


class _TensorNameReads(cst.CSTVisitor):
    """`P.name` reads of parameters their function uses as tensors (see the module doc)."""

    def __init__(self, codemod: TensorNames):
        super().__init__()
        self.codemod = codemod
        self.reads: set = set()
        self.stores: set = set()
        #: per function: (parameters, tensor-like ones, variable-like ones, [(read, param)])
        self.frames: list[tuple[set, set, set, list]] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        params = node.params
        names = {p.name.value for p in [*params.posonly_params, *params.params,
                                        *params.kwonly_params]}
        self.frames.append((names, set(), set(), []))

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        _, tensors, variables, reads = self.frames.pop()
        self.reads |= {read for read, param in reads
                       if param in tensors and param not in variables and read not in self.stores}

    def _param(self, node: cst.BaseExpression) -> Optional[str]:
        if self.frames and isinstance(node, cst.Name) and node.value in self.frames[-1][0]:
            return node.value
        return None

    def visit_Attribute(self, node: cst.Attribute) -> None:
        param = self._param(node.value)
        if param is None:
            return
        _, tensors, variables, reads = self.frames[-1]
        attr = node.attr.value
        if attr == "name":
            reads.append((node, param))
        elif attr in _TENSOR_ATTRIBUTES:
            tensors.add(param)
        elif attr in _VARIABLE_ATTRIBUTES:
            variables.add(param)

    def visit_Call(self, node: cst.Call) -> None:
        path = self.codemod.tf_name(node.func) if self.frames else None
        if path is None:
            return
        # `tf.assign(v, x)`, `tf.scatter_update(v, ...)`: v is a variable, named in eager too
        kind = 2 if path.rsplit(".", 1)[-1].startswith(("assign", "scatter_")) else 1
        for arg in node.args:
            param = self._param(arg.value)
            if param is not None:
                self.frames[-1][kind].add(param)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self.stores.add(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self.stores.add(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.stores.add(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self.stores.add(node.target)
