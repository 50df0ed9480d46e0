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
Calls of a TF2 name whose TF1 meaning differs (the generated `tf1_meaning_differs` table):
- `tf.nn.softmax_cross_entropy_with_logits(labels=l, ...)` -> `labels=tf.stop_gradient(l)`
  (TF1's did not back-propagate into the labels);
- defaults that changed are spelled out with their TF1 value in a file written against TF1
  (`tf.random_uniform_initializer()` -> `(minval=0.0, maxval=1.0)`), else warned about;
- `tf.name_scope(None, default_name, values)` -> `tf.name_scope(default_name)`;
- a TF1 positional or keyword argument that lands on another TF2 parameter, or on none
  (`constant_initializer(v, dtype)`, `extract_glimpse`'s 6th) -> `tf.compat.v1.<name>` with a
  warning that says what differs;
- `tf.contrib.summary.always_record_summaries()` / `never_record_summaries()` ->
  `tf.summary.record_if(True)` / `(False)`; `tf.contrib.summary.X(name, value)` without a
  step gets TF1's implicit one, `step=tf.compat.v1.train.get_or_create_global_step()`;
- `tf.contrib.layers.xavier_initializer(_conv2d)` -> `tf.keras.initializers.GlorotUniform` /
  `GlorotNormal` (or `VarianceScaling` for a computed `uniform`),
  `variance_scaling_initializer` -> `tf.keras.initializers.VarianceScaling`,
  `l1_regularizer(s)` -> `tf.keras.regularizers.l1(s)`, `l2_regularizer(s)` ->
  `tf.keras.regularizers.l2(0.5 * s)` (TF1 used `s * sum(w**2) / 2`).
- `tf.keras.initializers.X` called with TF1's `dtype` (or a positional that lands elsewhere in
  Keras 3: `glorot_uniform(seed, dtype)` -> `input_axes`) -> the core `tf.compat.v1` name of
  the very TF1 class (`tf.compat.v1.glorot_uniform_initializer(seed, dtype)`), with a warning;
- a name whose every TF1 call means something else in TF2 (the table's curated entries): kept
  as `tf.compat.v1.<name>` in TF1 code (`tf.image.resize_images` keeps TF1's pixel values),
  else warned about; `tf.strings.split` with TF1's `result_type` / `source` -> the TF2 call,
  `.to_sparse()` where TF1 returned a SparseTensor; `tf.keras.models.save_model` warned about
  unless the file name says the format.
A renamed function keeps the meaning of every positional argument: past the positions its TF1
and TF2 signatures share they are spelled as keywords (`tf.arg_max(x, 0, tf.int32)` ->
`tf.argmax(x, 0, output_type=tf.int32)`), so a second run cannot read them in another order.
`tf.nn.max_pool(value=x, ...)` (TF1's keyword) -> `tf.nn.max_pool2d(input=x, ...)`, TF1's
function exactly (TF2's `max_pool` pools any rank). An optimizer's `.minimize(...)` /
`.compute_gradients(...)` loses `colocate_gradients_with_ops`, which only placed ops.
A TF2 call (`tf.summary.scalar(..., step=s)`) is recognised by its TF2-only keywords and left
alone, so a second run changes nothing.
Refuses calls it cannot place (`*args`, `**kwargs` into a reordered function), calls passing a
TF1 keyword TF2 does not accept (`partition_strategy`, `seed2`, ...) and calls that pass a
parameter twice once TF1's deprecated alias is renamed (`sparse.concat(ax, x, concat_dim=c)`):
those become `tf.compat.v1.<name>(...)` with a warning. A keyword that neither TF1's nor TF2's
signature has (`tf.gradients(yx=a)`) is warned about: the call raises there too.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional, Sequence

import libcst as cst

from codemods import matching
from codemods.api_tables import api_tables
from codemods.base import TF1OnlyReferences, TFCodemod
from migrate.api import ORIGIN_TREE_KEY
from codemods.compat_fallback import CHANGED_IN_TF2

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


#: TF1 defaults that TF2 changed, spelled out when a TF1 call relied on them.
OLD_DEFAULTS = {
    "random_uniform_initializer": (("minval", "0.0"), ("maxval", "1.0")),
    "initializers.random_uniform": (("minval", "0.0"), ("maxval", "1.0")),
    "random_normal_initializer": (("stddev", "1.0"),),
    "initializers.random_normal": (("stddev", "1.0"),),
    "truncated_normal_initializer": (("stddev", "1.0"),),
    "initializers.truncated_normal": (("stddev", "1.0"),),
}
#: Keywords only the TF2 signature has: a call passing one is already TF2.
TF2_ONLY_KEYWORDS = {
    "summary.scalar": {"data", "step"}, "summary.histogram": {"data", "step", "buckets"},
    "summary.image": {"data", "step"}, "summary.audio": {"data", "step"},
    "summary.text": {"data", "step"},
    "nn.ctc_loss": {"logits", "label_length", "logit_length"},
}
#: A TF1-only keyword -> the TF2 name that is TF1's function exactly (TF1's `max_pool` took a
#: 4-D `value`; TF2's pools any rank, `max_pool2d` is the 2-D one).
TF1_KEYWORD_HOMES = {"nn.max_pool": ("value", "nn.max_pool2d"),
                     "nn.avg_pool": ("value", "nn.avg_pool2d")}
#: Curated table entries with a rewrite of their own (here or in the compat fallback).
_CURATED_ELSEWHERE = frozenset({"nn.softmax_cross_entropy_with_logits", "name_scope"}) | \
    CHANGED_IN_TF2
#: File names whose extension tells Keras 3 the format TF1 meant (HDF5) or its own.
_MODEL_FILE_EXTENSIONS = (".h5", ".hdf5", ".keras")
_LEGACY_KERAS = ("; tf.compat.v1.keras is Keras 3 under TF 2.16+: TF1's class needs tf_keras "
                 "and TF_USE_LEGACY_KERAS=1")
_CONTRIB_SUMMARIES = ("contrib.summary.scalar", "contrib.summary.histogram",
                      "contrib.summary.image", "contrib.summary.audio",
                      "contrib.summary.generic")
_RECORD = {"contrib.summary.always_record_summaries": "True",
           "contrib.summary.never_record_summaries": "False"}
_XAVIER = ("contrib.layers.xavier_initializer", "contrib.layers.xavier_initializer_conv2d")


def _is_call_to(node: cst.BaseExpression, name: str) -> bool:
    return isinstance(node, cst.Call) and (matching.dotted(node.func) or "").endswith(name)


def _paren(value: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(value, (cst.Name, cst.Attribute, cst.Integer, cst.Float, cst.Call,
                          cst.Subscript, cst.SimpleString)) or value.lpar:
        return value
    return value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _bind(args: Sequence[cst.Arg], order: Sequence[str]) -> Optional[dict]:
    """{parameter: Arg} for a call without unpacking, by the TF1 order; None if it won't bind."""
    bound = {}
    for i, arg in enumerate(args):
        if arg.star:
            return None
        name = arg.keyword.value if arg.keyword is not None else \
            (order[i] if i < len(order) else None)
        if name is None or name in bound:
            return None
        bound[name] = arg
    return bound


def _arg(name: str, value: cst.BaseExpression, last: bool = True) -> cst.Arg:
    return cst.Arg(value, keyword=cst.Name(name), equal=_NO_SPACE,
                   comma=cst.MaybeSentinel.DEFAULT if last else
                   cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))


def _args(pairs: Sequence[tuple[Optional[str], cst.BaseExpression]]) -> list[cst.Arg]:
    out = []
    for i, (name, value) in enumerate(pairs):
        comma = cst.MaybeSentinel.DEFAULT if i == len(pairs) - 1 else \
            cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        out.append(cst.Arg(value, comma=comma) if name is None else
                   cst.Arg(value, keyword=cst.Name(name), equal=_NO_SPACE, comma=comma))
    return out


def _append(args: list[cst.Arg], extra: cst.Arg) -> list[cst.Arg]:
    if args and args[-1].comma == cst.MaybeSentinel.DEFAULT:
        args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    return [*args, extra]


def _is_false(value: cst.BaseExpression) -> Optional[bool]:
    if isinstance(value, cst.Name) and value.value in ("True", "False"):
        return value.value == "False"
    return None


def _string_value(value: cst.BaseExpression) -> Optional[str]:
    if isinstance(value, cst.SimpleString):
        try:
            return value.evaluated_value if isinstance(value.evaluated_value, str) else None
        except Exception:  # noqa: BLE001 - an f-string, a bytes literal
            return None
    return None


def _curated_note(entry: dict) -> str:
    """The curated words of a table entry, without the signature differences after them."""
    note = entry["note"]
    for tail in ("; TF1 parameters TF2 lacks", "; positions moved", "; defaults changed"):
        note = note.split(tail)[0]
    return note


def _tf1_params(path: str) -> Optional[list[str]]:
    """TF1's parameters of tf.<path> when the tables know all of them (no **kwargs)."""
    tables = api_tables()
    entry = tables.tf1_meaning_differs.get(path)
    if entry and entry.get("tf1_params"):
        return None if entry.get("tf1_kwargs") else entry["tf1_params"]
    return tables.reorders.get(path)


def _tf2_params(path: str) -> list[str]:
    tables = api_tables()
    entry = tables.tf1_meaning_differs.get(tables.renames.get(path, path)) or \
        tables.tf1_meaning_differs.get(path) or {}
    return entry.get("tf2_params", [])


def _method_removed_keywords() -> dict[str, set[str]]:
    """`minimize` -> {colocate_gradients_with_ops}: the tables' `*.minimize` entries."""
    return {key[2:]: set(kws) for key, kws in api_tables().removed_keywords.items()
            if key.startswith("*.")}


class ArgumentRenames(TFCodemod):
    """keep_dims -> keepdims, reduction_indices -> axis, reordered positionals -> keywords."""

    NAME = "argument_renames"
    TRIGGERS = ("tensorflow",)
    COMPOSABLE = True

    def prepare(self, tree: cst.Module) -> None:
        self._v1_aliases = matching.v1_module_aliases(tree)
        self._tf1 = None  # decided on first need: is the file written against TF1?
        self._sparse_receivers: set = set()  # calls already followed by `.to_sparse()`
        self._methods = _method_removed_keywords()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value == "to_sparse" and isinstance(node.value, cst.Call):
            self._sparse_receivers.add(node.value)

    def _tf1_file(self) -> bool:
        if self._tf1 is None:
            self._tf1 = bool(self._v1_aliases)
            if not self._tf1:
                scan = TF1OnlyReferences()
                (self.context.scratch.get(ORIGIN_TREE_KEY) or self.context.wrapper).visit(scan)
                self._tf1 = bool(scan.found)
        return self._tf1

    def _explicit_v1(self, func: cst.BaseExpression) -> bool:
        return ".compat.v1." in f".{matching.dotted(func) or ''}."

    def visit_Call(self, node: cst.Call) -> None:
        path = self.tf_name(node.func)
        if path is None:
            return
        if (self._compat_reason(path, node.args) is not None or _tf2_assert(path, node.args)
                or path in _RECORD or path in _XAVIER or path in (
                    "contrib.layers.variance_scaling_initializer",
                    "contrib.layers.l1_regularizer", "contrib.layers.l2_regularizer")
                or self._collision(path, node.args) is not None
                or self._keyword_home(path, node.args) is not None
                or self._curated_compat(path, node)
                or (not self._explicit_v1(node.func)
                    and self._meaning_reason(path, node.args) is not None)):
            self.claim(node.func)  # it will become tf.compat.v1.<path> or tf.debugging.X

    @staticmethod
    def _keyword_home(path: str, args: Sequence[cst.Arg]) -> Optional[str]:
        home = TF1_KEYWORD_HOMES.get(path)
        if home is not None and any(a.keyword is not None and a.keyword.value == home[0]
                                    for a in args):
            return home[1]
        return None

    @staticmethod
    def _collision(path: str, args: Sequence[cst.Arg]) -> Optional[str]:
        """Why the TF2 call would get one parameter twice: a positional (or keyword) and a
        TF1 deprecated alias renamed onto it (`sparse.concat(ax, x, concat_dim=c)`)."""
        tables = api_tables()
        renames = tables.keyword_renames.get(path, {})
        if not renames or any(a.star for a in args):
            return None
        order = _tf1_params(path) or []
        seen: dict[str, str] = {}
        for i, arg in enumerate(args):
            old = arg.keyword.value if arg.keyword is not None else \
                (order[i] if i < len(order) else None)
            if old is None:
                return None
            new = renames.get(old, old)
            if new in seen and seen[new] != old:
                first, second = sorted((seen[new], old))
                return (f"it passes both {first} and {second}, one TF1's deprecated name of the "
                        f"other: TF2 would get {new} twice (TF1 raised ValueError for the pair)")
            seen[new] = old
        return None

    def _meaning_reason(self, path: str, args: Sequence[cst.Arg]) -> Optional[str]:
        """Why a call of tf.<path> means something else in TF2 and must stay on compat.v1."""
        entry = api_tables().tf1_meaning_differs.get(path)
        if not entry or not entry.get("tf1_params"):
            return None
        tables = api_tables()
        passed = {a.keyword.value for a in args if a.keyword is not None}
        if passed & TF2_ONLY_KEYWORDS.get(path, set()):
            return None
        if path in ("name_scope", "nn.softmax_cross_entropy_with_logits", "nn.dropout",
                    "strings.split") or \
                path in CHANGED_IN_TF2 or _assert_name(path) is not None:
            return None  # rewritten natively below; CHANGED_IN_TF2: the compat fallback's
        order = entry["tf1_params"]
        if any(a.star for a in args) or path in tables.reorders:
            return None  # reorders: keywordized by the tables
        handled = set(tables.keyword_renames.get(path, {})) | \
            set(tables.removed_keywords.get(path, ()))
        tf2 = entry.get("tf2_params", [])
        renames = tables.keyword_renames.get(path, {})
        hits = set()
        for i, arg in enumerate(args):
            if arg.keyword is not None:
                continue
            if i >= len(order):
                return "more positional arguments than the TF1 signature has"
            old = order[i]
            new = tf2[i] if i < len(tf2) else None
            if new is None:
                hits.add(old)  # TF2 takes fewer positionals
            elif old != new and renames.get(old) != new and i > 0 and (
                    new in order or old in tf2 or (old not in tf2 and new not in order)):
                hits.add(old)  # TF2's parameter at that place is another one
        hit = sorted(hits | ((passed & set(entry["gone"])) - handled))
        if hit:
            return (f"TF1's {', '.join(hit)} has no counterpart at that place in TF2 "
                    f"({entry['note']})")
        return None

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        path = self.tf_name(original.func)
        if path is None:
            return self._method_keywords(updated)
        special = self._special(path, original, updated)
        if special is not None:
            return special
        if path == "strings.split" and not self._explicit_v1(original.func):
            return self._strings_split(original, updated) or updated
        reason = self._compat_reason(path, original.args) or \
            self._collision(path, original.args)
        if reason is None and not self._explicit_v1(original.func):
            reason = self._meaning_reason(path, original.args)
        if reason is not None:
            return self._keep_tf1(path, original, updated, reason)
        curated = self._curated(path, original, updated)
        if curated is not None:
            return curated
        unknown = self._unknown_keywords(path, original.args)
        if unknown:
            self.warn(original, f"tf.{path} takes no keyword {', '.join(unknown)} in TF1 or "
                                f"TF2: this call raises TypeError in both")
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
        home = self._keyword_home(path, original.args)
        if home is not None:
            self.replaced(original.func)
            return updated.with_changes(func=self.tf_attr(home, like=original.func),
                                        args=new_args)
        return updated.with_changes(args=new_args)

    def _keep_tf1(self, path: str, original: cst.Call, updated: cst.Call,
                  reason: str) -> cst.Call:
        """`tf.compat.v1.<path>(...)`, or the core compat.v1 name of the same TF1 class (a
        Keras initializer, whose compat.v1.keras spelling is Keras 3's), with `reason`."""
        home = api_tables().tf1_meaning_differs.get(path, {}).get("tf1_home")
        if home is not None:
            self.warn(original, f"tf.{path} kept as tf.compat.v1.{home}, the TF1 class it "
                                f"was: {reason}")
        else:
            note = _LEGACY_KERAS if path.startswith("keras.") else ""
            self.warn(original, f"tf.{path} kept as tf.compat.v1.{path}: {reason}{note}")
        self.replaced(original.func)
        return updated.with_changes(
            func=self.tf_attr(f"compat.v1.{home or path}", like=original.func))

    def _method_keywords(self, updated: cst.Call) -> cst.Call:
        """`optimizer.minimize(loss, colocate_gradients_with_ops=True)` -> without it."""
        func = updated.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in self._methods:
            return updated
        removed = self._methods[func.attr.value]
        args = [a for a in updated.args if a.keyword is None or a.keyword.value not in removed]
        if len(args) == len(updated.args):
            return updated
        return updated.with_changes(args=_match_trailing_comma(args, list(updated.args)))

    @staticmethod
    def _unknown_keywords(path: str, args: Sequence[cst.Arg]) -> list[str]:
        """Keywords neither TF1's nor TF2's tf.<path> has (a typo the call dies of)."""
        tf1 = _tf1_params(path)
        if not tf1:
            return []
        known = set(tf1) | set(_tf2_params(path))
        return sorted({a.keyword.value for a in args if a.keyword is not None} - known)

    def _curated_target(self, path: str,
                        args: Sequence[cst.Arg] = ()) -> Optional[tuple[str, dict]]:
        """(TF2 name, table entry) when every TF1 call of tf.<path> means something else in
        TF2; not for a call passing a keyword only TF2 has (`image.resize(..., antialias=)`)."""
        tables = api_tables()
        target = tables.renames.get(path, path)
        entry = tables.tf1_meaning_differs.get(target)
        if not entry or not entry.get("curated") or target in _CURATED_ELSEWHERE:
            return None
        tf2_only = set(entry.get("tf2_params", ())) - set(entry.get("tf1_params", ()))
        if any(a.keyword is not None and a.keyword.value in tf2_only for a in args):
            return None
        return target, entry

    def _curated_compat(self, path: str, node: cst.Call) -> bool:
        """Will this call be (or stay) tf.compat.v1.<path> for a curated difference?"""
        explicit = self._explicit_v1(node.func)
        if path == "strings.split":
            return not explicit and self._split_plan(node) == "compat"
        found = self._curated_target(path, node.args)
        if found is None or found[0] in ("strings.split", "keras.models.save_model"):
            return False
        # an explicit tf.compat.v1.image.resize_images must not be renamed either
        return path != found[0] or (not explicit and self._tf1_file())

    def _curated(self, path: str, original: cst.Call,
                 updated: cst.Call) -> Optional[cst.BaseExpression]:
        """A name every TF1 call of which means something else in TF2 (curated in the table):
        compat.v1 in TF1 code, a warning where the file may be TF2, or a native rewrite."""
        found = self._curated_target(path, original.args)
        if found is None:
            return None
        target, entry = found
        if self._explicit_v1(original.func):  # TF1's meaning, asked for: keep it as it is
            return updated if path != target else None
        if target == "strings.split":
            return None  # before the compat reasons, in leave_Call
        if target == "keras.models.save_model":
            bound = _bind(original.args, ("model", "filepath"))
            name = _string_value(bound["filepath"].value) \
                if bound is not None and "filepath" in bound else None
            if name is None or not name.lower().endswith(_MODEL_FILE_EXTENSIONS):
                self.warn(original, f"tf.{path}: {_curated_note(entry)}; a .h5 file name keeps "
                                    f"TF1's HDF5 format")
            return None
        if path != target or self._tf1_file():
            self.warn(original, f"tf.{path} kept as tf.compat.v1.{path}: {_curated_note(entry)}")
            self.replaced(original.func)
            return updated.with_changes(func=self.tf_attr(f"compat.v1.{path}",
                                                          like=original.func))
        self.warn(original, f"tf.{path}: if this is TF1 code, it means something else in TF2 "
                            f"({_curated_note(entry)}); tf.compat.v1.{path} keeps TF1's meaning")
        return None

    def _split_plan(self, node: cst.Call) -> Optional[str]:
        """What `tf.strings.split` needs: "compat" (result_type not a literal), "ragged" /
        "sparse" (a TF1 call: TF2 returns ragged, `.to_sparse()` gives TF1's), "warn" (no
        sign of TF1 at the call) or None (already followed by `.to_sparse()`)."""
        order = api_tables().tf1_meaning_differs["strings.split"]["tf1_params"]
        bound = _bind(node.args, order)
        if bound is None or ("input" in bound and "source" in bound):
            return "compat"
        if "result_type" in bound:
            kind = _string_value(bound["result_type"].value)
            if kind not in ("RaggedTensor", "SparseTensor"):
                return "compat"
            return "ragged" if kind == "RaggedTensor" else "sparse"
        if node in self._sparse_receivers:
            return None
        return "sparse" if "source" in bound else "warn"

    def _strings_split(self, original: cst.Call,
                       updated: cst.Call) -> Optional[cst.BaseExpression]:
        note = _curated_note(api_tables().tf1_meaning_differs["strings.split"])
        plan = self._split_plan(original)
        if plan is None:
            return None
        if plan == "warn":
            self.warn(original, f"tf.strings.split: if this is TF1 code, {note}")
            return None
        if plan == "compat":
            return self._keep_tf1("strings.split", original, updated,
                                  "result_type is not a literal 'SparseTensor' or "
                                  "'RaggedTensor'; " + note)
        order = api_tables().tf1_meaning_differs["strings.split"]["tf1_params"]
        args = []
        for i, arg in enumerate(updated.args):
            name = arg.keyword.value if arg.keyword is not None else order[i]
            if name == "result_type":
                continue
            if name == "source":
                arg = _keyword(arg, "input")
            elif arg.keyword is None and i >= 3:  # TF2's fourth is `name`
                arg = _keyword(arg, name)
            args.append(arg)
        self.replaced(original.func)
        call = updated.with_changes(args=_match_trailing_comma(args, list(updated.args)))
        if plan == "ragged":
            return call
        return cst.Call(func=cst.Attribute(value=call, attr=cst.Name("to_sparse")))

    def _special(self, path: str, original: cst.Call,
                 updated: cst.Call) -> Optional[cst.BaseExpression]:
        """Native rewrites of calls whose TF1 meaning TF2 spells differently, else None."""
        explicit = self._explicit_v1(original.func)
        if path in _RECORD and not updated.args:
            self.replaced(original.func)
            return updated.with_changes(func=self.tf_attr("summary.record_if", like=original.func),
                                        args=[cst.Arg(cst.Name(_RECORD[path]))])
        if path in _CONTRIB_SUMMARIES:
            order = api_tables().reorders.get(path, [])
            bound = _bind(original.args, order) if order else None
            if bound is not None and "step" not in bound:
                step = cst.Call(self.tf_attr("compat.v1.train.get_or_create_global_step"))
                return updated.with_changes(args=_append(list(updated.args), _arg("step", step)))
            return None
        if path in _XAVIER:
            return self._xavier(path, original, updated)
        if path == "contrib.layers.variance_scaling_initializer":
            return self._variance_scaling(original, updated)
        if path in ("contrib.layers.l1_regularizer", "contrib.layers.l2_regularizer"):
            bound = _bind(updated.args, ("scale", "scope"))
            if bound is None or "scale" not in bound:
                return None
            scale = bound["scale"].value
            if path.endswith("l2_regularizer"):
                scale = cst.BinaryOperation(cst.Float("0.5"), cst.Multiply(
                    whitespace_before=cst.SimpleWhitespace(" "),
                    whitespace_after=cst.SimpleWhitespace(" ")), _paren(scale))
            self.replaced(original.func)
            return updated.with_changes(
                func=self.tf_attr(f"keras.regularizers.{path[-len('l1_regularizer'):][:2]}"),
                args=_args([(None, scale)]))
        if explicit:
            return None
        if path == "nn.softmax_cross_entropy_with_logits":
            if not self._tf1_file() and not any(
                    a.keyword is not None and a.keyword.value == "dim" for a in original.args):
                if not any(a.keyword is not None and a.keyword.value == "labels"
                           and _is_call_to(a.value, "stop_gradient") for a in original.args):
                    self.warn(original, "tf.nn.softmax_cross_entropy_with_logits: if this is TF1 "
                                        "code, TF1's did not back-propagate into labels and "
                                        "TF2's does: wrap them in tf.stop_gradient")
                return None
            args = [a.with_changes(value=cst.Call(self.tf_attr("stop_gradient", like=original.func),
                                                  args=[cst.Arg(a.value)]))
                    if a.keyword is not None and a.keyword.value == "labels"
                    and not _is_call_to(a.value, "stop_gradient") else a
                    for a in updated.args]
            return self._rename_keywords(path, updated.with_changes(args=args))
        if path == "name_scope":
            return self._name_scope(original, updated)
        if path in OLD_DEFAULTS and not any(a.star for a in original.args):
            entry = api_tables().tf1_meaning_differs.get(path, {})
            bound = _bind(original.args, entry.get("tf1_params", ()))
            if bound is None or self._meaning_reason(path, original.args) is not None:
                return None
            missing = [(k, v) for k, v in OLD_DEFAULTS[path] if k not in bound]
            if not missing:
                return None
            if not self._tf1_file():
                self.warn(original, f"tf.{path}: if this is TF1 code, its defaults changed in "
                                    f"TF2 ({entry.get('note', '')}); pass "
                                    + ", ".join(f"{k}={v}" for k, v in missing)
                                    + " to keep the TF1 values")
                return None
            args = list(updated.args)
            for k, v in missing:
                args = _append(args, _arg(k, cst.parse_expression(v)))
            return updated.with_changes(args=args)
        return None

    def _rename_keywords(self, path: str, updated: cst.Call) -> cst.Call:
        renames = api_tables().keyword_renames.get(path, {})
        return updated.with_changes(args=[
            a.with_changes(keyword=cst.Name(renames[a.keyword.value]))
            if a.keyword is not None and a.keyword.value in renames else a
            for a in updated.args])

    def _name_scope(self, original: cst.Call, updated: cst.Call) -> Optional[cst.BaseExpression]:
        """TF1 `name_scope(name, default_name=None, values=None)` -> TF2 `name_scope(name)`."""
        bound = _bind(updated.args, ("name", "default_name", "values"))
        if bound is None or set(bound) == {"name"} and bound["name"].keyword is None:
            return None
        name = bound.get("name")
        default = bound.get("default_name")
        is_none = name is None or (isinstance(name.value, cst.Name) and name.value.value == "None")
        if default is not None and not is_none:
            self.warn(original, "tf.name_scope kept as tf.compat.v1.name_scope: TF1 used "
                                "default_name only when name was None; TF2 takes one name")
            self.replaced(original.func)
            return updated.with_changes(func=self.tf_attr("compat.v1.name_scope",
                                                          like=original.func))
        chosen = default if is_none and default is not None else name
        if chosen is None or (isinstance(chosen.value, cst.Name) and chosen.value.value == "None"):
            self.warn(original, "tf.name_scope call with neither name nor default_name: "
                                "kept as tf.compat.v1.name_scope")
            self.replaced(original.func)
            return updated.with_changes(func=self.tf_attr("compat.v1.name_scope",
                                                          like=original.func))
        # `values` only placed the scope in the graph of those tensors: no TF2 meaning
        return updated.with_changes(args=_args([(None, chosen.value)]))

    def _xavier(self, path: str, original: cst.Call, updated: cst.Call):
        bound = _bind(updated.args, ("uniform", "seed", "dtype"))
        if bound is None:
            return None
        uniform = bound.get("uniform")
        seed = [("seed", bound["seed"].value)] if "seed" in bound else []
        flag = None if uniform is None else _is_false(uniform.value)
        self.replaced(original.func)
        if uniform is None or flag is not None:
            name = "GlorotNormal" if flag else "GlorotUniform"
            return updated.with_changes(func=self.tf_attr(f"keras.initializers.{name}"),
                                        args=_args(seed))
        distribution = cst.parse_expression('("uniform" if __U__ else "truncated_normal")')
        distribution = distribution.with_changes(test=_paren(uniform.value))
        return updated.with_changes(
            func=self.tf_attr("keras.initializers.VarianceScaling"),
            args=_args([("scale", cst.Float("1.0")), ("mode", cst.SimpleString('"fan_avg"')),
                        ("distribution", distribution), *seed]))

    def _variance_scaling(self, original: cst.Call, updated: cst.Call):
        bound = _bind(updated.args, ("factor", "mode", "uniform", "seed", "dtype"))
        if bound is None:
            return None
        pairs = [("scale", bound["factor"].value if "factor" in bound else cst.Float("2.0"))]
        mode = bound["mode"].value if "mode" in bound else cst.SimpleString('"FAN_IN"')
        if isinstance(mode, cst.SimpleString):
            mode = cst.SimpleString(mode.value.lower())
        else:
            mode = cst.Call(cst.Attribute(_paren(mode), cst.Name("lower")))
        pairs.append(("mode", mode))
        uniform = bound.get("uniform")
        flag = True if uniform is None else _is_false(uniform.value)
        if flag is None:
            distribution = cst.parse_expression('("uniform" if __U__ else "truncated_normal")')
            distribution = distribution.with_changes(test=_paren(uniform.value))
        else:
            distribution = cst.SimpleString('"truncated_normal"' if flag else '"uniform"')
        pairs.append(("distribution", distribution))
        if "seed" in bound:
            pairs.append(("seed", bound["seed"].value))
        if flag is not False:
            self.warn(original, "tf.contrib.layers.variance_scaling_initializer -> "
                                "tf.keras.initializers.VarianceScaling: the truncated normal's "
                                "stddev is sqrt(scale / n) / 0.8796 in Keras, "
                                "sqrt(1.3 * factor / n) in TF1 (0.6% apart)")
        self.replaced(original.func)
        return updated.with_changes(func=self.tf_attr("keras.initializers.VarianceScaling"),
                                    args=_args(pairs))

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
