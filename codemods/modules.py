"""Scoped layer functions -> `tf.Module` subclasses, Sonnet-2 style.

A module-level function whose body opens `with tf.variable_scope(<scope param or literal>
[, reuse=...]):` and creates its variables there with `NAME = tf.get_variable(...)` statements
(at the top level of that block), or by calling other such functions, becomes::

    class Conv1d(tf.Module):
        def __init__(self, name=None):          # the scope becomes the module name
            super().__init__(name=name)
            self.w = None

        @tf.Module.with_name_scope
        def __call__(self, x, nf):               # every other parameter, in order
            if self.w is None:                   # created on the first call: shapes may
                self.w = tf.Variable(...)        # depend on the inputs
            w = self.w

Calls to other converted functions become child modules, made on first use inside the
parent's name scope and kept in `self.children` under their scope name (`self.child(Block,
'h%d' % i)(h)`), so every TF1 variable name (`model/h0/attn/c_attn/w`) is reproduced and
`reuse=True` / `tf.AUTO_REUSE` is calling the same instance again. Those classes derive from a
small `ScopedModule` base emitted once per file. `x.shape[i].value` becomes `x.shape[i]`.

Inside a converted body, a nested `with tf.variable_scope(x):` becomes `with self.scope(x):`
and a `get_variable` there (or in a loop) becomes `self.variable(name, lambda: tf.Variable(...))`,
found again by its scope path on later calls. `tf.layers.dense(x, n, name=...)` becomes
`self.child(Dense, name, n, ...)(x)`, a small emitted module with TF1's `kernel`/`bias`
variables; unnamed ones get TF1's `dense`, `dense_1`, ... by their order in the scope. `tf.layers.conv2d`,
`conv2d_transpose` and `batch_normalization` likewise become `Conv2D`, `Conv2DTranspose` and
`BatchNormalization` modules (`training=` moves to the module call: `bn(x, training=t)`; in
training mode it updates the moving averages itself, which TF1 left to UPDATE_OPS; renorm and
virtual batches are refused), and `tf.contrib.layers.layer_norm` a `LayerNorm` module with
contrib's `beta`/`gamma` (renamed `LayerNormLayer` when a converted function is `layer_norm`).
`tf.layers.flatten(x)`, `tf.contrib.layers.flatten(x)`, `tf.layers.dropout(x, rate,
training=t)` and `tf.layers.max_pooling2d`/`average_pooling2d`, which make no variables, become
`tf.reshape(...)`, `tf.nn.dropout(x, rate=r) if t else x` (TF1's default is not training) and
`tf.nn.max_pool2d`/`avg_pool2d`. A layer named by a plain name that may be None when it runs
(`scope=name`) gets `name if name is not None else "LayerNorm"`, TF1's default, which is only
right when nothing else in that scope may take the same default (else refused: TF1 numbers
them). Initializer factories whose every use is an initializer of converted code (BERT's
`create_initializer`) return the TF2 initializer (`tf.keras.initializers.TruncatedNormal`).

RNN cells (`tf.nn.rnn_cell` / `tf.contrib.rnn` `BasicLSTMCell`, `LSTMCell` without peepholes,
clipping or projection, `GRUCell`, `BasicRNNCell`) become child modules made once
(`self.child(LSTMCell, "lstm_cell", n)`) that make TF1's variables when first run, and
`tf.nn.dynamic_rnn` / `bidirectional_dynamic_rnn` over them become emitted eager functions of
the same names and signatures (`rnn/lstm_cell/kernel`, `bidirectional_rnn/fw/...`;
`sequence_length` zeroes outputs and carries the state as TF1 did); `LSTMStateTuple` becomes an
emitted namedtuple; `MultiRNNCell([LSTMCell(n) for _ in range(k)])` becomes one child holding
cells made with it (`rnn/multi_rnn_cell/cell_0/lstm_cell/kernel`). Other RNN drivers
(`static_rnn`, ...) and cells passed in from elsewhere are refused. `DropoutWrapper(cell,
input_keep_prob=.., output_keep_prob=..)` becomes an emitted wrapper made on every call (so a
fed keep probability stays live) around the cell made once; refused inside a MultiRNNCell list
or with state or variational dropout.

A function that makes variables without a scope of its own (BERT's `embedding_lookup`), or in
several scopes it opens one after another, becomes a module without a name scope, so its
variables land in the caller's scope; it is converted only when converted modules are its only
callers, and otherwise left alone without a warning. One that nothing in the file calls and
that is made only of calls to converted functions (a model's entry point, `gan_logits(z, x)`)
becomes such a module too. `with tf.variable_scope(s) as scope:` is accepted when `scope` is
only used for `scope.reuse_variables()` statements in that block: they go, since the calls
after them get the same child instances; a variable or layer made directly after one is refused.

`variable_scope(name, default_name="d")` in a function: calls that pass no name (or None)
get TF1's numbered names, `d`, `d_1`, ..., in call order (arguments first) per scope.

A class whose `__init__` opens `with tf.variable_scope(scope[, default_name=...]):` (BERT's
`BertModel`) derives from `ScopedModule`: `super().__init__(name=scope)` comes first and the
scope becomes `with self.name_scope:`; its callers are unchanged (`class_to_module` record).
Its methods that make variables are converted with it when they run only inside that scope
(called as `self.m(...)` from the scope block or from one another, like the siamese
`self.network(x)` -> `self.fc_layer(...)`): their `get_variable`s become
`self.variable(name, ...)`, found again by scope path, so the second tower after
`scope.reuse_variables()` reuses the first one's weights.

Call sites at module level that all use the same literal scope (or the default) get one
instance, created before the first of them: `model_module = Model(name='model')`. Each
conversion is recorded (`function_to_module`) so `tfmigrate verify --call` can translate calls.

Across files: a helper imported from a module beside the file (`from utils import
shape_list`) is read (the engine passes the sources of such modules) and accepted inside a
converted body when it provably makes no variables (codemods.imported); and a function that
another file of the run imports stays a function, since that file would still call it as one.

Refuses, with a warning naming the reason, and leaves the function for the compat fallback:
any other use of the function (passed as a value, called from a function that is not converted,
imported by another file of the run,
called at module level with differing or computed scopes), a `get_variable` it cannot convert
(see codemods.variables) or that is not an assignment statement at the top of the scope block,
other variable APIs in the body (`tf.Variable`, `tf.layers` other than those above, nested
`variable_scope` with options, collections), unnamed layers in loops, classes with base
classes or members tf.Module reserves, calls to imported or local functions that may create variables, a scope
parameter used for anything else, a non-literal `default_name`, `initializer`/other scope
options, `as scope` used for more than `reuse_variables()`, calls left to `default_name` in
loops (or twice at module level), layers named by a parameter in loops, pooling with a
computed data format, and names that would collide.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

from codemods import matching, stateless_layers, templates
from codemods.base import TFCodemod
from codemods.imported import makes_no_variables
from migrate.engine import IMPORTERS_KEY, IMPORTS_KEY
from codemods.variables import MAPPED_INITIALIZERS as _MAPPED
from codemods.variables import (GET_VARIABLE_PARAMS, InitializerCheck, Refusal,
                                 bound_arguments, convert_get_variable, join_args, kwarg,
                                 run_once_functions)
from codemods.variables.bindings import _returns, _single_assignments
from codemods.variables.initializers import _map_initializer

#: TF APIs that create or look up variables in ways a converted body cannot keep.
_FORBIDDEN = frozenset({
    "variable_scope", "get_variable_scope", "VariableScope", "Variable", "make_template",
    "get_collection", "get_collection_ref", "add_to_collection", "trainable_variables",
    "global_variables", "local_variables", "model_variables", "variable_op_scope",
    "AUTO_REUSE", "get_local_variable", "train.get_or_create_global_step",
    "train.get_global_step", "nn.static_bidirectional_rnn", "nn.raw_rnn",
    "nn.static_state_saving_rnn",
})
_FORBIDDEN_PREFIXES = ("layers.", "keras.layers.", "contrib.layers.", "contrib.framework.",
                       "nn.rnn_cell.", "contrib.rnn.", "compat.v1.")
_ALLOWED_CONTRIB = frozenset({"contrib.layers.xavier_initializer"})
#: Attribute names a tf.Module (or our ScopedModule) already uses.
_RESERVED = frozenset({"name", "name_scope", "variables", "trainable_variables",
                       "non_trainable_variables", "submodules", "with_name_scope", "children",
                       "child", "self"})
_LIBRARY_MODULES = matching.LIBRARY_MODULES
BASE_CLASS = "ScopedModule"
MAX_LINE = 99
HANGING_FROM = 64  # a wrapped call whose arguments would start further right gets a hanging indent


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


@dataclass(eq=False)
class _Candidate:
    function: cst.FunctionDef  # the function, or the `__init__` of a converted class
    name: str
    cls: str
    scope_item: Optional[cst.Call]  # None: it opens no scope; its variables use the caller's
    with_stmt: Optional[cst.With]
    scope_param: Optional[str]
    scope_default: Optional[cst.SimpleString]  # the module name when no scope is passed
    scope_index: Optional[int]  # positional slot of the scope parameter
    reuse_param: Optional[str] = None  # a parameter only passed on as `reuse=`: dropped
    reuse_index: Optional[int] = None
    variables: dict = field(default_factory=dict)  # statement -> (call, target name)
    children: dict = field(default_factory=dict)  # call -> callee name
    calls: set = field(default_factory=set)  # other local functions called
    keyed: set = field(default_factory=set)  # get_variable calls in nested scopes or loops
    layers: dict = field(default_factory=dict)  # tf.layers call -> (_LayerKind, name)
    cells: dict = field(default_factory=dict)  # RNN cell call -> (_CellKind, key, numbered)
    inner_cells: dict = field(default_factory=dict)  # cells made inside a MultiRNNCell list
    wrappers: set = field(default_factory=set)  # DropoutWrapper calls
    rnns: dict = field(default_factory=dict)  # dynamic_rnn call -> its TF1 path
    state_tuples: set = field(default_factory=set)  # LSTMStateTuple references
    nested: dict = field(default_factory=dict)  # nested `with variable_scope(x)` -> x
    stateless: dict = field(default_factory=dict)  # tf.layers.flatten/dropout call -> args
    owner: Optional[cst.ClassDef] = None  # the class whose `__init__` opens the scope
    numbered: bool = False  # `variable_scope(name, default_name=d)`: unnamed calls get d, d_1...
    child_names: dict = field(default_factory=dict)  # child call -> its numbered module name
    scope_records: list = field(default_factory=list)  # see _BodyScanner._new_scope
    reuse_stmts: set = field(default_factory=set)  # `scope.reuse_variables()`: dropped
    methods: list = field(default_factory=list)  # a class's variable-making methods
    refused: Optional[str] = None
    anchor: Optional[cst.CSTNode] = None  # where the refusal warning points
    silent: bool = False  # a scope-less helper that is simply left alone: no warning
    caller_numbered: bool = False  # unnamed cells numbered as if the file's only RNN ran them

    @property
    def block(self) -> list:
        """The statements that run inside the module's scope."""
        return list(self.with_stmt.body.body if self.with_stmt else self.function.body.body)

    @property
    def scoped_base(self) -> bool:
        """Does the class derive from the emitted ScopedModule (it has children)?"""
        return bool(self.children or self.keyed or self.layers or self.nested or self.owner
                    or self.cells)

    @property
    def scope_methods(self) -> bool:
        return bool(self.keyed or self.nested)

    def refuse(self, reason: str, anchor: Optional[cst.CSTNode] = None) -> None:
        if self.refused is None:
            self.refused, self.anchor = reason, anchor


