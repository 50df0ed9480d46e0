"""TFL006: a tensor computed inside a `tf.function` escapes through `self` or a global.

Inside a traced body every op builds a graph tensor of that function's graph. Storing one on
`self.x` or a `global` and reading it from code outside the function (another plain method,
module code) hands a dead graph tensor to eager code. Values are tensor-valued by dataflow: a
TF op, a parameter of the traced function, or a local computed from those. Variables are not
tensors here (TFL005 covers them); `is None` tests of the escaped value are harmless.
"""
from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from hazards.analysis import Analysis, calls_in, method_name, names_in, parameter_names, receiver
from hazards.base import Checker

_NOT_TENSORS = frozenset({"Variable", "compat.v2.Variable", "TensorArray", "function",
                          "print", "shape", "TensorShape", "TensorSpec", "get_logger"})


_STATIC_ATTRIBUTES = frozenset({"shape", "dtype", "name", "ndim", "device", "graph"})


class EscapingTensor(Checker):
    CODE = "TFL006"
    TITLE = "tensor computed inside a tf.function stored on self/global and used outside"
    TRIGGERS = ("function",)
    EXPLAIN = """\
Inside a `tf.function` each op makes a symbolic tensor of the function's graph. Saving it on
`self` or in a global does not save a value: outside the function, the tensor belongs to a graph
that is no longer being built, and using it fails with
  TypeError: <tf.Tensor 'MatMul:0' ...> is out of scope and cannot be used here.
  (or InaccessibleTensorError when another tf.function uses it)

Before:
    class Model(tf.Module):
        @tf.function
        def __call__(self, x):
            self.hidden = tf.matmul(x, self.w)     # TFL006
            return tf.reduce_sum(self.hidden)
        def summary(self):
            return tf.reduce_mean(self.hidden)

After: return what you need, or keep it in a variable:
        @tf.function
        def __call__(self, x):
            hidden = tf.matmul(x, self.w)
            self.last_hidden.assign(hidden)        # a tf.Variable made in __init__
            return tf.reduce_sum(hidden), hidden
"""

    def check(self, analysis: Analysis) -> Iterator[tuple[cst.CSTNode, str]]:
        traced = analysis.tf_functions()
        for function in sorted(traced, key=analysis.order_of):
            tensors = _tensor_locals(analysis, function)
            globals_ = analysis.declared_global(function)
            params = parameter_names(function)
            this = params[0] if params and analysis.enclosing_class(function) else None
            for stored, value in _stores(analysis, function):
                if not _tensor_valued(analysis, value, tensors):
                    continue
                if isinstance(stored, cst.Name) and (
                        stored.value in globals_ or _module_name(analysis, stored)):
                    use = _global_use(analysis, stored.value, function)
                    where = f"global `{stored.value}`"
                elif this and isinstance(stored, cst.Attribute) \
                        and isinstance(stored.value, cst.Name) and stored.value.value == this:
                    use = _attribute_use(analysis, function, stored.attr.value)
                    where = f"`{this}.{stored.attr.value}`"
                else:
                    continue
                if use is not None:
                    yield stored, (f"tensor computed in @tf.function `{function.name.value}` "
                                   f"is stored in {where} and used outside it at line "
                                   f"{analysis.position(use)[0]}: out of scope")


def _stores(analysis: Analysis, function: cst.FunctionDef):
    """(target, value) for `target = value` and `target.append(value)` in `function`."""
    for assign in analysis.assigns:
        if analysis.enclosing_function(assign) is function:
            for target in assign.targets:
                yield target.target, assign.value
    for call in analysis.calls_of(function):
        if method_name(call) in ("append", "extend", "add", "insert") and call.args:
            yield receiver(call), call.args[-1].value


def _module_name(analysis: Analysis, name: cst.Name) -> bool:
    """A name the function mutates (`.append`) that is bound at module level only."""
    if isinstance(analysis.parent(name), cst.AssignTarget):
        return False
    return analysis.is_global_name(name)


