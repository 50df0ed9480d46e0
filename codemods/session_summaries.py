"""TF1 summaries in session scripts -> a TF2 summary writer, written at the step TF1 gave.

Before::

    tf.summary.scalar("cost", cost)
    merged = tf.summary.merge_all()
    writer = tf.summary.FileWriter("./logs", sess.graph)
    summary, _ = sess.run([merged, train_op], feed_dict={X: x, Y: y})
    writer.add_summary(summary, step)

After::

    merged_summaries = [("scalar", "cost")]

    @tf.function(input_signature=[X_spec, Y_spec])
    def merged(X, Y):
        return [cost(X, Y)]

    writer = tf.summary.create_file_writer("./logs")
    summary = list(zip(merged_summaries, merged(x, y)))
    train_op(x, y)
    add_summary(writer, summary, step)

The summary ops become values computed with the fetches they ran with (TF1 evaluated them in
the same run, before the update), and `add_summary` (emitted) writes each under its TF1 tag
(the name scope it was made in, then its name) at the given step. TF1 also wrote the graph for
TensorBoard's graph tab when given `sess.graph`; TF2 writes it only by tracing
(`tf.summary.trace_on`), which is said in a warning. Only `scalar` and `histogram` summaries
with a literal name, `merge_all()` and `merge([...])` of them, and `add_summary(s, step)`
with a step are converted; anything else stays on compat.v1 with the reason.

Inline cases (tests/test_session_summaries.py):
- rewrite: `tf.summary.scalar("loss", loss)` + `merge_all` + `FileWriter` + `add_summary`
- refuse: `add_summary(s)` without a step; `tf.summary.image(...)`; a computed name
"""
from __future__ import annotations

import libcst as cst

from codemods.variables import Refusal as ArgumentRefusal, bound_arguments, join_args, kwarg

#: TF1 summary op -> (TF2 function name, TF1 parameters in order).
KINDS = {"summary.scalar": ("scalar", ("name", "tensor", "collections", "family")),
         "summary.histogram": ("histogram", ("name", "values", "collections", "family"))}
MERGES = frozenset({"summary.merge_all", "summary.merge"})
WRITER = "summary.FileWriter"

ADD_SUMMARY = '''def {cls}(writer, summary, step):
    """TF1's `FileWriter.add_summary` of a merged summary: each ((kind, tag), value) written
    by `tf.summary.<kind>` under its tag at `step`."""
    with writer.as_default():
        for (kind, tag), value in summary:
            getattr({tf}.summary, kind)(tag, value, step=step)
'''


class SummaryRefusal(Exception):
    """Why a summary statement is left alone (sessions makes it its own refusal)."""


def summary_op(call: cst.Call, path: str, prefix: str) -> tuple:
    """(TF2 function, tag, value) of `tf.summary.scalar("cost", cost)` made in name scope
    `prefix` (TF1's tag is `prefix/cost`)."""
    kind, params = KINDS[path]
    try:
        bound = bound_arguments(call, params)
    except ArgumentRefusal as refusal:
        raise SummaryRefusal(f"tf.{path}: {refusal}") from None
    extra = sorted(set(bound) - {"name", params[1]})
    if extra:
        raise SummaryRefusal(f"tf.{path}({extra[0]}=...) has no conversion here")
    name = bound.get("name")
    if not isinstance(name, cst.SimpleString) or params[1] not in bound:
        raise SummaryRefusal(f"tf.{path} without a literal name and a value")
    tag = f"{prefix}/{name.evaluated_value}" if prefix else name.evaluated_value
    return kind, tag, bound[params[1]]


def writer_value(call: cst.Call, tf: str) -> tuple[cst.BaseExpression, bool]:
    """`tf.summary.FileWriter(logdir, sess.graph)` -> (`tf.summary.create_file_writer(logdir)`,
    whether TF1 was given a graph to write)."""
    try:
        bound = bound_arguments(call, ("logdir", "graph", "max_queue", "flush_secs",
                                       "graph_def", "filename_suffix", "session"))
    except ArgumentRefusal as refusal:
        raise SummaryRefusal(f"tf.summary.FileWriter: {refusal}") from None
    extra = sorted(set(bound) - {"logdir", "graph", "graph_def", "max_queue", "flush_secs",
                                 "filename_suffix"})
    if extra or "logdir" not in bound:
        raise SummaryRefusal(f"tf.summary.FileWriter({(extra or ['no logdir'])[0]}=...) has no "
                             f"conversion here")
    args = [cst.Arg(bound["logdir"])] + [
        kwarg(key, bound[key]) for key in ("max_queue", "flush_secs", "filename_suffix")
        if key in bound]
    new = cst.Call(cst.parse_expression(f"{tf}.summary.create_file_writer"),
                   args=join_args(args))
    return new, "graph" in bound or "graph_def" in bound


def tags_value(entries: list, tf: str) -> cst.BaseExpression:
    """`[("scalar", "cost"), ...]`: the `tf.summary` function and tag of each value of a
    merged summary (names, not functions: `tf.summary.scalar` is also a TF1 spelling)."""
    return cst.parse_expression(
        "[" + ", ".join(f'("{kind}", "{tag}")' for kind, tag, _ in entries) + "]")


def values_value(entries: list) -> cst.List:
    """`[cost, w]`: the summarised tensors, in merge order."""
    return cst.List([cst.Element(value, comma=cst.Comma(
        whitespace_after=cst.SimpleWhitespace(" ")) if i < len(entries) - 1 else
        cst.MaybeSentinel.DEFAULT) for i, (_, _, value) in enumerate(entries)])
