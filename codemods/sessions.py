"""Session-driven TF1 scripts -> eager TF2: functions of the fed values, a GradientTape step,
tf.train.Checkpoint.

A TF1 script builds a graph once and drives it through a `tf.Session`. In a block of
straight-line graph code (the module body, or the body of a `main()`-style function):

- `X = tf.placeholder(dtype, shape)` becomes `X_spec = tf.TensorSpec(shape, dtype)`;
- every graph tensor that depends on a placeholder or a variable (`cost = ...`) becomes a
  function of the placeholders it needs, `def cost(X, Y): return ...`, and references to other
  such tensors become calls (`pred(X)`). Functions a session fetches are `@tf.function`s with
  the placeholders' `input_signature`, so fed values are converted as a feed_dict converted them;
- `opt.minimize(loss, global_step=gs, var_list=vs)` becomes a `@tf.function` step with
  `tf.GradientTape`, a Keras optimizer with TF1's hyper-parameters (defaults that differ made
  explicit), `gs.assign_add(1)`, returning the loss;
- `sess.run(fetches, feed_dict={X: a})`, `t.eval(feed_dict)` and `op.run(feed_dict)` become
  calls (`cost(a).numpy()`); fetched variables and eager tensors become `.numpy()`;
- `tf.Session()`, `with tf.Session() as sess:` (body dedented), `sess.close()`, initializer
  runs, `tf.reset_default_graph()` and `ConfigProto` options with a TF2 equivalent go away;
- `tf.train.Saver(...)` becomes `tf.train.Checkpoint(<variable owners>, optimizer)`;
  `saver.save(sess, path)` -> `.write(path)`, `save(..., global_step=s)` -> a
  `tf.train.CheckpointManager` numbered by `s`, `saver.restore(sess, path)` -> `.restore(path)`
  (which also reads TF1 checkpoints by name);
- unnamed module-level `tf.Variable`s get TF1's names (`Variable`, `Variable_1`, ...) so old
  checkpoints still load by name;
- an instance of the file's `tf.Module` classes (`model_module = Model(name="model")`, as
  codemods.modules makes it for a scoped model function) is made once, like a layer, and RNN
  cells and `dynamic_rnn`/`static_rnn` over them become the emitted eager cells and drivers
  (codemods.session_rnn), also in a module-level `with tf.variable_scope("s"):` block;
- `outputs, state = <graph expression>` is one function and a part function per name read;
  a tensor bound again is a new function when nothing built on the old one is read later;
- `print(t)` and `t.shape`/`t.dtype` while building read the traced output of `t`'s function;
  a minimize `var_list` filtered from `tf.trainable_variables()` is made in the step from the
  tape's variables; `tf.train.RMSPropOptimizer` becomes `TF1RMSprop` (mean squares start at 1).

Refuses the whole block (it stays on compat.v1, with a warning saying why) when anything in it
cannot be converted exactly: placeholders or graph tensors defined in loops or nested
functions, a graph tensor that may create variables (layers, imported helpers), feeds that are
not dict literals of placeholders, tensors passed where a session is not the receiver,
summaries other than scalar and histogram ones (codemods.session_summaries), queues,
`partial_run`, several graphs, and optimizers or savers it does not know,
a random tensor read twice in one run (TF1 drew it once), and fed values that make calls the
fetch does not need (they would no longer run; those it needs keep the feed_dict's order).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst
import libcst.matchers as cstm
from libcst.codemod.visitors import AddImportsVisitor

from codemods import matching, session_rnn, session_summaries, stateless_layers, templates
from migrate import fastvisit
from codemods.base import TFCodemod
from codemods.modules import LAYERS
from codemods.variables import (InitializerCheck, Refusal as ArgumentRefusal, bound_arguments,
                                 convert_get_variable, join_args, kwarg)


class Refusal(Exception):
    """The block cannot be converted exactly; the message says why."""


#: TF1 optimizer -> (Keras optimizer, TF1 parameters in order, TF1 -> Keras keyword renames,
#: TF1 defaults to make explicit because Keras' differ).
OPTIMIZERS = {
    "train.GradientDescentOptimizer": ("SGD", ("learning_rate", "use_locking", "name"), {}, {}),
    "train.MomentumOptimizer": ("SGD", ("learning_rate", "momentum", "use_locking", "name",
                                        "use_nesterov"), {"use_nesterov": "nesterov"}, {}),
    "train.AdamOptimizer": ("Adam", ("learning_rate", "beta1", "beta2", "epsilon", "use_locking",
                                     "name"), {"beta1": "beta_1", "beta2": "beta_2"},
                            {"epsilon": "1e-08"}),
    "train.AdagradOptimizer": ("Adagrad", ("learning_rate", "initial_accumulator_value",
                                           "use_locking", "name"), {}, {}),
    "train.RMSPropOptimizer": ("RMSprop", ("learning_rate", "decay", "momentum", "epsilon",
                                           "use_locking", "centered", "name"),
                               {"decay": "rho"}, {"epsilon": "1e-10"}),
    "train.AdadeltaOptimizer": ("Adadelta", ("learning_rate", "rho", "epsilon", "use_locking",
                                             "name"), {}, {"epsilon": "1e-08"}),
}
_DROPPED_OPTIMIZER_ARGS = ("use_locking", "name")
#: dtype strings TF accepts (`tf.as_dtype`) -> the dtype object's name.
_DTYPE_NAMES = {"float": "float32", "float32": "float32", "double": "float64",
                "float64": "float64", "half": "float16", "float16": "float16",
                "bfloat16": "bfloat16", "int8": "int8", "int16": "int16", "int32": "int32",
                "int64": "int64", "uint8": "uint8", "uint16": "uint16", "bool": "bool",
                "string": "string", "complex64": "complex64", "complex128": "complex128"}
#: Where the Keras optimizer does not start from TF1's state: an emitted subclass that does.
_OPTIMIZER_HELPERS = {"train.RMSPropOptimizer": ("TF1RMSprop", templates.TF1_RMSPROP)}
#: TF1 learning-rate decay of the global step -> (Keras schedule, TF1 parameters in order).
#: The TF1 call is a tensor of the step; `Schedule(<the rest>)(step)` computes the same.
DECAYS = {
    "train.exponential_decay": ("ExponentialDecay", ("learning_rate", "global_step",
                                                     "decay_steps", "decay_rate", "staircase")),
    "train.inverse_time_decay": ("InverseTimeDecay", ("learning_rate", "global_step",
                                                      "decay_steps", "decay_rate", "staircase")),
    "train.polynomial_decay": ("PolynomialDecay", ("learning_rate", "global_step", "decay_steps",
                                                   "end_learning_rate", "power", "cycle")),
    "train.piecewise_constant": ("PiecewiseConstantDecay", ("x", "boundaries", "values")),
    "train.cosine_decay": ("CosineDecay", ("learning_rate", "global_step", "decay_steps",
                                           "alpha")),
}
INITIALIZERS = frozenset({"global_variables_initializer", "initialize_all_variables",
                          "local_variables_initializer", "initialize_local_variables",
                          "tables_initializer"})
SESSIONS = frozenset({"Session", "InteractiveSession"})
GLOBAL_STEP_MAKERS = frozenset({"train.get_or_create_global_step", "train.create_global_step"})
#: Graph-level calls that only make sense with a session and have no TF2 equivalent to keep.
DROPPED_CALLS = frozenset({"reset_default_graph"})
GRAPH_MODE_SWITCHES = frozenset({"disable_v2_behavior", "disable_eager_execution"})
#: TF APIs that make variables: a graph tensor using them cannot become a function.
_VARIABLE_MAKERS = ("Variable", "get_variable", "layers.", "keras.", "contrib.layers.",
                    "contrib.slim.", "nn.rnn_cell.", "contrib.rnn.", "estimator.")
#: TF APIs that say the script needs graph machinery this codemod does not rewrite.
_BLOCKERS = ("summary.", "train.Supervisor", "train.MonitoredTrainingSession", "train.start_queue_runners",
             "train.Coordinator", "train.string_input_producer", "train.batch", "train.shuffle_batch",
             "FIFOQueue", "RandomShuffleQueue", "get_default_graph", "get_default_session",
             "Graph", "py_func", "train.import_meta_graph", "saved_model.", "data.")
_RANDOM_OPS = ("random_normal", "random_uniform", "truncated_normal", "random.", "multinomial",
               "random_shuffle", "nn.dropout")
#: ConfigProto keywords -> TF2 calls (a format string of the value).
_CONFIG_KEYWORDS = {
    "allow_soft_placement": "config.set_soft_device_placement({})",
    "log_device_placement": "debugging.set_log_device_placement({})",
    "intra_op_parallelism_threads": "config.threading.set_intra_op_parallelism_threads({})",
    "inter_op_parallelism_threads": "config.threading.set_inter_op_parallelism_threads({})",
}
_PURE_BUILTINS = frozenset({"len", "int", "float", "range", "list", "tuple", "dict", "zip", "min",
                            "max", "abs", "sum", "round", "str", "bool", "enumerate", "sorted",
                            "isinstance", "map"})


@dataclass
class _Step:
    """A training step made from `minimize`."""
    optimizer: str                 # the name of the Keras optimizer object
    loss: cst.BaseExpression
    params: list
    var_list: Optional[cst.BaseExpression] = None
    global_step: Optional[cst.BaseExpression] = None
    chain: list = field(default_factory=list)  # gradient statements moved into the step
    applied: Optional[cst.BaseExpression] = None  # apply_gradients' argument
    #: `tvars = tf.trainable_variables()`, `d_vars = [v for v in tvars if ...]`: the var_list
    #: is computed in the step, from the variables the tape saw
    collections: list = field(default_factory=list)


@dataclass
class _Block:
    """What one block of graph code defines, by name."""
    statements: list
    placeholders: dict = field(default_factory=dict)   # name -> placeholder Call
    specs: dict = field(default_factory=dict)          # placeholder name -> spec name
    tensors: dict = field(default_factory=dict)        # graph tensor -> its placeholder params
    eager: set = field(default_factory=set)            # TF values computed once (constants)
    variables: list = field(default_factory=list)      # names holding variables, in order
    optimizers: dict = field(default_factory=dict)     # TF1 optimizer name -> Keras name
    steps: dict = field(default_factory=dict)          # train op name -> _Step
    sessions: set = field(default_factory=set)
    graphs: set = field(default_factory=set)           # `graph = tf.Graph()` names
    grad_chain: list = field(default_factory=list)     # gradient statements not yet applied
    collected: set = field(default_factory=set)  # variable lists that minimize steps took
    rebinds: list = field(default_factory=list)  # (statement, tensor rebound, built on it)
    symbolic: list = field(default_factory=list)  # statements reading tensors' shapes, dtypes
    summaries: list = field(default_factory=list)  # (TF2 function, tag, value, bound name)
    summary_tags: dict = field(default_factory=dict)  # merged summary -> its tags' name
    writers: set = field(default_factory=set)  # names bound to summary writers
    notes: list = field(default_factory=list)  # (node, warning) said if the block converts
    grad_names: set = field(default_factory=set)       # names those statements bind
    initializers: set = field(default_factory=set)
    savers: dict = field(default_factory=dict)         # name -> Saver call
    configs: set = field(default_factory=set)
    session_calls: list = field(default_factory=list)
    fetched: set = field(default_factory=set)          # tensors a session fetches
    replace: dict = field(default_factory=dict)        # original statement -> list of new ones
    flatten: set = field(default_factory=set)          # `with` statements to dedent
    calls: dict = field(default_factory=dict)          # original Call -> new expression
    taken: set = field(default_factory=set)            # every name the module uses
    owner: Optional[cst.ClassDef] = None               # the model class, for `self.x` graphs
    function: Optional[cst.FunctionDef] = None         # the function whose body this is
    builder: Optional[str] = None                      # its name when it builds and returns a graph
    holders: dict = field(default_factory=dict)        # builder -> the name its variables get
    session_params: dict = field(default_factory=dict)  # function -> its session parameter
    methods: list = field(default_factory=list)        # methods made from `self.x` tensors
    callee_drops: dict = field(default_factory=dict)   # class/function -> (index, session param)
    param_drops: dict = field(default_factory=dict)    # FunctionDef -> its session parameter
    instances: dict = field(default_factory=dict)      # name -> block of its converted class
    layers: dict = field(default_factory=dict)         # tensor -> (layer instance, inputs)
    layer_instances: dict = field(default_factory=dict)  # layer module made -> its class
    cells: set = field(default_factory=set)  # names bound to RNN cells made once
    helpers: set = field(default_factory=set)           # stateless-layer helpers it calls
    printed: list = field(default_factory=list)        # print(...) calls of placeholders
    layer_counts: dict = field(default_factory=dict)   # TF1 layer base name -> layers so far
    generation: int = 0                                # reset_default_graph() calls seen
    bound: dict = field(default_factory=dict)          # graph name -> generation it was bound in
    values: dict = field(default_factory=dict)         # graph name -> the expression bound

    def params_of(self, names) -> list:
        found = set()
        for name in names:
            if name in self.placeholders:
                found.add(name)
            elif name in self.tensors:
                found.update(self.tensors[name])
            elif name in self.steps:
                found.update(self.steps[name].params)
        return [p for p in self.placeholders if p in found]

    def fresh(self, wanted: str) -> str:
        name, n = wanted, 1
        while name in self.taken:
            n += 1
            name = f"{wanted}_{n}" if not wanted.endswith("_") else f"{wanted}{n}"
        self.taken.add(name)
        return name


class Sessions(TFCodemod):
    """tf.Session scripts -> eager functions, tf.function GradientTape steps, tf.train.Checkpoint.

    Placeholders, sess.run/eval, minimize, Saver, model classes holding a session.
    """

    NAME = "sessions"
    SAFE = False
    TRIGGERS = ("Session", "placeholder", "Saver", "initializer", "reset_default_graph",
                "minimize")
    COMPOSABLE = False

    # -- which blocks --------------------------------------------------------------------
    def _candidate_blocks(self, tree: cst.Module):
        """The module body, and the body of each module-level function that builds a graph
        itself (`def main(): x = tf.placeholder(...)`)."""
        self._function_blocks = {s for s in tree.body if isinstance(s, cst.FunctionDef)
                                 and self._defines_placeholders(s.body.body)}
        self._helpers: dict = {}  # build method of a model class -> its `self.m()` statement
        classes = [s for s in tree.body if isinstance(s, cst.ClassDef) and self._init_of(s)
                   is not None and self._defines_placeholders(self._init_statements(s))]
        self._function_blocks |= set(classes)
        for owner in classes:
            yield self._init_statements(owner), owner, None
        for function in tree.body:
            if isinstance(function, cst.FunctionDef) and function in self._function_blocks:
                yield function.body.body, None, function
        yield tree.body, None, None

    def _init_statements(self, owner: cst.ClassDef) -> list:
        """`__init__`'s statements, with the body of each build method it calls
        (`self._build_graph()`) after the call: graph code the constructor runs once."""
        methods = {}
        for statement in owner.body.body:
            if isinstance(statement, cst.FunctionDef):
                methods.setdefault(statement.name.value, []).append(statement)
        init = self._init_of(owner)
        uses = _SelfAttributes()
        owner.visit(uses)
        statements = []
        for statement in init.body.body:
            statements.append(statement)
            name = _self_call(statement)
            helper = methods.get(name, [None])
            if name is None or len(helper) != 1 or helper[0].decorators or \
                    [p.name.value for p in helper[0].params.params] != ["self"] or \
                    isinstance(helper[0].params.star_arg, (cst.Param, cst.ParamStar)) or \
                    helper[0].params.kwonly_params or helper[0].params.star_kwarg or \
                    uses.counts.get(name, 0) != 1:  # called once, from here
                continue
            self._helpers[helper[0]] = statement
            statements.extend(helper[0].body.body)
        return statements

    @staticmethod
    def _init_of(owner: cst.ClassDef) -> Optional[cst.FunctionDef]:
        for statement in owner.body.body:
            if isinstance(statement, cst.FunctionDef) and statement.name.value == "__init__":
                return statement
        return None

    def _defines_placeholders(self, statements) -> bool:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    if isinstance(small, cst.Assign) and isinstance(small.value, cst.Call) and \
                            self.tf_name(small.value.func) == "placeholder":
                        return True
            elif isinstance(statement, cst.With) or _is_main_guard(statement):
                if self._defines_placeholders(statement.body.body):
                    return True
        return False

    def _find_sessions(self, block: _Block, statements) -> None:
        """Sessions opened anywhere in the block: `with` ones are dedented, assigned ones
        removed, and `sess` parameters of functions that run it dropped."""
        if block.owner is not None:
            statements = [*statements, *(s for s in block.owner.body.body
                                          if s is not self._init_of(block.owner))]
        for top in statements:
            for statement in _statements(top, skip=self._function_blocks):
                if isinstance(statement, cst.FunctionDef):
                    self._session_parameter(block, statement)
                elif isinstance(statement, cst.With):
                    for item in statement.items:
                        if isinstance(item.item, cst.Call) and \
                                self.tf_name(item.item.func) in SESSIONS:
                            if len(statement.items) != 1:
                                raise Refusal("a session opened with other contexts", statement)
                            block.flatten.add(statement)
                            block.session_calls.append(item.item)
                            if item.asname is not None:
                                if not isinstance(item.asname.name, cst.Name):
                                    raise Refusal("a session bound to something other than a "
                                                  "name", statement)
                                block.sessions.add(item.asname.name.value)
                elif isinstance(statement, cst.SimpleStatementLine) and \
                        len(statement.body) == 1 and isinstance(statement.body[0], cst.Assign):
                    small = statement.body[0]
                    if isinstance(small.value, cst.Call) and \
                            self.tf_name(small.value.func) in SESSIONS and \
                            isinstance(small.targets[0].target, cst.Name):
                        block.sessions.add(small.targets[0].target.value)
                        block.session_calls.append(small.value)
                        block.replace[statement] = []

    def _session_parameter(self, block: _Block, function: cst.FunctionDef) -> None:
        """`def evaluate(sess, x): return sess.run(...)`: the function computes directly now;
        its `sess` parameter goes, and so does the argument at its call sites."""
        params = [p.name.value for p in function.params.params]
        for name in ("sess", "session"):
            if name not in params or function.params.params[params.index(name)].default:
                continue
            runs = _Calls()
            function.body.visit(runs)
            if not any(isinstance(c.func, cst.Attribute) and _key(c.func.value) == name
                       for c in runs.calls):
                continue
            index = params.index(name) - (1 if params[0] in ("self", "cls") else 0)
            block.sessions.add(name)
            block.param_drops[function] = name
            if function.name.value in block.callee_drops and \
                    block.callee_drops[function.name.value] != (index, name):
                raise Refusal(f"two functions named `{function.name.value}` take a session "
                              f"in different places", function)
            block.callee_drops[function.name.value] = (index, name)

    def _session_parameters(self, block: _Block, owner: cst.ClassDef) -> None:
        """`def __init__(self, sess, ...): self.sess = sess`: the parameter goes away, and so
        do the matching arguments where the class is constructed."""
        if any(not (isinstance(b.value, cst.Name) and b.value.value == "object")
               for b in owner.bases) or owner.keywords:
            raise Refusal("a model class with base classes", owner)
        init = self._init_of(owner)
        params = [p.name.value for p in init.params.params]
        for statement in init.body.body:
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            for small in statement.body:
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.Name) and \
                        small.value.value in params[1:] and \
                        _key(small.targets[0].target) is not None and \
                        small.value.value in ("sess", "session"):
                    name = small.value.value
                    block.session_params[name] = params.index(name)
                    block.sessions.add(name)
                    block.callee_drops[owner.name.value] = (params.index(name) - 1, name)

    # -- analysis ------------------------------------------------------------------------
    def _graph_level(self, block: _Block, statements, vscope: str = "", nscope: str = ""):
        """The statements that run once at the block's level: through `with` blocks that are
        sessions, `as_default()` graphs, name scopes, devices and variable scopes (see
        `_in_variable_scope`)."""
        for statement in statements:
            if vscope:
                self._vscope_of[statement] = vscope
            if nscope:
                self._nscope_of[statement] = nscope
            yield statement
            graph = self._graph_binding(statement)
            if graph is not None:
                block.graphs.add(graph)
            if _is_main_guard(statement):
                yield from self._graph_level(block, statement.body.body, vscope, nscope)
            if isinstance(statement, cst.With):
                kinds = {self._with_kind(block, item) for item in statement.items}
                if kinds <= {"session", "scope", "vscope"}:
                    inner = vscope
                    if "session" in kinds or "vscope" in kinds:
                        block.flatten.add(statement)
                    if "vscope" in kinds:
                        literal = next(i.item.args[0].value for i in statement.items
                                       if self._with_kind(block, i) == "vscope")
                        inner = f"{vscope}/{literal.evaluated_value}" if vscope \
                            else literal.evaluated_value
                    names = nscope
                    for item in statement.items:  # summaries' tags take the name scopes
                        scope = item.item.args[0].value if isinstance(item.item, cst.Call) \
                            and item.item.args and self.tf_name(item.item.func) in (
                                "name_scope", "variable_scope") else None
                        if isinstance(scope, cst.SimpleString):
                            names = f"{names}/{scope.evaluated_value}" if names \
                                else scope.evaluated_value
                    yield from self._graph_level(block, statement.body.body, inner, names)

    def _graph_binding(self, statement) -> Optional[str]:
        """`graph = tf.Graph()`: the name of the one graph the script builds, or None."""
        if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
                isinstance(statement.body[0], cst.Assign) and \
                len(statement.body[0].targets) == 1 and \
                isinstance(statement.body[0].targets[0].target, cst.Name):
            value = statement.body[0].value
            if isinstance(value, cst.Call) and not value.args and \
                    self.tf_name(value.func) == "Graph":
                return statement.body[0].targets[0].target.value
        return None

    def _with_kind(self, block: _Block, item: cst.WithItem) -> Optional[str]:
        expr = item.item
        if not isinstance(expr, cst.Call):
            return None
        path = self.tf_name(expr.func)
        if path in SESSIONS:
            if item.asname is not None:
                if not isinstance(item.asname.name, cst.Name):
                    raise Refusal("a session bound to something other than a name", expr)
                block.sessions.add(item.asname.name.value)
            block.session_calls.append(expr)
            return "session"
        if path in ("name_scope", "device"):
            return "scope"
        if path == "variable_scope" and item.asname is None and len(expr.args) == 1 and \
                expr.args[0].keyword is None and isinstance(expr.args[0].value, cst.SimpleString) \
                and block.owner is None:
            return "vscope"
        if path is None and isinstance(expr.func, cst.Attribute) and \
                expr.func.attr.value == "as_default" and isinstance(expr.func.value, cst.Call) \
                and self.tf_name(expr.func.value.func) == "Graph":
            return "session"  # `with tf.Graph().as_default():` only wraps the one graph
        if path is None and isinstance(expr.func, cst.Attribute) and \
                expr.func.attr.value == "as_default" and not expr.args and \
                _key(expr.func.value) in block.graphs:
            return "session"  # `with graph.as_default():` of `graph = tf.Graph()`
        return None

    def _check_session_args(self, block: _Block, call: cst.Call) -> None:
        for arg in call.args:
            value = arg.value
            if isinstance(value, cst.Name) and value.value in block.configs:
                continue
            if isinstance(value, cst.Call) and self.tf_name(value.func) == "ConfigProto":
                self._config_calls(value)  # validates it
                continue
            if arg.keyword is not None and arg.keyword.value == "graph" and \
                    _key(value) in block.graphs:
                continue  # the one graph: its code runs eagerly now
            raise Refusal("a session with a target or graph argument", call)

    def _classify(self, block: _Block, statement: cst.CSTNode) -> None:
        if isinstance(statement, (cst.With, cst.If, cst.For, cst.While, cst.Try,
                                  cst.FunctionDef, cst.ClassDef)):
            return  # with: walked by _graph_level; the others are checked by _check_nested
        if not isinstance(statement, cst.SimpleStatementLine):
            return
        for small in statement.body:
            self._classify_small(block, statement, small)

    def _in_variable_scope(self, statement, small) -> None:
        """`with tf.variable_scope("encode"):` at module level, around RNN cells and the RNN
        that runs them: the block goes, and the RNN runs in `encode/rnn` as TF1's did. Any
        other variable made there would need the prefix too: refused."""
        prefix = self._vscope_of.get(statement)
        if prefix is None:
            return
        for call in matching.calls_in(small):
            path = self.tf_name(call.func)
            if path in session_rnn.DRIVERS:
                self._driver_scopes[call] = prefix
            elif path in session_rnn.CELL_PATHS:
                continue
            elif self._is_variable_maker(call) or path in OPTIMIZERS or \
                    self._minimize_call(call) is not None:
                raise Refusal(f"tf.{path or 'minimize'} in a tf.variable_scope block at module "
                              f"level", call)

    def _summary_statement(self, block: _Block, statement, small) -> bool:
        """`tf.summary.scalar(...)`, `merged = tf.summary.merge_all()`, `writer =
        tf.summary.FileWriter(...)` (codemods.session_summaries)."""
        value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
        path = self.tf_name(value.func) if isinstance(value, cst.Call) else None
        if path not in session_summaries.KINDS and path not in session_summaries.MERGES and \
                path != session_summaries.WRITER:
            return False
        target = small.targets[0].target if isinstance(small, cst.Assign) and \
            len(small.targets) == 1 else None
        if isinstance(small, cst.Assign) and not isinstance(target, cst.Name) or \
                block.owner is not None:
            raise Refusal(f"tf.{path} other than in a statement of its own", small)
        self._single(statement, small)
        name = target.value if target is not None else None
        try:
            if path in session_summaries.KINDS:
                kind, tag, tensor = session_summaries.summary_op(
                    value, path, self._nscope_of.get(statement, ""))
                self._check_pure(block, tensor)
                block.summaries.append((kind, tag, tensor, name))
                block.replace[statement] = []
            elif path in session_summaries.MERGES:
                self._merged_summary(block, statement, small, name, path)
            else:
                new, graph = session_summaries.writer_value(value, self._tf)
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
        except session_summaries.SummaryRefusal as refusal:
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
        values = session_summaries.values_value(entries)
        tags = block.fresh(f"{name}_summaries")
        block.tensors[name] = block.params_of(_referenced(values))
        block.values[name] = values
        block.bound[name] = block.generation
        self._values[statement] = values
        self._tensor_defs[statement] = name
        block.summary_tags[name] = tags
        self._layer_preludes[statement] = cst.SimpleStatementLine([cst.Assign(
            [cst.AssignTarget(cst.Name(tags))], session_summaries.tags_value(entries, self._tf))])

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
        name = self._helper(block, "add_summary", session_summaries.ADD_SUMMARY)
        return cst.Call(cst.Name(name), args=_joined([cst.Arg(call.func.value), *args]))

    def _classify_small(self, block: _Block, statement, small) -> None:
        self._in_variable_scope(statement, small)
        if self._summary_statement(block, statement, small):
            return
        if self._graph_binding(statement) is not None:
            if len(block.graphs) > 1:
                raise Refusal("several graphs", small)
            block.replace[statement] = []
            return
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and \
                isinstance(small.value.func, cst.Attribute) and \
                small.value.func.attr.value == "finalize" and not small.value.args and \
                _key(small.value.func.value) in block.graphs:
            self._single(statement, small)
            block.replace[statement] = []  # nothing is added to an eager program's graph
            return
        self._refuse_blockers(small)
        if isinstance(small, cst.Expr) and self._prints_placeholders(block, small.value):
            block.printed.append(small.value)
            return
        if self._symbolic_statement(block, statement, small):
            return
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            call = small.value
            path = self.tf_name(call.func)
            if path in DROPPED_CALLS:
                block.replace[statement] = []
                self._single(statement, small)
                block.generation += 1  # a rebuilt graph may bind the same names again
            elif path in INITIALIZERS or self._runs_initializer(block, call):
                self._single(statement, small)
                block.replace[statement] = []
            return
        if isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Attribute) \
                and _key(small.targets[0].target) is None:
            target = matching.dotted(small.targets[0].target) or ""
            head = target.split(".")[0]
            if head in block.configs:
                self._config_attribute(block, statement, small, target)
            elif _referenced(small.value) & (set(block.placeholders) | set(block.tensors)):
                raise Refusal("a graph tensor stored in an attribute", small)
            return
        if isinstance(small, cst.Return):
            return  # a builder's (see _builder_return); any other is caught as a leftover
        if not isinstance(small, cst.Assign) or len(small.targets) != 1:
            names = _referenced(small)
            if names & (set(block.placeholders) | set(block.tensors)):
                raise Refusal("a graph tensor is rebound by an augmented or tuple assignment",
                              small)
            return
        if self._built(block, statement, small):
            return
        if self._gradient_statement(block, statement, small):
            return
        target = small.targets[0].target
        value = small.value
        if self._runs_graph(block, value):
            return  # a value computed by a session is a plain Python value
        if _is_feed_literal(block, value):
            return  # a feed_dict built ahead of its runs: its keys become parameter names
        refs = _referenced(value)
        graph_refs = refs & (set(block.placeholders) | set(block.tensors) | set(block.steps))
        name = _key(target)
        if name is None and graph_refs and self._tuple_tensors(block, statement, small,
                                                               graph_refs):
            return
        if name is None:
            if graph_refs:
                raise Refusal("a graph tensor assigned to something other than a name", small)
            return
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and \
                isinstance(target, cst.Name):
            owner = self._class_blocks.get(value.func.value)
            if owner is not None:
                block.instances[target.value] = owner
        if isinstance(value, cst.Name) and value.value in block.session_params:
            self._single(statement, small)
            block.sessions.add(name)  # `self.sess = sess`: the model computes directly now
            block.replace[statement] = []
            return
        if name in block.tensors and block.bound.get(name) == block.generation and \
                isinstance(target, cst.Name) and name in refs and \
                not block.values[name].deep_equals(value):
            merged = self._inline_rebinding(block, statement, name, value)
            if merged is not None:  # `h = f(x)` ... `h = g(h)`: one tensor, `h = g(f(x))`
                value = self._values[statement] = merged
                refs = _referenced(value)
                graph_refs = refs & (set(block.placeholders) | set(block.tensors) |
                                     set(block.steps))
        path = self.tf_name(value.func) if isinstance(value, cst.Call) else None
        for table in (block.placeholders, block.tensors, block.steps, block.savers):
            if name in table and block.bound.get(name) == block.generation and \
                    not (name in block.tensors and block.values[name].deep_equals(value)):
                # the same tensor built again (a second session block) is the same function
                if table is block.tensors and name not in refs and self._rebinds(
                        block, statement, name, value, graph_refs):
                    continue
                raise Refusal(f"`{name}` is bound twice in graph code", small)
        block.bound[name] = block.generation
        block.values[name] = value
        before = block.tensors[name] if name in block.tensors else \
            block.steps[name].params if name in block.steps else None
        if path == "placeholder":
            self._single(statement, small)
            block.placeholders[name] = value
            self._placeholder_defs[statement] = name
        elif path in SESSIONS:
            self._single(statement, small)
            self._check_session_args(block, value)
            block.sessions.add(name)
            block.replace[statement] = []
        elif path in INITIALIZERS:
            self._single(statement, small)
            block.initializers.add(name)
            block.replace[statement] = []
        elif path == "ConfigProto":
            self._single(statement, small)
            block.configs.add(name)
            calls = self._config_calls(value)
            block.replace[statement] = [calls[0].with_changes(
                leading_lines=statement.leading_lines), *calls[1:]] if calls else []
        elif path in OPTIMIZERS:
            self._single(statement, small)
            self._check_plain(block, value, graph_refs)
            block.optimizers[name] = name
            block.replace[statement] = [statement.with_changes(
                body=[small.with_changes(value=self._keras_optimizer(block, value))])]
        elif path in GLOBAL_STEP_MAKERS:
            self._single(statement, small)
            block.variables.append(name)
            block.replace[statement] = [statement.with_changes(body=[small.with_changes(
                value=self._parse_expr(f"{self._tf}.Variable(0, name=\"global_step\", "
                                       f"trainable=False, dtype={self._tf}.int64)"))])]
        elif path == "train.Saver":
            self._single(statement, small)
            block.savers[name] = value
            self._saver_defs[statement] = name
        elif self._minimize_call(value) is not None:
            self._single(statement, small)
            self._step(block, statement, name, value)
        elif self._apply_call(block, value) is not None:
            self._single(statement, small)
            self._applied_step(block, statement, name, value)
        elif isinstance(value, cst.Call) and path in LAYERS and graph_refs:
            self._single(statement, small)
            self._layer(block, statement, name, value, path)
        elif block.owner is None and isinstance(target, cst.Name) and (
                isinstance(value, cst.Call) and path in session_rnn.CELL_PATHS or
                session_rnn.is_cell_list(value, self.tf_name)):
            self._single(statement, small)
            self._cell(block, statement, small, name, graph_refs)
        elif isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and \
                value.func.value in self._module_classes and not graph_refs and \
                isinstance(target, cst.Name):
            # `model_module = Model(name="model")` (a converted scoped function, or the user's
            # own tf.Module): made once, it makes its variables on its first call, like a layer
            block.layer_instances[name] = value.func.value
            block.variables.append(name)
        elif self._makes_variables(value):
            if graph_refs and not self._initial_values_only(block, statement, graph_refs):
                raise Refusal(f"`{name}` makes variables from graph tensors", small)
            block.variables.append(name)
            if block.owner is not None and path == "get_variable":
                # the class becomes a tf.Module whose constructor makes its variables once
                try:
                    block.calls[value] = convert_get_variable(
                        self, value, self._check, self._init_of(block.owner))
                except ArgumentRefusal as refusal:
                    self.warn(value, f"tf.get_variable not converted to tf.Variable: {refusal}")
        elif graph_refs or refs & set(block.variables) or self._random(value):
            self._single(statement, small)
            self._check_pure(block, value)
            if path in DECAYS:
                schedule = self._decay_schedule(value)
                if schedule is None:
                    raise Refusal(f"tf.{path} with arguments its Keras schedule does not take",
                                  value)
                self._values[statement] = schedule
            block.tensors[name] = block.params_of(refs)
            self._tensor_defs[statement] = name
        after = block.tensors[name] if name in block.tensors else \
            block.steps[name].params if name in block.steps else None
        if before is not None and after != before:
            raise Refusal(f"`{name}` is rebuilt with other placeholders", small)
        elif self._tf_valued(value):
            block.eager.add(name)

    def _fed_value(self, block: _Block, name: str, value: cst.BaseExpression):
        """A value fed to placeholder `name`, put where the placeholder stood in an
        expression: TF1 converted it to the placeholder's dtype (a float64 numpy array fed to
        a float32 placeholder became float32), so the conversion is spelled out."""
        dtype = _arg(block.placeholders[name], "dtype", 0)
        if dtype is None:
            return value
        return cst.Call(self._parse_expr(f"{self._tf}.convert_to_tensor"), args=[
            cst.Arg(value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.Arg(self._dtype(dtype.value), keyword=cst.Name("dtype"), equal=_NO_SPACE)])

    @staticmethod
    def _prints_placeholders(block: _Block, value: cst.BaseExpression) -> bool:
        """`print(X)` of a placeholder while the graph is built: TF1 printed the symbolic
        tensor (`Tensor("X:0", shape=(?, 3), dtype=float32)`); its TF2 counterpart is the
        `tf.TensorSpec` made in its place, which prints the same shape and dtype."""
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name)
                and value.func.value == "print"):
            return False
        return any(isinstance(a.value, cst.Name) and a.value.value in block.placeholders
                   for a in value.args) and all(
                isinstance(a.value, cst.Name) and a.value.value in block.placeholders
                or not (_referenced(a.value) & (set(block.placeholders) | set(block.tensors)))
                for a in value.args if not a.star)

    def _symbolic_statement(self, block: _Block, statement, small) -> bool:
        """`print(h)`, `print(h.get_shape())`, `assert h.shape.as_list() == [None, 2]` while
        the graph is built: TF1 read the symbolic tensor. Its TF2 counterpart is the output of
        the tensor's function traced on the placeholders' specs,
        `tf.function(h).get_concrete_function(x_spec).structured_outputs`, which has the same
        shape and dtype and prints as TF1's did."""
        if block.owner is not None or not (isinstance(small, cst.Assert) or (
                isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and
                isinstance(small.value.func, cst.Name) and small.value.func.value == "print")):
            return False
        if self._runs_graph(block, small.test if isinstance(small, cst.Assert) else small.value):
            return False  # `print(sess.run(t))`: a run, not a symbol
        finder = _SymbolicReads(set(block.tensors) | set(block.placeholders))
        if isinstance(small, cst.Assert):
            small.visit(finder)
        else:
            for arg in small.value.args:  # `print(h)`: the bare tensor
                if isinstance(arg.value, cst.Name) and arg.value.value in finder.names:
                    finder.reads.append(arg.value)
                else:
                    arg.value.visit(finder)
        if not finder.reads or finder.other:
            return False
        self._single(statement, small)
        block.symbolic.append((statement, small, finder.reads))
        return True

    def _symbolic_statements(self, block: _Block) -> None:
        for statement, small, reads in block.symbolic:
            replacements = {}
            for node in reads:
                name = node.value
                if name in block.placeholders:
                    replacements[node] = cst.Name(block.specs[name])
                    continue
                specs = ", ".join(block.specs[p] for p in block.tensors[name])
                traced = f"{name}.get_concrete_function()" if name in block.fetched else \
                    f"{self._tf}.function({name}).get_concrete_function({specs})"
                replacements[node] = self._parse_expr(f"{traced}.structured_outputs")
            new = fastvisit.transform(small, _ReplaceNodes(replacements))
            block.replace[statement] = [statement.with_changes(body=[new])]

    def _print_specs(self, block: _Block) -> None:
        for call in block.printed:
            block.calls[call] = call.with_changes(args=[
                a.with_changes(value=cst.Name(block.specs[a.value.value]))
                if isinstance(a.value, cst.Name) and a.value.value in block.specs else a
                for a in call.args])

    def _cell(self, block: _Block, statement, small, name: str, graph_refs) -> None:
        """`cell = tf.nn.rnn_cell.BasicLSTMCell(n)` in graph code: the emitted cell module,
        made once (codemods.session_rnn); the RNN that runs it makes its variables."""
        listed = not isinstance(small.value, cst.Call)
        path = "nn.rnn_cell list" if listed else self.tf_name(small.value.func)
        if graph_refs and not session_rnn.variable_free(path):
            raise Refusal(f"tf.{path} made from graph tensors (a fed keep probability) would "
                          f"be made again on every call", small)
        wrapped = session_rnn.wrapped_name(small.value, path)
        if path in session_rnn.WRAPPERS and wrapped == name and \
                (graph_refs or "Saver" in self._module.code):
            if name not in self._cell_statements:
                raise Refusal(f"`{name}` is rebound to its dropout wrapper", small)
            self._rename_cell(block, name)  # `cell = DropoutWrapper(cell, keep_prob=kp)`
        rewrite = session_rnn.rewrite_cell_list if listed else session_rnn.rewrite_cell
        try:
            new = rewrite(small.value, self.tf_name, block.cells,
                          lambda p: self._rnn_class(block, p), self._renamed_cells)
        except session_rnn.CellRefusal as refusal:
            raise Refusal(str(refusal), small.value) from None
        block.cells.add(name)
        if graph_refs:  # a wrapper of a fed keep probability: made on every call, a tensor
            block.tensors[name] = block.params_of(_referenced(small.value))
            block.values[name] = small.value
            self._values[statement] = new
            self._tensor_defs[statement] = name
            return
        if path not in session_rnn.WRAPPERS:
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
        for helper, template in session_rnn.helper_kinds(path):
            name = self._helper(block, helper, template)
        return name

    def _helper(self, block: _Block, helper: str, template: str) -> str:
        """Register an emitted class or function; its name (suffixed if the file binds the
        name: `tf.nn.rnn_cell.GRUCell` or `writer.add_summary` bind none)."""
        if helper not in self._layer_classes:
            taken = helper in self._bare_names
            self._layer_classes[helper] = (
                helper + ("_eager" if helper.islower() else "Eager") if taken else helper,
                template)
        block.helpers.add(helper)
        return self._layer_classes[helper][0]

    def _initial_values_only(self, block: _Block, statement, graph_refs) -> bool:
        """`W_init = tf.random_uniform(...)` read only by `W = tf.Variable(W_init)`: TF1 drew
        it once, when the initializer ran; it stays a value computed once, where it was."""
        for ref in graph_refs:
            if ref not in block.tensors or block.tensors[ref] or ref in block.layers or \
                    ref in self._parts or not self._random(block.values[ref]):
                return False
            readers = [s for s in _statements_in_order(block.statements)
                       if not isinstance(s, cst.With) and ref in _referenced(s)]
            if any(s is not statement and not self._binds(s, ref) for s in readers):
                return False
        for ref in graph_refs:
            old = [s for s, n in self._tensor_defs.items() if n == ref]
            for s in old:
                del self._tensor_defs[s]
            del block.tensors[ref]
        return True

    @staticmethod
    def _binds(statement, name: str) -> bool:
        return isinstance(statement, cst.SimpleStatementLine) and \
            isinstance(statement.body[0], cst.Assign) and \
            name in _bound(statement.body[0].targets[0].target) and \
            name not in _referenced(statement.body[0].value)

    def _rebinds(self, block: _Block, statement, name: str, value, graph_refs) -> bool:
        """`x = tf.constant(1)` ... `x = tf.constant(2)` (an exercise sheet's sections): the
        second function is defined after the first, as the name was bound, which is right as
        long as nothing built on the first `x` is read after it (checked at the end, in
        `_check_rebinds`) and the new one takes the same placeholders."""
        if not (graph_refs or self._random(value)) or name in block.layers or \
                name in self._parts:
            return False
        if block.params_of(_referenced(value)) != block.tensors[name]:
            return False
        dependents, changed = {name}, True
        while changed:
            changed = False
            for other, other_value in block.values.items():
                if other in block.tensors and other not in dependents and \
                        _referenced(other_value) & dependents:
                    dependents.add(other)
                    changed = True
        block.rebinds.append((statement, name, dependents - {name}))
        return True

    def _check_random_reads(self, block: _Block) -> None:
        """TF1 drew a random tensor once per run; its TF2 function draws on every call. A
        tensor that reads one twice (`tf.cond(x > y, lambda: x + y, ...)`, or through two
        tensors built on it) would compare and add different draws: refused."""
        names = set(block.tensors)
        random = {n for n in names if n in block.values and self._random(block.values[n])}
        if not random:
            return
        memo: dict = {}

        def draws(name: str, seen: frozenset) -> dict:
            if name in memo:
                return memo[name]
            uses = _NameUses(names)
            block.values[name].visit(uses)
            total: dict = {}
            for other, count in uses.uses.items():
                if other == name or other in seen or other not in block.values:
                    continue
                if other in random:
                    total[other] = total.get(other, 0) + count
                for r, n in draws(other, seen | {name}).items():
                    total[r] = total.get(r, 0) + n * count
            memo[name] = total
            return total

        for statement, name in self._tensor_defs.items():
            if name in block.values and _inside(statement, block.statements):
                twice = sorted(r for r, n in draws(name, frozenset()).items() if n > 1)
                if twice:
                    raise Refusal(f"`{name}` reads the random `{twice[0]}` more than once: "
                                  f"TF1 drew it once per run, its TF2 function draws on every "
                                  f"call", statement)

    def _check_rebinds(self, block: _Block) -> None:
        """What was built on a tensor's first binding must not be read after the second."""
        ordered = list(_statements_in_order(block.statements))
        for statement, name, dependents in block.rebinds:
            start = next(i for i, s in enumerate(ordered) if s is statement)
            live = set(dependents)
            for later in ordered[start + 1:]:
                if isinstance(later, cst.With):
                    continue  # its body follows
                read = _referenced(later.body[0].value) if isinstance(
                    later, cst.SimpleStatementLine) and isinstance(later.body[0], cst.Assign) \
                    else _referenced(later)
                if read & live:
                    raise Refusal(f"`{sorted(read & live)[0]}` is built on the `{name}` bound "
                                  f"before and read after `{name}` is bound again", later)
                if isinstance(later, cst.SimpleStatementLine) and \
                        isinstance(later.body[0], cst.Assign):
                    live -= _bound(later.body[0].targets[0].target)  # rebound: a new one

    def _tuple_tensors(self, block: _Block, statement, small, graph_refs) -> bool:
        """`outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)` in graph code: the
        value becomes one function (`outputs_state(x)`) and each name its part
        (`outputs_state(x)[0]`), emitted only where something reads it and inlined into a
        rebinding (`outputs = tf.transpose(outputs, [1, 0, 2])`) like a plain tensor."""
        target, value = small.targets[0].target, small.value
        if not isinstance(target, (cst.Tuple, cst.List)) or not isinstance(value, cst.Call) \
                or not all(isinstance(e, cst.Element) and isinstance(e.value, cst.Name)
                           for e in target.elements):
            return False
        if self._minimize_call(value) is not None or self._apply_call(block, value) is not None:
            return False
        names = [e.value.value for e in target.elements]
        if len(set(names)) != len(names):
            raise Refusal("a graph tensor unpacked twice into one name", small)
        self._single(statement, small)
        self._check_pure(block, value)
        for part in names:
            if part in self._parts and not self._read_since(block, self._parts[part][0],
                                                             statement, part):
                del self._parts[part]  # `outputs, enc = ...` then `outputs, dec = ...`
                del block.tensors[part]
            for table in (block.placeholders, block.tensors, block.steps, block.savers):
                if part in table and block.bound.get(part) == block.generation:
                    raise Refusal(f"`{part}` is bound twice in graph code", small)
        joint = block.fresh("_".join(names))
        params = block.params_of(_referenced(value))
        block.tensors[joint] = params
        block.bound[joint] = block.generation
        block.values[joint] = value
        self._tensor_defs[statement] = joint
        for index, part in enumerate(names):
            block.tensors[part] = params
            block.bound[part] = block.generation
            block.values[part] = cst.Subscript(cst.Name(joint), [cst.SubscriptElement(
                cst.Index(cst.Integer(str(index))))])
            self._parts[part] = (statement, joint, index)
        return True

    @staticmethod
    def _read_since(block: _Block, first, last, name: str) -> bool:
        """Does a statement after `first`, up to and including `last`, read `name`?"""
        ordered = list(_statements_in_order(block.statements))
        start = next(i for i, s in enumerate(ordered) if s is first)
        end = next(i for i, s in enumerate(ordered) if s is last)
        return any(name in _referenced(s) for s in ordered[start + 1:end]
                   if isinstance(s, cst.SimpleStatementLine)) or \
            name in _referenced(last.body[0].value)

    def _part_functions(self, block: _Block, statement) -> list:
        """The functions of the parts of a tuple assignment that something still reads."""
        functions = []
        for part, (owner, joint, index) in list(self._parts.items()):
            if owner is not statement:
                continue
            if not any(part in _referenced(other) for other in _statements_in_order(
                    block.statements) if other is not statement and not (
                        isinstance(other, cst.With) and _inside(statement, [other]))):
                continue  # `_states` nothing reads: no function
            lines = self._header_lines(block, part, block.tensors[part], part in block.fetched)
            functions.append(_fill(cst.parse_statement(
                "\n".join([*lines, "    return __VALUE__"]) + "\n",
                config=self._module.config_for_parsing),
                __VALUE__=self._translate(block, block.values[part])))
        return functions

    def _runs_initializer(self, block: _Block, call: cst.Call) -> bool:
        """`tf.global_variables_initializer().run()` or `init.run()`: variables are
        initialised when they are made in TF2, so the statement goes."""
        if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "run"):
            return False
        target = call.func.value
        return isinstance(target, cst.Call) and self.tf_name(target.func) in INITIALIZERS \
            or _key(target) in block.initializers

    def _inline_rebinding(self, block: _Block, statement, name: str,
                          value: cst.BaseExpression) -> Optional[cst.BaseExpression]:
        """`layer = tf.matmul(x, w) + b` then `layer = tf.nn.relu(layer)`: the first binding
        goes and its expression takes the place of the one reference to it, when nothing in
        between reads the name or rebinds what the expression reads. None otherwise."""
        old = [s for s, n in self._tensor_defs.items() if n == name]
        part = self._parts.get(name)
        if not old and part is not None:
            old = [part[0]]
        elif not old:
            return None
        ordered = list(_statements_in_order(block.statements))
        try:
            start = next(i for i, s in enumerate(ordered) if s is old[-1])
            end = next(i for i, s in enumerate(ordered) if s is statement)
        except StopIteration:
            return None
        old_value = block.values[name] if part is not None else \
            self._values.get(old[-1], old[-1].body[0].value)
        layer = block.layers.get(name)
        if layer is not None:  # `h = tf.layers.dense(x, ...)`, then `h = f(h)`: f(layer(x))
            if block.owner is not None:
                return None
            old_value = cst.Call(cst.Name(layer[0]), args=[cst.Arg(layer[1])])
        uses = _NameUses({name})
        value.visit(uses)
        if uses.uses.get(name) != 1:
            return None
        reads = _referenced(old_value)
        for between in ordered[start + 1:end]:
            assigned = _AssignedNames()
            between.visit(assigned)
            if name in _referenced(between) or assigned.names & reads:
                return None
        if part is not None:  # the tuple's function stays; this part is read through it
            del self._parts[name]
            del block.tensors[name]
            return fastvisit.transform(value, _Inline(name, old_value))
        self._single(old[-1], old[-1].body[0])
        del self._tensor_defs[old[-1]]
        del block.tensors[name]
        block.replace[old[-1]] = []
        if layer is not None:  # the layer is still made there, once; only its output moves
            del block.layers[name]
            block.replace[old[-1]] = [self._layer_preludes.pop(old[-1]).with_changes(
                leading_lines=old[-1].leading_lines)]
        self._inlined.add(old[-1])
        # rebuilt only above the replaced name, so the other nodes keep their metadata
        return fastvisit.transform(value, _Inline(name, old_value))

    def _carry_lines(self, block: _Block) -> None:
        """A removed statement's blank lines stay (they separate sections), and so does the
        comment over a removed `reset_default_graph()` (it heads the code after it) or over a
        binding inlined into the next (it describes the tensor); other comments describe what
        was removed and go with it."""
        for body in _bodies(block.statements):
            carried: list = []
            for statement in body:
                removed = block.replace.get(statement) == []
                if not removed:
                    if carried:
                        self._leading[statement] = [*carried, *self._leading.get(statement, [])]
                    carried = []
                    continue
                keep = statement.leading_lines if self._is_reset(statement) or \
                    statement in self._inlined else \
                    [line for line in statement.leading_lines if line.comment is None]
                carried = [*carried, *keep]

    def _layer(self, block: _Block, statement, name: str, call: cst.Call, path: str) -> None:
        """`h = tf.layers.dense(x, 16, name=...)` in graph code: the layer becomes a module
        made once (TF1's `dense`, `dense_1`, ... names; variables on its first call) and `h`
        a function calling it."""
        kind = LAYERS[path]
        try:
            args = bound_arguments(call, kind.params)
        except ArgumentRefusal as refusal:
            raise Refusal(f"tf.{path}: {refusal}", call) from None
        extra = set(args) - set(kind.passed) - {"inputs", "name"}
        if extra or "inputs" not in args:
            raise Refusal(f"tf.{path} with {', '.join(sorted(extra)) or 'no inputs'}", call)
        if self._makes_variables(args["inputs"]):
            raise Refusal(f"tf.{path} on an expression that makes variables", call)
        label = args.get("name")
        if label is not None and not isinstance(label, cst.SimpleString):
            raise Refusal(f"tf.{path} with a computed name", call)
        if label is None:
            n = block.layer_counts.get(kind.base_name, 0)
            block.layer_counts[kind.base_name] = n + 1
            label_code = f'"{kind.base_name}"' if n == 0 else f'"{kind.base_name}_{n}"'
        else:
            label_code = label.value
        if block.owner is not None:
            raise Refusal(f"tf.{path} in a model class", call)
        instance = block.fresh(f"{name}_layer")
        cls = self._layer_class(kind)
        ctor = ", ".join([*(self._module.code_for_node(args[k]) if i == 0 else
                            f"{k}={self._module.code_for_node(args[k])}"
                            for i, k in enumerate(p for p in kind.passed if p in args)),
                          f"name={label_code}"])
        block.layers[name] = (instance, args["inputs"], kind.cls)
        block.layer_instances[instance] = kind.cls
        block.variables.append(instance)
        self._layer_preludes[statement] = cst.parse_statement(f"{instance} = {cls}({ctor})\n")
        block.tensors[name] = block.params_of(_referenced(args["inputs"]))
        self._tensor_defs[statement] = name

    def _layer_class(self, kind) -> str:
        """The emitted class for a layer kind (once per file)."""
        if kind.cls not in self._layer_classes:
            cls = kind.cls if kind.cls not in self._all_names else \
                f"{kind.cls}_layer" if kind.cls.islower() else f"{kind.cls}Layer"
            self._layer_classes[kind.cls] = (cls, kind.template)
        return self._layer_classes[kind.cls][0]

    def _runs_graph(self, block: _Block, expr: cst.BaseExpression) -> bool:
        finder = _Calls()
        expr.visit(finder)
        for call in finder.calls:
            func = call.func
            if isinstance(func, cst.Attribute) and (
                    func.attr.value == "eval" or _key(func.value) in block.sessions or
                    _key(func.value) in block.savers):
                return True
        return False

    def _single(self, statement, small) -> None:
        if len(statement.body) != 1:
            raise Refusal("several statements on one line with graph code", small)

    def _refuse_blockers(self, node: cst.CSTNode) -> None:
        finder = _Calls(attributes=True)
        node.visit(finder)
        for ref in finder.attributes:
            path = self.tf_name(ref)
            if path and any(path == b or (b.endswith(".") and path.startswith(b))
                            for b in _BLOCKERS):
                raise Refusal(f"tf.{path} needs graph machinery this rewrite does not convert",
                              ref)
        for call in finder.calls:
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "partial_run":
                raise Refusal("partial_run has no TF2 equivalent", call)

    def _makes_variables(self, expr: cst.BaseExpression) -> bool:
        finder = _Calls()
        expr.visit(finder)
        local = self._local_functions()
        return any(self._is_variable_maker(c) or (
            isinstance(c.func, cst.Name) and c.func.value in local and
            self._function_makes_variables(local[c.func.value], local, set()))
            for c in finder.calls)

    def _is_variable_maker(self, call: cst.Call) -> bool:
        path = self.tf_name(call.func)
        if path is None or path in stateless_layers.STATELESS_LAYERS:
            return False
        return path in ("Variable", "get_variable") or any(
            path.startswith(p) for p in _VARIABLE_MAKERS if p.endswith("."))

    def _random(self, expr: cst.BaseExpression) -> bool:
        finder = _Calls()
        expr.visit(finder)
        return any((self.tf_name(c.func) or "").startswith(_RANDOM_OPS) for c in finder.calls)

    def _tf_valued(self, expr: cst.BaseExpression) -> bool:
        return isinstance(expr, cst.Call) and self.tf_name(expr.func) is not None

    def _check_plain(self, block: _Block, expr, graph_refs) -> None:
        if not graph_refs:
            return
        rate = _arg(expr, "learning_rate", 0)
        if rate is not None and isinstance(rate.value, cst.Name) and \
                graph_refs == {rate.value.value} and block.tensors.get(rate.value.value) == []:
            if self.tf_name(expr.func) == "train.MomentumOptimizer":
                raise Refusal("MomentumOptimizer with a changing learning rate: Keras SGD folds "
                              "the rate into its momentum, TF1 applied it to the whole "
                              "accumulator", expr)
            return  # a schedule of the global step: its function is the Keras callable rate
        raise Refusal("an optimizer whose hyper-parameters are graph tensors", expr)

    def _decay_schedule(self, call: cst.Call) -> Optional[cst.Call]:
        """`tf.train.exponential_decay(lr, gs, 100, 0.9, staircase=True)` ->
        `tf.keras.optimizers.schedules.ExponentialDecay(lr, decay_steps=100, decay_rate=0.9,
        staircase=True)(gs)`; None when the call has other arguments."""
        schedule, order = DECAYS[self.tf_name(call.func)]
        bound = {}
        for i, arg in enumerate(call.args):
            key = arg.keyword.value if arg.keyword else order[i] if i < len(order) and \
                not arg.star else None
            if key not in order and key != "name":
                return None
            bound[key] = arg.value
        step_key = order[1] if order[0] == "learning_rate" else order[0]
        if step_key not in bound:
            return None
        args = []
        for key in order:
            if key == step_key or key not in bound:
                continue
            keyword = None if key == "learning_rate" else cst.Name(key)
            args.append(cst.Arg(bound[key], keyword=keyword,
                                equal=_NO_SPACE if keyword else cst.MaybeSentinel.DEFAULT))
        maker = cst.Call(self._parse_expr(f"{self._tf}.keras.optimizers.schedules.{schedule}"),
                         args=_joined(args))
        if len(self._module.code_for_node(maker)) > 70:  # `return ...` of a function: wrap
            maker = maker.with_changes(whitespace_before_args=cst.ParenthesizedWhitespace(
                indent=True, last_line=cst.SimpleWhitespace(" " * 4)))
        return cst.Call(maker, args=[cst.Arg(bound[step_key])])

    def _check_pure(self, block: _Block, expr: cst.BaseExpression) -> None:
        """A graph tensor becomes a function called many times: it must not make variables."""
        finder = _Calls()
        expr.visit(finder)
        local = self._local_functions()
        for call in finder.calls:
            if self._is_variable_maker(call):
                raise Refusal("a graph tensor that creates variables (layers) is recomputed "
                              "on every call in TF2", call)
            path = self.tf_name(call.func)
            if path in stateless_layers.STATELESS_LAYERS:
                # the input may be a tensor function: evaluating it twice (for its value, and
                # for its shape) makes no variable and gives the same shape
                reason = stateless_layers.refusal(call, path, input_may_be_expression=True)
                if reason is not None:
                    raise Refusal(reason, call)
            if path is not None:
                continue
            func = call.func
            if isinstance(func, cst.Name):
                if func.value in _PURE_BUILTINS or func.value in block.layer_instances:
                    continue  # a layer made once, before: calling it makes no variable
                if func.value in local:
                    if self._function_makes_variables(local[func.value], local, set()):
                        raise Refusal(f"`{func.value}` creates variables, and TF2 would "
                                      f"create them on every call", call)
                    continue
                raise Refusal(f"`{func.value}` is not defined here and may create variables",
                              call)
            # method calls on tensors (`x.get_shape()`) and on values are fine

    def _find_module_classes(self) -> set:
        """Classes of this file that derive, directly or through one another, from
        `tf.Module`: their instances make variables on first use and find them again."""
        classes = {s.name.value: s for s in self._module.body if isinstance(s, cst.ClassDef)}
        modules: set = set()
        changed = True
        while changed:
            changed = False
            for name, cls in classes.items():
                if name not in modules and any(
                        self.tf_name(base.value) == "Module" or
                        (isinstance(base.value, cst.Name) and base.value.value in modules)
                        for base in cls.bases):
                    modules.add(name)
                    changed = True
        return modules

    def _local_functions(self) -> dict:
        return {s.name.value: s for s in self._module.body if isinstance(s, cst.FunctionDef)}

    def _function_makes_variables(self, function, local, seen) -> bool:
        if function.name.value in seen:
            return False
        seen.add(function.name.value)
        finder = _Calls()
        function.visit(finder)
        for call in finder.calls:
            if self._is_variable_maker(call):
                return True
            if isinstance(call.func, cst.Name) and call.func.value in local and \
                    self._function_makes_variables(local[call.func.value], local, seen):
                return True
        return False

    def _check_nested(self, block: _Block, statements) -> None:
        """Graph definitions are only understood at the block's own level."""
        graph = set(block.placeholders) | set(block.tensors) | set(block.steps)
        for statement in statements:
            if isinstance(statement, cst.With) or _is_main_guard(statement):
                self._check_nested(block, statement.body.body)
                continue
            if isinstance(statement, cst.SimpleStatementLine) or \
                    statement in self._function_blocks:
                continue
            finder = _Calls()
            statement.visit(finder)
            for call in finder.calls:
                path = self.tf_name(call.func)
                if path in ("placeholder", "train.Saver") or path in OPTIMIZERS or \
                        self._minimize_call(call) is not None:
                    raise Refusal(f"tf.{path or 'minimize'} inside a loop, branch or nested "
                                  f"function", call)
            assigned = _AssignedNames()
            statement.visit(assigned)
            clash = assigned.names & graph
            if clash:
                raise Refusal(f"`{sorted(clash)[0]}` is rebound inside a loop, branch or "
                              f"function", statement)

    # -- minimize ------------------------------------------------------------------------
    def _minimize_call(self, value) -> Optional[cst.Call]:
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and \
                value.func.attr.value == "minimize":
            return value
        return None

    def _step(self, block: _Block, statement, name: str, call: cst.Call) -> None:
        receiver = call.func.value
        if _key(receiver) in block.optimizers:
            optimizer = block.optimizers[_key(receiver)]
            prelude = []
        elif isinstance(receiver, cst.Call) and self.tf_name(receiver.func) in OPTIMIZERS:
            self._check_plain(block, receiver, _referenced(receiver) & (
                set(block.placeholders) | set(block.tensors) | set(block.steps)))
            keras = self._keras_optimizer(block, receiver)
            optimizer = block.fresh(OPTIMIZERS[self.tf_name(receiver.func)][0].lower())
            if block.owner is not None:
                optimizer = f"self.{optimizer}"
            prelude = [cst.SimpleStatementLine([cst.Assign(
                [cst.AssignTarget(_key_expr(optimizer))], keras)],
                leading_lines=statement.leading_lines)]
            block.optimizers[optimizer] = optimizer
        else:
            raise Refusal("minimize() on an optimizer this rewrite does not know", call)
        bound = {}
        for i, arg in enumerate(call.args):
            if arg.star:
                raise Refusal("minimize() with unpacked arguments", call)
            key = arg.keyword.value if arg.keyword else ("loss", "global_step", "var_list")[i] \
                if i < 3 else None
            bound[key] = arg.value
        extra = set(bound) - {"loss", "global_step", "var_list", "name"}
        if extra or "loss" not in bound:
            raise Refusal(f"minimize() with {', '.join(sorted(extra)) or 'no loss'}", call)
        loss = bound["loss"]
        refs = _referenced(loss)
        self._check_pure(block, loss)
        step = _Step(optimizer, loss, block.params_of(refs), bound.get("var_list"),
                     bound.get("global_step"),
                     collections=self._collections(block, bound.get("var_list"), call))
        if step.global_step is not None and _referenced(step.global_step) - set(block.variables):
            raise Refusal("a global_step that is not a variable made here", call)
        block.steps[name] = step
        self._step_defs[statement] = name
        self._step_preludes[statement] = prelude

    # -- compute_gradients / tf.gradients ... apply_gradients ----------------------------
    def _gradient_source(self, block: _Block, value) -> Optional[tuple]:
        """`opt.compute_gradients(loss, var_list=vs)` or `tf.gradients(loss, vs)`, the value
        or a call in it: (kind, loss, variables or None, the call)."""
        finder = _Calls()
        value.visit(finder)
        found = [found for found in (self._gradient_call(block, c) for c in finder.calls)
                 if found is not None]
        if len(found) > 1:
            raise Refusal("several gradient computations in one statement", value)
        return found[0] if found else None

    def _gradient_call(self, block: _Block, value: cst.Call) -> Optional[tuple]:
        if isinstance(value.func, cst.Attribute) and value.func.attr.value == "compute_gradients":
            if _key(value.func.value) not in block.optimizers:
                raise Refusal("compute_gradients() on an optimizer this rewrite does not know",
                              value)
            order = ("loss", "var_list")
        elif self.tf_name(value.func) == "gradients":
            order = ("ys", "xs")
        else:
            return None
        bound = {}
        for i, arg in enumerate(value.args):
            key = arg.keyword.value if arg.keyword else order[i] if i < 2 and not arg.star \
                else None
            if key not in order:
                raise Refusal(f"{self._module.code_for_node(value.func)}() with arguments "
                              f"GradientTape.gradient does not take", value)
            bound[key] = arg.value
        if order[0] not in bound:
            raise Refusal("gradients of no loss", value)
        return ("pairs" if order[0] == "loss" else "gradients", bound[order[0]],
                bound.get(order[1]), value)

    def _gradient_statement(self, block: _Block, statement, small) -> bool:
        """Statements from a gradient computation up to `apply_gradients` (clipping, scaling,
        `tvars = tf.trainable_variables()`) move into the training step they feed."""
        if not isinstance(small, cst.Assign) or len(small.targets) != 1:
            return False
        value = small.value
        if self._minimize_call(value) is not None:
            return False  # `opt.minimize(loss, var_list=d_vars)`: a step of its own
        source = self._gradient_source(block, value)
        variables = isinstance(value, cst.Call) and not value.args and \
            self.tf_name(value.func) == "trainable_variables"
        reads = _referenced(value) & block.grad_names
        if source is None and not variables and not reads:
            return False
        if self._apply_call(block, value) is not None:
            return False
        self._single(statement, small)
        if source is not None:
            self._check_pure(block, source[1])
        block.grad_chain.append((statement, small, source, variables))
        block.grad_names |= _bound(small.targets[0].target)
        block.replace[statement] = []  # it moves into the step
        return True

    def _apply_call(self, block: _Block, value) -> Optional[cst.Call]:
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and \
                value.func.attr.value == "apply_gradients" and \
                _referenced(value) & block.grad_names:
            return value
        return None

    def _applied_step(self, block: _Block, statement, name: str, call: cst.Call) -> None:
        """`train_op = opt.apply_gradients(grads_and_vars, global_step=gs)` after a gradient
        computation: one step that records the loss on a tape and runs the same statements."""
        receiver = _key(call.func.value)
        if receiver not in block.optimizers:
            raise Refusal("apply_gradients() on an optimizer this rewrite does not know", call)
        bound = {}
        for i, arg in enumerate(call.args):
            key = arg.keyword.value if arg.keyword else \
                ("grads_and_vars", "global_step", "name")[i] if i < 3 and not arg.star else None
            if key not in ("grads_and_vars", "global_step", "name"):
                raise Refusal("apply_gradients() with unexpected arguments", call)
            bound[key] = arg.value
        sources = [entry[2] for entry in block.grad_chain if entry[2] is not None]
        if len(sources) != 1:
            raise Refusal("apply_gradients() of gradients of several losses" if sources else
                          "apply_gradients() of gradients not computed here", call)
        loss = sources[0][1]
        refs = _referenced(loss)
        for entry in block.grad_chain:
            refs |= _referenced(entry[1].value) - block.grad_names
        step = _Step(block.optimizers[receiver], loss, block.params_of(refs), None,
                     bound.get("global_step"), chain=list(block.grad_chain),
                     applied=bound["grads_and_vars"])
        if step.global_step is not None and _referenced(step.global_step) - set(block.variables):
            raise Refusal("a global_step that is not a variable made here", call)
        block.grad_chain = []
        block.steps[name] = step
        self._step_defs[statement] = name
        self._step_preludes[statement] = []

    def _collections(self, block: _Block, var_list, call) -> list:
        """The statements a minimize's var_list reads from `tf.trainable_variables()` (and
        filters of it: a GAN's `d_vars = [v for v in t_vars if v.name.startswith("d")]`).
        TF2 makes the variables on the first step, so the list is made in the step from the
        variables the tape saw (the loss's trainable variables, which is what TF1's minimize
        kept of the list: the others get no gradient)."""
        if var_list is None or not _referenced(var_list) & block.grad_names:
            return []
        needed, entries = set(_referenced(var_list)), []
        for entry in reversed(block.grad_chain):
            statement, small, source, _ = entry
            if not _bound(small.targets[0].target) & needed:
                continue
            if source is not None:
                raise Refusal("a minimize() var_list made from gradients", call)
            needed |= _referenced(small.value)
            entries.insert(0, entry)
            block.collected.add(statement)
        return entries

    def _chain_statements(self, block: _Block, step: _Step, local: dict,
                          chain: Optional[list] = None) -> list:
        """The gradient statements as they run in the step, on the tape's loss."""
        tape, loss = local["tape"], local["loss"]
        statements = []
        for statement, small, source, variables in (step.chain if chain is None else chain):
            comments = [line for line in statement.leading_lines if line.comment is not None]
            if variables:
                target = self._module.code_for_node(small.targets[0].target)
                statements.append(cst.parse_statement(
                    f"{target} = {tape}.watched_variables()\n").with_changes(
                    leading_lines=comments))
                continue
            moved = statement
            if source is not None:
                kind, _, xs, call = source
                xs = self._module.code_for_node(xs) if xs is not None else \
                    f"{tape}.watched_variables()"
                if kind == "gradients":
                    new = self._parse_expr(f"{tape}.gradient({loss}, {xs})")
                else:
                    names = local["variables"]
                    statements.append(cst.parse_statement(f"{names} = {xs}\n").with_changes(
                        leading_lines=comments))
                    comments = []
                    new = self._parse_expr(f"list(zip({tape}.gradient({loss}, {names}), "
                                           f"{names}))")
                moved = moved.deep_replace(call, new)
            moved = self._translate(block, moved)
            statements.append(moved.with_changes(leading_lines=comments))
        return statements

    def _keras_optimizer(self, block: _Block, call: cst.Call) -> cst.Call:
        path = self.tf_name(call.func)
        keras, order, renames, defaults = OPTIMIZERS[path]
        args, given = [], set()
        for i, arg in enumerate(call.args):
            if arg.star:
                raise Refusal("an optimizer with unpacked arguments", call)
            key = arg.keyword.value if arg.keyword else order[i]
            given.add(key)
            if key in _DROPPED_OPTIMIZER_ARGS:
                continue
            if key == "learning_rate" and arg.keyword is None and i == 0:
                args.append(arg.with_changes(comma=cst.MaybeSentinel.DEFAULT))
                continue
            args.append(cst.Arg(arg.value, keyword=cst.Name(renames.get(key, key)),
                                equal=_NO_SPACE))
        for key, value in defaults.items():
            if key not in given:
                args.append(cst.Arg(cst.Float(value), keyword=cst.Name(renames.get(key, key)),
                                    equal=_NO_SPACE))
        if path in _OPTIMIZER_HELPERS:
            return cst.Call(cst.Name(self._helper(block, *_OPTIMIZER_HELPERS[path])),
                            args=_joined(args))
        return cst.Call(self._parse_expr(f"{self._tf}.keras.optimizers.{keras}"),
                        args=_joined(args))

    # -- ConfigProto ---------------------------------------------------------------------
    def _config_calls(self, call: cst.Call) -> list:
        statements = []
        for arg in call.args:
            if arg.keyword is None or arg.keyword.value not in _CONFIG_KEYWORDS:
                raise Refusal("a ConfigProto option without a TF2 equivalent here", call)
            code = self._module.code_for_node(arg.value)
            statements.append(cst.parse_statement(
                f"{self._tf}.{_CONFIG_KEYWORDS[arg.keyword.value].format(code)}\n"))
        return statements

    def _config_attribute(self, block: _Block, statement, small, target: str) -> None:
        self._single(statement, small)
        if target.endswith("gpu_options.allow_growth"):
            value = self._module.code_for_node(small.value)
            block.replace[statement] = [cst.parse_statement(
                f"for gpu in {self._tf}.config.list_physical_devices(\"GPU\"):\n"
                f"    {self._tf}.config.experimental.set_memory_growth(gpu, {value})\n")]
        elif target.split(".", 1)[1] in _CONFIG_KEYWORDS:
            value = self._module.code_for_node(small.value)
            block.replace[statement] = [cst.parse_statement(
                f"{self._tf}.{_CONFIG_KEYWORDS[target.split('.', 1)[1]].format(value)}\n")]
        else:
            raise Refusal(f"`{target}` has no TF2 equivalent here", small)

    # -- naming --------------------------------------------------------------------------
    def _variable_helpers(self, block: _Block, statements) -> dict:
        """`def weight_variable(shape): return tf.Variable(...)` (no name), called only from
        the block's own straight-line statements: its calls can be numbered like direct
        `tf.Variable`s. Returns {name: the tf.Variable call inside}."""
        helpers = {}
        local = self._local_functions()
        for name, function in local.items():
            params = function.params
            if params.star_arg is not cst.MaybeSentinel.DEFAULT or params.star_kwarg or \
                    any(p.name.value == "name" for p in params.params):
                continue
            finder = _Calls()
            function.body.visit(finder)
            makers = [c for c in finder.calls if self._is_variable_maker(c)]
            if len(makers) != 1 or self.tf_name(makers[0].func) != "Variable" or \
                    matching.argument(makers[0], "name", 6) is not None or any(
                        isinstance(c.func, cst.Name) and c.func.value in local and
                        self._function_makes_variables(local[c.func.value], local, set())
                        for c in finder.calls) or not _at_top_level(makers[0], function):
                continue
            helpers[name] = makers[0]
        if not helpers:
            return {}
        uses = _NameUses(set(helpers))
        self._module.visit(uses)
        calls = {}
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                finder = _Calls()
                statement.visit(finder)
                for call in finder.calls:
                    if isinstance(call.func, cst.Name) and call.func.value in helpers:
                        calls[call.func.value] = calls.get(call.func.value, 0) + 1
        return {name: call for name, call in helpers.items()
                if calls.get(name, 0) == uses.uses.get(name, 0) > 0}

    def _name_variables(self, block: _Block, statements) -> None:
        """Give unnamed `tf.Variable`s TF1's uniquified names, in creation order, also through
        helpers like `weight_variable(shape)` (which get a `name=None` parameter)."""
        if block.owner is not None:
            return  # made once per instance: TF1 numbered each instance's anew
        helpers = self._variable_helpers(block, statements)
        counts: dict[str, int] = {}
        for statement in statements:
            if statement in self._tensor_defs or isinstance(statement, cst.With):
                continue
            if not isinstance(statement, cst.SimpleStatementLine):
                continue
            finder = _Calls()
            statement.visit(finder)
            for call in finder.calls:
                if self.tf_name(call.func) in DROPPED_CALLS:
                    counts.clear()
                helper = call.func.value if isinstance(call.func, cst.Name) else None
                if helper in helpers:
                    n = counts.get("Variable", 0)
                    counts["Variable"] = n + 1
                    self._named[call] = call.with_changes(args=_joined([
                        *call.args, cst.Arg(cst.SimpleString(
                            f'"Variable"' if n == 0 else f'"Variable_{n}"'),
                            keyword=cst.Name("name"), equal=_NO_SPACE)]))
                    inner = helpers[helper]
                    self._named[inner] = inner.with_changes(args=_joined([
                        *inner.args, cst.Arg(cst.Name("name"), keyword=cst.Name("name"),
                                             equal=_NO_SPACE)]))
                    self._name_params.add(self._local_functions()[helper])
                    continue
                if self.tf_name(call.func) != "Variable":
                    continue
                named = matching.argument(call, "name", 6)
                if named is not None:
                    if isinstance(named.value, cst.SimpleString):
                        base = named.value.evaluated_value
                        counts[base] = counts.get(base, 0) + 1
                    continue
                n = counts.get("Variable", 0)
                counts["Variable"] = n + 1
                tf1_name = "Variable" if n == 0 else f"Variable_{n}"
                self._named[call] = call.with_changes(args=_joined([
                    *call.args, cst.Arg(cst.SimpleString(f'"{tf1_name}"'),
                                        keyword=cst.Name("name"), equal=_NO_SPACE)]))

    # -- uses: sess.run, eval, save/restore ---------------------------------------------
    def _rewrite_uses(self, block: _Block, node: cst.CSTNode) -> None:
        for statement in _statements(node, skip=self._function_blocks):
            if statement in block.replace:
                continue
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
                new = self._statement_use(block, statement, statement.body[0])
                if new is not None:
                    block.replace[statement] = new
                    continue
            finder = _Calls(shallow=True)
            if isinstance(statement, cst.SimpleStatementLine):
                statement.visit(finder)
            else:
                _header(statement).visit(finder) if _header(statement) is not None else None
            for call in finder.calls:
                new = self._fetch_call(block, call)
                if new is None:
                    new = self._without_session_argument(block, call)
                if new is not None:
                    block.calls[call] = new
            attributes = _Calls(attributes=True, shallow=True)
            (statement if isinstance(statement, cst.SimpleStatementLine) else
             _header(statement) or cst.Pass()).visit(attributes)
            for attribute in attributes.attributes:
                saver = _key(attribute.value)
                if saver in block.savers and attribute.attr.value == "last_checkpoints":
                    managers = [m for (owner, _), (m, *_) in self._managers.items()
                                if owner == saver]
                    if len(managers) == 1:  # the paths it keeps, oldest first, as TF1's
                        block.calls[attribute] = cst.Attribute(_key_expr(managers[0]),
                                                               cst.Name("checkpoints"))

    def _without_session_argument(self, block: _Block, call: cst.Call) -> Optional[cst.BaseExpression]:
        """`Model(sess, 4)` -> `Model(4)` for a class that no longer takes a session;
        `tf.train.global_step(sess, gs)` -> `int(gs.numpy())`."""
        passed = [i for i, a in enumerate(call.args) if _key(a.value) in block.sessions]
        if not passed:
            return None
        if self.tf_name(call.func) == "train.global_step" and len(call.args) == 2 and \
                passed == [0] and _key(call.args[1].value) in block.variables:
            return cst.Call(cst.Name("int"), args=[cst.Arg(_numpy(call.args[1].value))])
        callee = call.func.value if isinstance(call.func, cst.Name) else \
            call.func.attr.value if isinstance(call.func, cst.Attribute) else None
        drop = block.callee_drops.get(callee) or self._session_callees.get(callee)
        if drop is None:
            if isinstance(call.func, cst.Attribute) and _key(call.func.value) in block.savers:
                return None
            raise Refusal("a session is passed to code this rewrite does not convert", call)
        index, keyword = drop
        args = [a for i, a in enumerate(call.args)
                if not ((a.keyword is None and i == index and i in passed) or
                        (a.keyword is not None and a.keyword.value == keyword))]
        if len(args) == len(call.args):
            raise Refusal("a session passed in an unexpected position", call)
        return call.with_changes(args=_joined(args))

    def _statement_use(self, block: _Block, statement, small) -> Optional[list]:
        value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
        if not isinstance(value, cst.Call):
            return None
        func = value.func
        if isinstance(func, cst.Attribute) and _key(func.value) is not None:
            receiver, method = _key(func.value), func.attr.value
            if receiver in block.sessions and method == "close":
                return []
            if receiver in block.sessions and method == "run":
                fetches = _arg(value, "fetches", 0)
                if fetches is not None and self._only_initializers(block, fetches.value):
                    return []
                if isinstance(small, cst.Assign):
                    return self._run_with_step(block, statement, small, value)
                if fetches is not None and isinstance(small, cst.Expr):
                    return self._run_for_effect(block, statement, small, value, fetches.value)
            if receiver in block.initializers and method == "run":
                return []
        return None

    def _run_for_effect(self, block: _Block, statement, small, call, fetches) -> list:
        """`sess.run([op_a, op_b], fd)` as a statement: call each op; values are dropped."""
        items = [e.value for e in fetches.elements] if isinstance(fetches, (cst.List, cst.Tuple)) \
            else [fetches]
        feeds = self._feeds(block, call)
        new = []
        for item in items:
            key = _key(item)
            if key in block.steps:
                params = block.steps[key].params
            elif key in block.tensors:
                params = block.tensors[key]
            elif key in block.variables or key in block.eager:
                continue  # reading a value has no effect
            else:
                raise Refusal("a run for effect of something that is not a graph op here", call)
            new.append(cst.SimpleStatementLine([cst.Expr(
                self._call_with_feeds(block, key, params, feeds, call))]))
        if new:
            new[0] = new[0].with_changes(leading_lines=statement.leading_lines)
            new[-1] = new[-1].with_changes(trailing_whitespace=statement.trailing_whitespace)
        return new

    def _only_initializers(self, block: _Block, fetches) -> bool:
        items = [e.value for e in fetches.elements] if isinstance(fetches, (cst.List, cst.Tuple)) \
            else [fetches]
        return all((_key(i) in block.initializers) or
                   (isinstance(i, cst.Call) and self.tf_name(i.func) in INITIALIZERS)
                   for i in items)

    def _run_with_step(self, block, statement, small, call) -> Optional[list]:
        """`_, c = sess.run([train_op, cost], fd)`: the step returns the loss it minimised;
        the other fetches are read before the step, as TF1 read them in the same run."""
        fetches = _arg(call, "fetches", 0)
        target = small.targets[0].target
        if fetches is None or not isinstance(fetches.value, (cst.List, cst.Tuple)) or \
                not isinstance(target, (cst.Tuple, cst.List)):
            return None
        items = [e.value for e in fetches.value.elements]
        targets = [e.value for e in target.elements]
        step_items = [i for i, e in enumerate(items)
                      if _key(e) in block.steps]
        if not step_items:
            return None
        if len(step_items) > 1 or len(items) != len(targets) or \
                any(e.star if hasattr(e, "star") else False for e in fetches.value.elements):
            raise Refusal("a run of several training steps or unpacked fetches", call)
        feeds = self._feeds(block, call)
        step_name = _key(items[step_items[0]])
        step = block.steps[step_name]
        step_call = self._call_with_feeds(block, step_name, step.params, feeds, call)
        loss_target = None
        rest_targets, rest_values = [], []
        for i, (item, tgt) in enumerate(zip(items, targets)):
            if i == step_items[0]:
                if not (isinstance(tgt, cst.Name) and tgt.value == "_"):
                    raise Refusal("the value of a training op is used", call)
                continue
            if loss_target is None and _same(item, step.loss):
                loss_target = tgt
                continue
            rest_targets.append(tgt)
            rest_values.append(self._fetch(block, item, feeds, call))
        new = []
        if rest_values:
            new_target = rest_targets[0] if len(rest_targets) == 1 else cst.Tuple(
                [cst.Element(t) for t in rest_targets], lpar=[], rpar=[])
            new_value = rest_values[0] if len(rest_values) == 1 else cst.Tuple(
                [cst.Element(v) for v in rest_values], lpar=[], rpar=[])
            new.append(statement.with_changes(body=[small.with_changes(
                targets=[cst.AssignTarget(new_target)], value=new_value)]))
        if loss_target is not None:
            new.append(cst.SimpleStatementLine([cst.Assign(
                [cst.AssignTarget(loss_target)], _numpy(step_call))]))
        else:
            new.append(cst.SimpleStatementLine([cst.Expr(step_call)]))
        new[0] = new[0].with_changes(leading_lines=statement.leading_lines)
        new[-1] = new[-1].with_changes(trailing_whitespace=statement.trailing_whitespace)
        return new

    def _fetch_call(self, block: _Block, call: cst.Call) -> Optional[cst.BaseExpression]:
        func = call.func
        if not isinstance(func, cst.Attribute):
            if isinstance(func, cst.Name) and self.tf_name(func) is None and \
                    func.value in block.sessions:
                raise Refusal("a session is called", call)
            return None
        method = func.attr.value
        receiver = func.value
        rname = _key(receiver)
        if rname in block.sessions:
            if method != "run":
                raise Refusal(f"session method `{method}` has no TF2 equivalent here", call)
            fetches = _arg(call, "fetches", 0)
            if fetches is None:
                raise Refusal("sess.run() without fetches", call)
            for arg in call.args[1:]:
                if arg.keyword is not None and arg.keyword.value not in ("feed_dict",):
                    raise Refusal(f"sess.run(..., {arg.keyword.value}=) has no TF2 "
                                  f"equivalent", call)
            feeds = self._feeds(block, call)
            return self._fetch(block, fetches.value, feeds, call)
        if rname is not None and rname in block.savers:
            return self._saver_use(block, rname, method, call)
        if rname is not None and rname in block.writers:
            if method == "add_summary":
                return self._add_summary(block, call)
            if method not in ("flush", "close"):
                raise Refusal(f"summary writer method `{method}` has no TF2 equivalent here",
                              call)
            return None
        if method == "eval" and rname is not None and (
                rname in block.tensors or rname in block.eager or rname in block.variables):
            feeds = self._feeds(block, call, positional=0)
            return self._fetch(block, receiver, feeds, call)
        if method == "eval" and isinstance(receiver, cst.Call) and (
                self.tf_name(receiver.func) is not None or _referenced(receiver) & (
                    set(block.tensors) | set(block.variables) | set(block.placeholders))):
            # `global_step.assign(i).eval()`, `tf.argmax(p, 1).eval(...)`: the op's value
            feeds = self._feeds(block, call, positional=0)
            return self._fetch(block, receiver, feeds, call)
        if method == "run" and rname is not None and rname in block.steps:
            feeds = self._feeds(block, call, positional=0)
            return self._call_with_feeds(block, rname, block.steps[rname].params, feeds, call)
        return None

    def _feeds(self, block: _Block, call: cst.Call, positional: int = 1) -> dict:
        feed = _arg(call, "feed_dict", positional)
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "session":
                if _key(arg.value) not in block.sessions:
                    raise Refusal("eval() in another session", call)
        if feed is None:
            return {}
        if isinstance(feed.value, cst.Dict):
            return self._literal_feeds(block, feed.value)
        built = self._built_feeds(block, feed.value)
        if built is None:
            raise Refusal("a feed_dict that is not a dict of placeholders built here", feed.value)
        dicts, uniform = built
        keys = [k for k in block.placeholders if all(k in d for d in dicts)]
        if isinstance(feed.value, cst.Name):  # `fd = {x: a}` ... `feed_dict=fd`
            values = {k: cst.Subscript(feed.value, [cst.SubscriptElement(cst.Index(
                cst.SimpleString(f'"{_param(k)}"')))]) for k in keys}
        else:  # `feed_dict=feed(batch)`: only ever spread, `f(**feed(batch))`
            values = {k: None for k in keys}
        return _BuiltFeeds(values, spread=feed.value, uniform=uniform)

    @staticmethod
    def _literal_feeds(block: _Block, literal: cst.Dict) -> dict:
        feeds = {}
        for element in literal.elements:
            if not isinstance(element, cst.DictElement) or \
                    _key(element.key) not in block.placeholders:
                raise Refusal("a feed_dict key that is not a placeholder defined here", literal)
            feeds[_key(element.key)] = element.value
        return feeds

    def _built_feeds(self, block: _Block, value: cst.BaseExpression) -> Optional[tuple]:
        """A feed_dict built elsewhere: a name every assignment of which (in this block) is a
        dict literal of placeholders or a call of a feed helper, or a call of a feed helper
        (a function of this block or module whose every `return` is such a literal). The
        literals' keys become the parameter names (`{"x": a}`), so the dict can be spread into
        the functions that replace the fetched tensors. Returns (the literals' key sets,
        whether they all have the same keys), or None."""
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
            literals = self._feed_helper(block, value.func.value)
        elif isinstance(value, cst.Name):
            literals = []
            for top in block.statements:
                for statement in _statements(top, skip=self._function_blocks):
                    if not isinstance(statement, cst.SimpleStatementLine):
                        continue
                    for small in statement.body:
                        if not (isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign))
                                and any(_same(t, value) for t in _targets(small))):
                            continue
                        found = small.value if isinstance(small, cst.Assign) else None
                        if isinstance(found, cst.Dict):
                            literals.append(found)
                        elif isinstance(found, cst.Call) and isinstance(found.func, cst.Name):
                            helper = self._feed_helper(block, found.func.value)
                            if helper is None:
                                return None
                            literals.extend(helper)
                        else:
                            return None
        else:
            return None
        if not literals:
            return None
        key_sets = []
        for literal in literals:
            feeds = self._literal_feeds(block, literal)
            block.calls[literal] = literal.with_changes(elements=[
                e.with_changes(key=cst.SimpleString(f'"{_param(_key(e.key))}"'))
                for e in literal.elements])
            key_sets.append(set(feeds))
        return key_sets, all(k == key_sets[0] for k in key_sets)

    def _feed_helper(self, block: _Block, name: str) -> Optional[list]:
        """The dict literals returned by `def name(...)`, a function defined in this block
        whose every `return` returns one; None for anything else."""
        for statement in block.statements:
            if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
                returns = _Returns()
                statement.body.visit(returns)
                if returns.values and all(isinstance(v, cst.Dict) for v in returns.values):
                    return returns.values
                return None
        return None

    def _fetch(self, block: _Block, fetch: cst.BaseExpression, feeds: dict,
               call: cst.Call) -> cst.BaseExpression:
        if isinstance(fetch, (cst.List, cst.Tuple)):
            return fetch.with_changes(elements=[
                e.with_changes(value=self._fetch(block, e.value, feeds, call))
                for e in fetch.elements])
        if isinstance(fetch, cst.Dict):
            return fetch.with_changes(elements=[
                e.with_changes(value=self._fetch(block, e.value, feeds, call))
                for e in fetch.elements])
        if _key(fetch) in block.steps:
            raise Refusal("a training op fetched with a value that is used", call)
        if _key(fetch) in block.initializers:
            raise Refusal("an initializer fetched with other values", call)
        if self._model_variable(block, fetch):
            return _numpy(fetch)
        if _key(fetch) in block.summary_tags:  # ((write, tag), value) pairs for add_summary
            block.fetched.add(_key(fetch))
            values = self._translate(block, fetch, feeds=feeds, anchor=call)
            pairs = cst.Call(cst.Name("zip"), args=_joined([
                cst.Arg(cst.Name(block.summary_tags[_key(fetch)])), cst.Arg(values)]))
            return cst.Call(cst.Name("list"), args=[cst.Arg(pairs)])
        refs = _referenced(fetch)
        unknown = {r for r in refs if r not in block.tensors and r not in block.eager
                   and r not in block.variables and r not in block.placeholders}
        if isinstance(fetch, cst.Call) and self.tf_name(fetch.func) is not None and \
                not refs & (set(block.tensors) | set(block.placeholders)) and \
                not self._makes_variables(fetch):
            return _numpy(fetch)  # `sess.run(tf.argmax(values, 1))` of fetched numpy values
        if not refs or unknown and not (refs & (set(block.tensors) | set(block.variables)
                                                | block.eager)):
            raise Refusal("a fetch this rewrite cannot follow", fetch)
        translated = self._translate(block, fetch, feeds=feeds, anchor=call)
        for name in refs & set(block.tensors):
            block.fetched.add(name)
        return _numpy(translated)

    def _model_variable(self, block: _Block, fetch: cst.BaseExpression) -> bool:
        """`model.w` where `model` is an instance of a converted model class and `w` one of
        its variables: fetching it is reading it."""
        if not (isinstance(fetch, cst.Attribute) and isinstance(fetch.value, cst.Name)):
            return False
        owner = block.instances.get(fetch.value.value)
        return owner is not None and f"self.{fetch.attr.value}" in owner.variables

    def _call_with_feeds(self, block, name, params, feeds, anchor) -> cst.Call:
        missing = [p for p in params if p not in feeds]
        if missing:
            raise Refusal(f"`{name}` needs `{missing[0]}`, which is not fed", anchor)
        block.fetched.add(name)
        if isinstance(feeds, _BuiltFeeds) and params:
            feeds.spend(anchor)
            if feeds.uniform and set(params) == set(feeds):
                return cst.Call(self._callee(block, name),
                                args=[cst.Arg(feeds.spread, star="**")])
            if any(feeds[p] is None for p in params):
                raise Refusal(f"`{name}` takes only some of the values the feed_dict helper "
                              f"returns", anchor)
        if isinstance(feeds, _BuiltFeeds):
            return cst.Call(self._callee(block, name),
                            args=_joined([cst.Arg(feeds[p]) for p in params]))
        return cst.Call(self._callee(block, name), args=_joined(_fed_arguments(feeds, params,
                                                                               anchor)))

    @staticmethod
    def _callee(block: _Block, name: str) -> cst.BaseExpression:
        """What calls a converted tensor: its function, or in a model class the method (a
        local `hidden = ...` of `__init__` becomes the method `self.hidden` too)."""
        if block.owner is not None and "." not in name:
            return cst.Attribute(cst.Name("self"), cst.Name(name))
        return _key_expr(name)

    def _saver_use(self, block, saver, method, call) -> cst.BaseExpression:
        args = [a for a in call.args]
        if method == "save":
            path = _arg(call, "save_path", 1)
            step = _arg(call, "global_step", 2)
            if path is None or any(a.keyword is not None and a.keyword.value not in
                                   ("sess", "save_path", "global_step") for a in args):
                raise Refusal("Saver.save() with options this rewrite does not convert", call)
            if step is None and self._finds_latest():
                # `write` leaves the `checkpoint` state file alone: latest_checkpoint would
                # not see it. A manager numbers the file, so the same path cannot be read back.
                self._unnumbered_saves.add(self._module.code_for_node(path.value))
                manager = self._manager(block, saver, path.value, call)
                return cst.Call(cst.Attribute(_key_expr(manager), cst.Name("save")))
            if step is None:
                return cst.Call(cst.Attribute(_key_expr(saver), cst.Name("write")),
                                args=[path.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT,
                                                        comma=cst.MaybeSentinel.DEFAULT)])
            manager = self._manager(block, saver, path.value, call)
            return cst.Call(cst.Attribute(_key_expr(manager), cst.Name("save")), args=[
                cst.Arg(step.value, keyword=cst.Name("checkpoint_number"), equal=_NO_SPACE)])
        if method == "restore":
            path = _arg(call, "save_path", 1)
            if path is None or len(args) != 2:
                raise Refusal("Saver.restore() with options this rewrite does not convert", call)
            if self._module.code_for_node(path.value) in self._unnumbered_saves:
                raise Refusal("a checkpoint restored by the path it was saved to, while the "
                              "file also looks it up with latest_checkpoint", call)
            return cst.Call(cst.Attribute(_key_expr(saver), cst.Name("restore")), args=[
                path.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT,
                                  comma=cst.MaybeSentinel.DEFAULT)])
        raise Refusal(f"Saver.{method}() has no TF2 equivalent here", call)

    def _finds_latest(self) -> bool:
        if self._latest is None:
            finder = _Calls(attributes=True)
            self._module.visit(finder)
            self._latest = any(self.tf_name(a) == "train.latest_checkpoint"
                               for a in finder.attributes)
        return self._latest

    def _manager(self, block, saver, path: cst.BaseExpression, call) -> str:
        key = (saver, self._module.code_for_node(path))
        if key in self._managers:
            return self._managers[key][0]
        if len([k for k in self._managers if k[0] == saver]):
            raise Refusal("one Saver saving numbered checkpoints under several paths", call)
        if block.owner is not None:
            raise Refusal("numbered saves from a model class (where would its manager live?)",
                          call)
        directory, basename = self._split_path(path, call)
        name = block.fresh("manager")
        self._managers[key] = (name, directory, basename, path)
        return name

    def _split_path(self, path: cst.BaseExpression, anchor) -> tuple[str, str]:
        code = self._module.code_for_node(path)
        if isinstance(path, cst.SimpleString) and "/" in path.evaluated_value:
            directory, _, base = path.evaluated_value.rpartition("/")
            return repr(directory or "/"), repr(base)
        if isinstance(path, cst.Call) and matching.dotted(path.func) == "os.path.join" and \
                len(path.args) == 2 and not any(a.star or a.keyword for a in path.args):
            return (self._module.code_for_node(path.args[0].value),
                    self._module.code_for_node(path.args[1].value))
        return f"os.path.dirname({code})", f"os.path.basename({code})"

    # -- emitting --------------------------------------------------------------------------
    @property
    def _tf(self) -> str:
        if self._tf_alias is None:
            self.tf_attr("Variable")  # adds `import tensorflow as tf`
        return self._tf_alias

    def _parse_expr(self, code: str) -> cst.BaseExpression:
        return cst.parse_expression(code)

    def _translate(self, block: _Block, expr: cst.BaseExpression, feeds: Optional[dict] = None,
                   anchor=None) -> cst.BaseExpression:
        """Replace each graph tensor `t` in `expr` by `t(<its placeholders>)`; with `feeds`,
        the placeholders are replaced by the fed values."""
        return expr.visit(_TensorCalls(self, block, feeds, anchor))

    def _signature(self, block: _Block, params: list) -> str:
        specs = ", ".join(block.specs[p] for p in params)
        return f"@{self._tf}.function(input_signature=[{specs}])" if params else \
            f"@{self._tf}.function"

    def _header_lines(self, block: _Block, name: str, params: list, entry: bool) -> list:
        """`@tf.function(...)` (for what a session runs) and `def name(params):`. A model
        class's methods cannot name per-instance specs in a decorator: they cast the fed values
        to the placeholder dtypes instead, as a feed_dict did."""
        names = [_param(p) for p in params]
        if block.owner is None:
            lines = [self._signature(block, params)] if entry else []
            return [*lines, f"def {_param(name)}({', '.join(names)}):"]
        lines = [f"@{self._tf}.function"] if entry else []
        lines.append(f"def {_param(name)}({', '.join(['self', *names])}):")
        if entry:
            for key, param in zip(params, names):
                dtype = _arg(block.placeholders[key], "dtype", 0)
                lines.append(f"    {param} = {self._tf}.cast({param}, "
                             f"{self._module.code_for_node(dtype.value)})")
        return lines

    def _tensor_function(self, block: _Block, statement, name: str) -> cst.BaseStatement:
        small = statement.body[0]
        params = block.tensors[name]
        if name in block.layers:
            instance, inputs, _ = block.layers[name]
            body = cst.Call(cst.Name(instance), args=[cst.Arg(self._translate(block, inputs))])
        else:
            body = self._translate(block, self._values.get(statement, small.value))
        body = body.visit(_JoinContinuations())  # `a + \` lines: one line, wrapped by tidy
        lines = self._header_lines(block, name, params, name in block.fetched)
        function = _fill(cst.parse_statement("\n".join([*lines, "    return __VALUE__"]) + "\n",
                                             config=self._module.config_for_parsing),
                         __VALUE__=body)
        returned = function.body.body[-1].with_changes(
            trailing_whitespace=statement.trailing_whitespace)  # keeps a trailing comment
        function = function.with_changes(body=function.body.with_changes(
            body=[*function.body.body[:-1], returned]))
        return function.with_changes(leading_lines=statement.leading_lines)

    def _step_statements(self, block: _Block, statement, name: str) -> list:
        step = block.steps[name]
        tf = self._tf
        loss = self._translate(block, step.loss)
        local = {n: block.fresh(f"{n}_value" if n == "loss" else n) if n in block.taken else n
                 for n in ("tape", "loss", "variables", "gradients")}
        block.taken |= set(local.values())
        variables = f"tape.watched_variables()" if step.var_list is None else \
            self._module.code_for_node(step.var_list)
        lines = [*self._header_lines(block, name, step.params, True),
                 f"    with {tf}.GradientTape() as {local['tape']}:",
                 f"        {local['loss']} = __LOSS__"]
        if step.chain:
            lines += ["    __CHAIN__", f"    {step.optimizer}.apply_gradients(__APPLIED__)"]
        else:
            lines += ["    __CHAIN__"] if step.collections else []
            lines += [f"    {local['variables']} = {variables.replace('tape', local['tape'], 1)}",
                      f"    {local['gradients']} = {local['tape']}.gradient({local['loss']}, "
                      f"{local['variables']})",
                      f"    {step.optimizer}.apply_gradients(zip({local['gradients']}, "
                      f"{local['variables']}))"]
        if step.global_step is not None:
            lines.append(f"    {self._module.code_for_node(step.global_step)}.assign_add(1)")
        lines.append(f"    return {local['loss']}")
        function = _fill(cst.parse_statement("\n".join(lines) + "\n",
                                             config=self._module.config_for_parsing),
                         __LOSS__=loss,
                         **({"__APPLIED__": step.applied} if step.chain else {}))
        if step.chain or step.collections:
            body = list(function.body.body)
            at = next(i for i, s in enumerate(body) if isinstance(s, cst.SimpleStatementLine)
                      and isinstance(s.body[0], cst.Expr) and
                      isinstance(s.body[0].value, cst.Name) and
                      s.body[0].value.value == "__CHAIN__")
            body[at:at + 1] = self._chain_statements(
                block, step, local, None if step.chain else step.collections)
            function = function.with_changes(body=function.body.with_changes(body=body))
        prelude = self._step_preludes.get(statement, [])
        if block.owner is not None:
            block.methods.append(function)
            return prelude
        if prelude:
            return [*prelude, function]
        return [function.with_changes(leading_lines=statement.leading_lines)]

    def _dtype(self, dtype: cst.BaseExpression) -> cst.BaseExpression:
        """A placeholder's dtype as TF2 code spells it: `"float"` -> `tf.float32` (the same
        dtype: `tf.as_dtype("float")`), anything else as written."""
        if isinstance(dtype, cst.SimpleString) and dtype.evaluated_value in _DTYPE_NAMES:
            return self._parse_expr(f"{self._tf}.{_DTYPE_NAMES[dtype.evaluated_value]}")
        return dtype

    def _spec_statement(self, block: _Block, statement, name: str) -> cst.BaseStatement:
        call = block.placeholders[name]
        dtype = _arg(call, "dtype", 0)
        shape = _arg(call, "shape", 1)
        label = _arg(call, "name", 2)
        if dtype is None:
            raise Refusal("a placeholder without dtype", call)
        args = [cst.Arg(shape.value if shape else cst.Name("None")),
                cst.Arg(self._dtype(dtype.value))]
        if label is not None:
            args.append(cst.Arg(label.value, keyword=cst.Name("name"), equal=_NO_SPACE))
        spec = cst.Call(self._parse_expr(f"{self._tf}.TensorSpec"), args=_joined(args))
        small = statement.body[0]
        return statement.with_changes(body=[small.with_changes(
            targets=[cst.AssignTarget(cst.Name(block.specs[name]))], value=spec)])

    def _saver_statement(self, block: _Block, statement, name: str) -> list:
        call = block.savers[name]
        var_list = _arg(call, "var_list", 0)
        max_to_keep = _arg(call, "max_to_keep", 5)
        for arg in call.args:
            key = arg.keyword.value if arg.keyword else None
            if key not in (None, "var_list", "max_to_keep") or (key is None and arg is not var_list):
                raise Refusal(f"Saver({key or 'positional'}=...) has no TF2 equivalent here",
                              call)
        if var_list is not None:
            if not isinstance(var_list.value, (cst.List, cst.Tuple)) or not all(
                    isinstance(e.value, cst.Name) for e in var_list.value.elements):
                raise Refusal("a Saver var_list that is not a list of names", call)
            owners = [e.value.value for e in var_list.value.elements]
        else:
            owners = [v for v in self._defined_before(block, statement, block.variables)]
            owners += [o for o in self._defined_before(block, statement, block.optimizers)]
        if not owners:
            raise Refusal("a Saver with no variables to save", call)
        head = f"{name} = {self._tf}.train.Checkpoint("
        new = [cst.parse_statement(_wrapped(head, [f"{_param(o)}={o}" for o in owners],
                                            self._indent_of(block)) + "\n")]
        new[0] = new[0].with_changes(leading_lines=statement.leading_lines)
        for (saver, _), (manager, directory, basename, path) in self._managers.items():
            if saver != name:
                continue
            keep = self._module.code_for_node(max_to_keep.value) if max_to_keep else "5"
            line = cst.parse_statement(_wrapped(
                f"{manager} = {self._tf}.train.CheckpointManager(",
                [name, directory, f"max_to_keep={keep}", f"checkpoint_name={basename}"],
                self._indent_of(block)) + "\n")
            if directory.startswith("os.path"):
                self._needs_os = True
            anchor = self._last_definition(block, _referenced(path), statement)
            if anchor is statement:
                new.append(line)
            else:
                block.replace[anchor] = [*block.replace.get(anchor, [anchor]), line]
        return new

    def _last_definition(self, block: _Block, names: set, statement):
        """The latest block-level statement, at or after `statement`, binding one of `names`:
        where a statement using them can go."""
        found, seen = statement, False
        for s in _statements_in_order(block.statements):
            seen = seen or s is statement
            if seen and isinstance(s, cst.SimpleStatementLine):
                assigned = _AssignedNames()
                s.visit(assigned)
                if assigned.names & names:
                    found = s
        return found

    def _indent_of(self, block: _Block) -> str:
        """The indentation of the block's statements (for wrapping generated lines)."""
        if block.statements is self._module.body or not block.statements:
            return ""
        return self._module.default_indent * (2 if block.owner is not None else 1)

    def _is_reset(self, statement) -> bool:
        return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
            isinstance(statement.body[0], cst.Expr) and \
            isinstance(statement.body[0].value, cst.Call) and \
            self.tf_name(statement.body[0].value.func) in DROPPED_CALLS

    def _defined_before(self, block: _Block, statement, names) -> list:
        order = {}
        for position, s in enumerate(_statements_in_order(block.statements)):
            order[s] = position
        limit = order.get(statement, 10 ** 9)
        found = []
        for s in _statements_in_order(block.statements):
            if order[s] >= limit or not isinstance(s, cst.SimpleStatementLine):
                continue
            if self._is_reset(s):
                found = []  # a fresh graph: only what is built after it is saved
            for small in s.body:
                if isinstance(small, cst.Assign) and _key(small.targets[0].target) is not None:
                    n = _key(small.targets[0].target)
                    if n in names and n not in found:
                        found.append(n)
            if s in self._extra_targets and self._extra_targets[s] in names and \
                    self._extra_targets[s] not in found:
                found.append(self._extra_targets[s])
            if s in self._layer_preludes:
                target = _key(self._layer_preludes[s].body[0].targets[0].target)
                if target in names and target not in found:
                    found.append(target)
            if s in self._step_preludes and self._step_preludes[s]:
                target = _key(self._step_preludes[s][0].body[0].targets[0].target)
                if target in names and target not in found:
                    found.append(target)
        return found

    # -- the traversal ---------------------------------------------------------------------
    def prepare(self, tree: cst.Module) -> None:
        self._tensor_defs: dict = {}
        self._parts: dict = {}  # name unpacked from a graph tuple -> (statement, joint, index)
        self._cell_statements: dict = {}  # RNN cell made once -> (statement, small, value)
        self._vscope_of: dict = {}  # statement in `with tf.variable_scope("s"):` -> "s"
        self._nscope_of: dict = {}  # statement in name (or variable) scopes -> their path
        self._driver_scopes: dict = {}  # RNN driver call there -> the variable scope
        self._renamed_cells: dict = {}  # cell name a dropout wrapper took -> the cell's name
        self._step_defs: dict = {}
        self._step_preludes: dict = {}
        self._placeholder_defs: dict = {}
        self._saver_defs: dict = {}
        self._managers: dict = {}
        self._named: dict = {}
        self._extra_targets: dict = {}  # `... = build_graph()` -> the holder name it gains
        self._layer_preludes: dict = {}  # tensor statement -> the layer instance made before it
        self._layer_classes: dict = {}   # layer kind -> (emitted class name, template)
        self._name_params: set = set()  # variable helpers that get a `name=None` parameter
        self._unnumbered_saves: set = set()  # paths saved through a manager without a number
        self._latest: Optional[bool] = None  # does the file call tf.train.latest_checkpoint?
        self._leading: dict = {}  # statement -> comment lines carried over from a removed one
        self._values: dict = {}  # tensor statement -> the TF2 expression its function returns
        self._emptied: set = set()  # build methods whose statements all went
        self._inlined: set = set()  # tensor bindings inlined into the next binding of the name
        self._needs_os = False
        self._tf_alias = matching.tf_output_alias(tree)
        self._module = tree
        self._check = InitializerCheck(self, tree)
        self._module_classes = self._find_module_classes()
        self._bare_names = matching.bare_identifiers(self.source_code(tree))
        taken = matching.identifiers(self.source_code(tree))
        self._all_names = set(taken)
        self._blocks = []
        self._replace, self._flatten, self._calls = {}, set(), {}
        self._classes: dict = {}    # original ClassDef -> its block
        self._param_drops: dict = {}  # FunctionDef -> session parameter it loses
        self._class_blocks: dict = {}  # converted class name -> its block
        self._session_callees: dict = {}  # function/class name -> dropped session parameter
        self._builders: dict = {}  # function name -> what each returned position is
        self._built_calls: dict = {}  # builder -> calls converted as `... = builder()`
        for statements, owner, function in self._candidate_blocks(tree):
            block = _Block(list(statements), taken=set(taken), owner=owner,
                           function=function)
            marks = (dict(self._tensor_defs), dict(self._step_defs), dict(self._placeholder_defs),
                     dict(self._saver_defs), dict(self._managers), dict(self._named))
            try:
                if owner is not None:
                    self._session_parameters(block, owner)
                self._analyse_block(block)
            except _NotSessionCode:
                (self._tensor_defs, self._step_defs, self._placeholder_defs, self._saver_defs,
                 self._managers, self._named) = marks
                continue
            except Refusal as refusal:
                # blocks of one file share sessions and models: all are converted or none
                anchor = refusal.args[1] if len(refusal.args) > 1 else None
                self.warn(anchor if anchor is not None else statements[0],
                          f"session code left on tf.compat.v1: {refusal.args[0]}")
                self._blocks, self._classes, self._param_drops = [], {}, {}
                self._name_params = set()
                self._replace, self._flatten, self._calls = {}, set(), {}
                self._needs_os = False
                break
            if block.owner is not None:
                self._classes[block.owner] = block
                self._class_blocks[block.owner.name.value] = block
            self._session_callees.update(block.callee_drops)
            self._param_drops.update(block.param_drops)
            if block.replace or block.calls or block.flatten:
                self._blocks.append(block)
                taken |= block.taken
                self._replace.update(block.replace)
                self._flatten |= block.flatten
                self._calls.update(block.calls)
        if self._blocks and self._builders:
            uses = _NameUses(set(self._builders))
            tree.visit(uses)
            stray = [b for b in self._builders if uses.uses.get(b, 0) != self._built_calls.get(b, 0)]
            if stray:  # its callers would not expect the extra value it now returns
                function = next(f for f in tree.body if isinstance(f, cst.FunctionDef)
                                and f.name.value == stray[0])
                self.warn(function, f"session code left on tf.compat.v1: `{stray[0]}` builds a "
                                    f"graph and is used other than by `... = {stray[0]}()` in "
                                    f"session code")
                self._blocks, self._classes, self._param_drops = [], {}, {}
                self._replace, self._flatten, self._calls = {}, set(), {}
                self._name_params, self._needs_os = set(), False
        self._init_owner = {self._init_of(c): c for c, b in self._classes.items()
                            if b in self._blocks}
        if self._blocks:
            self._drop_graph_mode_switches(tree)
        for block in self._blocks:
            for node, message in block.notes:
                self.warn(node, message)
        if self._needs_os:
            AddImportsVisitor.add_needed_import(self.context, "os")
        if any("LSTMStateTuple" in block.helpers for block in self._blocks):
            AddImportsVisitor.add_needed_import(self.context, "collections")

    def _drop_graph_mode_switches(self, tree: cst.Module) -> None:
        """The converted code runs eagerly: `disable_v2_behavior()` would break it."""
        for statement in tree.body:
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
                    isinstance(statement.body[0], cst.Expr) and \
                    isinstance(statement.body[0].value, cst.Call) and \
                    self.tf_name(statement.body[0].value.func) in GRAPH_MODE_SWITCHES:
                self._replace[statement] = []

    def _analyse_block(self, block: _Block) -> None:
        graph_statements = list(self._graph_level(block, block.statements))
        self._find_sessions(block, block.statements)
        if not block.sessions and self._returned_names(block) is None:
            raise _NotSessionCode()  # nothing here runs a graph or returns one: skip the rest
        refusal = None
        for statement in graph_statements:
            try:
                self._classify(block, statement)
            except Refusal as found:
                refusal = refusal or found
        returned = self._builder_return(block)
        if not block.sessions and returned is None:
            # graph code nothing here runs (a library defining tensors for its importers):
            # turning its tensors into functions would change what it exports
            raise _NotSessionCode()
        if refusal is not None:
            raise refusal
        if returned is not None:
            block.builder = block.function.name.value
        for call in block.session_calls:
            self._check_session_args(block, call)
        for name in block.placeholders:
            if block.owner is None:
                block.specs[name] = block.fresh(f"{name}_spec")
        if block.printed and block.owner is not None:
            raise Refusal("a placeholder printed in a model class", block.printed[0])
        self._print_specs(block)
        self._check_nested(block, block.statements)
        self._name_variables(block, graph_statements)
        for statement in block.statements:
            self._rewrite_uses(block, statement)
        self._symbolic_statements(block)  # after the runs: they say which tensors are fetched
        if block.owner is not None:
            for statement in block.owner.body.body:
                if statement is not self._init_of(block.owner):
                    self._rewrite_uses(block, statement)
        for statement in _statements_in_order(block.statements):
            if statement in block.replace:
                continue
            if statement in self._step_defs:
                block.replace[statement] = self._step_statements(
                    block, statement, self._step_defs[statement])
            elif statement in self._tensor_defs:
                function = self._tensor_function(block, statement, self._tensor_defs[statement])
                parts = self._part_functions(block, statement)
                if parts and block.owner is not None:
                    raise Refusal("a tuple of graph tensors in a model class", statement)
                if parts:
                    block.replace[statement] = [function, *parts]
                elif block.owner is None and statement in self._layer_preludes:
                    prelude = self._layer_preludes[statement].with_changes(
                        leading_lines=function.leading_lines)
                    block.replace[statement] = [prelude, function.with_changes(leading_lines=[])]
                elif block.owner is None:
                    block.replace[statement] = [function]
                else:
                    block.methods.append(function)
                    block.replace[statement] = []
            elif statement in self._placeholder_defs:
                block.replace[statement] = [] if block.owner is not None else [
                    self._spec_statement(block, statement, self._placeholder_defs[statement])]
        for statement, name in self._saver_defs.items():
            if statement in block.replace or not _inside(statement, block.statements):
                continue
            block.replace[statement] = self._saver_statement(block, statement, name)
        for call, named in self._named.items():
            block.calls.setdefault(call, named)
        if block.builder is not None:
            self._builder_statements(block)
        self._check_rebinds(block)
        self._check_random_reads(block)
        block.grad_chain = [e for e in block.grad_chain if e[0] not in block.collected]
        if block.grad_chain:
            raise Refusal("gradients that no apply_gradients() applies", block.grad_chain[0])
        if block.owner is not None:
            for helper, call in self._helpers.items():
                if any(helper is s for s in block.owner.body.body) and all(
                        _is_docstring(s) or block.replace.get(s) == [] for s in helper.body.body):
                    block.replace[call] = []  # a build method left with nothing goes
                    self._emptied.add(helper)
        self._check_leftovers(block)
        self._check_reinitialisation(block)
        self._carry_lines(block)

    @staticmethod
    def _returned_names(block: _Block) -> Optional[list]:
        """The names a function block ends returning (`return x, loss, train_op`), or None."""
        if block.function is None or not block.statements:
            return None
        last = block.statements[-1]
        if not (isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 and
                isinstance(last.body[0], cst.Return) and last.body[0].value is not None):
            return None
        value = last.body[0].value
        items = [e.value for e in value.elements] if isinstance(value, cst.Tuple) else [value]
        if not all(isinstance(i, cst.Name) for i in items):
            return None
        return [i.value for i in items]

    def _builder_return(self, block: _Block) -> Optional[list]:
        """`def build_graph(): ...; return x, y, loss, train_op`: a function that builds a
        graph and returns names of it, called only where graphs are built. Returns the names."""
        if block.sessions:
            return None
        names = self._returned_names(block)
        if names is None:
            return None
        graph = set(block.placeholders) | set(block.tensors) | set(block.steps)
        if not set(names) & (set(block.tensors) | set(block.steps)) or any(
                n not in graph and n not in block.variables for n in names):
            return None
        return names

    def _builder_statements(self, block: _Block) -> None:
        """The builder returns specs for its placeholders and, last, a `tf.Module` holding its
        variables and optimizers (what a caller's Saver saves)."""
        last = block.statements[-1]
        names = self._builder_return(block)
        holder = block.fresh("graph")
        owners = [*block.variables, *block.optimizers.values()]
        lines = [f"{holder} = {self._tf}.Module()"] + [
            f"{holder}.{_param(o)} = {o}" for o in owners]
        returned = [block.specs.get(n, n) for n in names] + [holder]
        statements = [cst.parse_statement(line + "\n") for line in lines]
        statements.append(cst.parse_statement(f"return {', '.join(returned)}\n"))
        statements[0] = statements[0].with_changes(leading_lines=last.leading_lines)
        block.replace[last] = statements
        kinds = []
        for n in names:
            if n in block.placeholders:
                kinds.append(("placeholder", n, None))
            elif n in block.tensors:
                kinds.append(("tensor", n, block.tensors[n]))
            elif n in block.steps:
                step = block.steps[n]
                loss = step.loss.value if isinstance(step.loss, cst.Name) else None
                kinds.append(("step", n, (step.params, loss)))
            else:
                kinds.append(("variable", n, None))
        self._builders[block.builder] = kinds

    def _built(self, block: _Block, statement, small) -> bool:
        """`x, y, loss, train_op = build_graph()`: the names take the builder's kinds, and the
        statement also receives the builder's variable holder."""
        value, target = small.value, small.targets[0].target
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and
                value.func.value in self._builders):
            return False
        kinds = self._builders[value.func.value]
        targets = [e.value for e in target.elements] if isinstance(target, (cst.Tuple, cst.List)) \
            else [target]
        if len(targets) != len(kinds) or not all(isinstance(t, cst.Name) for t in targets):
            raise Refusal(f"{value.func.value}() unpacked into other names than it returns", small)
        self._single(statement, small)
        renamed = {name: t.value for (_, name, _), t in zip(kinds, targets)}
        for (kind, name, extra), t in zip(kinds, targets):
            mine = t.value
            block.bound[mine] = block.generation
            if kind == "placeholder":
                block.placeholders[mine] = None
            elif kind == "tensor":
                block.tensors[mine] = [renamed.get(p, p) for p in extra]
            elif kind == "step":
                params, loss = extra
                block.steps[mine] = _Step("", cst.Name(renamed.get(loss, "") or "_"),
                                          [renamed.get(p, p) for p in params])
            else:
                block.variables.append(mine)
        # one name per builder: a rebuilt graph's Checkpoint has the same keys as the first
        self._built_calls[value.func.value] = self._built_calls.get(value.func.value, 0) + 1
        holder = block.holders.get(value.func.value) or block.fresh(f"{value.func.value}_variables")
        block.holders[value.func.value] = holder
        if holder not in block.variables:
            block.variables.append(holder)
        self._extra_targets[statement] = holder
        elements = [cst.Element(t) for t in targets] + [cst.Element(cst.Name(holder))]
        block.replace[statement] = [statement.with_changes(body=[small.with_changes(
            targets=[cst.AssignTarget(cst.Tuple(elements, lpar=[], rpar=[]))])])]
        return True

    def _check_reinitialisation(self, block: _Block) -> None:
        """A second session that runs the initializer starts TF1's variables afresh unless it
        restores them; TF2 variables are initialised once, so that cannot be dropped."""
        initialising = 0
        ordered = [s for top in block.statements for s in _statements(top, self._function_blocks)
                   if s in block.flatten]
        for statement in ordered:
            finder = _Calls()
            statement.visit(finder)
            runs_init = any(self._only_initializers(block, c.args[0].value) for c in finder.calls
                            if c.args and isinstance(c.func, cst.Attribute)
                            and c.func.attr.value == "run" and _key(c.func.value) in block.sessions)
            restores = any(isinstance(c.func, cst.Attribute) and c.func.attr.value == "restore"
                           for c in finder.calls)
            if runs_init:
                initialising += 1
                if initialising > 1 and not restores and block.generation == 0:
                    raise Refusal("a second session initialises the variables again without "
                                  "restoring them", statement)

    def _check_leftovers(self, block: _Block) -> None:
        """Every use of a placeholder, graph tensor, step, session or saver must have been
        rewritten; one that was not (passed to other code, fetched through an object this
        rewrite does not follow) would be left dangling."""
        graph = set(block.placeholders) | set(block.tensors) | set(block.steps) | \
            block.initializers | block.sessions | set(block.savers) | block.graphs | \
            block.grad_names
        scope = block.owner.body.body if block.owner is not None else block.statements
        finder = _Leftovers(graph, block, self._function_blocks - {block.owner})
        for statement in scope:
            statement.visit(finder)
        if finder.found:
            key, node = finder.found[0]
            raise Refusal(f"`{key}` is used where this rewrite cannot follow it", node)

    def visit_Module(self, node: cst.Module) -> bool:
        return bool(self._blocks)

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        """The layer classes the converted graph code uses, after the imports."""
        used = {kind for block in self._blocks for kind in block.layer_instances.values()
                if kind in self._layer_classes} | \
            {kind for block in self._blocks for kind in block.helpers}
        if not used:
            return updated
        classes = []
        for kind in sorted(used):
            cls, template = self._layer_classes[kind]
            state = self._layer_classes.get("LSTMStateTuple", ("LSTMStateTuple",))[0]
            node = cst.parse_statement(template.format(
                cls=cls, module=f"{self._tf}.Module", tf=self._tf, state=state,
                spelling=f"tf.nn.rnn_cell.{kind}", pad=" " * (len(cls) + 5)),
                config=self._module.config_for_parsing)
            classes.append(node.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()]))
        body = list(updated.body)
        at = 0
        for i, statement in enumerate(body):
            if _is_docstring(statement) or _is_import(statement):
                at = i + 1
            else:
                break
        following = body[at:]
        if following:
            following[0] = following[0].with_changes(leading_lines=[
                cst.EmptyLine(), cst.EmptyLine(),
                *[line for line in following[0].leading_lines if line.comment is not None]])
        return updated.with_changes(body=[*body[:at], *classes, *following])

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        new = self._calls.get(original)
        if new is None:
            return updated
        if original in self._named:
            return updated.with_changes(args=new.args)
        return new.with_changes(lpar=original.lpar, rpar=original.rpar) \
            if not isinstance(new, cst.Call) or not original.lpar else new

    def _with_carried(self, original, updated):
        carried = self._leading.get(original)
        if carried is None:
            return updated
        return updated.with_changes(leading_lines=_collapse(carried, updated.leading_lines))

    def leave_For(self, original, updated):
        return self._with_carried(original, updated)

    def leave_If(self, original, updated):
        return self._with_carried(original, updated)

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute):
        new = self._calls.get(original)
        return updated if new is None else new

    def leave_Dict(self, original: cst.Dict, updated: cst.Dict):
        new = self._calls.get(original)  # a feed_dict literal keyed by parameter names
        return updated if new is None else updated.with_changes(elements=[
            u.with_changes(key=n.key) for u, n in zip(updated.elements, new.elements)])

    def leave_SimpleStatementLine(self, original, updated):
        new = self._replace.get(original)
        if original in self._leading:
            if new is None:
                return self._with_carried(original, updated)
            new = [self._with_carried(original, new[0]), *new[1:]] if new else new
        if new is None:
            return updated
        if not new:
            return cst.RemoveFromParent()
        if len(new) == 1:
            return new[0]
        return cst.FlattenSentinel(new)

    def leave_With(self, original: cst.With, updated: cst.With):
        updated = self._with_carried(original, updated)
        if original not in self._flatten:
            return updated
        body = list(updated.body.body)
        if not body:
            return cst.RemoveFromParent()
        body[0] = body[0].with_changes(leading_lines=_collapse(
            updated.leading_lines, body[0].leading_lines))
        return cst.FlattenSentinel(body)

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef):
        if original in self._emptied:
            return cst.RemoveFromParent()
        if original in self._name_params:
            params = list(updated.params.params)
            if params:
                params[-1] = params[-1].with_changes(comma=cst.Comma(
                    whitespace_after=cst.SimpleWhitespace(" ")))
            params.append(cst.Param(cst.Name("name"), default=cst.Name("None"),
                                    equal=_NO_SPACE))
            updated = updated.with_changes(params=updated.params.with_changes(params=params))
        dropped = self._param_drops.get(original)
        if dropped is not None:
            params = [p for p in updated.params.params if p.name.value != dropped]
            if params:
                params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            updated = updated.with_changes(params=updated.params.with_changes(params=params))
        owner = self._init_owner.get(original)
        if owner is None:
            return updated
        block = self._classes[owner]
        params = [p for p in updated.params.params if p.name.value not in block.session_params]
        params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        body = list(updated.body.body)
        at = 1 if body and _is_docstring(body[0]) else 0
        body.insert(at, cst.parse_statement("super().__init__()\n"))
        return updated.with_changes(params=updated.params.with_changes(params=params),
                                    body=updated.body.with_changes(body=body))

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef):
        block = self._classes.get(original)
        if block is None or block not in self._blocks:
            return updated
        body = list(updated.body.body)
        at = next(i for i, s in enumerate(original.body.body) if s is self._init_of(original))
        methods = [m.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
                   for m in block.methods]
        body[at + 1:at + 1] = methods
        base = cst.Arg(self._parse_expr(f"{self._tf}.Module"))
        return updated.with_changes(body=updated.body.with_changes(body=body), bases=[base],
                                    lpar=cst.LeftParen(), rpar=cst.RightParen())

    def leave_IndentedBlock(self, original, updated):
        if not updated.body:
            return updated.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
        return updated