class Modules(TFCodemod):
    """variable_scope functions and classes -> tf.Module subclasses keeping TF1 names."""

    NAME = "modules"
    #: Importers in other files still call the function: the record says how to call it now.
    SAFE = False
    TRIGGERS = ("variable_scope", "dynamic_rnn", "static_rnn")
    COMPOSABLE = False

    # -- analysis ----------------------------------------------------------------------------
    def prepare(self, tree: cst.Module) -> None:
        self._check = InitializerCheck(self, tree)
        self._functions = {s.name.value: s for s in tree.body if isinstance(s, cst.FunctionDef)}
        self._imported = _imported_user_names(tree)
        self._siblings = _sibling_functions(tree)
        self._sibling_sources = self.context.scratch.get(IMPORTS_KEY) or {}
        self._pure: dict[str, bool] = {}
        self._importers = self.context.scratch.get(IMPORTERS_KEY) or {}
        self._names = matching.identifiers(self.source_code(tree))
        self._rnn_drivers = len(_RNN_DRIVER.findall(self.source_code(tree)))
        self._candidates: dict[str, _Candidate] = {}
        creators = self._variable_creators()
        for function in self._functions.values():
            candidate = self._candidate(function, creators)
            if candidate is not None:
                self._candidates[candidate.name] = candidate
        for statement in tree.body:
            if isinstance(statement, cst.ClassDef):
                candidate = self._class_candidate(statement)
                if candidate is not None:
                    self._candidates[candidate.name] = candidate
        for candidate in self._candidates.values():  # now that every candidate is known
            if not candidate.refused:
                try:
                    self._scan(candidate)
                    for method in candidate.methods:
                        self._scan(method)
                        if method.scope_records and method.scope_records[0][2]:
                            raise Refusal(f"method {method.name} names a layer by a "
                                          "parameter that may be None")
                except Refusal as refusal:
                    candidate.refuse(str(refusal))
                if candidate.owner is not None and not candidate.refused and not (
                        candidate.children or candidate.keyed or candidate.layers):
                    candidate.refuse("its constructor makes no variables")
                    candidate.silent = True  # a scope over ops only: left as it is
        for function in run_once_functions(self, tree):
            # `main()` without a scope of its own stays a function (a module made of it would
            # be called once, for nothing); the calls at the top of its body are sites
            name = function.name.value
            candidate = self._candidates.get(name)
            if candidate is not None and candidate.owner is None and \
                    candidate.scope_item is None and not any(
                        name in c.children.values() for c in self._candidates.values()):
                del self._candidates[name]
        if not self._candidates:
            return
        self._check_default_names()
        # where the candidates are called only matters for one that may still be converted
        self._sites = self._module_sites(tree) if any(
            not c.refused for c in self._candidates.values()) else {}
        self._drop_unused_helpers()
        for candidate in self._candidates.values():  # callers in other files of the run
            importer = self._importers.get(candidate.name) or self._importers.get("*")
            if importer is not None and candidate.owner is None and not candidate.refused:
                candidate.refuse(f"{importer} imports it and would still call it as a function")
        changed = True
        while changed:
            changed = False
            for candidate in self._candidates.values():
                if candidate.refused:
                    continue
                for callee in sorted(candidate.calls):
                    if callee in self._candidates and self._candidates[callee].refused:
                        candidate.refuse(f"it calls {callee}, which is not converted")
                    elif callee not in self._candidates and callee in self._maybe_why:
                        candidate.refuse(f"it calls {callee}, which uses "
                                         f"{self._maybe_why[callee]}, imported from another "
                                         "module, which may create variables")
                    elif callee not in self._candidates and callee in creators:
                        candidate.refuse(f"it calls {callee}, which creates variables outside "
                                         "a convertible scope")
                for callee in candidate.children.values():
                    if self._candidates[callee].refused:
                        candidate.refuse(f"it calls {callee}, which is not converted")
                if candidate.refused:
                    changed = True
            for name, sites in self._sites.items():
                candidate = self._candidates[name]
                if isinstance(sites, str) and not candidate.refused:
                    candidate.refuse(sites)
                    changed = True
            for candidate in self._candidates.values():  # callers that stay functions
                if candidate.refused:
                    for callee in candidate.children.values():
                        if not self._candidates[callee].refused:
                            self._candidates[callee].refuse(
                                f"it is called from {candidate.name}, which is not converted")
                            changed = True
        for candidate in self._candidates.values():
            if candidate.refused and not candidate.silent:
                self.warn(candidate.anchor or candidate.function.name,
                          f"function {candidate.name} not converted to a tf.Module: "
                          f"{candidate.refused}")

    def imported_may_create(self, node: cst.BaseExpression, names) -> bool:
        """Is `node` (with qualified `names`) a name imported from a module other than the
        standard libraries, which may create variables unless its source beside the file
        shows it does not?"""
        return isinstance(node, cst.Name) and node.value in self._imported and any(
            q.name.split(".")[0] not in _LIBRARY_MODULES for q in names) \
            and not self.imported_makes_no_variables(node.value)

    def imported_makes_no_variables(self, name: str) -> bool:
        """Is `name`, imported from a module beside the file, a function that provably
        creates no variables (see codemods.imported)?"""
        if name not in self._pure:
            module, original = self._siblings.get(name, (None, None))
            source = self._sibling_sources.get(module) if module is not None else None
            self._pure[name] = source is not None and makes_no_variables(source, original)
        return self._pure[name]

    def _scope_withs(self, body: list) -> list:
        return [s for s in body if isinstance(s, cst.With) and any(
            isinstance(i.item, cst.Call) and self.tf_name(i.item.func) == "variable_scope"
            for i in s.items)]

    def _candidate(self, function: cst.FunctionDef,
                   creators: set[str]) -> Optional[_Candidate]:
        body = list(function.body.body)
        withs = self._scope_withs(body)
        if function.name.value not in creators:
            return None  # a scope over ops only: nothing for a module to own
        if not withs and function.name.value in self._maybe_creators:
            return None  # no TF variable API, only imported helpers: a plain function
        if len(withs) != 1:
            # it makes variables in its caller's scope (BERT's `embedding_lookup`), or in
            # several scopes it opens there one after another: a module without a name scope
            # of its own, kept only if converted modules are its callers
            name = function.name.value
            candidate = _Candidate(function=function, name=name, cls=matching.camel_case(name),
                                   scope_item=None, with_stmt=None, scope_param=None,
                                   scope_default=None, scope_index=None)
            try:
                self._check_params(candidate)
            except Refusal as refusal:
                candidate.refuse(str(refusal))
            return candidate
        with_stmt = withs[0]
        scope_item = next(i.item for i in with_stmt.items if isinstance(i.item, cst.Call))
        name = function.name.value
        candidate = _Candidate(function=function, name=name, cls=matching.camel_case(name),
                               scope_item=scope_item, with_stmt=with_stmt, scope_param=None,
                               scope_default=None, scope_index=None)
        try:
            self._check_shape(candidate, body, withs)
        except Refusal as refusal:
            candidate.refuse(str(refusal))
        return candidate

    def _check_params(self, c: _Candidate) -> tuple[list, list]:
        """(positional, all) parameters, after refusing the signatures it cannot keep."""
        function = c.function
        if function.decorators or function.asynchronous:
            raise Refusal("it is decorated or async")
        params = function.params
        if isinstance(params.star_arg, cst.Param) or params.star_kwarg is not None:
            raise Refusal("it takes *args or **kwargs")
        positional = [*params.posonly_params, *params.params]
        if c.owner is not None:
            positional = positional[1:]  # self
        every = positional + list(params.kwonly_params)
        if any(p.name.value in _RESERVED - {"name"} for p in every):
            raise Refusal("a parameter is named self")
        return positional, every

    def _check_shape(self, c: _Candidate, body: list, withs: list) -> None:
        if len(withs) > 1 or len(c.with_stmt.items) != 1 or c.with_stmt.asynchronous:
            raise Refusal("its body opens more than one variable scope")
        c.reuse_stmts = _reuse_statements(c.with_stmt, self)
        if c.with_stmt.items[0].asname is not None:
            if c.reuse_stmts is None:
                raise Refusal("`variable_scope(...) as scope` with the scope used for more "
                              "than `scope.reuse_variables()`: the scope object has no TF2 "
                              "equivalent")
        positional, every = self._check_params(c)
        call = c.scope_item
        allowed = ("name_or_scope", "reuse", "values", "default_name")
        for arg in call.args:
            if arg.star:
                raise Refusal("variable_scope arguments are unpacked")
            if arg.keyword is not None and arg.keyword.value not in allowed:
                raise Refusal(f"variable_scope({arg.keyword.value}=...) has no tf.Module "
                              "equivalent here")
        scope = matching.argument(call, "name_or_scope", 0)
        if scope is None:
            raise Refusal("the variable scope has no name")
        default_name = matching.argument(call, "default_name")
        if default_name is not None:
            if not (isinstance(default_name.value, cst.SimpleString)
                    and _identifier(default_name.value)):
                raise Refusal("default_name is not a literal scope name")
            c.scope_default = default_name.value
            # TF1 numbers each unnamed call of a function: d, d_1, ... (a class keeps `or`)
            c.numbered = c.owner is None
        reuse = matching.argument(call, "reuse")
        if len([a for a in call.args if a.keyword is None]) > 1:
            raise Refusal("variable_scope takes positional options here")
        if reuse is not None and not (
                isinstance(reuse.value, cst.Name) and reuse.value.value in (
                    "True", "False", "None", *(p.name.value for p in every))
                or self.tf_name(reuse.value) == "AUTO_REUSE"):
            raise Refusal("reuse= is neither a literal, tf.AUTO_REUSE nor a parameter")
        if reuse is not None and c.owner is None and isinstance(reuse.value, cst.Name) and \
                reuse.value.value in {p.name.value for p in every}:
            c.reuse_param = reuse.value.value  # calling the same instance is the reuse
            param = next(p for p in every if p.name.value == c.reuse_param)
            if param in positional:
                c.reuse_index = positional.index(param)
        if isinstance(scope.value, cst.SimpleString):
            if not _identifier(scope.value):
                raise Refusal(f"scope {scope.value.value} is not a valid tf.Module name")
            c.scope_default, c.numbered = scope.value, False  # TF1 ignores default_name
        elif isinstance(scope.value, cst.Name) and scope.value.value in {
                p.name.value for p in every}:
            c.scope_param = scope.value.value
            param = next(p for p in every if p.name.value == c.scope_param)
            if default_name is not None and (param.default is None or isinstance(
                    param.default, cst.Name) and param.default.value == "None"):
                pass  # `scope or default_name`
            elif param.default is not None:
                if not (isinstance(param.default, cst.SimpleString) and
                        _identifier(param.default)):
                    raise Refusal(f"the default of {c.scope_param} is not a literal scope name")
                c.scope_default, c.numbered = param.default, False
            if param in positional:
                c.scope_index = positional.index(param)
        else:
            raise Refusal("the scope is neither a parameter nor a string literal")

    def _scan(self, c: _Candidate) -> None:
        """Variables, children and everything that makes the body unconvertible."""
        for statement in c.block if c.owner is None else ():
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 \
                    and isinstance(statement.body[0], cst.Assign):
                assign = statement.body[0]
                value = assign.value
                if isinstance(value, cst.Call) and self.tf_name(value.func) == "get_variable":
                    if len(assign.targets) != 1 or not isinstance(assign.targets[0].target,
                                                                 cst.Name):
                        raise Refusal("get_variable result not assigned to one name")
                    target = assign.targets[0].target.value
                    if target in _RESERVED or target in {t for _, t in c.variables.values()}:
                        raise Refusal(f"variable attribute name {target} is reserved or used "
                                      "twice")
                    try:
                        convert_get_variable(self, value, self._check, c.function, dry=True)
                    except Refusal as refusal:
                        c.refuse(f"tf.get_variable cannot become tf.Variable: {refusal}", value)
                        raise Refusal(c.refused) from None
                    c.variables[statement] = (value, target)
        scanner = _BodyScanner(self, c)
        c.function.body.visit(scanner)
        params = c.function.params
        for param in [*params.posonly_params, *params.params, *params.kwonly_params]:
            if param.name.value in (c.scope_param, c.reuse_param):
                continue  # dropped from the converted signature
            for part in (param.default, param.annotation):
                if part is not None:
                    part.visit(scanner)
        if scanner.problem:
            c.refuse(*scanner.problem)
            raise Refusal(c.refused)
        if c.reuse_stmts:
            block = c.block
            first = min(block.index(s) for s in c.reuse_stmts)
            for statement in block[first + 1:]:
                if statement in c.variables or any(
                        call in c.keyed or call in c.layers for call in matching.calls_in(statement)):
                    c.refuse("it makes variables itself after scope.reuse_variables(); only "
                             "calls of converted functions can be reused (the same instance)",
                             statement)
                    raise Refusal(c.refused)

    def _class_candidate(self, node: cst.ClassDef) -> Optional[_Candidate]:
        """A class whose `__init__` builds its graph inside `variable_scope(...)` (BERT's
        `BertModel`): it becomes a ScopedModule, the scope its name, its body unchanged."""
        init = next((s for s in node.body.body if isinstance(s, cst.FunctionDef)
                     and s.name.value == "__init__"), None)
        if init is None:
            return None
        withs = self._scope_withs(list(init.body.body))
        if not withs:
            return None
        name = node.name.value
        candidate = _Candidate(function=init, name=name, cls=name, scope_item=next(
            i.item for i in withs[0].items if isinstance(i.item, cst.Call)),
            with_stmt=withs[0], scope_param=None, scope_default=None, scope_index=None,
            owner=node)
        try:
            if node.decorators or node.keywords or any(
                    not (isinstance(b.value, cst.Name) and b.value.value == "object")
                    for b in node.bases):
                raise Refusal("it has base classes, decorators or a metaclass")
            self._check_shape(candidate, list(init.body.body), withs)
            methods = self._variable_methods(node, candidate)
            for statement in node.body.body:
                defined = statement.name.value if isinstance(
                    statement, (cst.FunctionDef, cst.ClassDef)) else None
                if defined in _RESERVED | {"scope_path", "scope", "variable"}:
                    raise Refusal(f"it defines {defined}, which tf.Module reserves")
                if statement is not init and statement not in methods:
                    problem = _ClassMemberCheck(self, candidate)
                    statement.visit(problem)
                    if problem.reason:
                        raise Refusal(problem.reason)
        except Refusal as refusal:
            candidate.refuse(str(refusal))
        return candidate

    def _variable_methods(self, node: cst.ClassDef, c: _Candidate) -> set:
        """Methods that make variables and run only inside the constructor's scope: called
        as `self.m(...)` from the scope block of `__init__` or from one another (the siamese
        `self.network(x)` -> `self.fc_layer(...)`). They become method candidates sharing
        the class candidate's records; their `get_variable`s are found again by scope path,
        so a second call after `scope.reuse_variables()` reuses them, as in TF1."""
        methods = {s.name.value: s for s in node.body.body
                   if isinstance(s, cst.FunctionDef) and s is not c.function}
        makers = set()
        for name, method in methods.items():
            problem = _ClassMemberCheck(self, c)
            method.visit(problem)
            if problem.reason and problem.reason.startswith(
                    "a method other than __init__ uses tf.") and not method.decorators:
                makers.add(name)
        if not makers:
            return set()
        uses = _SelfCalls(set(methods))
        node.visit(uses)
        changed = True
        while changed:  # a method calling a maker makes variables too
            changed = False
            for name in set(methods) - makers:
                if any(caller == name for caller, callee, _ in uses.calls if callee in makers):
                    makers.add(name)
                    changed = True
        allowed_callers = makers | {"__init__"}
        inside = set(matching.calls_in(c.with_stmt.body))
        for caller, callee, call in uses.calls:
            if callee in makers and (caller not in allowed_callers or (
                    caller == "__init__" and call not in inside)):
                raise Refusal(f"method {callee} makes variables and is called outside the "
                              "constructor's variable scope")
        if any(name in makers for name in uses.other):
            raise Refusal("a method that makes variables is used other than by self.m(...)")
        called = {callee for _, callee, _ in uses.calls}
        for name in sorted(makers - called):
            raise Refusal(f"method {name} makes variables and is not called by the "
                          "constructor (it may be called from outside its variable scope)")
        for name in sorted(makers):
            method = methods[name]
            c.methods.append(_Candidate(
                function=method, name=f"{c.name}.{name}", cls=c.cls, scope_item=None,
                with_stmt=None, scope_param=None, scope_default=None, scope_index=None,
                variables=c.variables, children=c.children, calls=c.calls, keyed=c.keyed,
                layers=c.layers, nested=c.nested, stateless=c.stateless,
                child_names=c.child_names, cells=c.cells, rnns=c.rnns,
                state_tuples=c.state_tuples, owner=node))
        return {methods[name] for name in makers}

    def _check_default_names(self) -> None:
        """A layer whose name may be None when it runs takes TF1's default name (`LayerNorm`)
        in the scope it runs in; that is only right if nothing else in that scope takes the
        same default, since TF1 would number them (`LayerNorm_1`). Layers of scope-less helpers
        (BERT's `layer_norm(x, name=None)`) count in each scope that calls them."""
        lent: dict = {}  # scope-less candidate -> {base: uses it lends its caller's scope}

        def lends(name: str, seen: frozenset) -> dict:
            candidate = self._candidates.get(name)
            if candidate is None or candidate.refused or name in seen or \
                    not candidate.scope_records or candidate.scope_item is not None:
                return {}
            if name not in lent:
                loops, counts, maybe, helpers = candidate.scope_records[0]
                uses = {base: counts[base] for base in maybe}
                for callee, _, looped in helpers:
                    for base, count in lends(callee, seen | {name}).items():
                        uses[base] = uses.get(base, 0) + count * (2 if looped else 1)
                lent[name] = uses
            return lent[name]

        for candidate in self._candidates.values():
            if candidate.refused:
                continue
            for index, (_, counts, maybe, helpers) in enumerate(candidate.scope_records):
                if index == 0 and candidate.scope_item is None:
                    continue  # its caller's scope: counted there
                uses, defaulted = dict(counts), dict(maybe)
                for callee, call, looped in helpers:
                    for base, count in lends(callee, frozenset({candidate.name})).items():
                        uses[base] = uses.get(base, 0) + count * (2 if looped else 1)
                        defaulted.setdefault(base, call)
                clash = next((b for b in sorted(defaulted) if uses.get(b, 0) > 1), None)
                if clash is not None:
                    candidate.refuse(f"more than one {clash} in one scope may take TF1's "
                                     f"default name, which TF1 numbers ({clash}, {clash}_1, "
                                     "...) by how they run", defaulted[clash])
                    break

    def _drop_unused_helpers(self) -> None:
        """Scope-less creators stay functions unless only converted modules call them, or
        unless nothing in the file uses them and they are made of child modules (a model's
        entry point like `gan_logits(z, x)` calling `generator` and `discriminator`) or open
        their own scopes one after another (`encoder`, then `decoder`)."""
        for name in [n for n, c in self._candidates.items() if c.scope_item is None]:
            callers = [c for c in self._candidates.values() if name in c.children.values()]
            candidate = self._candidates[name]
            if not callers and name not in self._sites and (
                    candidate.children and not candidate.variables and not candidate.keyed
                    or candidate.nested):
                continue  # an entry point: made of child modules, or of scopes it opens
            sites = self._sites.get(name)
            if not callers and isinstance(sites, list) and len(sites) == 1 and \
                    not candidate.layers and (not candidate.caller_numbered or (
                        len(candidate.rnns) == 1 and self._rnn_drivers == 1)):
                # called once (`logits = RNN(x, w, b)`): one module, no name scope; layers
                # are left out, as TF1 numbered them together with the caller's own
                continue
            if not callers and isinstance(sites, list) and len(sites) > 1:
                self._candidates[name].refuse("it makes variables in its caller's scope and "
                                              "is called more than once, making new ones "
                                              "each time")
                continue
            if candidate.caller_numbered:
                self._candidates[name].refuse(
                    "its unnamed cells take TF1 names (basic_lstm_cell, basic_lstm_cell_1, "
                    "...) that depend on the other RNNs of the file and on how often it runs")
                continue
            if not callers:  # it stays a function, quietly: no module pattern here
                self._candidates[name].refuse("nothing converted calls it")
                self._candidates[name].silent = True
            elif name in self._sites:
                self._candidates[name].refuse("it makes variables in its caller's scope and "
                                              "is also used outside converted modules")

    def _variable_creators(self) -> set[str]:
        """Local functions that create variables, or may (through an imported helper),
        directly or through local callees. Those that only may are kept in
        `self._maybe_creators`: they become candidates only if they open a scope."""
        direct, calls, maybe = set(), {}, set()
        self._maybe_why: dict[str, str] = {}
        for name, function in self._functions.items():
            finder = _Creates(self, set(self._functions))
            function.visit(finder)
            if finder.creates:
                direct.add(name)
            elif finder.maybe:
                maybe.add(name)
                self._maybe_why[name] = finder.maybe
            calls[name] = finder.calls
        definite = set(direct)
        changed = True
        while changed:
            changed = False
            for name, callees in calls.items():
                if name not in definite and callees & definite:
                    definite.add(name)
                    changed = True
        direct |= maybe
        changed = True
        while changed:
            changed = False
            for name, callees in calls.items():
                if name not in direct and callees & direct:
                    direct.add(name)
                    changed = True
        self._maybe_creators = direct - definite
        return direct

    def _module_sites(self, tree: cst.Module) -> dict:
        """Per candidate: its module-level call statements, or a refusal reason (a string)."""
        once = {f.name.value for f in run_once_functions(self, tree)} - set(self._candidates)
        finder = _References(self, set(self._candidates), once)
        tree.visit(finder)
        sites: dict = {}
        unnamed_sites: dict = {}
        for name, uses in finder.uses.items():
            candidate = self._candidates[name]
            if candidate.owner is not None:
                continue  # a converted class is constructed as before, wherever that is
            for ref, statement, call in uses:
                owner = finder.owner.get(ref)
                if owner is not None and owner in self._candidates and \
                        call is not None and call in self._candidates[owner].children:
                    continue
                if owner is not None and (owner not in once or statement is None):
                    sites[name] = f"it is used in {owner}, which may run more than once" \
                        if owner not in once else f"it is used in {owner} other than by a " \
                        f"call statement at the top of its body"
                    break
                if statement is None or call is None:
                    sites[name] = "it is used other than by a call statement at module level"
                    break
                key = self._site_key(candidate, call)
                if candidate.numbered and not isinstance(key, str) and \
                        scope_argument(candidate, call) is None:
                    unnamed = unnamed_sites.get(name, 0) + 1
                    unnamed_sites[name] = unnamed
                    if unnamed > 1:  # TF1 makes d, d_1, ...: a new module each time
                        key = "it is called at module level more than once without a scope"
                if isinstance(key, str):
                    sites[name] = key
                    break
                entry = sites.setdefault(name, [])
                if isinstance(entry, list):
                    if entry and not key.deep_equals(entry[0][2]):
                        sites[name] = "it is called at module level with different scopes"
                        break
                    entry.append((statement, call, key))
        return sites

    def _site_key(self, candidate: _Candidate, call: cst.Call):
        """The module name a module-level call uses (a SimpleString), or why there is none."""
        try:
            key = scope_argument(candidate, call)
        except Refusal as refusal:
            return str(refusal)
        if candidate.scope_item is None:
            return _NO_SCOPE  # its variables go in the caller's scope: no module name
        value = key[1] if key is not None else candidate.scope_default
        if not isinstance(value, cst.SimpleString) or not _identifier(value):
            return "it is called at module level with a computed scope"
        return value

    # -- rewriting ---------------------------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> bool:
        super().visit_Module(node)
        return False

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        converted = {n: c for n, c in self._candidates.items() if not c.refused}
        if not converted:
            return updated
        instances = {}
        for name, sites in self._sites.items():
            if name in converted and isinstance(sites, list):
                instance = f"{name}_module"
                if instance in self._names:
                    converted[name].refuse(f"the name {instance} is taken")
                instances[name] = instance
        for candidate in converted.values():
            if candidate.owner is None and candidate.cls in self._names and \
                    candidate.cls != candidate.name:  # `def RNN` becomes `class RNN`
                candidate.refuse(f"the class name {candidate.cls} is taken")
        # a layer class is renamed if a converted function takes its name (BERT's
        # `layer_norm` becomes `LayerNorm` too): `LayerNormLayer`
        classes = {c.cls for c in converted.values()}
        self._layer_classes = {kind.cls: kind.cls + "Layer" if kind.cls in classes
                               else kind.cls for kind in LAYERS.values()}
        # RNN helpers: a name the file already uses (`from tensorflow.contrib.rnn import
        # LSTMCell`) or a converted class takes gets a suffix
        taken = matching.bare_identifiers(self.source_code(original)) | classes
        self._helper_names = {}
        for helper, other in ((STATE_TUPLE, STATE_TUPLE + "Eager"), (WRAPPER, WRAPPER + "Eager"),
                              *((k.cls, k.cls + "Module") for k in CELLS.values()),
                              *((f, f + "_eager") for f, *_ in RNN_FUNCTIONS.values())):
            self._helper_names[helper] = helper if helper not in taken else other
        for candidate in converted.values():
            needed = self._rnn_helpers(candidate)
            clash = next((h for h in needed if self._helper_names[h] in taken), None)
            if clash is not None:
                candidate.refuse(f"the names {clash} and {self._helper_names[clash]} are taken")
        for helper, needed in ((BASE_CLASS, lambda c: c.scoped_base), *(
                (self._layer_classes[kind.cls],
                 lambda c, k=kind: any(k is used for used, _ in c.layers.values()))
                for kind in LAYERS.values())):
            if helper in self._names or helper in classes:
                for candidate in converted.values():
                    if needed(candidate):
                        candidate.refuse(f"the name {helper} is taken")
        failed = [c for c in converted.values() if c.refused]
        if failed:  # rare: collisions; keep it simple and convert nothing
            for candidate in failed:
                self.warn(candidate.function.name, f"function {candidate.name} not converted "
                                                   f"to a tf.Module: {candidate.refused}")
            return updated
        site_calls = {}
        first_site = {}
        for name, sites in self._sites.items():
            if name in converted and isinstance(sites, list):
                for statement, call, key in sites:
                    site_calls[call] = (converted[name], instances[name])
                first_site.setdefault(sites[0][0], []).append((converted[name], sites[0][2]))
        factories = self._initializer_factories(original, converted)
        body = []
        base_emitted, layers_emitted = False, set()
        scope_methods = any(c.scope_methods for c in converted.values())
        for statement in original.body:
            candidate = converted.get(statement.name.value) \
                if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) else None
            if candidate is not None:
                if candidate.scoped_base and not base_emitted:
                    body.append(self._base_class(candidate, scope_methods))
                    base_emitted = True
                for kind, _ in candidate.layers.values():
                    if kind.cls not in layers_emitted:
                        body.append(self._emitted(candidate, kind.template,
                                                  cls=self._layer_classes[kind.cls]))
                        layers_emitted.add(kind.cls)
                for helper in self._rnn_helpers(candidate):
                    if helper not in layers_emitted:
                        body.append(self._rnn_helper(candidate, helper))
                        layers_emitted.add(helper)
                if candidate.owner is not None:
                    body.append(self._converted_class(candidate, converted))
                    self.record("class_to_module", cls=candidate.cls,
                                scope_param=candidate.scope_param)
                    continue
                body.append(self._class(candidate, converted))
                self.record("function_to_module", function=candidate.name, cls=candidate.cls,
                            scope_param=candidate.scope_param,
                            reuse_param=candidate.reuse_param,
                            module_name_from="scope_param" if candidate.scope_param
                            else "literal",
                            default_name=candidate.scope_default.evaluated_value
                            if candidate.scope_default is not None else None)
                continue
            for target, key in first_site.get(statement, ()):
                body.append(self._instance_statement(target, instances[target.name], key,
                                                     statement))
                statement = statement.with_changes(leading_lines=[])
            if isinstance(statement, cst.FunctionDef) and any(
                    s in first_site for s in statement.body.body):
                statement = self._with_instances(statement, first_site, instances)
            if any(s in site_calls for s in matching.calls_in(statement)):
                statement = statement.visit(_SiteRewriter(site_calls))
            if statement in factories:
                statement = statement.visit(_MappedReturns(self))
            elif any(c in self._mapped_values for c in matching.calls_in(statement)):
                statement = statement.visit(_MappedValues(self))
            body.append(statement)
        if scope_methods:
            body = _with_import(body, "contextlib")
        if STATE_TUPLE in layers_emitted:
            body = _with_import(body, "collections")
        return updated.with_changes(body=body)

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

    def _initializer_factories(self, tree: cst.Module, converted: dict) -> set:
        """Functions like BERT's `create_initializer(r)`, returning a TF1 initializer that has
        a TF2 spelling, whose every use in the file is an initializer of the converted
        variables and layers: their returns take the TF2 spelling too (our modules call them
        with (shape, dtype), like TF1 did)."""
        uses: dict = {}
        named: dict = {}  # `initer` names given as initializers -> uses
        for candidate in converted.values():
            args = [bound_arguments(call, GET_VARIABLE_PARAMS).get("initializer")
                    for call in [*(c for c, _ in candidate.variables.values()),
                                 *candidate.keyed]]
            args += [arg.value for call in [*candidate.layers, *candidate.cells]
                     for arg in call.args
                     if arg.keyword is not None and arg.keyword.value.endswith("initializer")]
            for value in args:
                if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
                    uses[value.func.value] = uses.get(value.func.value, 0) + 1
                elif isinstance(value, cst.Name):
                    named[value.value] = named.get(value.value, 0) + 1
        self._mapped_values = self._initializer_names(tree, converted, named)
        factories = set()
        for function in self._functions.values():
            name = function.name.value
            returns = _returns(function)
            if name not in uses or not returns or name in self._candidates:
                continue
            try:
                mappable = all(r is not None and self._check.known_call(r) in _MAPPED
                               and _map_initializer(self, r, self._check, dry=True) is r
                               for r in returns)
            except Refusal:
                continue
            if mappable and matching.count_names(tree, name) == uses[name] + 1:  # + its def
                factories.add(function)
        return factories

    def _initializer_names(self, tree: cst.Module, converted: dict, named: dict) -> set:
        """The values of `initer = tf.truncated_normal_initializer(stddev=0.01)` (at module
        level, or in a converted function or method) whose name is only ever an initializer of
        converted code: they take the TF2 spelling, since our code calls them with (shape,
        dtype)."""
        mapped = set()
        scopes = [(tree, tree.body)] + [
            (c.function, list(c.function.body.body))
            for candidate in converted.values() for c in (candidate, *candidate.methods)]
        for scope, body in scopes:
            for name, value in _single_assignments(body).items():
                if name not in named or self._check.known_call(value) not in _MAPPED:
                    continue
                try:
                    _map_initializer(self, value, self._check, dry=True)
                except Refusal:
                    continue
                if matching.count_names(scope if scope is not tree else tree, name) == \
                        named[name] + 1 and (scope is tree or matching.count_names(
                            tree, name) == named[name] + 1):
                    mapped.add(value)
        return mapped

    def _module_attr(self, candidate: _Candidate) -> cst.BaseExpression:
        like = candidate.scope_item.func if candidate.scope_item is not None else None
        return self.tf_attr("Module", like=like if isinstance(like, cst.Attribute) else None)

    def _base_class(self, candidate: _Candidate, scope_methods: bool) -> cst.BaseStatement:
        template = templates.BASE_TEMPLATE + (templates.SCOPE_METHODS if scope_methods else "")
        return self._emitted(candidate, template, base=BASE_CLASS)

    def _emitted(self, candidate: _Candidate, template: str, **names: str) -> cst.BaseStatement:
        """A helper class from `template`, spelled with the file's TF alias, placed before
        the first class that needs it."""
        module_attr = self._module_attr(candidate)
        module = cst.Module([]).code_for_node(module_attr)
        tf = cst.Module([]).code_for_node(module_attr.value) \
            if isinstance(module_attr, cst.Attribute) else "tf"
        node = cst.parse_statement(template.format(module=module, tf=tf, **names),
                                   config=self._config())
        self.helper(node)
        lead = (candidate.owner or candidate.function).leading_lines
        blank = [line for line in lead if line.comment is None]
        return node.with_changes(leading_lines=blank or [cst.EmptyLine(), cst.EmptyLine()])

    def _converted_class(self, c: _Candidate, converted: dict) -> cst.ClassDef:
        """The class, now a ScopedModule: `super().__init__(name=...)` first in `__init__`,
        and its `with variable_scope(...)` becomes `with self.name_scope:`."""
        assert c.owner is not None
        if c.scope_param and matching.argument(c.scope_item, "default_name") is not None:
            name = f"{c.scope_param} or {c.scope_default.value}"
        elif c.scope_param:
            name = c.scope_param
        else:
            name = c.scope_default.value
        rewriter = _BodyRewriter(self, c, converted)
        init = c.function.visit(rewriter)
        statements = list(init.body.body)
        first = 1 if statements and _is_docstring(statements[0]) else 0
        config = self._config()
        super_call = cst.parse_statement(f"super().__init__(name={name})\n", config=config)
        statements.insert(first, super_call)
        init = init.with_changes(body=init.body.with_changes(body=statements))
        rewritten = {m.function: m.function.visit(_BodyRewriter(self, m, converted))
                     for m in c.methods}
        members = [init if member is c.function else rewritten.get(member, member)
                   for member in c.owner.body.body]
        return c.owner.with_changes(
            bases=[cst.Arg(cst.Name(BASE_CLASS))], lpar=cst.MaybeSentinel.DEFAULT,
            rpar=cst.MaybeSentinel.DEFAULT, body=c.owner.body.with_changes(body=members))

    def _indent(self) -> str:
        indent = self._config().default_indent
        return indent if isinstance(indent, str) else "    "

    def _config(self) -> cst.PartialParserConfig:
        return self.context.wrapper.module.config_for_parsing if self.context.wrapper else \
            cst.PartialParserConfig()

    def _class(self, c: _Candidate, converted: dict) -> cst.ClassDef:
        default = cst.Module([]).code_for_node(c.scope_default) if c.scope_default else "None"
        lines = [f"def __init__(self, name={default}):", "    super().__init__(name=name)"]
        lines += [f"    self.{target} = None" for _, target in c.variables.values()]
        init = cst.parse_statement("\n".join(lines) + "\n", config=self._config())
        call_def = self._call_method(c, converted)
        base = cst.Name(BASE_CLASS) if c.scoped_base else self._module_attr(c)
        return cst.ClassDef(
            name=cst.Name(c.cls), bases=[cst.Arg(base)],
            body=cst.IndentedBlock([init, call_def.with_changes(leading_lines=[
                cst.EmptyLine(indent=False)])]),
            leading_lines=c.function.leading_lines)

    def _call_method(self, c: _Candidate, converted: dict) -> cst.FunctionDef:
        function = c.function
        rewriter = _BodyRewriter(self, c, converted)
        statements = []
        for statement in function.body.body:
            if statement is c.with_stmt:
                inner = [s.visit(rewriter) for s in c.with_stmt.body.body]
                flat = []
                for item in inner:
                    if isinstance(item, cst.RemovalSentinel):
                        continue  # `scope.reuse_variables()`
                    flat.extend(item.nodes if isinstance(item, cst.FlattenSentinel) else [item])
                if flat:
                    flat[0] = flat[0].with_changes(
                        leading_lines=[*c.with_stmt.leading_lines, *flat[0].leading_lines])
                statements.extend(flat)
            else:
                item = statement.visit(rewriter)
                statements.extend(item.nodes if isinstance(item, cst.FlattenSentinel)
                                  else [item])
        decorators = [cst.Decorator(cst.Attribute(value=self._module_attr(c),
                                                  attr=cst.Name("with_name_scope")))]
        if c.scope_item is None:
            decorators = []  # no scope of its own: its variables go in the caller's
        return function.with_changes(
            name=cst.Name("__call__"), params=_call_parameters(function, (c.scope_param, c.reuse_param),
                                    self._indent()),
            decorators=decorators, leading_lines=[],
            body=function.body.with_changes(body=statements))

    def _with_instances(self, function: cst.FunctionDef, first_site: dict,
                        instances: dict) -> cst.FunctionDef:
        """A function that runs once (`main()`) and calls converted ones: each module is
        made there, before its first call, as at module level."""
        body = []
        for statement in function.body.body:
            for target, key in first_site.get(statement, ()):
                body.append(self._instance_statement(target, instances[target.name], key,
                                                     statement))
                statement = statement.with_changes(leading_lines=[])
            body.append(statement)
        return function.with_changes(body=function.body.with_changes(body=body))

    def _instance_statement(self, c: _Candidate, instance: str, key: cst.SimpleString,
                            statement: cst.BaseStatement) -> cst.BaseStatement:
        code = f"{instance} = {c.cls}()\n" if key is _NO_SCOPE else \
            f"{instance} = {c.cls}(name={key.value})\n"
        node = cst.parse_statement(code, config=self._config())
        return node.with_changes(leading_lines=statement.leading_lines)


