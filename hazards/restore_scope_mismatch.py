"""TFL004: a checkpoint restored into variables built under another `variable_scope`.

Within one file: a function (or the module body) that saves with a `Saver()` and another that
restores with one both build variables by calling the same local function, under different
literal scope paths (e.g. `model/` when training, nothing when evaluating). A name-based
restore then looks for keys the checkpoint does not have.
"""
from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from hazards.analysis import (Analysis, method_name, positional, receiver,
                              string_value)
from codemods.matching import argument
from hazards.base import Checker


class RestoreScopeMismatch(Checker):
    CODE = "TFL004"
    TITLE = "restore under a different variable_scope than the save"
    TRIGGERS = ("Saver", "restore", "save", "variable_scope")
    EXPLAIN = """\
A TF1 checkpoint stores each variable under its full name, scope included (`model/w`).
`saver.restore` looks up the names of the variables in the current graph. If the graph that
restores builds the same model under a different variable_scope (or none), every lookup misses:
  NotFoundError: Key w not found in checkpoint
  (wrapped in "Restoring from checkpoint failed ... a Variable name or other graph key that
  is missing from the checkpoint").

Before:
    def train():
        with tf.variable_scope("model"):
            out = net(x)
        ... saver.save(sess, "ckpt")
    def evaluate():
        out = net(x)                        # built as `w`, saved as `model/w`
        ... saver.restore(sess, "ckpt")     # TFL004

After: build the model the same way on both sides (same scope), or map names explicitly:
    def evaluate():
        with tf.variable_scope("model"):
            out = net(x)
        ... saver.restore(sess, "ckpt")
    # or: tf.train.Saver({"model/w": w})
In TF2, `tf.train.Checkpoint` matches objects, not scope strings.
"""

    def check(self, analysis: Analysis) -> Iterator[tuple[cst.CSTNode, str]]:
        blocks = {}
        for call in analysis.calls:
            method = method_name(call)
            if method not in ("save", "restore"):
                continue
            function = analysis.enclosing_function(call)
            if not _has_plain_saver(analysis, function, receiver(call)):
                continue
            blocks.setdefault(function, {}).setdefault(method, []).append(call)
        saves = [(f, calls["save"][0]) for f, calls in blocks.items() if "save" in calls]
        for function, calls in blocks.items():
            if "restore" not in calls:
                continue
            restore = calls["restore"][0]
            here = _built_paths(analysis, function)
            for other, save in saves:
                if other is function or _different_files(save, restore):
                    continue
                there = _built_paths(analysis, other)
                for callee in sorted(set(here) & set(there), key=analysis.order.get):
                    if here[callee] and there[callee] and not here[callee] & there[callee]:
                        yield restore, (
                            f"restores a checkpoint saved at line {analysis.position(save)[0]} "
                            f"where `{callee.name.value}` was built under "
                            f"{_spell(there[callee])}, but here under {_spell(here[callee])}: "
                            f"keys not found")
                        break
                else:
                    continue
                break


def _has_plain_saver(analysis: Analysis, function, saver) -> bool:
    """`saver` is a name bound in `function` to `tf.train.Saver()` without a var_list."""
    if not isinstance(saver, cst.Name):
        return False
    for _, value in analysis.assigned_values(saver):
        if isinstance(value, cst.Call) and analysis.call_api(value) == "train.Saver" \
                and analysis.enclosing_function(value) is function:
            return not positional(value) and argument(value, "var_list") is None
    return False


def _built_paths(analysis: Analysis, function) -> dict:
    """{local variable-building function: {literal scope paths it is called under}}."""
    built: dict = {}
    unknown = set()
    for call in analysis.calls_of(function):
        callee = analysis.function_of_call(call)
        if callee is None or callee not in analysis.variable_functions():
            continue
        path = analysis.scope_path(call, function)
        if path is None or not all(isinstance(p, str) for p in path):
            unknown.add(callee)  # never compared
        built.setdefault(callee, set()).add(path)
    return {f: paths for f, paths in built.items() if f not in unknown}


def _different_files(save: cst.Call, restore: cst.Call) -> bool:
    """Both checkpoint paths are literals and differ: not the same checkpoint."""
    first = _path_literal(save)
    second = _path_literal(restore)
    return first is not None and second is not None and first.strip("./") != second.strip("./")


def _path_literal(call: cst.Call) -> Optional[str]:
    arg = argument(call, "save_path", 1)
    return string_value(arg.value) if arg else None


def _spell(paths: set) -> str:
    return " / ".join(sorted(f"`{'/'.join(p)}/`" if p else "no scope" for p in paths))