class _BuiltFeeds(dict):
    """The fed values of a feed_dict built elsewhere (a name or a helper's call): placeholder
    key -> `fd["x"]`, or None where only spreading `**feed(...)` can pass it."""

    def __init__(self, values: dict, spread: cst.BaseExpression, uniform: bool):
        super().__init__(values)
        self.spread, self.uniform, self.spent = spread, uniform, False

    def spend(self, anchor) -> None:
        """A helper's call may be made once: a second call could feed another batch."""
        if self.spent and isinstance(self.spread, cst.Call):
            raise Refusal("one feed_dict helper call feeds several fetches", anchor)
        self.spent = True


class _Returns(cst.CSTVisitor):
    """The values a function returns (not those of functions nested in it)."""

    def __init__(self):
        super().__init__()
        self.values: list = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Return(self, node: cst.Return) -> None:
        self.values.append(node.value)


class _NotSessionCode(Exception):
    """The block has nothing for this codemod."""


_NO_SPACE = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                            whitespace_after=cst.SimpleWhitespace(""))


def _fill(template: cst.CSTNode, **nodes: cst.BaseExpression) -> cst.CSTNode:
    """Put expression nodes in place of the `__NAME__` names of a parsed template. The nodes
    keep their own layout: continuation lines stay indented relative to their new block."""

    class _Filler(cst.CSTTransformer):
        def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
            return nodes.get(original.value, updated)

    return template.visit(_Filler())


