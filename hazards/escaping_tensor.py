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

from hazards.analysis import Analysis, calls_in, names_in, parameter_names
from hazards.base import Checker

_NOT_TENSORS = frozenset({"Variable", "compat.v2.Variable", "TensorArray", "function",
                          "print", "shape", "TensorShape", "TensorSpec", "get_logger"})


class EscapingTensor(Checker):
    CODE = "TFL006"
    TITLE = "tensor computed inside a tf.function stored on self/global and used outside"
    TRIGGERS = ("function", "self.|global")
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
        for function in sorted(traced, key=analysis.order.get):
            tensors = _tensor_locals(analysis, function)
            globals_ = analysis.declared_global(function)
            params = parameter_names(function)
            this = params[0] if params and analysis.enclosing_class(function) else None
            for assign in analysis.assigns:
                if analysis.enclosing_function(assign) is not function \
                        or not _tensor_valued(analysis, assign.value, tensors):
                    continue
                for target in assign.targets:
                    stored = target.target
                    if isinstance(stored, cst.Name) and stored.value in globals_:
                        use = _global_use(analysis, stored.value, traced)
                        where = f"global `{stored.value}`"
                    elif this and isinstance(stored, cst.Attribute) \
                            and isinstance(stored.value, cst.Name) and stored.value.value == this:
                        use = _attribute_use(analysis, function, stored.attr.value, traced)
                        where = f"`{this}.{stored.attr.value}`"
                    else:
                        continue
                    if use is not None:
                        yield stored, (f"tensor computed in @tf.function `{function.name.value}` "
                                       f"is stored in {where} and used outside it at line "
                                       f"{analysis.position(use)[0]}: out of scope")


def _tensor_locals(analysis: Analysis, function: cst.FunctionDef) -> set[str]:
    """Local names of `function` that hold tensors: parameters (but self) and what is computed
    from TF ops or from them, to a fixpoint."""
    params = parameter_names(function)
    skip = params[:1] if analysis.enclosing_class(function) else []
    tensors = {p for p in params if p not in skip}
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
    if isinstance(value, cst.Call) and analysis.call_api(value) in _NOT_TENSORS:
        return False
    if isinstance(value, (cst.Name, cst.Attribute, cst.Subscript, cst.BinaryOperation,
                          cst.UnaryOperation, cst.Call)):
        for call in calls_in(value):
            api = analysis.call_api(call)
            if api and api not in _NOT_TENSORS:
                return True
        return any(n.value in tensors for n in names_in(value))
    return False


def _global_use(analysis: Analysis, name: str, traced: set) -> Optional[cst.CSTNode]:
    for node in _name_loads(analysis, name):
        function = analysis.enclosing_function(node)
        if function in traced or not _real_use(analysis, node):
            continue
        if function is None or name not in analysis.declared_global(function) \
                and analysis.is_global_name(node):
            return node
    return None


def _name_loads(analysis: Analysis, name: str):
    for call in analysis.calls:
        for found in names_in(call):
            if found.value == name:
                yield found


def _attribute_use(analysis: Analysis, function: cst.FunctionDef, attr: str,
                   traced: set) -> Optional[cst.CSTNode]:
    cls = analysis.enclosing_class(function)
    for node in analysis.attribute_loads:
        if node.attr.value != attr or not isinstance(node.value, cst.Name):
            continue
        user = analysis.enclosing_function(node)
        if user in traced or not _real_use(analysis, node):
            continue
        if isinstance(user, cst.FunctionDef) and analysis.enclosing_class(user) is cls:
            params = parameter_names(user)
            if params and node.value.value == params[0] and user.name.value != "__init__":
                return node
    return None


def _real_use(analysis: Analysis, node: cst.CSTNode) -> bool:
    """Loads that compute with the value: not assignment targets, not `x is None` tests."""
    parent = analysis.parent(node)
    if isinstance(parent, (cst.AssignTarget, cst.Del)):
        return False
    if isinstance(parent, cst.Comparison) or isinstance(parent, cst.ComparisonTarget):
        return False
    if isinstance(parent, cst.If) or isinstance(parent, cst.BooleanOperation):
        return False
    return True
