"""Estimator `model_fn`s: warn, rewrite nothing.

`tf.estimator` was removed in TF 2.16, so no spelling of an Estimator runs on current TF. The
`model_fn` it is given builds a graph on every train/evaluate/predict call, creating its
variables with `get_variable` each time: that is the opposite of a `tf.Module`'s
create-once variables, and rewriting it in place would be wrong. The variables keep their
TF1 names (the other codemods leave such calls on `tf.compat.v1`), so old checkpoints still
match once the model is ported. This codemod says so where it matters: at the `model_fn`
definition and at the Estimator that runs it.

Refuses nothing (it changes no code).
"""
from __future__ import annotations

import libcst as cst

from codemods.base import TFCodemod

ESTIMATORS = frozenset({"estimator.Estimator", "contrib.tpu.TPUEstimator",
                        "estimator.tpu.TPUEstimator", "contrib.learn.Estimator"})


class Estimators(TFCodemod):
    """Estimator model_fns: a warning with the way forward (tf.estimator is gone in TF 2.16+)."""

    NAME = "estimators"
    TRIGGERS = ("Estimator",)
    COMPOSABLE = True

    def prepare(self, tree: cst.Module) -> None:
        self._functions = {s.name.value: s for s in tree.body if isinstance(s, cst.FunctionDef)}
        self._warned: set = set()

    def visit_Call(self, node: cst.Call) -> None:
        path = self.tf_name(node.func)
        if path not in ESTIMATORS:
            return
        model_fn = next((a.value for a in node.args
                         if a.keyword is not None and a.keyword.value == "model_fn"), None)
        if model_fn is None and node.args and node.args[0].keyword is None:
            model_fn = node.args[0].value
        name = model_fn.value if isinstance(model_fn, cst.Name) else None
        self.warn(node, f"tf.{path} was removed in TF 2.16: drive "
                        f"{'`' + name + '`' if name else 'its model_fn'} from a tf.Module and a "
                        f"custom training loop")
        function = self._functions.get(name)
        if function is not None and name not in self._warned:
            self._warned.add(name)
            self.warn(function, f"Estimator model_fn `{name}` creates its variables on every "
                                f"call; they stay on tf.compat.v1 with their TF1 names, so "
                                f"checkpoints still match once it is ported by hand")
