"""TFL003: `tf.train.Saver()` built before variables it is meant to cover.

A Saver without `var_list` snapshots the variables that exist when it is constructed. Variables
made later in the same function (an optimizer's slots from `minimize`, a `global_step`, more
layers) are neither saved nor restored. Reported only for a Saver that is used to save or
restore, when the later creation is in the same graph and nothing resets it in between.
"""
from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from hazards.analysis import (Analysis, dotted_name, is_variable_creator, method_name,
                              receiver, walk)
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
        for saver, anchor, name in _savers(analysis):
            if name is None or name not in used:
                continue
            later = _later_creation(analysis, anchor, saver)
            if later is not None:
                node, what = later
                yield saver, (f"Saver is built before {what} (line {analysis.position(node)[0]}); "
                              f"those variables are not saved or restored")


def _snapshot_saver(analysis: Analysis, value) -> bool:
    """`tf.train.Saver()` that snapshots every variable existing at its construction."""
    if not (isinstance(value, cst.Call) and analysis.call_api(value) == "train.Saver"):
        return False
    if argument(value, "defer_build") is not None:
        return False
    var_list = argument(value, "var_list", 0)
    if var_list is None:
        return True
    return isinstance(var_list.value, cst.Call) and not var_list.value.args \
        and analysis.call_api(var_list.value) in ("global_variables", "all_variables")


def _savers(analysis: Analysis):
    """(Saver call, the statement after which it exists, the name it is kept under), also
    for a local function returning a new Saver, at each `name = function(...)` call."""
    returning = {}
    for assign in analysis.assigns:
        if not _snapshot_saver(analysis, assign.value) or len(assign.targets) != 1:
            continue
        name = dotted_name(assign.targets[0].target)
        yield assign.value, assign, name
        function = analysis.enclosing_function(assign)
        if isinstance(function, cst.FunctionDef) and name and "." not in name \
                and _returns_name(function, name):
            returning[function] = assign.value
    for function in analysis.functions:
        for node in walk(function.body):
            if isinstance(node, cst.Return) and _snapshot_saver(analysis, node.value):
                returning.setdefault(function, node.value)
    if not returning:
        return
    for assign in analysis.assigns:
        if isinstance(assign.value, cst.Call) and len(assign.targets) == 1:
            callee = analysis.function_of_call(assign.value)
            if callee in returning:
                yield returning[callee], assign, dotted_name(assign.targets[0].target)


def _returns_name(function: cst.FunctionDef, name: str) -> bool:
    return any(isinstance(node, cst.Return) and isinstance(node.value, cst.Name)
               and node.value.value == name for node in walk(function.body))


def _used_savers(analysis: Analysis) -> set[str]:
    """Names of savers that save or restore, or are handed to a call (which may)."""
    used = set()
    for call in analysis.calls:
        if method_name(call) in ("save", "restore"):
            name = dotted_name(receiver(call))
            if name:
                used.add(name)
        for arg in call.args:
            name = dotted_name(arg.value)
            if name:
                used.add(name)
    return used


def _later_creation(analysis: Analysis, anchor: cst.CSTNode, saver: cst.Call):
    function = analysis.enclosing_function(anchor)
    graph = _graph_contexts(analysis, anchor, function)
    resets = [c for c in analysis.calls_of(function)
              if analysis.call_api(c) in ("reset_default_graph",)
              and analysis.reachable(anchor, c)]
    for call in analysis.calls_of(function):
        if not analysis.reachable(anchor, call) or analysis.contains(anchor, call):
            continue
        if any(analysis.before(r, call) and not analysis.exclusive(r, call) for r in resets):
            return None
        if _graph_contexts(analysis, call, function) != graph:
            continue
        what = _creation(analysis, call)
        if what is not None:
            return call, what
    return None


def _graph_contexts(analysis: Analysis, node, function) -> tuple:
    return tuple(id(w) for w, call in analysis.with_calls(node)
                 if analysis.call_api(call) == "Graph" or method_name(call) == "as_default")


def _creation(analysis: Analysis, call: cst.Call) -> Optional[str]:
    method = method_name(call)
    if analysis.makes_slots(call):
        optimizer = analysis.optimizer_api(receiver(call))
        return f"the {optimizer.rpartition('.')[2]} slot variables of `{method}`"
    if analysis.under_reuse(call):
        return None
    api = analysis.call_api(call)
    if is_variable_creator(api):
        if _covered_elsewhere(analysis, call):
            return None
        return f"`{analysis.code_of(call.func)}`"
    callee = analysis.callee(call)
    if callee is None:
        return None
    if callee in analysis.slot_functions():
        return f"the optimizer slot variables of `{analysis.code_of(call.func)}`"
    if callee in analysis.variable_functions():
        return f"the variables of `{analysis.code_of(call.func)}`"
    return None


def _covered_elsewhere(analysis: Analysis, call: cst.Call) -> bool:
    """A variable made on its own that is never used, or that the code initialises or saves
    by itself (`v.initializer`, `Saver([v])`, `variables_initializer([v])`)."""
    statement = analysis.parent(call)
    if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
        return False
    name = dotted_name(statement.targets[0].target)
    if name is None:
        return False
    uses = [n for n in (analysis.attribute_loads if "." in name else analysis.names)
            if dotted_name(n) == name and analysis.before(statement, n)
            and not analysis.contains(statement, n)]
    if not uses:
        return True
    for use in uses:
        parent = analysis.parent(use)
        if isinstance(parent, cst.Attribute) and parent.attr.value == "initializer":
            return True
        for outer in analysis.ancestors(use):
            if isinstance(outer, cst.Call) and analysis.call_api(outer) in (
                    "train.Saver", "variables_initializer", "initialize_variables"):
                return True
            if isinstance(outer, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
                break
    return False
