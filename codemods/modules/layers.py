"""`tf.layers` calls in a converted body: modules with TF1's variable names, or plain ops.

`LAYERS` are the layers that make variables (`dense`, `conv2d`, `conv2d_transpose`,
`batch_normalization`, contrib's `layer_norm`). Each becomes a child module made in the scope
it runs in, of a class emitted once per file from its template (`templates.DENSE_TEMPLATE`,
...) that makes TF1's `dense/kernel`, `dense/bias`:

    y = tf.layers.dense(h, 10, activation=tf.nn.relu, name="out")
    -> y = self.child(Dense, "out", 10, activation=tf.nn.relu)(h)

(`training=` of batch_normalization moves to the module call.) The ones without variables
(`flatten`, `dropout`, pooling) become their ops (see codemods.stateless_layers).
`LayerScans` checks a call's arguments in the scan; `LayerRewrites` rewrites it.
"""
from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from codemods import stateless_layers, templates
from codemods.modules.candidate import _is_none
from codemods.modules.layout import _shifted
from codemods.variables import Refusal, bound_arguments, join_args
from codemods.variables.initializers import _map_initializer


@dataclass(frozen=True)
class _LayerKind:
    """A `tf.layers` function we emit a module for: its class, template, TF1 parameters in
    positional order and which of them the module takes (the others must be None)."""
    cls: str
    template: str
    base_name: str  # TF1's name for an unnamed layer: dense, dense_1, ...
    params: tuple
    passed: tuple
    required: tuple
    call_args: tuple = ()  # passed to the module call (by keyword), not to its constructor
    name_param: str = "name"  # the parameter that names its scope
    label: str = ""  # how warnings spell it (default: tf.layers.<base_name>)

    @property
    def spelling(self) -> str:
        return self.label or f"tf.layers.{self.base_name}"


LAYERS = {
    "layers.dense": _LayerKind(
        "Dense", templates.DENSE_TEMPLATE, "dense",
        ("inputs", "units", "activation", "use_bias", "kernel_initializer",
         "bias_initializer", "kernel_regularizer", "bias_regularizer", "activity_regularizer",
         "kernel_constraint", "bias_constraint", "trainable", "name", "reuse"),
        ("units", "activation", "use_bias", "kernel_initializer", "bias_initializer",
         "trainable"), ("inputs", "units")),
    "layers.conv2d": _LayerKind(
        "Conv2D", templates.CONV2D_TEMPLATE, "conv2d",
        ("inputs", "filters", "kernel_size", "strides", "padding", "data_format",
         "dilation_rate", "activation", "use_bias", "kernel_initializer", "bias_initializer",
         "kernel_regularizer", "bias_regularizer", "activity_regularizer",
         "kernel_constraint", "bias_constraint", "trainable", "name", "reuse"),
        ("filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate",
         "activation", "use_bias", "kernel_initializer", "bias_initializer", "trainable"),
        ("inputs", "filters", "kernel_size")),
    "layers.conv2d_transpose": _LayerKind(
        "Conv2DTranspose", templates.CONV2D_TRANSPOSE_TEMPLATE, "conv2d_transpose",
        ("inputs", "filters", "kernel_size", "strides", "padding", "data_format",
         "activation", "use_bias", "kernel_initializer", "bias_initializer",
         "kernel_regularizer", "bias_regularizer", "activity_regularizer",
         "kernel_constraint", "bias_constraint", "trainable", "name", "reuse"),
        ("filters", "kernel_size", "strides", "padding", "data_format", "activation",
         "use_bias", "kernel_initializer", "bias_initializer", "trainable"),
        ("inputs", "filters", "kernel_size")),
    "layers.batch_normalization": _LayerKind(
        "BatchNormalization", templates.BATCH_NORMALIZATION_TEMPLATE, "batch_normalization",
        ("inputs", "axis", "momentum", "epsilon", "center", "scale", "beta_initializer",
         "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
         "beta_regularizer", "gamma_regularizer", "beta_constraint", "gamma_constraint",
         "training", "trainable", "name", "reuse", "renorm", "renorm_clipping",
         "renorm_momentum", "fused", "virtual_batch_size", "adjustment"),
        ("axis", "momentum", "epsilon", "center", "scale", "beta_initializer",
         "gamma_initializer", "moving_mean_initializer", "moving_variance_initializer",
         "trainable", "fused"),
        ("inputs",), call_args=("training",)),
    "contrib.layers.layer_norm": _LayerKind(
        "LayerNorm", templates.LAYER_NORM_TEMPLATE, "LayerNorm",
        ("inputs", "center", "scale", "activation_fn", "reuse", "variables_collections",
         "outputs_collections", "trainable", "begin_norm_axis", "begin_params_axis", "scope"),
        ("center", "scale", "activation_fn", "trainable", "begin_norm_axis",
         "begin_params_axis"),
        ("inputs",), name_param="scope", label="tf.contrib.layers.layer_norm"),
}