# -- helpers ---------------------------------------------------------------------------------

_RNN_DRIVER = re.compile(r"\b(?:static_rnn|dynamic_rnn|bidirectional_dynamic_rnn|"
                         r"static_bidirectional_rnn|raw_rnn)\s*\(")
#: The site key of a module without a name scope of its own (made as `Model()`).
_NO_SCOPE = cst.Name("None")


def scope_argument(candidate: _Candidate, call: cst.Call) -> Optional[tuple[int, cst.BaseExpression]]:
    """(index in call.args, value) of the scope argument of a call to `candidate`, or None
    when the call leaves it to the default. Refuses unpacked arguments."""
    if any(arg.star for arg in call.args):
        raise Refusal("a call to it unpacks arguments")
    found = _argument(call, candidate.scope_param, candidate.scope_index)
    if found is None and candidate.scope_param is not None and candidate.scope_default is None:
        raise Refusal("a call to it passes no scope")
    return found


def _argument(call: cst.Call, param: Optional[str],
              slot: Optional[int]) -> Optional[tuple[int, cst.BaseExpression]]:
    """(index in call.args, value) of the argument bound to `param`, if the call passes it."""
    if param is None:
        return None
    positional = 0
    for index, arg in enumerate(call.args):
        if arg.keyword is None:
            if positional == slot:
                return index, arg.value
            positional += 1
        elif arg.keyword.value == param:
            return index, arg.value
    return None


