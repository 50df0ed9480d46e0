"""TFL004: a checkpoint restored into variables built under another `variable_scope`.

Within one file: a function (or the module body) that saves with a `Saver()` and another that
restores with one both build variables by calling the same local function, under different
literal scope paths (e.g. `model/` when training, nothing when evaluating). A name-based
restore then looks for keys the checkpoint does not have.
"""
from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from hazards.analysis import Analysis, GraphContext, method_name, positional, receiver
from hazards.duplicate_variable import _creations
from codemods.matching import argument
from hazards.base import Checker


class RestoreScopeMismatch(Checker):
    CODE = "TFL004"
    TITLE = "restore under a different variable_scope than the save"
    TRIGGERS = ("Saver", "restore", "save", "scope")
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
        memo: dict = {}
        sites = {"save": [], "restore": []}
        for call in analysis.calls:
            method = method_name(call)
            if method not in sites:
                continue
            function = analysis.enclosing_function(call)
            saver = _plain_saver(analysis, function, receiver(call), call)
            if saver is None:
                continue
            epoch = _epoch(analysis, function, call)
            if _epoch(analysis, function, saver) != epoch:
                continue
            keys = _keys_at(analysis, function, call, epoch, memo)
            if keys:
                sites[method].append((call, function, epoch, keys))
        for restore, function, epoch, here in sites["restore"]:
            for save, other, other_epoch, there in sites["save"]:
                if (other, other_epoch) == (function, epoch) or _different_files(
                        analysis, save, restore):
                    continue
                found = _missing(here, there)
                if found is not None:
                    wanted, saved = found
                    yield restore, (
                        f"restores a checkpoint saved at line {analysis.position(save)[0]} "
                        f"where the variable was `{_spell(saved)}`, but here it is "
                        f"`{_spell(wanted)}`: key not found in checkpoint")
                    break


def _plain_saver(analysis: Analysis, function, saver, site) -> Optional[cst.Call]:
    """The `tf.train.Saver()` without a var_list that `saver` is bound to in `function`."""
    values = []
    if isinstance(saver, cst.Name):
        values = [v for _, v in analysis.assigned_values(saver)]
    elif isinstance(saver, cst.Attribute):
        values = analysis.self_attribute_values(saver)
    values = [v for v in values if analysis.enclosing_function(v) is function
              and analysis.before(v, site) and not analysis.exclusive(v, site)]
    if not values:
        return None
    value = max(values, key=analysis.order_of)  # the binding live at the call
    if isinstance(value, cst.Call) and analysis.call_api(value) == "train.Saver" \
            and not positional(value) and argument(value, "var_list") is None:
        return value
    return None


def _epoch(analysis: Analysis, function, node) -> tuple:
    """Which default graph `node` runs in within `function`: the `as_default()` blocks around
    it and how many `reset_default_graph()` calls came before it."""
    resets = sum(1 for c in analysis.calls_of(function)
                 if analysis.call_api(c) == "reset_default_graph" and analysis.before(c, node)
                 and not analysis.exclusive(c, node))
    graphs = tuple(id(w) for w, call in analysis.with_calls(node)
                   if analysis.call_api(call) == "Graph" or method_name(call) == "as_default")
    return graphs, resets


def _keys_at(analysis: Analysis, function, site, epoch, memo) -> list[tuple]:
    """Variable keys built in `site`'s graph before it; a key with an unknown component is
    kept as None (it could be anything)."""
    keys = []
    for creation in _creations(analysis, function, memo, 0):
        if not analysis.before(creation.site, site) or analysis.exclusive(creation.site, site) \
                or _epoch(analysis, function, creation.site) != epoch:
            continue
        key = tuple(p for p in creation.key if not isinstance(p, GraphContext))
        keys.append(key if all(isinstance(p, str) for p in key) else None)
    return keys


def _leaf(key: tuple) -> tuple:
    return key[-2:] if key[-1] == "*" else key[-1:]


def _missing(here: list, there: list) -> Optional[tuple]:
    """(restored key, saved key) for a variable the restoring graph names differently from
    the saving one (same name, another scope), when every saved key is known."""
    if None in there:
        return None
    saved = set(there)
    for key in here:
        if key is None or key in saved:
            continue
        for other in there:
            if _leaf(other) == _leaf(key) and len(other) + len(key) > 2:
                return key, other
    return None


def _different_files(analysis: Analysis, save: cst.Call, restore: cst.Call) -> bool:
    """Both checkpoint paths are known and differ: not the same checkpoint."""
    first = _path_value(analysis, save)
    second = _path_value(analysis, restore)
    return first is not None and second is not None and first.strip("./") != second.strip("./")


def _path_value(analysis: Analysis, call: cst.Call) -> Optional[str]:
    arg = argument(call, "save_path", 1)
    return analysis.const(arg.value) if arg else None


def _spell(key: tuple) -> str:
    return "/".join(key).replace("/*", "/...")