def _fed_arguments(feeds: dict, params: list, anchor) -> list:
    """The call's arguments for a literal feed_dict, evaluated as the dict was: Python
    evaluates `{X: next_x(), z: noise()}` left to right, and a fed value with side effects
    (a random draw, an iterator's next batch) must keep its place. In parameter order unless
    two values make calls in another order, which keyword arguments in feed order keep; a
    value that makes a call and that no parameter takes would no longer run at all."""
    calls = {key for key, value in feeds.items() if cstm.findall(value, cstm.Call())}
    for key in feeds:
        if key in calls and key not in params:
            raise Refusal(f"the fed value of `{_param(key)}` makes a call that the fetch "
                          f"does not need, and it would no longer run", feeds[key])
    in_feed_order = [key for key in feeds if key in params]
    if len(calls) < 2 or in_feed_order == list(params):
        return [cst.Arg(feeds[p]) for p in params]
    return [cst.Arg(feeds[key], keyword=cst.Name(_param(key)), equal=_NO_SPACE)
            for key in in_feed_order]


def _joined(args: list) -> list:
    out = []
    for i, arg in enumerate(args):
        last = i == len(args) - 1
        out.append(arg.with_changes(comma=cst.MaybeSentinel.DEFAULT if last else cst.Comma(
            whitespace_after=cst.SimpleWhitespace(" "))))
    return out


