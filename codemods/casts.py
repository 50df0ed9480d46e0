"""TF1 cast helpers -> `tf.cast`.

Rewrites `tf.to_float(x)`, `tf.to_double`, `tf.to_int32`, `tf.to_int64`, `tf.to_bfloat16`,
`tf.to_complex64` and `tf.to_complex128` into `tf.cast(x, tf.<dtype>)`, keeping `name=`.
Refuses (leaves for the compat fallback) calls whose arguments it cannot place: `*args`,
`**kwargs`, or no argument at all.
"""
from __future__ import annotations

import libcst as cst

from codemods.base import TFCodemod

CAST_DTYPES = {
    "to_float": "float32",
    "to_double": "float64",
    "to_int32": "int32",
    "to_int64": "int64",
    "to_bfloat16": "bfloat16",
    "to_complex64": "complex64",
    "to_complex128": "complex128",
}


class Casts(TFCodemod):
    """tf.to_float(x) and friends -> tf.cast(x, tf.float32)."""

    NAME = "casts"
    TRIGGERS = tuple(CAST_DTYPES)
    COMPOSABLE = True

    def visit_Call(self, node: cst.Call) -> None:
        if CAST_DTYPES.get(self.tf_name(node.func) or "") and node.args \
                and not any(arg.star for arg in node.args):
            self.claim(node.func)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        dtype = CAST_DTYPES.get(self.tf_name(original.func) or "")
        if dtype is None:
            return updated
        if any(arg.star for arg in updated.args) or not updated.args:
            self.warn(original, f"cannot rewrite this call to tf.{self.tf_name(original.func)}: "
                                "unpacked or missing arguments")
            return updated
        value, *rest = updated.args
        value = value.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT) \
            if value.keyword is not None and value.keyword.value == "x" else value
        if value.keyword is not None:  # e.g. to_float(name="n", x=v): put x first
            self.warn(original, "cannot rewrite this cast: unexpected keyword arguments")
            return updated
        dtype_arg = cst.Arg(self.tf_attr(dtype))
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        args = [value.with_changes(comma=comma), dtype_arg.with_changes(
            comma=comma if rest else cst.MaybeSentinel.DEFAULT), *rest]
        self.replaced(original.func)
        return updated.with_changes(func=self.tf_attr("cast", like=original.func), args=args)
