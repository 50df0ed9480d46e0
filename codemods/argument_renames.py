"""TF1 call signatures -> TF2 call signatures, driven by the generated tables.

Rewrites, for calls to TF functions whose signature changed:
- positional arguments that TF2 would bind to another parameter become keywords (TF1 order
  from TF's reorders table; leading positions that mean the same in TF2 stay positional);
- renamed keywords: `keep_dims` -> `keepdims`, `reduction_indices` / `dim` / `dimension` -> `axis`;
- keywords TF2 dropped without effect on results (`use_cudnn_on_gpu`, `colocate_gradients_with_ops`, ...);
- `tf.nn.dropout(x, keep_prob)` -> `tf.nn.dropout(x, rate=1 - keep_prob)`;
- `tf.assert_less_equal(x, y)` and the other TF1 asserts, whose third parameter was `data`,
  -> `tf.debugging.assert_less_equal(x, y)` when called without `data` (else compat.v1).
Initializers built with a TF1-only constructor keyword (`tf.zeros_initializer(dtype=...)`)
become `tf.compat.v1.<initializer>` with a warning.
Refuses calls it cannot place (`*args`, `**kwargs` into a reordered function) and calls
passing a TF1 keyword TF2 does not accept (`partition_strategy`, `seed2`, ...): those become
`tf.compat.v1.<name>(...)` with a warning.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional, Sequence

import libcst as cst

from codemods.api_tables import api_tables
from codemods.base import TFCodemod

_NO_SPACE = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                            whitespace_after=cst.SimpleWhitespace(""))


def _keyword(arg: cst.Arg, name: str) -> cst.Arg:
    return arg.with_changes(keyword=cst.Name(name), equal=_NO_SPACE)


def _keywordize(args: list[cst.Arg], order: list[str], stable: int) -> list[cst.Arg]:
    """Name every positional argument past the `stable` prefix (TF1 order `order`)."""
    return [_keyword(arg, order[i]) if arg.keyword is None and not arg.star and i >= stable
            else arg for i, arg in enumerate(args)]


def _match_trailing_comma(args: list[cst.Arg], before: list[cst.Arg]) -> list[cst.Arg]:
    """After dropping an argument, end the list the way the original call ended it."""
    if args and before and args[-1].comma != before[-1].comma:
        args[-1] = args[-1].with_changes(comma=before[-1].comma)
    return args


def _one_minus(value: cst.BaseExpression) -> cst.BaseExpression:
    """`1 - value`, folded for a numeric literal (`keep_prob=0.9` -> `rate=0.1`) and for the
    common `keep_prob=1.0 - dropout` (-> `rate=dropout`)."""
    if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Subtract) \
            and isinstance(value.left, (cst.Float, cst.Integer)) and not value.lpar:
        try:
            is_one = Decimal(value.left.value.replace("_", "")) == 1
        except InvalidOperation:
            is_one = False
        if is_one:  # a keyword argument's value needs no parentheses
            return value.right.with_changes(lpar=[], rpar=[]) if hasattr(value.right, "lpar") \
                else value.right
    if isinstance(value, (cst.Float, cst.Integer)):
        try:
            folded = Decimal(1) - Decimal(value.value.replace("_", ""))
        except InvalidOperation:
            folded = None
        if folded is not None and folded >= 0:
            return cst.Float(format(folded.normalize(), "f") if folded % 1 else f"{folded:.1f}")
    if not isinstance(value, (cst.Name, cst.Attribute, cst.Integer, cst.Float, cst.Call,
                              cst.Subscript)) and not value.lpar:
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.BinaryOperation(
        left=cst.Integer("1"),
        operator=cst.Subtract(whitespace_before=cst.SimpleWhitespace(" "),
                              whitespace_after=cst.SimpleWhitespace(" ")),
        right=value)


#: Initializer classes TF2 kept under the TF1 name, minus the constructor keywords below.
_INITIALIZERS = frozenset({
    "constant_initializer", "zeros_initializer", "ones_initializer",
    "random_normal_initializer", "random_uniform_initializer",
})
_TF1_ONLY_INITIALIZER_KEYWORDS = frozenset({"dtype", "verify_shape"})
#: TF1 asserts (`tf.X` or `tf.debugging.X`): their positional parameters before `data`, and
#: the keywords the TF2 `tf.debugging.X` still takes.
_ASSERTS = {
    **{name: (("x", "y"), ("message", "summarize", "name")) for name in (
        "assert_equal", "assert_none_equal", "assert_less", "assert_less_equal",
        "assert_greater", "assert_greater_equal")},
    **{name: (("x",), ("message", "summarize", "name")) for name in (
        "assert_negative", "assert_positive", "assert_non_negative", "assert_non_positive")},
    "assert_rank": (("x", "rank"), ("message", "name")),
    "assert_rank_at_least": (("x", "rank"), ("message", "name")),
}


def _assert_name(path: str) -> Optional[str]:
    name = path[len("debugging."):] if path.startswith("debugging.") else path
    return name if name in _ASSERTS else None


def _tf2_assert(path: str, args: Sequence[cst.Arg]) -> Optional[str]:
    """`debugging.<assert>` when a TF1 assert call means the same to the TF2 one: no
    `data`, nothing unpacked, no more positionals than come before `data`."""
    name = _assert_name(path)
    if name is None:
        return None
    positional, keywords = _ASSERTS[name]
    if any(a.star for a in args) or \
            sum(1 for a in args if a.keyword is None) > len(positional) or \
            any(a.keyword is not None and a.keyword.value not in (*positional, *keywords)
                for a in args):
        return None
    return f"debugging.{name}"


class ArgumentRenames(TFCodemod):
    """keep_dims -> keepdims, reduction_indices -> axis, reordered positionals -> keywords."""

    NAME = "argument_renames"
    TRIGGERS = ("tensorflow",)
    COMPOSABLE = True

    def visit_Call(self, node: cst.Call) -> None:
        path = self.tf_name(node.func)
        if path is not None and (self._compat_reason(path, node.args) is not None
                                 or _tf2_assert(path, node.args)):
            self.claim(node.func)  # it will become tf.compat.v1.<path> or tf.debugging.X

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        path = self.tf_name(original.func)
        if path is None:
            return updated
        reason = self._compat_reason(path, original.args)
        if reason is not None:
            self.warn(original, f"tf.{path} kept as tf.compat.v1.{path}: {reason}")
            self.replaced(original.func)
            return updated.with_changes(
                func=self.tf_attr(f"compat.v1.{path}", like=original.func))
        if path == "nn.dropout":
            return self._dropout(updated)
        target = _tf2_assert(path, original.args)
        if target is not None:
            self.replaced(original.func)
            return updated.with_changes(func=self.tf_attr(target, like=original.func))
        tables = api_tables()
        order = tables.reorders.get(path)
        renames = tables.keyword_renames.get(path, {})
        removed = set(tables.removed_keywords.get(path, ()))
        if not (order or renames or removed):
            return updated
        args = list(updated.args)
        if order:
            args = _keywordize(args, order, tables.stable_positions.get(path, 0))
        new_args = []
        for arg in args:
            name = arg.keyword.value if arg.keyword is not None else None
            if name in removed:
                continue
            if name in renames:
                arg = arg.with_changes(keyword=cst.Name(renames[name]))
            new_args.append(arg)
        if len(new_args) != len(args):
            new_args = _match_trailing_comma(new_args, args)
        return updated.with_changes(args=new_args)

    @staticmethod
    def _compat_reason(path: str, args: Sequence[cst.Arg]) -> Optional[str]:
        name = _assert_name(path)
        if name is not None:
            if _tf2_assert(path, args):
                return None
            positional, keywords = _ASSERTS[name]
            extra = sorted({a.keyword.value for a in args if a.keyword is not None}
                           - {*positional, *keywords})
            return (f"tf.debugging.{name} has no {', '.join(k + '=' for k in extra)}"
                    if extra and "data" not in extra else
                    "TF1's `data` argument (what to print on failure) has no TF2 counterpart")
        """Why a call to tf.<path> with `args` must keep TF1 semantics, or None if it need not."""
        tables = api_tables()
        passed = {a.keyword.value for a in args if a.keyword is not None}
        unpacked = any(a.star == "*" for a in args)
        if path in _INITIALIZERS:
            if passed & _TF1_ONLY_INITIALIZER_KEYWORDS:
                return ("the TF2 initializer takes no dtype in its constructor; pass it "
                        "when calling instead")
            return None
        if path == "nn.dropout":
            return "arguments are unpacked with *" if unpacked else None
        order = tables.reorders.get(path)
        if order:
            if unpacked:
                return "arguments are unpacked with *"
            positional = sum(1 for a in args if a.keyword is None and not a.star)
            if positional > len(order):
                return "more positional arguments than the TF1 signature has"
            passed |= set(order[tables.stable_positions.get(path, 0):positional])
        blocked = sorted(passed & set(tables.unsupported_keywords.get(path, ())))
        if blocked:
            return f"TF2 has no equivalent of keyword(s) {', '.join(blocked)}"
        return None

    @staticmethod
    def _dropout(updated: cst.Call) -> cst.BaseExpression:
        """TF1 `dropout(x, keep_prob, noise_shape, seed, name, rate)`: TF2 takes `rate`."""
        args = list(updated.args)
        order = ["x", "keep_prob", "noise_shape", "seed", "name", "rate"]
        named = [a if a.keyword is not None or a.star or i == 0 else _keyword(a, order[i])
                 for i, a in enumerate(args)]
        new_args = []
        for arg in named:
            if arg.keyword is not None and arg.keyword.value == "keep_prob":
                arg = arg.with_changes(keyword=cst.Name("rate"),
                                       value=_one_minus(arg.value))
            new_args.append(arg)
        return updated.with_changes(args=new_args)
