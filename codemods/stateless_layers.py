"""`tf.layers` functions that make no variables, as the plain TF2 ops they always were.

Shared by both structural codemods: a scoped function converted to a `tf.Module` (modules) and
graph code of a session script turned into functions (sessions) rewrite them the same way:

    tf.layers.flatten(x)          ->  tf.reshape(x, [tf.shape(x)[0], x.shape[1:].num_elements() or -1])
    tf.contrib.layers.flatten(x)  ->  the same
    tf.layers.dropout(x, 0.3, training=t)   ->  (tf.nn.dropout(x, rate=0.3) if t else x)
    tf.layers.dropout(x, 0.3)               ->  x        (TF1's default: not training)
    tf.layers.max_pooling2d(x, 2, 2)        ->  tf.nn.max_pool2d(x, 2, 2, padding="VALID")

`refusal` says why a call cannot be rewritten (None when it can); `rewrite` builds the op.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods import templates
from codemods.variables import Refusal, bound_arguments, join_args, kwarg

#: `tf.layers` functions without variables, with their TF1 parameters in positional order.
STATELESS_LAYERS = {
    "layers.flatten": ("inputs", "name", "data_format"),
    "layers.dropout": ("inputs", "rate", "noise_shape", "seed", "training", "name"),
    "layers.max_pooling2d": ("inputs", "pool_size", "strides", "padding", "data_format",
                             "name"),
    "layers.average_pooling2d": ("inputs", "pool_size", "strides", "padding", "data_format",
                                 "name"),
    "contrib.layers.flatten": ("inputs", "outputs_collections", "scope"),
}
#: What each stateless layer may be given (anything else is refused) and whether its
#: rewrite names the input twice (so it must be a plain name).
STATELESS_ACCEPTS = {
    "layers.flatten": ({"inputs", "name"}, True),
    "layers.dropout": ({"inputs", "name", "rate", "training", "noise_shape", "seed"}, True),
    "layers.max_pooling2d": ({"inputs", "pool_size", "strides", "padding", "data_format",
                              "name"}, False),
    "layers.average_pooling2d": ({"inputs", "pool_size", "strides", "padding", "data_format",
                                  "name"}, False),
    "contrib.layers.flatten": ({"inputs", "scope"}, True),
}
POOLS = {"layers.max_pooling2d": "nn.max_pool2d", "layers.average_pooling2d": "nn.avg_pool2d"}
DATA_FORMATS = {"channels_last": "NHWC", "channels_first": "NCHW"}


def refusal(node: cst.Call, path: str, input_may_be_expression: bool = False) -> Optional[str]:
    """Why `node` (a call of the stateless layer `path`) is not rewritten, or None.

    The flatten and dropout rewrites name the input twice, so it must be a plain name unless
    `input_may_be_expression` (the caller knows evaluating it twice is harmless)."""
    params = STATELESS_LAYERS[path]
    try:
        bound = bound_arguments(node, params)
    except Refusal as exc:
        return f"tf.{path}: {exc}"
    allowed, input_twice = STATELESS_ACCEPTS[path]
    if input_twice and not input_may_be_expression and \
            not isinstance(bound.get("inputs"), cst.Name) or \
            set(bound) - allowed or "inputs" not in bound:
        return f"tf.{path} with an input that is not a name or with options it cannot keep"
    if path in POOLS:
        data_format = bound.get("data_format")
        if any(key not in bound for key in ("pool_size", "strides")) or \
                data_format is not None and not (
                    isinstance(data_format, cst.SimpleString)
                    and data_format.evaluated_value in DATA_FORMATS):
            return (f"tf.{path} without pool_size and strides or with a data_format "
                    "that is not a literal")
    return None


def rewrite(codemod, path: str, updated: cst.Call, like) -> cst.BaseExpression:
    """flatten -> `tf.reshape(x, [tf.shape(x)[0], x.shape[1:].num_elements() or -1])` (the
    static size kept where known, so a dense layer after it can make its kernel inside a
    `tf.function` whose batch size is unknown); dropout ->
    `tf.nn.dropout(x, rate=r) if training else x` (TF1's defaults: rate 0.5, not training).
    `codemod` spells TF names (`tf_attr`); `like` is the original function reference."""
    bound = bound_arguments(updated, STATELESS_LAYERS[path])
    inputs = bound["inputs"]
    code = cst.Module([]).code_for_node
    if path in POOLS:
        return _pool(codemod, path, bound, like)
    if path in ("layers.flatten", "contrib.layers.flatten"):
        reshape = code(codemod.tf_attr("reshape", like=like))
        shape = code(codemod.tf_attr("shape", like=like))
        x = code(inputs)  # TF1 kept the static size of the flattened dimension, when known
        return cst.parse_expression(
            f"{reshape}({x}, [{shape}({x})[0], {x}.shape[1:].num_elements() or -1])")
    training = bound.get("training")
    if training is None or isinstance(training, cst.Name) and training.value == "False":
        return inputs
    args = [kwarg("rate", bound.get("rate", cst.Float("0.5")))]
    args += [kwarg(key, bound[key]) for key in ("noise_shape", "seed") if key in bound]
    dropout = cst.Call(func=codemod.tf_attr("nn.dropout", like=like),
                       args=join_args([cst.Arg(inputs), *args]))
    if isinstance(training, cst.Name) and training.value == "True":
        return dropout
    return cst.IfExp(test=training, body=dropout, orelse=inputs,
                     lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _pool(codemod, path: str, bound: dict, like) -> cst.Call:
    """`tf.layers.max_pooling2d(x, 2, 2, padding='same')` ->
    `tf.nn.max_pool2d(x, 2, 2, padding="SAME")` (TF1's default padding is "valid")."""
    padding = bound.get("padding", cst.SimpleString('"valid"'))
    if isinstance(padding, cst.SimpleString):
        padding = cst.SimpleString(repr(padding.evaluated_value.upper()).replace("'", '"'))
    else:
        padding = cst.Call(func=cst.Attribute(padding, cst.Name("upper")))
    args = [cst.Arg(bound["inputs"]), cst.Arg(bound["pool_size"]), cst.Arg(bound["strides"]),
            kwarg("padding", padding)]
    data_format = bound.get("data_format")
    if data_format is not None and DATA_FORMATS[data_format.evaluated_value] == "NCHW":
        args.append(kwarg("data_format", cst.SimpleString('"NCHW"')))
    return cst.Call(func=codemod.tf_attr(POOLS[path], like=like), args=join_args(args))


#: Helpers for flatten and dropout of an expression: (helper name, its template); the
#: arguments passed on by keyword after the input.
HELPERS = {
    "layers.flatten": ("flatten", templates.FLATTEN_FUNCTION),
    "contrib.layers.flatten": ("flatten", templates.FLATTEN_FUNCTION),
    "layers.dropout": ("dropout", templates.DROPOUT_FUNCTION),
}
HELPER_PARAMS = {"flatten": (), "dropout": ("rate", "training", "noise_shape", "seed")}