class LayerScans:
    """The `_BodyScanner` methods for layer calls."""

    def _stateless(self, node: cst.Call, path: str) -> bool:
        """`tf.layers.flatten(x)` / `tf.layers.dropout(x, rate, training=t)`: no variables,
        so plain ops; `x` must be a name, as the rewrite mentions it twice."""
        reason = stateless_layers.refusal(node, path)
        if reason is not None:
            self.fail(reason, node)
            return False
        self.c.stateless[node] = path
        return self._visit_args(node)

    def _layer(self, node: cst.Call, kind: _LayerKind) -> bool:
        """`tf.layers.dense(x, units, ..., name=n)` -> a `Dense` child module named `n`
        (likewise conv2d)."""
        label = kind.spelling
        try:
            bound = bound_arguments(node, kind.params)
        except Refusal as refusal:
            self.fail(f"{label}: {refusal}", node)
            return False
        for key, value in bound.items():
            if key not in ("inputs", kind.name_param, *kind.passed, *kind.call_args) and not (
                    isinstance(value, cst.Name) and value.value == "None"):
                self.fail(f"{label}({key}=...) has no conversion here", node)
                return False
        if any(key in bound and not any(a.keyword is not None and a.keyword.value == key
                                        for a in node.args) for key in kind.call_args):
            self.fail(f"{label} with {', '.join(kind.call_args)} passed by position", node)
            return False
        axis = bound.get("axis")
        if axis is not None and not isinstance(
                axis.operand if isinstance(axis, cst.UnaryOperation) else axis, cst.Integer):
            self.fail(f"{label}(axis=...) is not one integer literal", node)
            return False
        if any(key not in bound for key in kind.required):
            self.fail(f"{label} without {', '.join(kind.required)}", node)
            return False
        if not self.in_scope:
            self.fail(f"{label} outside its variable scope", node)
            return False
        self._visit_args(node)  # TF1 runs the calls in its arguments first
        name = bound.get(kind.name_param)
        if name is None or _is_none(name):
            name = self._numbered(kind.base_name, f"an unnamed {label}", node)
            if name is None:
                return False
        elif isinstance(name, cst.Name):  # may be None when it runs: TF1's default name then
            loops, counts, maybe, _ = self.scopes[-1]
            if loops:
                self.fail(f"{label}({kind.name_param}={name.value}) in a loop: when "
                          f"{name.value} is None, TF1 numbers the names", node)
                return False
            counts[kind.base_name] = counts.get(kind.base_name, 0) + 1
            maybe.setdefault(kind.base_name, node)
            name = cst.IfExp(test=cst.Comparison(name, [cst.ComparisonTarget(
                cst.IsNot(), cst.Name("None"))]), body=name,
                orelse=cst.SimpleString(f'"{kind.base_name}"'))
        self.c.layers[node] = (kind, name)
        return False


class LayerRewrites:
    """The `_BodyRewriter` methods for layer calls."""

    def _stateless(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """A variable-free `tf.layers` call as its plain op (see codemods.stateless_layers)."""
        like = original.func if isinstance(original.func, cst.Attribute) else None
        self.codemod.replaced(original.func)
        return stateless_layers.rewrite(self.codemod, self.candidate.stateless[original],
                                        updated, like)

    def _layer(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """`tf.layers.dense(x, n, activation=a, name='q')` ->
        `self.child(Dense, 'q', n, activation=a)(x)`."""
        kind, name = self.candidate.layers[original]
        updated = updated.with_changes(args=[
            self._initializer_arg(before, after) for before, after in zip(original.args,
                                                                           updated.args)])
        bound = bound_arguments(updated, kind.params)
        positional = [a for a in updated.args if a.keyword is None]
        inputs = next((a for a in updated.args if a.keyword is not None
                       and a.keyword.value == "inputs"), positional[0] if positional else None)
        named = next((a for a in updated.args if a.keyword is not None
                      and a.keyword.value == kind.name_param), None)
        if named is None and len(positional) > kind.params.index(kind.name_param):
            named = positional[kind.params.index(kind.name_param)]
        if named is not None and not isinstance(name, cst.IfExp):
            name = named.value
        # the remaining arguments keep their own layout (line breaks, comments)
        moved = [a for a in updated.args if a.keyword is not None
                 and a.keyword.value in kind.call_args]  # `training=`: an argument of the call
        kept: list[cst.Arg] = []
        for arg in updated.args:
            if arg is not inputs and arg is not named and arg not in moved:
                kept.append(arg)
            elif kept and isinstance(arg.comma, cst.Comma) and isinstance(
                    arg.comma.whitespace_after, cst.ParenthesizedWhitespace):
                kept[-1] = kept[-1].with_changes(comma=arg.comma)  # keep the line break
        if kept and updated.args[-1] is not kept[-1]:
            kept[-1] = kept[-1].with_changes(comma=updated.args[-1].comma)
        if not isinstance(updated.whitespace_before_args, cst.ParenthesizedWhitespace):
            # lines aligned under `tf.layers.dense(` move under `self.child(`
            shift = len("self.child(") - len(cst.Module([]).code_for_node(updated.func) + "(")
            kept = [_shifted(arg, shift) for arg in kept]
        space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        head = [cst.Arg(cst.Name(self.codemod._layer_classes[kind.cls]), comma=space),
                cst.Arg(name, comma=space if kept else cst.MaybeSentinel.DEFAULT)]
        getter = updated.with_changes(
            func=cst.Attribute(cst.Name("self"), cst.Name("child")), args=[*head, *kept])
        if kept:
            self.getters.add(getter)
        self.codemod.replaced(original.func)
        call_args = [cst.Arg(bound["inputs"])] + [
            a.with_changes(comma=cst.MaybeSentinel.DEFAULT) for a in moved]
        return cst.Call(func=getter, args=join_args(call_args))

    def _initializer_arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        """`kernel_initializer=tf.truncated_normal_initializer(...)`: our layer modules call
        it with (shape, dtype), so it takes the TF2 spelling `get_variable` would get."""
        if original.keyword is None or not original.keyword.value.endswith("_initializer"):
            return updated
        try:
            value = _map_initializer(self.codemod, original.value, self.codemod._check,
                                     updated.value)
        except Refusal:
            return updated
        return updated.with_changes(value=value)
