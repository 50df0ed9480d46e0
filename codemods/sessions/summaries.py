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
with a step are converted; anything else stays on compat.v1 with the reason. `SummariesMixin`,
the part of `Sessions` that uses these functions, classifies a block's summary statements and
rewrites `add_summary`.

Inline cases (tests/test_session_summaries.py):
- rewrite: `tf.summary.scalar("loss", loss)` + `merge_all` + `FileWriter` + `add_summary`
- refuse: `add_summary(s)` without a step; `tf.summary.image(...)`; a computed name
"""
from __future__ import annotations

import libcst as cst

from codemods import matching
from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.syntax import _joined, _referenced
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


class SummariesMixin:
    """Summary statements and `add_summary`."""

    def _summary_statement(self, block: _Block, statement, small) -> bool:
        """`tf.summary.scalar(...)`, `merged = tf.summary.merge_all()`, `writer =
        tf.summary.FileWriter(...)` (codemods.sessions.summaries)."""
        value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
        path = self.tf_name(value.func) if isinstance(value, cst.Call) else None
        if path not in KINDS and path not in MERGES and \
                path != WRITER:
            return False
        target = small.targets[0].target if isinstance(small, cst.Assign) and \
            len(small.targets) == 1 else None
        if isinstance(small, cst.Assign) and not isinstance(target, cst.Name) or \
                block.owner is not None:
            raise Refusal(f"tf.{path} other than in a statement of its own", small)
        self._single(statement, small)
        name = target.value if target is not None else None
        try:
            if path in KINDS:
                kind, tag, tensor = summary_op(
                    value, path, self._nscope_of.get(statement, ""))
                self._check_pure(block, tensor)
                block.summaries.append((kind, tag, tensor, name))
                block.replace[statement] = []
            elif path in MERGES:
                self._merged_summary(block, statement, small, name, path)
            else:
                new, graph = writer_value(value, self._tf)
                if name is None:
                    raise Refusal("a summary writer that is not bound to a name", small)
                if graph:  # said once the block is converted
                    block.notes.append((value, "tf.summary.FileWriter wrote the graph for "
                                               "TensorBoard; tf.summary.create_file_writer does "
                                               "not (trace it with tf.summary.trace_on to see "
                                               "it)"))
                block.writers.add(name)
                block.replace[statement] = [statement.with_changes(
                    body=[small.with_changes(value=new)])]
        except SummaryRefusal as refusal:
            raise Refusal(str(refusal), value) from None
        return True

    def _merged_summary(self, block: _Block, statement, small, name, path) -> None:
        """`merged = tf.summary.merge_all()`: a tensor function of the summarised values, and
        `merged_summaries`, what each is (TF2 function and tag)."""
        if name is None:
            raise Refusal(f"tf.{path} that is not bound to a name", small)
        if path == "summary.merge_all":
            entries = [e[:3] for e in block.summaries]
        else:
            listed = small.value.args[0].value if small.value.args else None
            names = {e[3]: e[:3] for e in block.summaries if e[3]}
            if not isinstance(listed, (cst.List, cst.Tuple)) or not all(
                    isinstance(e.value, cst.Name) and e.value.value in names
                    for e in listed.elements):
                raise Refusal("tf.summary.merge of summaries not made here", small)
            entries = [names[e.value.value] for e in listed.elements]
        if not entries:
            raise Refusal(f"tf.{path} of no summaries", small)
        values = values_value(entries)
        tags = block.fresh(f"{name}_summaries")
        block.tensors[name] = block.params_of(_referenced(values))
        block.values[name] = values
        block.bound[name] = block.generation
        self._values[statement] = values
        self._tensor_defs[statement] = name
        block.summary_tags[name] = tags
        self._layer_preludes[statement] = cst.SimpleStatementLine([cst.Assign(
            [cst.AssignTarget(cst.Name(tags))], tags_value(entries, self._tf))])

    def _add_summary(self, block: _Block, call: cst.Call) -> cst.BaseExpression:
        """`writer.add_summary(summary, step)` -> `add_summary(writer, summary, step)`."""
        try:
            bound = bound_arguments(call, ("summary", "global_step"))
        except ArgumentRefusal as refusal:
            raise Refusal(f"add_summary: {refusal}", call) from None
        if "global_step" not in bound or "summary" not in bound:
            raise Refusal("add_summary() without a step: TF2 summaries are written at one",
                          call)
        args = []
        for key in ("summary", "global_step"):
            value = bound[key]
            for inner in matching.calls_in(value):
                new = self._fetch_call(block, inner)
                if new is not None:
                    value = value.deep_replace(inner, new)
            args.append(cst.Arg(value))
        name = self._helper(block, "add_summary", ADD_SUMMARY)
        return cst.Call(cst.Name(name), args=_joined([cst.Arg(call.func.value), *args]))
