"""RNN cells and drivers in a converted body: child modules and emitted eager functions.

    cell = tf.nn.rnn_cell.LSTMCell(128)
    outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
    ->
    cell = self.child(LSTMCell, "lstm_cell", 128)
    outputs, state = dynamic_rnn(cell, x, dtype=tf.float32)

The cell classes, `LSTMStateTuple`, `DropoutWrapper` and `dynamic_rnn` /
`bidirectional_dynamic_rnn` / `static_rnn` are emitted once per file from templates
(`RnnHelpers`) and make TF1's variables (`rnn/lstm_cell/kernel`). `CELLS`, `WRAPPERS` and
`RNN_FUNCTIONS` describe TF1's signatures; codemods.sessions.rnn uses them too. `CellScans`
checks the calls in the scan, `CellRewrites` rewrites them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import libcst as cst

from codemods import templates
from codemods.modules.candidate import _Candidate, _identifier, _is_none
from codemods.modules.layout import _realigned
from codemods.variables import Refusal, bound_arguments, join_args, kwarg


@dataclass(frozen=True)
class _CellKind:
    """A TF1 RNN cell we emit a module for: its class, template, TF1's default scope name,
    TF1 parameters in order, the ones the module takes, and the others' accepted values
    (source text; absent or None is always accepted)."""
    cls: str
    template: str
    base_name: str
    params: tuple
    passed: tuple
    accepted: dict = field(default_factory=dict)


_LSTM_PARAMS = ("num_units", "use_peepholes", "cell_clip", "initializer", "num_proj",
                "proj_clip", "num_unit_shards", "num_proj_shards", "forget_bias",
                "state_is_tuple", "activation", "reuse", "name", "dtype")
_ANY_REUSE = ("True", "False", "tf.AUTO_REUSE", "AUTO_REUSE")  # the same instance reuses
CELLS = {}
for _prefix in ("nn.rnn_cell.", "contrib.rnn."):
    CELLS.update({
        _prefix + "BasicLSTMCell": _CellKind(
            "BasicLSTMCell", "LSTM_CELL", "basic_lstm_cell",
            ("num_units", "forget_bias", "state_is_tuple", "activation", "reuse", "name",
             "dtype"), ("num_units", "forget_bias", "activation"),
            {"state_is_tuple": ("True",), "reuse": _ANY_REUSE}),
        _prefix + "LSTMCell": _CellKind(
            "LSTMCell", "LSTM_CELL", "lstm_cell", _LSTM_PARAMS,
            ("num_units", "initializer", "forget_bias", "activation"),
            {"use_peepholes": ("False",), "state_is_tuple": ("True",), "reuse": _ANY_REUSE}),
        _prefix + "GRUCell": _CellKind(
            "GRUCell", "GRU_CELL", "gru_cell",
            ("num_units", "activation", "reuse", "kernel_initializer", "bias_initializer",
             "name", "dtype"),
            ("num_units", "activation", "kernel_initializer", "bias_initializer"),
            {"reuse": _ANY_REUSE}),
        _prefix + "BasicRNNCell": _CellKind(
            "BasicRNNCell", "BASIC_RNN_CELL", "basic_rnn_cell",
            ("num_units", "activation", "reuse", "name", "dtype"), ("num_units", "activation"),
            {"reuse": _ANY_REUSE}),
        _prefix + "MultiRNNCell": _CellKind(
            "MultiRNNCell", "MULTI_RNN_CELL", "multi_rnn_cell", ("cells", "state_is_tuple"),
            ("cells",), {"state_is_tuple": ("True",)}),
    })
STATE_TUPLES = frozenset({"nn.rnn_cell.LSTMStateTuple", "contrib.rnn.LSTMStateTuple"})
#: `tf.nn.rnn_cell.DropoutWrapper`: TF1 parameters in order, and those it keeps.
WRAPPERS = frozenset({"nn.rnn_cell.DropoutWrapper", "contrib.rnn.DropoutWrapper"})
_WRAPPER_PARAMS = ("cell", "input_keep_prob", "output_keep_prob", "state_keep_prob",
                   "variational_recurrent", "input_size", "dtype", "seed",
                   "dropout_state_filter_visitor")
_WRAPPER_KEPT = ("input_keep_prob", "output_keep_prob", "seed")
WRAPPER = "DropoutWrapper"
STATE_TUPLE = "LSTMStateTuple"
#: TF1 RNN drivers -> (emitted function, TF1 parameters in order, the cell parameters,
#: parameters dropped as meaningless in eager mode).
RNN_FUNCTIONS = {
    "nn.dynamic_rnn": ("dynamic_rnn", (
        "cell", "inputs", "sequence_length", "initial_state", "dtype", "parallel_iterations",
        "swap_memory", "time_major", "scope"), ("cell",), ("parallel_iterations",
                                                           "swap_memory")),
    "nn.bidirectional_dynamic_rnn": ("bidirectional_dynamic_rnn", (
        "cell_fw", "cell_bw", "inputs", "sequence_length", "initial_state_fw",
        "initial_state_bw", "dtype", "parallel_iterations", "swap_memory", "time_major",
        "scope"), ("cell_fw", "cell_bw"), ("parallel_iterations", "swap_memory")),
    **{path: ("static_rnn", ("cell", "inputs", "initial_state", "dtype", "sequence_length",
                             "scope"), ("cell",), ())
       for path in ("nn.static_rnn", "contrib.rnn.static_rnn")},
}
_RNN_DRIVER = re.compile(r"\b(?:static_rnn|dynamic_rnn|bidirectional_dynamic_rnn|"
                         r"static_bidirectional_rnn|raw_rnn)\s*\(")


class CellScans:
    """The `_BodyScanner` methods for RNN cells, wrappers and drivers."""

    def _cell(self, node: cst.Call, kind: _CellKind) -> bool:
        """`tf.nn.rnn_cell.LSTMCell(n, name=...)` -> `self.child(LSTMCell, name, n)`: made once;
        it makes its variables when a dynamic_rnn first runs it."""
        label = f"tf.nn.rnn_cell.{kind.cls}"
        try:
            bound = bound_arguments(node, kind.params)
        except Refusal as refusal:
            self.fail(f"{label}: {refusal}", node)
            return False
        for key, value in bound.items():
            if key in (*kind.passed, "name") or _is_none(value):
                continue
            text = cst.Module([]).code_for_node(value)
            if text not in kind.accepted.get(key, ()) and not (
                    key == "reuse" and self.codemod.tf_name(value) == "AUTO_REUSE"):
                self.fail(f"{label}({key}=...) has no conversion here", node)
                return False
        if kind.passed[0] not in bound:
            self.fail(f"{label} without {kind.passed[0]}", node)
            return False
        if kind.cls == "MultiRNNCell" and not self._inner_cells(bound["cells"], label, node):
            return False
        self._visit_args(node)
        name = bound.get("name")
        numbered = False
        if name is None or _is_none(name):
            name = self._numbered(kind.base_name, f"an unnamed {label}", node,
                                  in_caller=True)
            if name is None:
                return False
            numbered = name.evaluated_value != kind.base_name
        elif not (isinstance(name, cst.SimpleString) and _identifier(name)):
            self.fail(f"{label}(name=...) is not a literal name", node)
            return False
        self.c.cells[node] = (kind, name, numbered)
        return False

    def _wrapper(self, node: cst.Call, path: str) -> bool:
        """`tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=kp)` over a cell made here:
        the emitted wrapper, made on every call (keep probabilities stay live)."""
        try:
            bound = bound_arguments(node, _WRAPPER_PARAMS)
        except Refusal as refusal:
            self.fail(f"tf.{path}: {refusal}", node)
            return False
        cell = bound.get("cell")
        allowed = {"state_keep_prob": ("1", "1.0"), "variational_recurrent": ("False",)}
        for key, value in bound.items():
            if key in ("cell", *_WRAPPER_KEPT) or _is_none(value):
                continue
            if cst.Module([]).code_for_node(value) not in allowed.get(key, ()):
                self.fail(f"tf.{path}({key}=...) has no conversion here", node)
                return False
        if not (isinstance(cell, cst.Name) and cell.value in self.cell_names
                or isinstance(cell, cst.Call) and self.codemod.tf_name(cell.func) in CELLS):
            self.fail(f"tf.{path} wraps a cell not made by tf.nn.rnn_cell in this function",
                      node)
            return False
        self.c.wrappers.add(node)
        return self._visit_args(node)

    def _inner_cells(self, cells: cst.BaseExpression, label: str, node: cst.Call) -> bool:
        """`[LSTMCell(n) for _ in range(k)]` or `[GRUCell(n), GRUCell(m)]`: cells made for
        the MultiRNNCell alone (each named by its place, `cell_0`, ...)."""
        if isinstance(cells, cst.ListComp):
            made = [cells.elt]
        elif isinstance(cells, (cst.List, cst.Tuple)) and cells.elements:
            made = [e.value for e in cells.elements if not isinstance(e, cst.StarredElement)]
            if len(made) != len(cells.elements):
                made = []
        else:
            made = []
        kinds = [CELLS.get(self.codemod.tf_name(m.func)) if isinstance(m, cst.Call) else None
                 for m in made]
        if not made or any(k is None or k.cls == "MultiRNNCell" for k in kinds):
            self.fail(f"{label} of cells not made in its list (a list display or "
                      "comprehension of RNN cells)", node)
            return False
        for call, kind in zip(made, kinds):
            bound = bound_arguments(call, kind.params)
            for key, value in bound.items():
                if key in kind.passed or key == "name" and isinstance(
                        value, cst.SimpleString) or _is_none(value):
                    continue
                if cst.Module([]).code_for_node(value) not in kind.accepted.get(key, ()) \
                        and self.codemod.tf_name(value) != "AUTO_REUSE":
                    self.fail(f"tf.nn.rnn_cell.{kind.cls}({key}=...) has no conversion here",
                              call)
                    return False
            self.c.inner_cells[call] = kind
        return True

    def _rnn(self, node: cst.Call, path: str) -> bool:
        """`tf.nn.dynamic_rnn(cell, x, ...)` over a cell made here -> the emitted
        `dynamic_rnn(cell, x, ...)` (likewise bidirectional_dynamic_rnn)."""
        _, params, cell_params, dropped = RNN_FUNCTIONS[path]
        try:
            bound = bound_arguments(node, params)
        except Refusal as refusal:
            self.fail(f"tf.{path}: {refusal}", node)
            return False
        positional = sum(1 for a in node.args if a.keyword is None)
        if dropped and positional > params.index(dropped[0]):
            self.fail(f"tf.{path} with {dropped[0]} or later passed by position", node)
            return False
        for param in cell_params:
            cell = bound.get(param)
            if not (isinstance(cell, cst.Name) and cell.value in self.cell_names
                    or isinstance(cell, cst.Call) and (self.codemod.tf_name(cell.func) in CELLS
                                                       or cell in self.c.wrappers)):
                self.fail(f"tf.{path} runs a cell not made by tf.nn.rnn_cell in this function",
                          node)
                return False
        scope = bound.get("scope")
        if scope is not None and not isinstance(scope, (cst.SimpleString, cst.Name)):
            self.fail(f"tf.{path}(scope=...) is neither a literal nor a name", node)
            return False
        if not self.in_scope:
            self.fail(f"tf.{path} outside its variable scope", node)
            return False
        self.c.rnns[node] = path
        return self._visit_args(node)


class CellRewrites:
    """The `_BodyRewriter` methods for RNN cells, drivers and `LSTMStateTuple`."""

    def _cell(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """`tf.nn.rnn_cell.LSTMCell(n, name='enc')` -> `self.child(LSTMCell, 'enc', n)`; an
        unnamed second cell in a scope keeps TF1's own name to build under:
        `self.child(LSTMCell, "lstm_cell_1", n, cell_name="lstm_cell")`."""
        kind, key, numbered = self.candidate.cells[original]
        bound = bound_arguments(updated, kind.params)
        self.codemod.replaced(original.func)
        args = [cst.Arg(cst.Name(self.codemod._helper_names[kind.cls])), cst.Arg(key),
                cst.Arg(bound[kind.passed[0]])]
        args += [kwarg(p, bound[p]) for p in kind.passed[1:] if p in bound]
        if numbered:
            args.append(kwarg("cell_name", cst.SimpleString(f'"{kind.base_name}"')))
        getter = cst.Call(func=cst.Attribute(cst.Name("self"), cst.Name("child")),
                          args=join_args(args))
        self.getters.add(getter)
        return getter

    def _inner_cell(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """A cell in a MultiRNNCell's list: `LSTMCell(n)`, made with the wrapper (which is
        made once), named by TF1's default or its own `name=`."""
        kind = self.candidate.inner_cells[original]
        bound = bound_arguments(updated, kind.params)
        self.codemod.replaced(original.func)
        args = [cst.Arg(bound["num_units"])]
        args += [kwarg(p, bound[p]) for p in kind.passed[1:] if p in bound]
        if isinstance(bound.get("name"), cst.SimpleString):
            args.append(kwarg("name", bound["name"]))
        return cst.Call(func=cst.Name(self.codemod._helper_names[kind.cls]),
                        args=join_args(args))

    def _rnn(self, original: cst.Call, updated: cst.Call) -> cst.Call:
        """`tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, swap_memory=True)` ->
        `dynamic_rnn(cell, x, dtype=tf.float32)`."""
        path = self.candidate.rnns[original]
        name, _, _, dropped = RNN_FUNCTIONS[path]
        self.codemod.replaced(original.func)
        args = [a for a in updated.args if a.keyword is None or a.keyword.value not in dropped]
        if len(args) != len(updated.args):
            args = join_args(args) if all(
                not isinstance(getattr(a.comma, "whitespace_after", None),
                               cst.ParenthesizedWhitespace) for a in updated.args) \
                else args[:-1] + [args[-1].with_changes(comma=updated.args[-1].comma)]
        return _realigned(updated, updated.with_changes(
            func=cst.Name(self.codemod._helper_names[name]), args=args))

    def _state_tuple(self, original, updated) -> cst.BaseExpression:
        if original in self.candidate.state_tuples:
            self.codemod.replaced(original)
            return cst.Name(self.codemod._helper_names[STATE_TUPLE])
        return updated