def _module_arguments(candidate: _Candidate, call: cst.Call,
                      args: list[cst.Arg]) -> list[cst.Arg]:
    """`args` of a call to `candidate` without the scope and reuse arguments."""
    dropped = [found[0] for found in (scope_argument(candidate, call), _argument(
        call, candidate.reuse_param, candidate.reuse_index)) if found is not None]
    for index in sorted(dropped, reverse=True):
        args = _drop_arg(args, index)
    return args


class _MappedValues(cst.CSTTransformer):
    """`initer = tf.truncated_normal_initializer(stddev=0.01)` ->
    `initer = tf.keras.initializers.TruncatedNormal(stddev=0.01)`."""

    def __init__(self, codemod: "Modules"):
        super().__init__()
        self.codemod = codemod

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if original not in self.codemod._mapped_values:
            return updated
        return _map_initializer(self.codemod, original, self.codemod._check, updated)


class _MappedReturns(cst.CSTTransformer):
    """`return tf.truncated_normal_initializer(stddev=r)` ->
    `return tf.keras.initializers.TruncatedNormal(stddev=r)`."""

    def __init__(self, codemod: Modules):
        super().__init__()
        self.codemod = codemod

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return self.codemod._functions.get(node.name.value) is node  # not nested ones

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def leave_Return(self, original: cst.Return, updated: cst.Return) -> cst.Return:
        mapped = _map_initializer(self.codemod, original.value, self.codemod._check,
                                  updated.value)
        return updated.with_changes(value=mapped)


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
        isinstance(statement.body[0], cst.Expr) and \
        isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _with_import(body: list, module: str) -> list:
    """`body` with `import <module>` before its first import, unless it is imported."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import) and any(
                        matching.dotted(a.name) == module and a.asname is None
                        for a in small.names):
                    return body
    index = next((i for i, s in enumerate(body) if isinstance(s, cst.SimpleStatementLine)
                  and isinstance(s.body[0], (cst.Import, cst.ImportFrom))
                  and not (isinstance(s.body[0], cst.ImportFrom)
                           and matching.dotted(s.body[0].module) == "__future__")), None)
    statement = cst.parse_statement(f"import {module}\n")
    if index is None:
        index = 1 if body and _is_docstring(body[0]) else 0
        return [*body[:index], statement, *body[index:]]
    first = body[index]
    return [*body[:index], statement.with_changes(leading_lines=first.leading_lines),
            first.with_changes(leading_lines=[]), *body[index + 1:]]


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _identifier(string: cst.SimpleString) -> bool:
    value = string.evaluated_value
    return isinstance(value, str) and value.isidentifier()


def _call_parameters(function: cst.FunctionDef, dropped: tuple,
                     indent: str = "    ") -> cst.Parameters:
    """`self` plus the function's parameters without the scope one, as written, wrapped
    under the opening parenthesis when the header would be too long."""
    def code(param: cst.Param) -> str:
        return cst.Module([]).code_for_node(param.with_changes(
            comma=cst.MaybeSentinel.DEFAULT, whitespace_after_param=cst.SimpleWhitespace("")))

    params = function.params
    keep = lambda ps: [code(p) for p in ps if p.name.value not in dropped]  # noqa: E731
    parts = ["self"]
    posonly = keep(params.posonly_params)
    if posonly:
        parts += [*posonly, "/"]
    parts += keep(params.params)
    kwonly = keep(params.kwonly_params)
    if kwonly:
        parts += ["*", *kwonly]
    opening = f"{indent}def __call__("
    lines = [opening + parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + len(part) + 4 > MAX_LINE:
            lines[-1] += ","
            lines.append(" " * (len(opening) - len(indent)) + part)  # libcst adds the indent
        else:
            lines[-1] += ", " + part
    header = "\n".join(lines)[len(indent):] + "):\n    pass\n"
    return cst.ensure_type(cst.parse_statement(header), cst.FunctionDef).params


def _reuse_statements(with_stmt: cst.With, codemod: TFCodemod) -> Optional[set]:
    """The `scope.reuse_variables()` (`with ... as scope:`) and
    `tf.get_variable_scope().reuse_variables()` statements at the top of the block. None if
    `as scope` names something used for more than that."""
    asname = with_stmt.items[0].asname
    name = asname.name.value if asname is not None and isinstance(asname.name, cst.Name) \
        else None
    statements = set()
    for statement in with_stmt.body.body:
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
                isinstance(statement.body[0], cst.Expr) and \
                isinstance(call := statement.body[0].value, cst.Call) and not call.args and \
                isinstance(call.func, cst.Attribute) and \
                call.func.attr.value == "reuse_variables" and (
                    name is not None and matching.dotted(call.func.value) == name
                    or isinstance(call.func.value, cst.Call) and not call.func.value.args
                    and codemod.tf_name(call.func.value.func) == "get_variable_scope"):
            statements.add(statement)
    if asname is None:
        return statements
    if name is None:
        return None
    uses = matching.count_names(with_stmt.body, name)
    own = sum(1 for s in statements if matching.dotted(
        s.body[0].value.func.value) == name)
    return statements if own and uses == own else None


def _realigned(before: cst.Call, after: cst.Call) -> cst.Call:
    """`after` (a call whose callee was replaced) with argument lines that were aligned
    under the opening parenthesis of `before` moved under its own."""
    if isinstance(before.whitespace_before_args, cst.ParenthesizedWhitespace):
        return after
    code = cst.Module([]).code_for_node
    shift = len(code(after.func)) - len(code(before.func))
    return after.with_changes(args=[_shifted(arg, shift) for arg in after.args]) \
        if shift else after


def _shifted(arg: cst.Arg, shift: int) -> cst.Arg:
    """`arg` with the line break after its comma indented `shift` columns further."""
    comma = arg.comma
    if not (isinstance(comma, cst.Comma)
            and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)):
        return arg
    after = comma.whitespace_after
    column = max(len(after.last_line.value) + shift, 0)
    return arg.with_changes(comma=comma.with_changes(whitespace_after=after.with_changes(
        last_line=cst.SimpleWhitespace(" " * column))))


def _drop_arg(args: list[cst.Arg], index: int) -> list[cst.Arg]:
    """`args` without `args[index]`, ending the way the original list ended."""
    kept = [a for i, a in enumerate(args) if i != index]
    if kept and index == len(args) - 1:
        kept[-1] = kept[-1].with_changes(comma=args[-1].comma)
    return kept


class _SiteRewriter(cst.CSTTransformer):
    """Module-level calls `model(x, 'model')` -> `model_module(x)`."""

    def __init__(self, sites: dict):
        super().__init__()
        self.sites = sites

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if original not in self.sites:
            return updated
        candidate, instance = self.sites[original]
        args = _module_arguments(candidate, original, list(updated.args))
        return _realigned(updated, updated.with_changes(func=cst.Name(instance), args=args))


class _BodyRewriter(cst.CSTTransformer):
    """Inside a converted function: variables, child calls, `shape[i].value`."""

    def __init__(self, codemod: Modules, candidate: _Candidate, converted: dict):
        super().__init__()
        self.codemod = codemod
        self.candidate = candidate
        self.converted = converted
        self.getters: set = set()  # `self.child(Dense, name, ...)` calls made for tf.layers
        self.module_calls: set = set()  # `self.child(Block, name)(...)` calls
        self.keyed_variables: set = set()  # `tf.Variable(...)` made by `self.variable(...)`
        self.depth = 1 if candidate.owner is not None else 2  # blocks around the statement

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.depth += 1

    def leave_IndentedBlock(self, original: cst.IndentedBlock,
                            updated: cst.IndentedBlock) -> cst.IndentedBlock:
        self.depth -= 1
        return updated

    def leave_With(self, original: cst.With, updated: cst.With) -> cst.With:
        c = self.candidate
        if original is c.with_stmt and c.owner is not None:
            scope = cst.Attribute(cst.Name("self"), cst.Name("name_scope"))
            return updated.with_changes(items=[updated.items[0].with_changes(item=scope,
                                                                             asname=None)])
        if original not in c.nested:
            return updated
        call = cst.ensure_type(updated.items[0].item, cst.Call)
        scope = next(a for a in call.args if a.keyword is None
                     or a.keyword.value == "name_or_scope")
        enter = cst.Call(func=cst.Attribute(cst.Name("self"), cst.Name("scope")),
                         args=[scope.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT,
                                                  comma=cst.MaybeSentinel.DEFAULT)])
        return updated.with_changes(items=[updated.items[0].with_changes(item=enter)])

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        if original in self.candidate.keyed:
            variable = convert_get_variable(self.codemod, original, self.codemod._check,
                                            self.candidate.function, updated=updated)
            self.keyed_variables.add(variable)
            name = bound_arguments(updated, GET_VARIABLE_PARAMS)["name"]
            make = cst.Lambda(params=cst.Parameters(), body=variable)
            return cst.Call(func=cst.Attribute(cst.Name("self"), cst.Name("variable")),
                            args=join_args([cst.Arg(name), cst.Arg(make)]))
        if original in self.codemod._mapped_values:
            return _map_initializer(self.codemod, original, self.codemod._check, updated)
        if original in self.candidate.layers:
            return self._layer(original, updated)
        if original in self.candidate.stateless:
            return self._stateless(original, updated)
        if original in self.candidate.cells:
            return self._cell(original, updated)
        if original in self.candidate.inner_cells:
            return self._inner_cell(original, updated)
        if original in self.candidate.wrappers:
            bound = bound_arguments(updated, _WRAPPER_PARAMS)
            self.codemod.replaced(original.func)
            args = [cst.Arg(bound["cell"])] + [kwarg(k, bound[k]) for k in _WRAPPER_KEPT
                                              if k in bound]
            return _realigned(updated, cst.Call(
                func=cst.Name(self.codemod._helper_names[WRAPPER]), args=join_args(args)))
        if original in self.candidate.rnns:
            return self._rnn(original, updated)
        callee = self.candidate.children.get(original)
        if callee is None:
            return updated
        child = self.converted[callee]
        found = scope_argument(child, original)
        args = _module_arguments(child, original, list(updated.args))
        if child.scope_item is None:  # a scope-less helper: one instance per call site
            key = cst.SimpleString(f'"{child.name}"')
        elif original in self.candidate.child_names:
            key = self.candidate.child_names[original]
        elif found is None:
            key = child.scope_default
        else:
            key = updated.args[found[0]].value
        getter = cst.Call(func=cst.Attribute(cst.Name("self"), cst.Name("child")),
                          args=[cst.Arg(cst.Name(child.cls), comma=cst.Comma(
                              whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(key)])
        call = _realigned(updated, updated.with_changes(func=getter, args=args))
        self.module_calls.add(call)
        return call

    def _stateless(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """A variable-free `tf.layers` call as its plain op (see codemods.stateless_layers)."""
        like = original.func if isinstance(original.func, cst.Attribute) else None
        self.codemod.replaced(original.func)
        return stateless_layers.rewrite(self.codemod, self.candidate.stateless[original],
                                        updated, like)

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

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        return self._state_tuple(original, updated)

    def _state_tuple(self, original, updated) -> cst.BaseExpression:
        if original in self.candidate.state_tuples:
            self.codemod.replaced(original)
            return cst.Name(self.codemod._helper_names[STATE_TUPLE])
        return updated

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

    def leave_Attribute(self, original: cst.Attribute,
                        updated: cst.Attribute) -> cst.BaseExpression:
        if original in self.candidate.state_tuples:
            return self._state_tuple(original, updated)
        shape = matching.dimension_value(updated)
        return shape if shape is not None else updated

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine):
        if original in self.candidate.reuse_stmts:  # calling the same instances is the reuse
            return cst.RemovalSentinel.REMOVE
        found = self.candidate.variables.get(original)
        if found is None:
            return self._wrap_getters(updated)
        call, target = found
        updated_call = cst.ensure_type(updated.body[0], cst.Assign).value
        variable = convert_get_variable(self.codemod, call, self.codemod._check,
                                        self.candidate.function,
                                        updated=cst.ensure_type(updated_call, cst.Call))
        attr = cst.Attribute(cst.Name("self"), cst.Name(target))
        create = cst.If(
            test=cst.Comparison(attr, [cst.ComparisonTarget(
                cst.Is(), cst.Name("None"))]),
            body=cst.IndentedBlock([self._wrapped(target, variable)]),
            leading_lines=updated.leading_lines)
        use = updated.with_changes(body=[updated.body[0].with_changes(value=attr)],
                                   leading_lines=[])
        return cst.FlattenSentinel([create, use])


    def _wrap_getters(self, statement: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        """A line made too long by our rewrite breaks: after the name in `self.child(Dense,
        name, ...)`, else between the arguments of a child module call, aligned under the
        opening parenthesis. Lines the rewrite did not lengthen keep their breaks."""
        empty = cst.Module([])
        code = empty.code_for_node(statement.with_changes(leading_lines=[])).rstrip("\n")
        indent = len(self.codemod._indent()) * self.depth
        lines = code.split("\n")  # continuation lines are relative to the block, like the first
        if all(indent + len(line) <= MAX_LINE for line in lines):
            return statement
        found = matching.calls_in(statement)
        variable = next((c for c in found if c in self.keyed_variables), None)
        if variable is not None:  # `self.variable(name, lambda: tf.Variable(` + one per line
            leading = len(lines[0]) - len(lines[0].lstrip(" "))
            return matching.replace_call(statement, variable, matching.hang_arguments(
                variable, " " * leading + self.codemod._indent()))
        target = next((c for c in found if c in self.getters), None) or next(
            (c for c in found if c in self.module_calls and len(c.args) > 1), None)
        if target is None:
            return statement
        args = list(target.args)
        opening = target.whitespace_before_args
        if isinstance(opening, cst.ParenthesizedWhitespace):
            # `self.child(\n    Dense, name, units, ...)`: break after the name if that line
            # is too long
            head = empty.code_for_node(target).split("\n")[1]
            if target not in self.getters or indent + len(head) <= MAX_LINE or \
                    not isinstance(args[1].comma, cst.Comma) or \
                    not isinstance(args[1].comma.whitespace_after, cst.SimpleWhitespace):
                return statement
            args[1] = args[1].with_changes(comma=cst.Comma(whitespace_after=opening))
            return matching.replace_call(statement, target, target.with_changes(args=args))
        start = code.index(empty.code_for_node(target))
        line_start = code.rfind("\n", 0, start) + 1
        line_end = code.find("\n", start)
        if indent + len(code[line_start:line_end if line_end >= 0 else None]) <= MAX_LINE:
            return statement  # the long line is not the one we changed
        column = start - line_start + len(empty.code_for_node(target.func)) + 1

        def newline() -> cst.Comma:
            return cst.Comma(whitespace_after=cst.ParenthesizedWhitespace(
                indent=True, last_line=cst.SimpleWhitespace(" " * column)))

        if target in self.getters:
            if not isinstance(args[1].comma, cst.Comma) or \
                    not isinstance(args[1].comma.whitespace_after, cst.SimpleWhitespace):
                return statement
            args[1] = args[1].with_changes(comma=newline())
            return matching.replace_call(statement, target, target.with_changes(args=args))
        one_line = all(isinstance(a.comma, (cst.Comma, cst.MaybeSentinel)) and not isinstance(
            getattr(a.comma, "whitespace_after", None), cst.ParenthesizedWhitespace)
            for a in args)
        hanging = None
        if one_line and indent + column > HANGING_FROM:
            # far to the right: the arguments start on the next line, one indent deeper
            leading = len(code[line_start:]) - len(code[line_start:].lstrip(" "))
            column = leading + len(self.codemod._indent())
            hanging = cst.ParenthesizedWhitespace(indent=True,
                                                  last_line=cst.SimpleWhitespace(" " * column))
            for index in range(len(args) - 1):
                args[index] = args[index].with_changes(comma=cst.Comma(
                    whitespace_after=cst.SimpleWhitespace(" ")))
        # the arguments on the opening line are spread over lines as they fit; later lines
        # keep their own breaks
        position = indent + column
        broke = False
        for index, arg in enumerate(args):
            width = len(empty.code_for_node(arg.with_changes(
                comma=cst.MaybeSentinel.DEFAULT))) + 1
            if index and position + width > MAX_LINE:
                args[index - 1] = args[index - 1].with_changes(comma=newline())
                position = indent + column
                broke = True
            position += width + 1
            comma = arg.comma
            if not (isinstance(comma, cst.Comma)
                    and isinstance(comma.whitespace_after, cst.SimpleWhitespace)):
                break  # the end of the opening line
        if not broke and hanging is None and one_line and len(args) > 1:
            # the arguments fit, what follows the call does not: it moves with the last one
            args[-2] = args[-2].with_changes(comma=newline())
        if hanging is not None:
            return matching.replace_call(statement, target, target.with_changes(
                whitespace_before_args=hanging, args=args))
        return matching.replace_call(statement, target, target.with_changes(args=args))

    def _wrapped(self, target: str, variable: cst.Call) -> cst.SimpleStatementLine:
        """`self.w = tf.Variable(...)`, one argument per line when it would be too long."""
        config = self.codemod._config()
        indent = config.default_indent if isinstance(config.default_indent, str) else "    "
        column = 3 * len(indent)  # class, method, `if`
        empty = cst.Module([])
        line = f"self.{target} = {empty.code_for_node(variable)}"
        if column + len(line) > MAX_LINE:
            inner = indent  # continuation lines are indented relative to the statement
            args = [empty.code_for_node(a.with_changes(comma=cst.MaybeSentinel.DEFAULT))
                    for a in variable.args]
            line = (f"self.{target} = {empty.code_for_node(variable.func)}(\n{inner}"
                    + f",\n{inner}".join(args) + ")")
        return cst.ensure_type(cst.parse_statement(line + "\n", config=config),
                               cst.SimpleStatementLine)


class _BodyScanner(cst.CSTVisitor):
    """Finds what a converted body cannot contain, and records its child calls, nested
    scopes, variables made in them and `tf.layers.dense` calls."""

    def __init__(self, codemod: Modules, candidate: _Candidate):
        super().__init__()
        self.codemod = codemod
        self.c = candidate
        self.problem: Optional[tuple[str, cst.CSTNode]] = None
        self.in_scope = 0 if candidate.with_stmt is not None else 1
        self.variable_calls = {call for call, _ in candidate.variables.values()}
        self.cell_names: set = set()
        #: per open scope (innermost last): loops entered since, unnamed layers numbered
        self.scopes: list[list] = [self._new_scope()]

    def fail(self, reason: str, node: cst.CSTNode) -> None:
        if self.problem is None:
            self.problem = (reason, node)

    def visit_With(self, node: cst.With) -> bool:
        if node is self.c.with_stmt:  # its scope arguments were checked already
            self.in_scope += 1
            node.body.visit(self)
            self.in_scope -= 1
            return False
        scope = self._nested_scope(node)
        if scope is None:
            return True
        if not self.in_scope:
            self.fail("it opens a variable scope outside its own", node)
            return True
        self.c.nested[node] = scope
        scope.visit(self)
        self.scopes.append(self._new_scope())
        node.body.visit(self)
        self.scopes.pop()
        return False

    def _nested_scope(self, node: cst.With) -> Optional[cst.BaseExpression]:
        """`x` of a nested `with tf.variable_scope(x):` it can convert (else records why)."""
        calls = [i.item for i in node.items if isinstance(i.item, cst.Call)
                 and self.codemod.tf_name(i.item.func) == "variable_scope"]
        if not calls:
            return None
        call = calls[0]
        scope = matching.argument(call, "name_or_scope", 0)
        reuse = matching.argument(call, "reuse")
        # reuse=: the module's variables are found again by scope path on every call anyway
        reuse_ok = reuse is None or reuse.keyword is not None and (
            isinstance(reuse.value, cst.Name) and reuse.value.value in (
                "True", "False", "None", self.c.reuse_param)
            or self.codemod.tf_name(reuse.value) == "AUTO_REUSE")
        if len(node.items) != 1 or node.items[0].asname is not None or node.asynchronous \
                or scope is None or len(call.args) != 1 + (reuse is not None) or not reuse_ok \
                or any(a.star for a in call.args):
            self.fail("a nested variable_scope with options, `as` or other context managers "
                      "has no tf.Module equivalent here", node)
            return None
        if isinstance(scope.value, cst.SimpleString) and not _identifier(scope.value):
            self.fail(f"scope {scope.value.value} is not a valid name scope", node)
        return scope.value

    def _new_scope(self) -> list:
        """[loops entered since, {base: unnamed uses}, {base: node} of names that may be
        None at run time, [(scope-less callee, call, in a loop)]]; kept on the candidate so
        default names can be checked once every candidate is scanned."""
        scope: list = [0, {}, {}, []]
        self.c.scope_records.append(scope)
        return scope

    def _loop(self, node) -> None:
        self.scopes[-1][0] += 1

    def _unloop(self, node) -> None:
        self.scopes[-1][0] -= 1

    visit_For = visit_While = _loop
    leave_For = leave_While = _unloop

    def visit_Yield(self, node: cst.Yield) -> None:
        self.fail("it is a generator", node)

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return node not in self.c.reuse_stmts  # `...reuse_variables()`: it goes

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # `name=` as a keyword is not the scope parameter `name`
        return False

    def visit_Global(self, node: cst.Global) -> None:
        self.fail("it declares globals", node)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if self.c.owner is not None and isinstance(node.value, cst.Name) \
                and node.value.value == "self":
            if node.attr.value in _RESERVED or node.attr.value in ("scope_path", "scope",
                                                                   "variable"):
                self.fail(f"it uses self.{node.attr.value}, which tf.Module reserves", node)
            return False
        return self._reference(node)

    def visit_Name(self, node: cst.Name) -> bool:
        if node.value == "self" and self.c.owner is None:
            self.fail("it uses the name self", node)
        if node.value == self.c.scope_param:
            self.fail(f"the scope parameter {node.value} is used for more than the scope",
                      node)
        if node.value == self.c.reuse_param:
            self.fail(f"the reuse parameter {node.value} is used for more than reuse=", node)
        return self._reference(node)

    def _reference(self, node: cst.BaseExpression) -> bool:
        path = self.codemod.tf_name(node)
        if path is not None:
            if path in STATE_TUPLES:
                self.c.state_tuples.add(node)
            elif path == "get_variable":
                self.fail("tf.get_variable is used other than by calling it", node)
            elif (path in _FORBIDDEN or path.startswith(_FORBIDDEN_PREFIXES)) and \
                    path not in _ALLOWED_CONTRIB and not path.endswith("_initializer"):
                self.fail(f"tf.{path} in its body has no conversion inside a tf.Module", node)
            return False
        names = self.codemod.get_metadata(QualifiedNameProvider, node, set())
        local = matching.local_function_name(names)
        if self.codemod.imported_may_create(node, names):
            self.fail(f"it uses {node.value}, imported from another module, which may create "
                      "variables", node)
        if local is not None and local in self.codemod._functions and local != self.c.name:
            self.c.calls.add(local)
        elif local == self.c.name:
            self.fail("it is recursive", node)
        return True

    def _visit_args(self, node: cst.Call) -> bool:
        for arg in node.args:
            arg.visit(self)
        return False

    def visit_Call(self, node: cst.Call) -> Optional[bool]:
        if node in self.variable_calls:
            return self._visit_args(node)  # the get_variable callee is fine
        path = self.codemod.tf_name(node.func)
        if path == "get_variable":
            return self._keyed_variable(node)
        if path in LAYERS:
            return self._layer(node, LAYERS[path])
        if path in stateless_layers.STATELESS_LAYERS:
            return self._stateless(node, path)
        if path in WRAPPERS:
            return self._wrapper(node, path)
        if path in CELLS and node not in self.c.inner_cells:
            return self._cell(node, CELLS[path])
        if path in CELLS:
            return self._visit_args(node)
        if path in RNN_FUNCTIONS:
            return self._rnn(node, path)
        if isinstance(node.func, cst.Name):
            names = self.codemod.get_metadata(QualifiedNameProvider, node.func, set())
            local = matching.local_function_name(names)
            if local is not None and local in self.codemod._candidates and local != self.c.name:
                if not self.in_scope:
                    self.fail(f"it calls {local} outside its variable scope", node)
                    return True
                callee = self.codemod._candidates[local]
                try:
                    found = scope_argument(callee, node)
                except Refusal as refusal:
                    self.fail(str(refusal), node)
                    return True
                key = found[1] if found is not None else callee.scope_default
                self._visit_args(node)  # TF1 runs the calls in its arguments first
                if callee.numbered and (found is None or _is_none(found[1])):
                    key = self._numbered(callee.scope_default.evaluated_value,
                                         f"a call to {local} without a scope", node)
                    if key is None:
                        return False
                    self.c.child_names[node] = key
                if isinstance(key, cst.SimpleString) and not _identifier(key):
                    self.fail(f"scope {key.value} is not a valid tf.Module name", node)
                self.c.children[node] = local
                if callee.scope_item is None:
                    self.scopes[-1][3].append((local, node, bool(self.scopes[-1][0])))
                return False
        return True

    def visit_Assign(self, node: cst.Assign) -> None:
        """`cell = tf.nn.rnn_cell.LSTMCell(n)`: `cell` may be run by dynamic_rnn."""
        path = self.codemod.tf_name(node.value.func) if isinstance(node.value, cst.Call) \
            else None
        if (path in CELLS or path in WRAPPERS) \
                and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self.cell_names.add(node.targets[0].target.value)

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

    def _keyed_variable(self, node: cst.Call) -> bool:
        """`tf.get_variable` in a nested scope or a loop: `self.variable(name, make)`."""
        if not self.in_scope:
            self.fail("tf.get_variable outside its variable scope", node)
            return False
        try:
            convert_get_variable(self.codemod, node, self.codemod._check, self.c.function,
                                 dry=True)
        except Refusal as refusal:
            self.fail(f"tf.get_variable cannot become tf.Variable: {refusal}", node)
            return False
        self.c.keyed.add(node)
        return self._visit_args(node)

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

    def _numbered(self, base: str, what: str, node: cst.Call,
                  in_caller: bool = False) -> Optional[cst.SimpleString]:
        """TF1's name for the next unnamed `base` in the current scope: base, base_1, ...
        (one counter per scope, shared by layers and `default_name` scopes, as in TF1).
        A cell (`in_caller`) of a function without a scope takes its name when the RNN that
        runs it first runs, in that RNN's scope: right when the function runs once and its
        RNN is the file's only one (`caller_numbered`, checked with its call sites)."""
        loops, counts = self.scopes[-1][:2]
        if in_caller and not loops and len(self.scopes) == 1 and self.c.scope_item is None:
            self.c.caller_numbered = True
        elif loops or (len(self.scopes) == 1 and self.c.scope_item is None):
            self.fail(f"{what} whose TF1 name ({base}, {base}_1, ...) depends on how often "
                      "it runs", node)
            return None
        index = counts.get(base, 0)
        counts[base] = index + 1
        return cst.SimpleString(f'"{base}_{index}"' if index else f'"{base}"')


