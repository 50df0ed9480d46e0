"""RNN cells and their drivers in session graph code: the eager cells modules already emits.

Before (a whole TF1 script, at module level)::

    cell = tf.nn.rnn_cell.BasicRNNCell(n_hidden)
    outputs, states = tf.nn.dynamic_rnn(cell, X, dtype=tf.float32)

After::

    cell = BasicRNNCell(n_hidden)                  # a tf.Module made once
    def outputs_states(X):                         # sessions' tensor function
        return dynamic_rnn(cell, X, dtype=tf.float32)

The cell classes and `dynamic_rnn` / `static_rnn` are the templates of `codemods.modules`
(same TF1 variables: `rnn/basic_rnn_cell/kernel`, made on the first run). TF1 names a cell when
its RNN first runs it, in the RNN's scope (`rnn/`, `scope=`) or, inside a `MultiRNNCell`, in
`cell_<i>`, so a cell's name is its kind's (`basic_lstm_cell`): one driver per scope is all a
TF1 graph allows. A DropoutWrapper of a fed keep probability (and a MultiRNNCell of it) holds
no variables: it becomes a function of the placeholder, made on every call around the cell
made once (`cell = DropoutWrapper(cell, ...)` binds the cell to `cell_cell`). A cell made from
graph tensors is refused: its variables would be made again on every call. `RNNCellsMixin`,
the part of `Sessions` that uses these functions, classifies a block's cell statements and the
module-level `tf.variable_scope` blocks around them.

Inline cases (tests/test_session_rnn.py runs them through the pipeline):
- rewrite: `cell = tf.nn.rnn_cell.GRUCell(4)` -> `cell = GRUCell(4)`
- rewrite: `m = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.BasicLSTMCell(4) for _ in range(2)])`
- keep: a cell made inside a function (modules converts those)
- rewrite: `cell = DropoutWrapper(cell, output_keep_prob=keep)` -> `def cell(keep): ...`
- refuse: `tf.nn.rnn_cell.LSTMCell(4, use_peepholes=True)`; a cell made from a fed value
"""
from __future__ import annotations

from typing import Callable

import libcst as cst

from codemods import matching, templates
from codemods.modules import _WRAPPER_KEPT, _WRAPPER_PARAMS, CELLS, RNN_FUNCTIONS, WRAPPERS
from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.minimize import OPTIMIZERS
from codemods.sessions.syntax import _referenced
from codemods.variables import Refusal as ArgumentRefusal, bound_arguments, join_args, kwarg

#: What a cell constructor or an RNN driver may be, by TF1 path.
CELL_PATHS = frozenset(CELLS) | WRAPPERS
DRIVERS = frozenset(RNN_FUNCTIONS) - {"nn.bidirectional_dynamic_rnn"}


class CellRefusal(Exception):
    """Why a cell or driver is left alone (sessions turns it into its own refusal)."""


def helper_kinds(path: str) -> list[tuple[str, str]]:
    """(emitted name, template) of what a cell kind or driver needs, dependencies first."""
    if path in WRAPPERS:
        return [("DropoutWrapper", templates.DROPOUT_WRAPPER)]
    if path in CELLS:
        kind = CELLS[path]
        needed = [("LSTMStateTuple", templates.LSTM_STATE_TUPLE)] \
            if kind.template == "LSTM_CELL" else []
        return needed + [(kind.cls, getattr(templates, kind.template))]
    name = RNN_FUNCTIONS[path][0]
    return [(name, getattr(templates, name.upper()))]


def variable_free(path: str) -> bool:
    """A wrapper or a MultiRNNCell holds no variables of its own: made on every call, from a
    fed keep probability, it still runs the cells made once."""
    return path in WRAPPERS or (path in CELLS and CELLS[path].cls == "MultiRNNCell")


def wrapped_name(value: cst.BaseExpression, path: str):
    """The name a DropoutWrapper wraps (`cell` in `DropoutWrapper(cell, ...)`), if any."""
    if path not in WRAPPERS or not isinstance(value, cst.Call):
        return None
    try:
        cell = bound_arguments(value, _WRAPPER_PARAMS).get("cell")
    except ArgumentRefusal:
        return None
    return cell.value if isinstance(cell, cst.Name) else None