class RnnHelpers:
    """The `Modules` methods that emit the RNN helpers a candidate needs."""

    def _rnn_helpers(self, candidate: _Candidate) -> list[str]:
        """The RNN helpers `candidate` uses, each after those it needs, as emitted."""
        needed = []
        kinds = [kind for kind, _, _ in candidate.cells.values()] + list(
            candidate.inner_cells.values())
        if candidate.state_tuples or any(k.template == "LSTM_CELL" for k in kinds):
            needed.append(STATE_TUPLE)
        for kind in kinds:
            if kind.cls not in needed:
                needed.append(kind.cls)
        if candidate.wrappers:
            needed.append(WRAPPER)
        paths = set(candidate.rnns.values())
        if paths - {"nn.static_rnn", "contrib.rnn.static_rnn"}:
            needed.append("dynamic_rnn")
        if "nn.bidirectional_dynamic_rnn" in paths:
            needed.append("bidirectional_dynamic_rnn")
        if paths & {"nn.static_rnn", "contrib.rnn.static_rnn"}:
            needed.append("static_rnn")
        return needed

    def _rnn_helper(self, candidate: _Candidate, helper: str) -> cst.BaseStatement:
        name = self._helper_names[helper]
        if helper == STATE_TUPLE:
            return self._emitted(candidate, templates.LSTM_STATE_TUPLE, cls=name)
        if helper == WRAPPER:
            return self._emitted(candidate, templates.DROPOUT_WRAPPER, cls=name,
                                 spelling="tf.nn.rnn_cell.DropoutWrapper")
        if helper == "dynamic_rnn":
            return self._emitted(candidate, templates.DYNAMIC_RNN, cls=name,
                                 pad=" " * (len(name) + 5))
        if helper == "static_rnn":
            return self._emitted(candidate, templates.STATIC_RNN, cls=name,
                                 pad=" " * (len(name) + 5))
        if helper == "bidirectional_dynamic_rnn":
            rnn = self._helper_names["dynamic_rnn"]
            return self._emitted(candidate, templates.BIDIRECTIONAL_DYNAMIC_RNN, cls=name,
                                 rnn=rnn, pad=" " * (len(name) + 5),
                                 pad2=" " * (8 + len("outputs_fw, state_fw = ") + len(rnn) + 1))
        kind = next(k for k in CELLS.values() if k.cls == helper)
        return self._emitted(candidate, getattr(templates, kind.template), cls=name,
                             spelling=f"tf.nn.rnn_cell.{kind.cls}",
                             state=self._helper_names[STATE_TUPLE])