class _SelfCalls(cst.CSTVisitor):
    """In a class: (calling method, called method, call) of every `self.m(...)` of the
    `methods`, and the methods also referenced another way (`other`)."""

    def __init__(self, methods: set[str]):
        super().__init__()
        self.methods = methods
        self.calls: list[tuple[str, str, cst.Call]] = []
        self.other: set[str] = set()
        self._in: list[str] = []
        self._called: set = set()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._in.append(node.name.value)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._in.pop()

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and \
                func.value.value == "self" and func.attr.value in self.methods and self._in:
            self.calls.append((self._in[0] if len(self._in) == 1 else "<nested>",
                               func.attr.value, node))
            self._called.add(func)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value in self.methods and node not in self._called and \
                isinstance(node.value, cst.Name) and node.value.value == "self":
            self.other.add(node.attr.value)


class _ClassMemberCheck(cst.CSTVisitor):
    """A converted class's other members must not make variables or call converted code."""

    def __init__(self, codemod: Modules, candidate: _Candidate):
        super().__init__()
        self.codemod = codemod
        self.c = candidate
        self.reason: Optional[str] = None

    def visit_Name(self, node: cst.Name) -> None:
        path = self.codemod.tf_name(node)
        if path is None:
            names = self.codemod.get_metadata(QualifiedNameProvider, node, set())
            local = matching.local_function_name(names)
            if local is not None and local in self.codemod._functions and self.reason is None:
                finder = _Creates(self.codemod, set(self.codemod._functions))
                self.codemod._functions[local].visit(finder)
                if finder.creates or finder.calls:
                    self.reason = f"a method other than __init__ calls {local}"

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        path = self.codemod.tf_name(node)
        if path is not None and self.reason is None and (
                path in ("get_variable", "Variable", "variable_scope", "make_template")
                or path.startswith(("layers.", "keras.layers.", "contrib.", "nn.rnn_cell."))):
            self.reason = f"a method other than __init__ uses tf.{path}"
        if isinstance(node.value, cst.Name) and node.value.value == "self" and \
                node.attr.value in _RESERVED | {"scope_path", "scope", "variable"} and \
                self.reason is None:
            self.reason = f"it uses self.{node.attr.value}, which tf.Module reserves"
        return path is None