def rewrite_cell(value: cst.Call, tf_name: Callable, cells: set,
                 emitted: Callable[[str], str], renamed: dict = None) -> cst.Call:
    """The eager constructor for a TF1 cell, wrapper or MultiRNNCell made at module level.
    `cells` are the names already bound to converted cells; `emitted(path)` registers the
    classes a path needs and returns its emitted class name; a wrapper of a cell in
    `renamed` wraps it under its new name."""
    path = tf_name(value.func)
    try:
        if path in WRAPPERS:
            bound = bound_arguments(value, _WRAPPER_PARAMS)
            cell = bound.get("cell")
            if not (isinstance(cell, cst.Name) and cell.value in cells):
                raise CellRefusal(f"tf.{path} of a cell not made here")
            if renamed and cell.value in renamed:
                cell = cst.Name(renamed.pop(cell.value))
            _check_extra(path, bound, {"cell", *_WRAPPER_KEPT})
            args = [cst.Arg(cell)] + [kwarg(p, bound[p]) for p in _WRAPPER_KEPT if p in bound]
            return cst.Call(cst.Name(emitted(path)), args=join_args(args))
        kind = CELLS[path]
        bound = bound_arguments(value, kind.params)
    except ArgumentRefusal as refusal:
        raise CellRefusal(f"tf.{path}: {refusal}") from None
    for key, given in bound.items():
        if key in (*kind.passed, "name") or _is_none(given):
            continue
        text = cst.Module([]).code_for_node(given)
        if text not in kind.accepted.get(key, ()) and not (
                key == "reuse" and tf_name(given) == "AUTO_REUSE"):
            raise CellRefusal(f"tf.{path}({key}=...) has no conversion here")
    if kind.passed[0] not in bound:
        raise CellRefusal(f"tf.{path} without {kind.passed[0]}")
    first = bound[kind.passed[0]]
    if kind.cls == "MultiRNNCell":
        first = _inner_cells(first, tf_name, cells, emitted, renamed)
    args = [cst.Arg(first)] + [kwarg(p, bound[p]) for p in kind.passed[1:] if p in bound]
    name = bound.get("name")
    cls = emitted(path)
    if isinstance(name, cst.SimpleString):
        args.append(kwarg("name", name))
    elif name is not None and not _is_none(name):
        raise CellRefusal(f"tf.{path}(name=...) is not a literal name")
    elif cls != kind.cls:  # a renamed class: the module name is TF1's kind name still
        args.append(kwarg("name", cst.SimpleString(f'"{kind.base_name}"')))
    return cst.Call(cst.Name(cls), args=join_args(args))


def _inner_cells(cells_arg: cst.BaseExpression, tf_name, cells, emitted, renamed=None):
    """The list of a MultiRNNCell: names of cells made here, cell constructors, or one
    constructor in a list comprehension (`[BasicLSTMCell(n) for _ in range(k)]`)."""
    if isinstance(cells_arg, cst.Name) and cells_arg.value in cells:
        return cells_arg  # `cells = [BasicLSTMCell(n) for _ in range(2)]`, made here

    def one(element: cst.BaseExpression) -> cst.BaseExpression:
        if isinstance(element, cst.Name) and element.value in cells:
            return element
        if isinstance(element, cst.Call) and tf_name(element.func) in CELLS and \
                CELLS[tf_name(element.func)].cls != "MultiRNNCell":
            return rewrite_cell(element, tf_name, cells, emitted)
        raise CellRefusal("a MultiRNNCell of cells not made here")

    if isinstance(cells_arg, cst.List):
        return cells_arg.with_changes(elements=[e.with_changes(value=one(e.value))
                                                for e in cells_arg.elements])
    if isinstance(cells_arg, cst.ListComp):
        return cells_arg.with_changes(elt=one(cells_arg.elt))
    raise CellRefusal("a MultiRNNCell whose cells are not a list written here")


def is_cell_list(value: cst.BaseExpression, tf_name: Callable) -> bool:
    """`[tf.nn.rnn_cell.BasicLSTMCell(n) for _ in range(k)]` or a list of cell constructors."""
    elements = [value.elt] if isinstance(value, cst.ListComp) else \
        [e.value for e in value.elements] if isinstance(value, cst.List) else []
    return bool(elements) and all(isinstance(e, cst.Call) and tf_name(e.func) in CELLS
                                  for e in elements)


def rewrite_cell_list(value, tf_name: Callable, cells: set, emitted: Callable[[str], str],
                      renamed: dict = None):
    """The eager cells of a list bound to a name, for a MultiRNNCell to take."""
    return _inner_cells(value, tf_name, cells, emitted)


