"""One `tf.get_variable(...)` call -> the equivalent `tf.Variable(...)`, or why not.

    w = tf.get_variable("w", [784, 10], initializer=tf.zeros_initializer())
    -> w = tf.Variable(tf.zeros_initializer()([784, 10], tf.float32), name="w")

`convert_get_variable` serves the `variables` codemod (code that runs once) and `modules`
(the variables of a function it turns into a tf.Module). It refuses what a TF2 variable cannot
keep exactly: regularizers, partitioners, custom getters, collections other than the standard
ones, an initializer it cannot prove callable, a default initializer for a dtype it cannot
determine.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods.base import TFCodemod
from codemods.variables.arguments import (Refusal, _is_literal, _is_none, bound_arguments,
                                          join_args, kwarg)
from codemods.variables.initializers import InitializerCheck, _map_initializer

#: TF1 `get_variable` parameters, in positional order.
GET_VARIABLE_PARAMS = (
    "name", "shape", "dtype", "initializer", "regularizer", "trainable", "collections",
    "caching_device", "partitioner", "validate_shape", "use_resource", "custom_getter",
    "constraint", "synchronization", "aggregation",
)
#: Keywords `tf.Variable` takes as they are.
_PASSED_ON = ("trainable", "constraint", "synchronization", "aggregation")
_REFUSED = {
    "regularizer": "TF2 variables have no regularizer; add the penalty to the loss yourself",
    "partitioner": "partitioned variables have no TF2 equivalent outside a distribution "
                   "strategy",
    "custom_getter": "custom getters have no TF2 equivalent",
    "caching_device": "caching_device has no TF2 equivalent",
    "validate_shape": "validate_shape has no direct TF2 equivalent (use shape=tf.TensorShape)",
}
FLOAT_DTYPES = frozenset({"float16", "float32", "float64", "bfloat16", "half", "double"})
ZERO_DTYPES = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                         "uint64", "bool"})
#: Collections that say nothing a TF2 variable does not already do.
STANDARD_COLLECTIONS = frozenset({"GraphKeys.GLOBAL_VARIABLES", "GraphKeys.TRAINABLE_VARIABLES",
                                  "GraphKeys.MODEL_VARIABLES", "GraphKeys.GLOBAL_STEP"})


def convert_get_variable(codemod: TFCodemod, call: cst.Call, check: InitializerCheck,
                         function: Optional[cst.FunctionDef] = None,
                         updated: Optional[cst.Call] = None,
                         dry: bool = False) -> Optional[cst.Call]:
    """The `tf.Variable(...)` call equivalent to the (original) `get_variable` `call`.

    `updated` is the same call with its arguments rewritten by the caller (the analysis always
    looks at the original). With `dry`, only checks. Raises Refusal when the call cannot be
    converted exactly.
    """
    args = bound_arguments(call, GET_VARIABLE_PARAMS)
    out = bound_arguments(updated, GET_VARIABLE_PARAMS) if updated is not None else args
    collections = _check_arguments(codemod, args)
    dtype = args.get("dtype")
    if dtype is not None and _is_none(dtype):
        dtype = None
    dtype_path = _dtype_path(codemod, dtype) if dtype is not None else "float32"
    shape, init = args.get("shape"), args.get("initializer")
    if shape is not None and _is_none(shape):
        shape = None
    if init is not None and _is_none(init):
        init = None
    _check_initializer(codemod, check, function, shape, init, dtype_path)
    if dry:
        return None
    if "GraphKeys.GLOBAL_STEP" in collections:
        codemod.warn(call, "collections= dropped (TF2 has no collections): "
                           "tf.train.get_global_step() will not find this variable; pass it "
                           "to the code that needs it")

    like = call.func if isinstance(call.func, cst.Attribute) else None
    keywords: list[cst.Arg] = [kwarg("name", out["name"])]
    if shape is None:
        first = out["initializer"]
        if dtype is not None:
            keywords.append(kwarg("dtype", out["dtype"]))
    else:
        first = _initial_value(codemod, check, out, init, dtype, dtype_path, like)
    for key in _PASSED_ON:
        if key in out:
            keywords.append(kwarg(key, out[key]))
    codemod.replaced(call.func)
    return cst.Call(func=codemod.tf_attr("Variable", like=like),
                    args=join_args([cst.Arg(first), *keywords]))


def _check_arguments(codemod: TFCodemod, args: dict) -> list[str]:
    """Refuses the `get_variable` arguments a `tf.Variable` cannot keep; the standard
    collections it names."""
    unknown = set(args) - set(GET_VARIABLE_PARAMS)
    if unknown:
        raise Refusal(f"unknown keyword(s) {', '.join(sorted(unknown))}")
    for key, why in _REFUSED.items():
        if key in args and not _is_none(args[key]):
            raise Refusal(f"{key}=: {why}")
    if "use_resource" in args and not _is_literal(args["use_resource"], ("True", "None")):
        raise Refusal("use_resource= other than True: TF2 variables are always resource "
                      "variables")
    if "name" not in args:
        raise Refusal("no variable name given")
    return _check_collections(codemod, args["collections"], args.get("trainable")) \
        if "collections" in args else []


def _check_initializer(codemod: TFCodemod, check: InitializerCheck,
                       function: Optional[cst.FunctionDef],
                       shape: Optional[cst.BaseExpression], init: Optional[cst.BaseExpression],
                       dtype_path: Optional[str]) -> None:
    """Refuses an initial value it cannot make exactly: a value without a shape must be a
    value, a default initializer needs a known dtype, an initializer must be provably one
    with a TF2 spelling."""
    if shape is None:
        if init is None or check.known_call(init):
            raise Refusal("no shape given and the initializer is not a value")
    elif init is None:
        if dtype_path not in FLOAT_DTYPES and dtype_path not in ZERO_DTYPES:
            raise Refusal("the default initializer depends on a dtype tfmigrate cannot "
                          "determine statically")
    elif not check.is_initializer(init, function):
        raise Refusal("the initializer is not provably a TF initializer (a parameter or "
                      "an unknown expression; it may be None or a value)")
    else:
        _map_initializer(codemod, init, check, dry=True)


def _initial_value(codemod: TFCodemod, check: InitializerCheck, out: dict,
                   init: Optional[cst.BaseExpression], dtype: Optional[cst.BaseExpression],
                   dtype_path: Optional[str], like: Optional[cst.Attribute]) -> cst.Call:
    """`<initializer>(shape, dtype)`: the given initializer in its TF2 spelling, or TF1's
    default for the dtype (glorot-uniform for floats, zeros otherwise)."""
    if init is None:
        path = "keras.initializers.GlorotUniform" if dtype_path in FLOAT_DTYPES \
            else "zeros_initializer"
        init_expr: cst.BaseExpression = cst.Call(codemod.tf_attr(path, like=like))
    else:
        init_expr = _map_initializer(codemod, init, check, out["initializer"])
    dtype_expr = out["dtype"] if dtype is not None else codemod.tf_attr("float32", like=like)
    return cst.Call(func=_atom(init_expr), args=join_args([cst.Arg(out["shape"]),
                                                           cst.Arg(dtype_expr)]))


def _check_collections(codemod: TFCodemod, value: cst.BaseExpression,
                       trainable: Optional[cst.BaseExpression]) -> list[str]:
    """The standard collections `value` names; refuses anything that changes semantics."""
    if not isinstance(value, (cst.List, cst.Tuple)):
        raise Refusal("collections= is not a literal list of standard collections")
    keys = []
    for element in value.elements:
        path = codemod.tf_name(element.value) if not isinstance(element, cst.StarredElement) \
            else None
        if path not in STANDARD_COLLECTIONS:
            raise Refusal("collections= names a collection other than the standard ones; TF2 "
                          "has no collections")
        keys.append(path)
    if "GraphKeys.GLOBAL_VARIABLES" not in keys:
        raise Refusal("collections= without GLOBAL_VARIABLES: the variable would not be saved "
                      "or initialised with the others in TF1")
    if "GraphKeys.TRAINABLE_VARIABLES" not in keys and not _is_literal(trainable, ("False",)):
        raise Refusal("collections= without TRAINABLE_VARIABLES makes the variable "
                      "non-trainable in TF1; say trainable=False to convert it")
    return keys


def _dtype_path(codemod: TFCodemod, dtype: cst.BaseExpression) -> Optional[str]:
    if isinstance(dtype, cst.SimpleString):
        return dtype.evaluated_value if isinstance(dtype.evaluated_value, str) else None
    path = codemod.tf_name(dtype)
    if path is not None and path.startswith("dtypes."):
        path = path[len("dtypes."):]
    return path


def _atom(expr: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(expr, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or expr.lpar:
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