def _tensor_locals(analysis: Analysis, function: cst.FunctionDef) -> set[str]:
    """Local names of `function` that hold tensors: parameters (but self, and those with a
    Python default such as `training=False`) and what is computed from TF ops or from them,
    to a fixpoint."""
    params = list(function.params.posonly_params) + list(function.params.params)
    skip = 1 if analysis.enclosing_class(function) else 0
    tensors = {p.name.value for p in params[skip:]
               if p.default is None or not isinstance(
                   p.default, (cst.Name, cst.Integer, cst.Float, cst.SimpleString))}
    assigns = [a for a in analysis.assigns if analysis.enclosing_function(a) is function]
    changed = True
    while changed:
        changed = False
        for assign in assigns:
            if not _tensor_valued(analysis, assign.value, tensors):
                continue
            for target in assign.targets:
                for name in names_in(target.target) if isinstance(
                        target.target, (cst.Name, cst.Tuple, cst.List)) else ():
                    if name.value not in tensors:
                        tensors.add(name.value)
                        changed = True
    return tensors


def _tensor_valued(analysis: Analysis, value: cst.BaseExpression, tensors: set[str]) -> bool:
    inner = value
    while isinstance(inner, cst.Subscript):
        inner = inner.value
    if isinstance(inner, cst.Attribute) and inner.attr.value in _STATIC_ATTRIBUTES:
        return False  # `x.shape[-1]`, `x.dtype`: static Python values
    if isinstance(value, cst.Call) and analysis.call_api(value) in _NOT_TENSORS:
        return False
    if isinstance(value, cst.Call) and _python_call(analysis, value):
        return False
    if isinstance(value, (cst.Name, cst.Attribute, cst.Subscript, cst.BinaryOperation,
                          cst.UnaryOperation, cst.Call)):
        for call in calls_in(value):
            api = analysis.call_api(call)
            if api and api not in _NOT_TENSORS:
                return True
        return any(n.value in tensors for n in names_in(value))
    return False


def _python_call(analysis: Analysis, call: cst.Call) -> bool:
    """`len(x)`, `int(...)`, `x.shape.as_list()`: Python values, not tensors."""
    if isinstance(call.func, cst.Name) and call.func.value in (
            "len", "int", "float", "str", "bool", "isinstance", "range", "print", "type"):
        return not analysis.bindings_of(call.func)
    return method_name(call) in ("as_list", "numpy", "get_shape", "item")


def _global_use(analysis: Analysis, name: str, function) -> Optional[cst.CSTNode]:
    for node in analysis.names:
        if node.value != name:
            continue
        user = analysis.enclosing_function(node)
        if user is function or not _real_use(analysis, node):
            continue
        if isinstance(user, cst.FunctionDef) and node.value not in analysis.declared_global(user) \
                and not analysis.is_global_name(node):
            continue
        if analysis.is_global_name(node):
            return node
    return None


def _attribute_use(analysis: Analysis, function: cst.FunctionDef,
                   attr: str) -> Optional[cst.CSTNode]:
    """A load of `<instance>.attr` outside `function`: `self.attr` in another method (not
    `__init__`) of the class, or `obj.attr` on an instance of it."""
    cls = analysis.enclosing_class(function)
    for node in analysis.attribute_loads:
        if node.attr.value != attr:
            continue
        user = analysis.enclosing_function(node)
        if user is function or not _real_use(analysis, node):
            continue
        if analysis._instance_class(node.value) is not cls:
            continue
        if isinstance(user, cst.FunctionDef) and analysis.enclosing_class(user) is cls \
                and user.name.value == "__init__":
            continue
        return node
    return None


def _real_use(analysis: Analysis, node: cst.CSTNode) -> bool:
    """Loads that compute with the value: not assignment targets, not `x is None` tests."""
    parent = analysis.parent(node)
    if isinstance(parent, (cst.AssignTarget, cst.Del, cst.Global)):
        return False
    if isinstance(parent, cst.Attribute) and parent.value is node \
            and parent.attr.value in ("append", "extend", "clear", "pop", "insert"):
        return False
    if isinstance(parent, (cst.Comparison, cst.ComparisonTarget, cst.If, cst.BooleanOperation,
                           cst.UnaryOperation)):
        return False
    if isinstance(parent, cst.Arg) and isinstance(analysis.parent(parent), cst.Call) \
            and isinstance(analysis.parent(parent).func, cst.Name) \
            and analysis.parent(parent).func.value in ("hasattr", "isinstance", "len", "id"):
        return False
    return True