def rewrite_driver(call: cst.Call, path: str, cells: set,
                   emitted: Callable[[str], str], original: cst.Call,
                   prefix: str = None) -> cst.Call:
    """`tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, swap_memory=True)` (TF1 `path`) over a
    cell made at module level -> `dynamic_rnn(cell, x, dtype=tf.float32)`; `call` is the
    call with its graph tensors already made calls, `original` the one checked."""
    _, params, cell_params, dropped = RNN_FUNCTIONS[path]
    try:
        bound = bound_arguments(original, params)
    except ArgumentRefusal as refusal:
        raise CellRefusal(f"tf.{path}: {refusal}") from None
    positional = sum(1 for a in call.args if a.keyword is None)
    if dropped and positional > params.index(dropped[0]):
        raise CellRefusal(f"tf.{path} with {dropped[0]} or later passed by position")
    for param in cell_params:
        cell = bound.get(param)
        if not (isinstance(cell, cst.Name) and cell.value in cells):
            raise CellRefusal(f"tf.{path} runs a cell not made here")
    scope = bound.get("scope")
    if scope is not None and not isinstance(scope, cst.SimpleString):
        raise CellRefusal(f"tf.{path}(scope=...) is not a literal")
    args = [a for a in call.args if a.keyword is None or a.keyword.value not in dropped]
    if prefix:  # run in `with tf.variable_scope(prefix):`: its scope is `prefix/rnn`
        inner = scope.evaluated_value if scope is not None else "rnn"
        args = [a for a in args if a.keyword is None or a.keyword.value != "scope"]
        if len(args) > params.index("scope"):
            raise CellRefusal(f"tf.{path} with a positional scope in a variable scope")
        args.append(kwarg("scope", cst.SimpleString(f'"{prefix}/{inner}"')))
    return call.with_changes(func=cst.Name(emitted(path)), args=join_args(args))


def _check_extra(path: str, bound: dict, kept: set) -> None:
    extra = sorted(k for k, v in bound.items() if k not in kept and not _is_none(v))
    if extra:
        raise CellRefusal(f"tf.{path}({extra[0]}=...) has no conversion here")


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


class RNNCellsMixin:
    """RNN cells in graph code, and module-level variable scopes."""

    def _in_variable_scope(self, statement, small) -> None:
        """`with tf.variable_scope("encode"):` at module level, around RNN cells and the RNN
        that runs them: the block goes, and the RNN runs in `encode/rnn` as TF1's did. Any
        other variable made there would need the prefix too: refused."""
        prefix = self._vscope_of.get(statement)
        if prefix is None:
            return
        for call in matching.calls_in(small):
            path = self.tf_name(call.func)
            if path in DRIVERS:
                self._driver_scopes[call] = prefix
            elif path in CELL_PATHS:
                continue
            elif self._is_variable_maker(call) or path in OPTIMIZERS or \
                    self._minimize_call(call) is not None:
                raise Refusal(f"tf.{path or 'minimize'} in a tf.variable_scope block at module "
                              f"level", call)

    def _cell(self, block: _Block, statement, small, name: str, graph_refs) -> None:
        """`cell = tf.nn.rnn_cell.BasicLSTMCell(n)` in graph code: the emitted cell module,
        made once (codemods.sessions.rnn); the RNN that runs it makes its variables."""
        listed = not isinstance(small.value, cst.Call)
        path = "nn.rnn_cell list" if listed else self.tf_name(small.value.func)
        if graph_refs and not variable_free(path):
            raise Refusal(f"tf.{path} made from graph tensors (a fed keep probability) would "
                          f"be made again on every call", small)
        wrapped = wrapped_name(small.value, path)
        if path in WRAPPERS and wrapped == name and \
                (graph_refs or "Saver" in self._module.code):
            if name not in self._cell_statements:
                raise Refusal(f"`{name}` is rebound to its dropout wrapper", small)
            self._rename_cell(block, name)  # `cell = DropoutWrapper(cell, keep_prob=kp)`
        rewrite = rewrite_cell_list if listed else rewrite_cell
        try:
            new = rewrite(small.value, self.tf_name, block.cells,
                          lambda p: self._rnn_class(block, p), self._renamed_cells)
        except CellRefusal as refusal:
            raise Refusal(str(refusal), small.value) from None
        block.cells.add(name)
        if graph_refs:  # a wrapper of a fed keep probability: made on every call, a tensor
            block.tensors[name] = block.params_of(_referenced(small.value))
            block.values[name] = small.value
            self._values[statement] = new
            self._tensor_defs[statement] = name
            return
        if path not in WRAPPERS:
            block.variables.append(name)
        self._cell_statements[name] = (statement, small, new)
        block.replace[statement] = [statement.with_changes(body=[small.with_changes(value=new)])]

    def _rename_cell(self, block: _Block, name: str) -> None:
        """`cell = BasicLSTMCell(n)` then `cell = DropoutWrapper(cell, ...)`: the cell made
        once is bound to `cell_cell`, and the wrapper takes the name."""
        statement, small, new = self._cell_statements.pop(name)
        fresh = block.fresh(f"{name}_cell")
        self._renamed_cells[name] = fresh
        block.cells.add(fresh)
        block.variables = [fresh if v == name else v for v in block.variables]
        block.replace[statement] = [statement.with_changes(body=[small.with_changes(
            value=new, targets=[small.targets[0].with_changes(target=cst.Name(fresh))])])]

    def _rnn_class(self, block: _Block, path: str) -> str:
        """Register what a cell kind or RNN driver needs; its emitted name."""
        name = None
        for helper, template in helper_kinds(path):
            name = self._helper(block, helper, template)
        return name