class _Creates(cst.CSTVisitor):
    """Does a function create variables itself, and which local functions does it call?"""

    def __init__(self, codemod: Modules, functions: set[str]):
        super().__init__()
        self.codemod = codemod
        self.functions = functions
        self.creates = False
        self.maybe = ""  # an imported helper it calls, which may create variables
        self.calls: set[str] = set()

    def _reference(self, node: cst.BaseExpression) -> bool:
        path = self.codemod.tf_name(node)
        if path is not None:
            if path in ("get_variable", "Variable", "make_template") \
                    or path.startswith(("layers.", "keras.layers.", "contrib.layers.",
                                        "nn.rnn_cell.", "contrib.rnn.")) and \
                    not path.endswith("_initializer"):
                self.creates = True
            return False
        if isinstance(node, cst.Name) and node.value in self.functions:
            self.calls.add(node.value)
        elif self.codemod.imported_may_create(
                node, self.codemod.get_metadata(QualifiedNameProvider, node, set())):
            self.maybe = self.maybe or node.value  # an imported helper may make variables: decided later
        return True

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return self._reference(node)

    def visit_Name(self, node: cst.Name) -> bool:
        return self._reference(node)


class _References(cst.CSTVisitor):
    """Every reference to a candidate: (name node, module-level statement, call or None).
    The statements at the top of a function that runs once (`main()`) count as module level:
    a call there also happens once."""

    def __init__(self, codemod: Modules, names: set[str], once: set[str] = frozenset()):
        super().__init__()
        self.codemod = codemod
        self.names = names
        self.once = once
        self.uses: dict[str, list] = {}
        self.owner: dict[cst.Name, Optional[str]] = {}
        self._function: Optional[str] = None
        self._statement: Optional[cst.CSTNode] = None
        self._calls: list[cst.Call] = []
        self._hidden = 0
        self._depth = 0
        self._definitions: set = set()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._definitions.add(node.name)
        if self._depth == 0:
            self._function = node.name.value
        self._depth += 1

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._function = None

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.visit_FunctionDef(node)  # type: ignore[arg-type]

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.leave_FunctionDef(node)  # type: ignore[arg-type]

    def visit_Module(self, node: cst.Module) -> None:
        self._top = {s for s in node.body if isinstance(s, cst.SimpleStatementLine)}
        for function in node.body:
            if isinstance(function, cst.FunctionDef) and function.name.value in self.once:
                self._top |= {s for s in function.body.body
                              if isinstance(s, cst.SimpleStatementLine)}

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if node in self._top:
            self._statement = node

    def leave_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if self._statement is node:
            self._statement = None

    def _hide(self, node) -> None:
        self._hidden += 1

    def _unhide(self, node) -> None:
        self._hidden -= 1

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _hide
    leave_Lambda = leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = _unhide

    def visit_Call(self, node: cst.Call) -> None:
        self._calls.append(node)

    def leave_Call(self, node: cst.Call) -> None:
        self._calls.pop()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value not in self.names or node in self._definitions:
            return
        names = self.codemod.get_metadata(QualifiedNameProvider, node, set())
        if matching.local_function_name(names) != node.value:
            return
        call = self._calls[-1] if self._calls and self._calls[-1].func is node else None
        statement = self._statement if self._hidden == 0 else None
        if call is not None and (self._function is None or self._function in self.once) \
                and self._hidden == 0 and statement is None:
            call = None  # e.g. inside an `if` or `for` at module level
        self.owner[node] = self._function
        self.uses.setdefault(node.value, []).append((node, statement, call))


def _sibling_functions(tree: cst.Module) -> dict[str, tuple[str, str]]:
    """{bound name: (module as written, its name there)} of `from M import f [as g]` at
    module level: the candidates for a look into a sibling module's source."""
    found = {}
    for statement in tree.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                module = "." * len(small.relative) + (
                    matching.dotted(small.module) or "" if small.module else "")
                for alias in small.names:
                    name = matching.dotted(alias.name)
                    if name and "." not in name:
                        found[alias.evaluated_alias or name] = (module, name)
    return found


def _imported_user_names(tree: cst.Module) -> set[str]:
    """Names bound by imports at module level (any module; filtered by qualified name)."""
    names = set()
    for statement in tree.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)) and \
                        not isinstance(small.names, cst.ImportStar):
                    for alias in small.names:
                        bound = alias.evaluated_alias or matching.dotted(alias.name) or ""
                        names.add(bound.split(".")[0])
    return names
