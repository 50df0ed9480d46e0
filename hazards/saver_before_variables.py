"""TFL003: `tf.train.Saver()` built before variables it is meant to cover.

A Saver without `var_list` snapshots the variables that exist when it is constructed. Variables
made later in the same function (an optimizer's slots from `minimize`, a `global_step`, more
layers) are neither saved nor restored. Reported only for a Saver that is used to save or
restore, when the later creation is in the same graph and nothing resets it in between.
"""
from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from hazards.analysis import (SLOTLESS_OPTIMIZERS, Analysis, Opaque, method_name,
                              positional, receiver)
from codemods.matching import argument
from hazards.base import Checker


class SaverBeforeVariables(Checker):
    CODE = "TFL003"
    TITLE = "Saver constructed before variables it should cover"
    TRIGGERS = ("Saver",)
    EXPLAIN = """\
`tf.train.Saver()` with no var_list collects the variables that exist when it is constructed.
Variables created afterwards, typically the optimizer's slot variables (Adam's m and v) made by
a later `minimize`, are never written to the checkpoint and never restored. After
`saver.restore(...)` (with no initializer run) the first training step fails with
  FailedPreconditionError: Attempting to use uninitialized value w/Adam

Before:
    loss = build_model(x)
    saver = tf.train.Saver()                                 # TFL003
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)

After (TF1): build the whole graph first, the Saver last:
    loss = build_model(x)
    train_op = tf.train.AdamOptimizer(1e-3).minimize(loss)
    saver = tf.train.Saver()

After (TF2): `tf.train.Checkpoint(model=model, optimizer=optimizer)` tracks objects, so slots
created later are saved and restored too.
"""

    def check(self, analysis: Analysis) -> Iterator[tuple[cst.CSTNode, str]]:
        used = _used_savers(analysis)
        for assign in analysis.assigns:
            value = assign.value
            if not (isinstance(value, cst.Call) and analysis.call_api(value) == "train.Saver"):
                continue
            if positional(value) or argument(value, "var_list") is not None \
                    or argument(value, "defer_build") is not None:
                continue
            target = assign.targets[0].target if len(assign.targets) == 1 else None
            name = _target_name(target)
            if name is None or name not in used:
                continue
            later = _later_creation(analysis, assign, value)
            if later is not None:
                node, what = later
                yield value, (f"Saver is built before {what} (line {analysis.position(node)[0]}); "
                              f"those variables are not saved or restored")


def _target_name(target) -> Optional[str]:
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
        return f"{target.value.value}.{target.attr.value}"
    return None


def _used_savers(analysis: Analysis) -> set[str]:
    used = set()
    for call in analysis.calls:
        if method_name(call) in ("save", "restore"):
            name = _target_name(receiver(call))
            if name:
                used.add(name)
    return used


def _later_creation(analysis: Analysis, assign: cst.Assign, saver: cst.Call):
    function = analysis.enclosing_function(assign)
    graph = _graph_contexts(analysis, saver, function)
    for call in analysis.calls_of(function):
        if not analysis.before(assign, call):
            continue
        if analysis.call_api(call) in ("reset_default_graph", "Graph"):
            return None
        if _graph_contexts(analysis, call, function) != graph:
            continue
        what = _creation(analysis, call)
        if what is not None:
            return call, what
    return None


def _graph_contexts(analysis: Analysis, node, function) -> tuple:
    path = analysis.scope_path(node, function) or ()
    return tuple(p for p in path if isinstance(p, Opaque))


def _creation(analysis: Analysis, call: cst.Call) -> Optional[str]:
    method = method_name(call)
    if method in ("minimize", "apply_gradients"):
        optimizer = _optimizer_api(analysis, receiver(call))
        if optimizer is None or optimizer in SLOTLESS_OPTIMIZERS:
            return None
        return f"the {optimizer.rpartition('.')[2]} slot variables of `{method}`"
    api = analysis.call_api(call)
    if api in ("Variable", "get_variable"):
        return f"`{analysis.code_of(call.func)}`"
    if analysis.creates_variables(call):
        return f"the variables of `{analysis.code_of(call.func)}`"
    return None


def _optimizer_api(analysis: Analysis, expr) -> Optional[str]:
    """`train.AdamOptimizer` for `tf.train.AdamOptimizer(...)` or a name bound to one."""
    if isinstance(expr, cst.Call):
        api = analysis.call_api(expr)
        return api if api and api.startswith("train.") and api.endswith("Optimizer") else None
    if isinstance(expr, cst.Name):
        for _, value in analysis.assigned_values(expr):
            found = _optimizer_api(analysis, value)
            if found:
                return found
    return None