def _arg(call: cst.Call, keyword: str, position: Optional[int]) -> Optional[cst.Arg]:
    return matching.argument(call, keyword, position)


def _numpy(expr: cst.BaseExpression) -> cst.Call:
    if not isinstance(expr, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or expr.lpar:
        expr = expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.Call(cst.Attribute(expr, cst.Name("numpy")))


def _is_feed_literal(block: _Block, value: cst.BaseExpression) -> bool:
    """`{x: a, y: b}` keyed by placeholders, with values that are not graph tensors."""
    if not isinstance(value, cst.Dict) or not value.elements:
        return False
    graph = set(block.placeholders) | set(block.tensors) | set(block.steps)
    return all(isinstance(e, cst.DictElement) and _key(e.key) in block.placeholders and
               not _referenced(e.value) & graph for e in value.elements)


def _targets(small) -> list:
    """What an assignment statement binds."""
    if isinstance(small, cst.Assign):
        return [t.target for t in small.targets]
    return [small.target]


def _same(a: cst.BaseExpression, b: cst.BaseExpression) -> bool:
    return a.deep_equals(b)


def _key(expr: cst.BaseExpression) -> Optional[str]:
    """The name a graph value is bound to: `x`, or `self.x` in a model class."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and \
            expr.value.value == "self":
        return f"self.{expr.attr.value}"
    return None


def _key_expr(key: str) -> cst.BaseExpression:
    return matching.attribute_chain(key)


def _param(key: str) -> str:
    """The parameter a placeholder becomes: `self.x` -> `x`."""
    return key.rsplit(".", 1)[-1]


def _referenced(node: cst.CSTNode) -> set:
    finder = _Names()
    node.visit(finder)
    return finder.names


def _inside(statement, statements) -> bool:
    return any(s is statement for s in _statements_in_order(statements))


def _bodies(statements):
    """`statements` and the bodies of the `with` blocks among them, as lists."""
    yield list(statements)
    for statement in statements:
        if isinstance(statement, cst.With):
            yield from _bodies(statement.body.body)


def _statements_in_order(statements):
    for statement in statements:
        yield statement
        if isinstance(statement, cst.With):
            yield from _statements_in_order(statement.body.body)


def _collapse(first: list, second: list) -> list:
    """Two statements' leading lines merged, with no run of blank lines longer than the longest
    in either: removing a statement must not leave a hole in the layout."""
    limit = max(_longest_blank_run(first), _longest_blank_run(second))
    out, run = [], 0
    for line in [*first, *second]:
        run = run + 1 if line.comment is None else 0
        if run <= limit:
            out.append(line)
    return out


def _longest_blank_run(lines: list) -> int:
    longest = run = 0
    for line in lines:
        run = run + 1 if line.comment is None else 0
        longest = max(longest, run)
    return longest


def _at_top_level(call: cst.Call, function: cst.FunctionDef) -> bool:
    """Is `call` in a statement of `function`'s own body (not in a loop, branch or nested
    function), so each call of the function runs it exactly once?"""
    for statement in function.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            finder = _Calls()
            statement.visit(finder)
            if any(c is call for c in finder.calls):
                return True
    return False


class _Inline(cst.CSTTransformer):
    """`name` -> `value` (parenthesized where an operator could bind differently)."""

    def __init__(self, name: str, value: cst.BaseExpression):
        super().__init__()
        self.name, self.value = name, value
        self._skip: set = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._skip.add(node.attr)

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._skip.add(node.keyword)

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        if isinstance(original.value, cst.Name) and original.value.value == self.name:
            return updated.with_changes(value=self.value)  # an argument needs no parentheses
        return updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        if original in self._skip or original.value != self.name:
            return updated
        if isinstance(self.value, (cst.Call, cst.Name, cst.Attribute, cst.Subscript)) or \
                self.value.lpar:
            return self.value
        return self.value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


class _SelfAttributes(cst.CSTVisitor):
    """How often each `self.<name>` appears."""

    def __init__(self):
        super().__init__()
        self.counts: dict = {}

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name) and node.value.value == "self":
            self.counts[node.attr.value] = self.counts.get(node.attr.value, 0) + 1


def _self_call(statement) -> Optional[str]:
    """`self.m()` as a statement: "m"."""
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
            isinstance(statement.body[0], cst.Expr):
        call = statement.body[0].value
        if isinstance(call, cst.Call) and not call.args and \
                isinstance(call.func, cst.Attribute) and \
                isinstance(call.func.value, cst.Name) and call.func.value.value == "self":
            return call.func.attr.value
    return None


class _SymbolicReads(cst.CSTVisitor):
    """Graph names read only as symbols, before `.shape`, `.get_shape`, `.dtype`, `.name`
    (`reads`; a bare `print` argument is added by the caller); `other`: any other read."""

    _SYMBOLIC = frozenset({"shape", "get_shape", "dtype", "name"})

    def __init__(self, names: set):
        super().__init__()
        self.names = names
        self.reads: list = []
        self.other: list = []

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # a keyword is no read
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        if isinstance(node.value, cst.Name) and node.value.value in self.names and \
                node.attr.value in self._SYMBOLIC:
            self.reads.append(node.value)
            return False
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names:
            self.other.append(node)


class _JoinContinuations(cst.CSTTransformer):
    """Backslash line continuations in an expression -> one space: the statement it moves
    into is indented otherwise, and the layout pass wraps long lines itself."""

    def leave_SimpleWhitespace(self, original, updated):
        return cst.SimpleWhitespace(" ") if "\\" in updated.value else updated


class _ReplaceNodes(cst.CSTTransformer):
    """Each node of `replacements` (by identity) -> its replacement."""

    def __init__(self, replacements: dict):
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original, updated):
        return self.replacements.get(original, updated)


class _NameUses(cst.CSTVisitor):
    """How often each of `names` is read (definitions excluded)."""

    def __init__(self, names: set):
        super().__init__()
        self.names = names
        self.uses: dict = {}

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        node.params.visit(self)
        node.body.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # `logits=logits`: the keyword is no read
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names:
            self.uses[node.value] = self.uses.get(node.value, 0) + 1


def _wrapped(head: str, items: list, indent: str, limit: int = 99) -> str:
    """`head` + items + `)`, on one line if it fits in `limit` columns, else filled onto
    continuation lines indented four spaces."""
    line = head + ", ".join(items) + ")"
    if len(indent) + len(line) <= limit:
        return line
    lines, current = [head], indent + "    "
    for i, item in enumerate(items):
        piece = item + (")" if i == len(items) - 1 else ",")
        if len(current) + len(piece) + 1 > limit and current.strip():
            lines.append(current.rstrip())
            current = indent + "    "
        current += piece + " "
    lines.append(current.rstrip())
    return ("\n" + "").join([lines[0], *[line[len(indent):] for line in lines[1:]]])


def _is_import(statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body)


def _is_docstring(statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
        isinstance(statement.body[0], cst.Expr) and \
        isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _is_main_guard(statement) -> bool:
    """`if __name__ == "__main__":` (no else): its body runs once, like the module's."""
    if not isinstance(statement, cst.If) or statement.orelse is not None:
        return False
    test = statement.test
    return isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name) and \
        test.left.value == "__name__" and len(test.comparisons) == 1 and \
        isinstance(test.comparisons[0].operator, cst.Equal) and \
        isinstance(test.comparisons[0].comparator, cst.SimpleString) and \
        test.comparisons[0].comparator.evaluated_value == "__main__"


