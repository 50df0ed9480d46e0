"""TF1 `tf.losses.*` with default weighting -> the mean of the TF2 per-example loss.

`tf.losses.mean_squared_error(labels, predictions)` is, with weights 1 and the default
reduction (SUM_BY_NONZERO_WEIGHTS), the mean over every element; TF2 has no `tf.losses` of that
meaning (`tf.keras.losses.mean_squared_error` averages the last axis only). So:

- `mean_squared_error(l, p)` -> `tf.reduce_mean(tf.math.squared_difference(p, l))`;
- `absolute_difference(l, p)` -> `tf.reduce_mean(tf.abs(tf.subtract(p, l)))`;
- `softmax_cross_entropy(onehot, logits)` ->
  `tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(onehot),
  logits=logits))` (TF1's loss did not back-propagate into the labels; TF2's function does);
- `sparse_softmax_cross_entropy(l, logits)` ->
  `tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=l, logits=logits))`.

`scope=` only named ops and goes. Refuses (leaves for the compat fallback) calls with
`weights`, `label_smoothing`, `reduction` or `loss_collection`, unpacked arguments, and every
call in a file that reads the loss collection back (`tf.losses.get_total_loss()`...), since the
TF1 call also registered the loss there.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods import matching
from codemods.base import TFCodemod
from migrate.api import ORIGIN_KEY

#: TF1 loss -> (its parameters in order, the TF2 expression with {parameter} holes).
LOSSES = {
    "losses.mean_squared_error": (
        ("labels", "predictions", "weights", "scope", "loss_collection", "reduction"),
        "reduce_mean(math.squared_difference({predictions}, {labels}))"),
    "losses.absolute_difference": (
        ("labels", "predictions", "weights", "scope", "loss_collection", "reduction"),
        "reduce_mean(abs(subtract({predictions}, {labels})))"),
    "losses.softmax_cross_entropy": (
        ("onehot_labels", "logits", "weights", "label_smoothing", "scope", "loss_collection",
         "reduction"),
        "reduce_mean(nn.softmax_cross_entropy_with_logits(labels=stop_gradient({onehot_labels}), "
        "logits={logits}))"),
    "losses.sparse_softmax_cross_entropy": (
        ("labels", "logits", "weights", "scope", "loss_collection", "reduction"),
        "reduce_mean(nn.sparse_softmax_cross_entropy_with_logits(labels={labels}, "
        "logits={logits}))"),
}
#: Reading the loss collection back needs the TF1 calls that fill it.
COLLECTION_READERS = ("get_total_loss", "get_losses", "get_regularization_loss")


class Losses(TFCodemod):
    """tf.losses.mean_squared_error(l, p) and friends -> tf.reduce_mean of the TF2 loss."""

    NAME = "losses"
    TRIGGERS = tuple(path.split(".", 1)[1] for path in LOSSES)
    COMPOSABLE = True

    def prepare(self, tree: cst.Module) -> None:
        code = self.context.scratch.get(ORIGIN_KEY) or tree.code
        self._reads_collection = any(reader in code for reader in COLLECTION_READERS)

    def visit_Call(self, node: cst.Call) -> None:
        path = self.tf_name(node.func)
        if path in LOSSES and self._bound(node, path) is not None:
            self.claim(node.func)

    @staticmethod
    def _bound(call: cst.Call, path: str) -> Optional[dict]:
        """The call's arguments by parameter name, or None when it is not the plain form."""
        order, template = LOSSES[path]
        bound = {}
        for i, arg in enumerate(call.args):
            if arg.star:
                return None
            key = arg.keyword.value if arg.keyword is not None else \
                order[i] if i < len(order) else None
            if key not in order or key in bound:
                return None
            bound[key] = arg.value
        holes = [p for p in order if "{" + p + "}" in template]
        if any(h not in bound for h in holes) or set(bound) - set(holes) - {"scope"}:
            return None
        return bound

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        path = self.tf_name(original.func)
        if path not in LOSSES:
            return updated
        bound = self._bound(updated, path)
        if bound is None:
            return updated
        if self._reads_collection:
            self.warn(original, f"tf.{path} left as it is: this file reads the loss collection "
                                f"back, which only the TF1 call fills")
            return updated
        _, template = LOSSES[path]
        holes = {key: f"__{key.upper()}__" for key in bound}
        text = template.format(**holes)
        expression = cst.parse_expression(text)
        tf = self.tf_attr("reduce_mean", like=original.func)
        nodes = {f"__{key.upper()}__": value for key, value in bound.items()}
        expression = expression.visit(_Fill(nodes, tf.value if isinstance(tf, cst.Attribute)
                                             else None))
        self.replaced(matching.root_node(original.func))  # `from tensorflow import losses`
        return expression.with_changes(lpar=updated.lpar, rpar=updated.rpar)


class _Fill(cst.CSTTransformer):
    """Put the argument nodes in the template's holes and prefix its API names with `tf`."""

    def __init__(self, nodes: dict, tf: Optional[cst.BaseExpression]):
        super().__init__()
        self.nodes, self.tf = nodes, tf

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        return self.nodes.get(original.value, updated)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        if self.tf is None:
            return updated
        func = updated.func
        # the template's calls are API paths (`reduce_mean`, `nn.x`): root them at `tf`
        root, chain = func, []
        while isinstance(root, cst.Attribute):
            chain.append(root)
            root = root.value
        if not isinstance(root, cst.Name) or root.value.startswith("__"):
            return updated
        new_root = cst.Attribute(self.tf, root)
        for attribute in reversed(chain):
            new_root = attribute.with_changes(value=new_root)
        return updated.with_changes(func=new_root)
