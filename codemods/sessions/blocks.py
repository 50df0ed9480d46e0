"""The blocks of session code a file has, and what each block defines.

A TF1 script builds its graph in one straight-line block and drives it through a session: the
module body, a `main()`-style function that makes placeholders itself, or a model class whose
`__init__` (and the build methods it calls once) makes them. This module finds those blocks,
the sessions they open (`with` ones are dedented, assigned ones removed, `sess` parameters of
functions that run them dropped) and the statements that run once at the block's level,
through `with` blocks that are sessions, graphs, name scopes or variable scopes. `_Block` is
what one block defines, by name; `Refusal` is raised when a block cannot be converted exactly.

Before::

    config = tf.ConfigProto(log_device_placement=True)
    with tf.Session(config=config) as sess:
        sess.run(train_op, {x: a})

After::

    tf.debugging.set_log_device_placement(True)
    train_op(a)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from codemods.sessions.syntax import _Calls, _is_main_guard, _key, _statements


class Refusal(Exception):
    """The block cannot be converted exactly; the message says why."""


class _NotSessionCode(Exception):
    """The block has nothing for this codemod."""


INITIALIZERS = frozenset({"global_variables_initializer", "initialize_all_variables",
                          "local_variables_initializer", "initialize_local_variables",
                          "tables_initializer"})
SESSIONS = frozenset({"Session", "InteractiveSession"})
#: Graph-level calls that only make sense with a session and have no TF2 equivalent to keep.
DROPPED_CALLS = frozenset({"reset_default_graph"})
#: ConfigProto keywords -> TF2 calls (a format string of the value).
_CONFIG_KEYWORDS = {
    "allow_soft_placement": "config.set_soft_device_placement({})",
    "log_device_placement": "debugging.set_log_device_placement({})",
    "intra_op_parallelism_threads": "config.threading.set_intra_op_parallelism_threads({})",
    "inter_op_parallelism_threads": "config.threading.set_inter_op_parallelism_threads({})",
}


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


class BlocksMixin:
    """Finding the blocks, their sessions and graph-level statements; ConfigProto options."""

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