def _statements(node: cst.CSTNode, skip=frozenset()):
    """Every statement in `node`, outermost first (compound ones before their bodies), not
    entering the statements in `skip`."""
    if node in skip:
        return
    yield node
    if isinstance(node, (cst.SimpleStatementLine,)):
        return
    body = getattr(node, "body", None)
    if isinstance(body, cst.BaseSuite) and isinstance(body, cst.IndentedBlock):
        for child in body.body:
            yield from _statements(child, skip)
    for attr in ("orelse", "finalbody"):
        other = getattr(node, attr, None)
        if other is not None:
            yield from _statements(other, skip)
    for handler in getattr(node, "handlers", ()) or ():
        yield from _statements(handler, skip)


def _header(statement: cst.CSTNode) -> Optional[cst.CSTNode]:
    """The expression part of a compound statement (`for x in <iter>`, `if <test>`)."""
    for attr in ("iter", "test", "items"):
        value = getattr(statement, attr, None)
        if isinstance(value, cst.CSTNode):
            return value
        if isinstance(value, (list, tuple)) and value:
            return cst.List([cst.Element(i.item) for i in value]) if False else value[0]
    return None


class _Leftovers(cst.CSTVisitor):
    """References to graph names outside the statements and calls a block rewrites."""

    def __init__(self, graph: set, block: _Block, skip: set):
        super().__init__()
        self.graph, self.block, self.skip = graph, block, skip
        self.found: list = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node in self.block.replace or node in self.block.calls or node in self.skip:
            return False
        if isinstance(node, cst.With) and node in self.block.flatten:
            for child in node.body.body:
                child.visit(self)
            return False
        if isinstance(node, cst.Param) or isinstance(node, cst.AssignTarget):
            return False
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            # a function's own parameters and assignments shadow the module's graph names
            params = {p.name.value for p in node.params.params + node.params.kwonly_params +
                      node.params.posonly_params}
            assigned = _AssignedNames()
            node.body.visit(assigned) if isinstance(node, cst.FunctionDef) else None
            inner = _Leftovers(self.graph - params - assigned.names, self.block, self.skip)
            node.body.visit(inner)
            self.found.extend(inner.found)
            return False
        key = _key(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
        if key is not None and key in self.graph:
            self.found.append((key, node))
            return False
        if isinstance(node, cst.Attribute):
            node.value.visit(self)
            return False
        return True


class _Names(cst.CSTVisitor):
    """Names read in an expression (not attribute names, keywords or lambda parameters)."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        key = _key(node)
        if key is not None:
            self.names.add(key)
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


class _AssignedNames(cst.CSTVisitor):
    """The names a statement binds in its own scope: a nested function's or class's
    assignments are its locals (`def model(x): x = tf.unstack(x)` rebinds no graph tensor),
    unless it declares them `global` or `nonlocal`."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self.names |= _bound(node.target)

    def visit_For(self, node: cst.For) -> None:
        self.names |= _bound(node.target)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        inner = _AssignedNames()
        node.body.visit(inner)
        declared = {n.name.value for d in cstm.findall(node.body, cstm.Global() | cstm.Nonlocal())
                    for n in d.names}
        self.names |= inner.names & declared
        return False

    visit_ClassDef = visit_FunctionDef


def _bound(target: cst.BaseExpression) -> set:
    """The names an assignment target binds: not those read in `d[x] = ...`."""
    if isinstance(target, (cst.Tuple, cst.List)):
        return {n for e in target.elements for n in _bound(e.value)}
    if isinstance(target, cst.StarredElement):
        return _bound(target.value)
    if isinstance(target, cst.Subscript):
        return set()
    return _referenced(target)


class _Calls(cst.CSTVisitor):
    """Calls in a node (and with `attributes`, every attribute chain and name)."""

    def __init__(self, attributes: bool = False, shallow: bool = False):
        super().__init__()
        self.calls: list[cst.Call] = []
        self.attributes: list = []
        self._want_attributes = attributes
        self._shallow = shallow

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self._want_attributes:
            self.attributes.append(node)

    def visit_IndentedBlock(self, node) -> bool:
        return not self._shallow


@dataclass(frozen=True)
class _HelperKind:
    """An emitted helper function, registered like a layer class (`cls` is its name)."""
    cls: str
    template: str


class _TensorCalls(cst.CSTTransformer):
    """`t` -> `t(X, Y)` for graph tensors; with feeds, placeholders -> the fed values."""

    def __init__(self, codemod: Sessions, block: _Block, feeds: Optional[dict], anchor):
        super().__init__()
        self.codemod, self.block, self.feeds, self.anchor = codemod, block, feeds, anchor
        self._skip: set = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._skip.add(node.attr)

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._skip.add(node.keyword)

    def leave_Attribute(self, original: cst.Attribute,
                        updated: cst.Attribute) -> cst.BaseExpression:
        key = _key(original)
        if key is None or key == original.attr.value:
            return updated
        return self._replace(key, updated)

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        if original in self._skip:
            return updated
        return self._replace(original.value, updated)

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        """A variable-free `tf.layers` call becomes its plain op (checked in _check_pure).
        When its input is now an expression (a tensor function's call), flatten and dropout
        call an emitted helper instead, so the input is computed once."""
        path = self.codemod.tf_name(original.func)
        if path in session_rnn.DRIVERS:
            self.codemod.replaced(original.func)
            try:
                return session_rnn.rewrite_driver(
                    updated, path, self.block.cells,
                    lambda p: self.codemod._rnn_class(self.block, p), original,
                    self.codemod._driver_scopes.get(original))
            except session_rnn.CellRefusal as refusal:
                raise Refusal(str(refusal), original) from None
        if path not in stateless_layers.STATELESS_LAYERS:
            return updated
        self.codemod.replaced(original.func)
        like = original.func if isinstance(original.func, cst.Attribute) else None
        helper = stateless_layers.HELPERS.get(path)
        bound = bound_arguments(updated, stateless_layers.STATELESS_LAYERS[path])
        training = bound.get("training")
        if helper is None or isinstance(bound["inputs"], cst.Name) or path == "layers.dropout" \
                and (training is None or isinstance(training, cst.Name)
                     and training.value in ("True", "False")):
            return stateless_layers.rewrite(self.codemod, path, updated, like)
        name = self.codemod._layer_class(_HelperKind(*helper))
        self.block.helpers.add(helper[0])
        params = stateless_layers.HELPER_PARAMS[helper[0]]
        args = [cst.Arg(bound["inputs"])] + [kwarg(p, bound[p]) for p in params if p in bound]
        return cst.Call(cst.Name(name), args=join_args(args))

    def _replace(self, name: str, updated: cst.BaseExpression) -> cst.BaseExpression:
        if name in self.block.tensors:
            params = self.block.tensors[name]
            if self.feeds is None:
                return cst.Call(self.codemod._callee(self.block, name),
                                args=_joined([cst.Arg(cst.Name(_param(p))) for p in params]))
            return self.codemod._call_with_feeds(self.block, name, params, self.feeds, self.anchor)
        if name in self.block.placeholders and self.feeds is not None:
            if name not in self.feeds:
                raise Refusal(f"`{name}` is used but not fed", self.anchor)
            if self.feeds[name] is None:
                raise Refusal(f"`{name}` is read from a feed_dict helper's result",
                              self.anchor)
            return self.codemod._fed_value(self.block, name, self.feeds[name])
        if name in self.block.placeholders and name != _param(name):
            return cst.Name(_param(name))
        return updated
