"""The one shared analysis every hazard checker reads: a parsed module and indexes built in one
walk of it, without libcst's metadata providers.

libcst's `ScopeProvider` records every access of every name, and `QualifiedNameProvider` and
`ParentNodeProvider` sit on full traversals of their own; lint needs much less. One iterative
walk here records node order, subtree ends, parents, the enclosing function and name scope of
each node, the names each scope binds (imports, assignments, parameters, defs) and the node
lists checkers scan. From those the analysis answers: which TF API a node names (every import
form, and `v1 = tf.compat.v1` aliases), which assignments bind a name, which local function,
method or class a call reaches, what constant string an expression has when the file fixes it,
and control flow: whether one statement can run after another (branches are alternatives;
`return`, `raise`, `break`, `continue` and `sys.exit()` end a path). Positions are resolved
only when a file has a diagnostic.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Union

import libcst as cst
from libcst import MaybeSentinel
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedName, QualifiedNameSource

from codemods.matching import argument, tf_api_path
from codemods.matching import dotted as dotted_name  # noqa: F401  (the checkers use it)
from codemods.names import dotted_path
from migrate import fastvisit

FunctionLike = Union[cst.FunctionDef, cst.Lambda]

#: Calls that create variables in the default graph (TF1 API paths, any import form).
_LAYER_FUNCTIONS = frozenset({
    "dense", "conv1d", "conv2d", "conv3d", "conv2d_transpose", "conv3d_transpose",
    "separable_conv1d", "separable_conv2d", "batch_normalization",
})
_CONTRIB_LAYERS = frozenset({
    "fully_connected", "conv2d", "convolution2d", "conv2d_transpose", "convolution2d_transpose",
    "conv1d", "conv3d", "convolution", "batch_norm", "layer_norm", "separable_conv2d",
    "embed_sequence", "embedding_lookup_unique",
})
_RNN_BUILDERS = frozenset({"nn.dynamic_rnn", "nn.bidirectional_dynamic_rnn", "nn.static_rnn",
                           "nn.raw_rnn", "contrib.rnn.static_rnn"})
_STEP_CREATORS = frozenset({"train.get_or_create_global_step", "train.create_global_step",
                            "contrib.framework.get_or_create_global_step"})
INITIALIZER_APIS = frozenset({
    "global_variables_initializer", "initialize_all_variables", "variables_initializer",
    "initialize_variables", "local_variables_initializer", "initialize_local_variables",
    "tables_initializer",
})
#: Optimizers without slot variables: `minimize` on them creates no variable a Saver misses.
SLOTLESS_OPTIMIZERS = frozenset({"train.GradientDescentOptimizer"})
_EXITS = frozenset({"sys.exit", "exit", "quit", "os._exit", "os.abort"})
#: Nodes under which code may run on one trace only (the `if self.v is None:` guard).
GUARDS = (cst.If, cst.IfExp, cst.Try, cst.BooleanOperation, cst.Match)
_SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.ListComp, cst.SetComp,
           cst.DictComp, cst.GeneratorExp)


def is_variable_creator(api: Optional[str]) -> bool:
    """True for TF1 API paths whose call creates variables (get_variable, layers, RNNs)."""
    if not api:
        return False
    if api in ("Variable", "get_variable", "get_local_variable") or api in _RNN_BUILDERS \
            or api in _STEP_CREATORS:
        return True
    head, _, last = api.rpartition(".")
    if head == "layers":
        return last in _LAYER_FUNCTIONS
    if head in ("contrib.layers", "contrib.slim", "contrib.slim.layers"):
        return last in _CONTRIB_LAYERS
    return False


def string_value(expr: Optional[cst.BaseExpression]) -> Optional[str]:
    """The value of a plain (non-f) string literal, else None."""
    if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
        value = expr.evaluated_value
        return value if isinstance(value, str) else None
    return None


@dataclass(frozen=True)
class ParamRef:
    """A scope name that is the value of the enclosing function's parameter `name`."""
    name: str


@dataclass(frozen=True)
class Opaque:
    """A scope whose name the analysis cannot know; equal only to itself (one `with` node)."""
    node_id: int


@dataclass(frozen=True)
class GraphContext:
    """A `with graph.as_default():` block: variables inside belong to another graph."""
    node_id: int


@dataclass(frozen=True)
class Binding:
    kind: str                          # assign, import, def, class, param, for, with, global
    statement: cst.CSTNode             # the binding statement (Assign, Import, FunctionDef...)
    value: Optional[cst.CSTNode]       # assigned value, imported dotted path (str) or None
    node: cst.CSTNode                  # the bound Name (or def/class node)


def children(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Direct children in libcst's order, read off the fields (no tree rebuilding)."""
    for name in _field_order(type(node)):
        value = getattr(node, name)
        kind = type(value)
        if kind is tuple or kind is list:
            yield from value
        elif value is not None and value is not _DEFAULT and kind is not str:
            yield value


class Analysis:
    """One module with the indexes of a single walk."""

    def __init__(self, code: str, module: Optional[cst.Module] = None, placed: bool = True):
        """`module`: the tree of `code` when the caller parsed it already (the migration's
        own tree of the file as read): trees are immutable, so sharing it changes nothing.
        `placed=False`: only the codes are wanted, so nodes are not placed (`position` says
        line 0; in a large file placing one node costs more than all the checkers)."""
        self.module = module if module is not None else cst.parse_module(code)
        self.placed = placed
        self._positions = None
        self._api_cache: dict[cst.CSTNode, Optional[str]] = {}
        self._callee_cache: dict[cst.Call, Optional[cst.FunctionDef]] = {}
        self._stores_cache: dict[tuple, list] = {}
        self._variable_functions: Optional[set[cst.FunctionDef]] = None
        self._slot_functions: Optional[set[cst.FunctionDef]] = None
        self._tf_functions: Optional[set[cst.FunctionDef]] = None
        self._traced: Optional[set[cst.FunctionDef]] = None
        index = _Indexer(self.module)
        self._info = index.info
        self._end = index.end
        self._scope_parent = index.scope_parent
        self._bindings = index.bindings
        self._globals = index.globals
        self._calls_by_owner: dict = {}
        for call in index.calls:
            self._calls_by_owner.setdefault(index.info[id(call)][2], []).append(call)
        self.calls: list[cst.Call] = index.calls
        self.functions: list[cst.FunctionDef] = index.functions
        self.classes: list[cst.ClassDef] = index.classes
        self.assigns: list[cst.Assign] = index.assigns
        self.withs: list[cst.With] = index.withs
        self.attribute_loads: list[cst.Attribute] = index.attributes
        self.names: list[cst.Name] = index.names

    # -- names ----------------------------------------------------------------------------
    def bindings_of(self, name: cst.Name) -> list[Binding]:
        """The bindings of `name`'s scope for its identifier (Python's scope rules)."""
        info = self._info.get(id(name))
        scope = info[3] if info is not None else self.module
        identifier = name.value
        if isinstance(scope, cst.FunctionDef) and identifier in self._globals.get(scope, ()):
            return self._bindings[self.module].get(identifier, [])
        first = True
        while scope is not None:
            table = self._bindings.get(scope, {})
            if (first or not isinstance(scope, cst.ClassDef)) and identifier in table:
                return table[identifier]
            first = False
            scope = self._scope_parent.get(scope)
        return []

    def qualified(self, node: cst.CSTNode, depth: int = 0) -> Optional[str]:
        """The dotted import path `node` (a Name or attribute chain) refers to, if it goes back
        to an import; a name bound once to such a chain (`v1 = tf.compat.v1`) follows it."""
        if isinstance(node, cst.Attribute):
            base = self.qualified(node.value, depth)
            return f"{base}.{node.attr.value}" if base else None
        if not isinstance(node, cst.Name) or depth > 5:
            return None
        bindings = self.bindings_of(node)
        for binding in bindings:
            if binding.kind == "import":
                return binding.value
        if len(bindings) == 1 and bindings[0].kind == "assign" \
                and isinstance(bindings[0].value, (cst.Name, cst.Attribute)) \
                and isinstance(bindings[0].statement, cst.Assign):
            return self.qualified(bindings[0].value, depth + 1)
        return None

    def api(self, node: cst.CSTNode) -> Optional[str]:
        """The TF1 API path `node` names (`train.Saver`), whatever the import form."""
        if node not in self._api_cache:
            path = self.qualified(node)
            self._api_cache[node] = tf_api_path(
                [QualifiedName(path, QualifiedNameSource.IMPORT)]) if path else None
        return self._api_cache[node]

    def call_api(self, call: cst.Call) -> Optional[str]:
        return self.api(call.func)

    def dotted_call(self, call: cst.Call) -> Optional[str]:
        """The full import path a call names (`sys.exit`), or its builtin name."""
        path = self.qualified(call.func)
        if path is None and isinstance(call.func, cst.Name) and not self.bindings_of(call.func):
            return call.func.value
        return path

    def assigned_values(self, name: cst.Name) -> list[tuple[cst.CSTNode, cst.BaseExpression]]:
        """(statement, value) for each plain assignment that binds `name` in its scope."""
        return [(b.statement, b.value) for b in self.bindings_of(name)
                if b.kind in ("assign", "with") and b.value is not None]

    def is_global_name(self, name: cst.Name) -> bool:
        bindings = self.bindings_of(name)
        return bool(bindings) and self._scope(bindings[0].node) is self.module \
            or bool(bindings) and bindings[0].kind == "global"

    def declared_global(self, function: cst.FunctionDef) -> set[str]:
        """Names a `global` statement in `function` (not in nested defs) declares."""
        return set(self._globals.get(function, ()))

    def const(self, expr: Optional[cst.BaseExpression], depth: int = 0) -> Optional[str]:
        """The string an expression is known to have in this file: literals, f-strings, `+`,
        `%` and `.format` of known parts, names bound once to such values, `self.x` set once
        in the class. None when any part is unknown (a loop variable, a parameter)."""
        if expr is None or depth > 6:
            return None
        if isinstance(expr, (cst.SimpleString, cst.ConcatenatedString)):
            try:
                value = expr.evaluated_value
            except Exception:  # noqa: BLE001 - f-string parts in a concatenation
                value = None
            if isinstance(value, str):
                return value
            if isinstance(expr, cst.ConcatenatedString):
                left, right = self.const(expr.left, depth + 1), self.const(expr.right, depth + 1)
                return left + right if left is not None and right is not None else None
            return None
        if isinstance(expr, cst.Integer):
            return str(expr.evaluated_value)
        if isinstance(expr, cst.FormattedString):
            out = []
            for part in expr.parts:
                if isinstance(part, cst.FormattedStringText):
                    out.append(part.value)
                elif part.format_spec is None and part.conversion is None:
                    value = self.const(part.expression, depth + 1)
                    if value is None:
                        return None
                    out.append(value)
                else:
                    return None
            return "".join(out)
        if isinstance(expr, cst.BinaryOperation):
            left = self.const(expr.left, depth + 1)
            if left is None:
                return None
            if isinstance(expr.operator, cst.Add):
                right = self.const(expr.right, depth + 1)
                return left + right if right is not None else None
            if isinstance(expr.operator, cst.Modulo):
                parts = expr.right.elements if isinstance(expr.right, cst.Tuple) else None
                values = [self.const(e.value, depth + 1) for e in parts] if parts is not None \
                    else [self.const(expr.right, depth + 1)]
                if any(v is None for v in values):
                    return None
                try:
                    return left % tuple(_number(v) for v in values)
                except (TypeError, ValueError):
                    return None
            return None
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) \
                and expr.func.attr.value == "format":
            template = self.const(expr.func.value, depth + 1)
            if template is None or any(a.keyword is not None or a.star for a in expr.args):
                return None
            values = [self.const(a.value, depth + 1) for a in expr.args]
            if any(v is None for v in values):
                return None
            try:
                return template.format(*values)
            except (IndexError, KeyError, ValueError):
                return None
        if isinstance(expr, cst.Name):
            bindings = self.bindings_of(expr)
            if len(bindings) == 1 and bindings[0].kind == "assign" \
                    and isinstance(bindings[0].statement, (cst.Assign, cst.AnnAssign)) \
                    and _single_target(bindings[0].statement):
                return self.const(bindings[0].value, depth + 1)
            return None
        if isinstance(expr, cst.Attribute):
            values = self.self_attribute_values(expr)
            if len(values) == 1:
                return self.const(values[0], depth + 1)
        return None

    # -- calls, classes and methods -------------------------------------------------------
    def function_of_call(self, call: cst.Call) -> Optional[cst.FunctionDef]:
        """The function or method defined in this file that `call` runs, if known: `f(...)`,
        `self.m(...)` in a method, `obj.m(...)` / `obj(...)` on an instance of a local class."""
        func = call.func
        if isinstance(func, cst.Name):
            target = self._single_def(func)
            if isinstance(target, cst.FunctionDef):
                return target
            cls = self._instance_class(func)
            return self.method(cls, "__call__") if cls is not None else None
        if isinstance(func, cst.Attribute):
            cls = self._instance_class(func.value)
            if cls is not None:
                return self.method(cls, func.attr.value)
        return None

    def class_of_call(self, call: cst.Call) -> Optional[cst.ClassDef]:
        """The class defined in this file that `call` instantiates by name, if any."""
        if not isinstance(call.func, cst.Name):
            return None
        target = self._single_def(call.func)
        return target if isinstance(target, cst.ClassDef) else None

    def _single_def(self, name: cst.Name):
        bindings = self.bindings_of(name)
        if len(bindings) == 1 and bindings[0].kind in ("def", "class"):
            return bindings[0].statement
        return None

    def _instance_class(self, expr: cst.CSTNode) -> Optional[cst.ClassDef]:
        """The local class `expr` is an instance of: `self` in a method, a name bound once to
        `C(...)`, or `self.x` set once to `C(...)` in the class."""
        if isinstance(expr, cst.Name):
            method = self.enclosing_function(expr)
            if isinstance(method, cst.FunctionDef):
                cls = self.enclosing_class(method)
                params = parameter_names(method)
                if cls is not None and params and params[0] == expr.value \
                        and not _is_static(method):
                    return cls
            values = self.assigned_values(expr)
            if len(values) == 1 and isinstance(values[0][1], cst.Call):
                return self.class_of_call(values[0][1])
            return None
        if isinstance(expr, cst.Attribute):
            values = self.self_attribute_values(expr)
            if len(values) == 1 and isinstance(values[0], cst.Call):
                return self.class_of_call(values[0])
        return None

    def method(self, cls: cst.ClassDef, name: str, depth: int = 0) -> Optional[cst.FunctionDef]:
        """`cls.name` defined in `cls` or a base class of this file."""
        for statement in cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ():
            if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
                return statement
        if depth < 4:
            for base in cls.bases:
                if isinstance(base.value, cst.Name):
                    parent = self._single_def(base.value)
                    if isinstance(parent, cst.ClassDef) and parent is not cls:
                        found = self.method(parent, name, depth + 1)
                        if found is not None:
                            return found
        return None

    def self_attribute_values(self, attribute: cst.Attribute) -> list[cst.BaseExpression]:
        """For `self.x` in a method: the values assigned to `self.x` in the class's methods."""
        cls = self.self_class(attribute)
        if cls is None:
            return []
        return [value for _, value in self.attribute_stores(cls, attribute.attr.value)]

    def self_class(self, attribute: cst.Attribute) -> Optional[cst.ClassDef]:
        """The class whose instance `self.x` (first parameter of a method) is on."""
        if not isinstance(attribute.value, cst.Name):
            return None
        method = self.enclosing_function(attribute)
        if not isinstance(method, cst.FunctionDef):
            return None
        cls = self.enclosing_class(method)
        params = parameter_names(method)
        if cls is None or not params or params[0] != attribute.value.value:
            return None
        return cls

    def attribute_stores(self, cls: cst.ClassDef, attr: str) -> list[tuple[cst.Assign, cst.CSTNode]]:
        """(assignment, value) for each `self.attr = value` in the methods of `cls` (kept:
        dataflow asks again for the same attribute, and each answer scans every assignment)."""
        key = (cls, attr)
        found = self._stores_cache.get(key)
        if found is None:
            found = self._stores_cache[key] = self._attribute_stores(cls, attr)
        return found

    def _attribute_stores(self, cls: cst.ClassDef, attr: str) -> list:
        found = []
        for assign in self.assigns:
            owner = self.enclosing_function(assign)
            if not isinstance(owner, cst.FunctionDef) or self.enclosing_class(owner) is not cls:
                continue
            owner_params = parameter_names(owner)
            for target in assign.targets:
                stored = target.target
                if isinstance(stored, cst.Attribute) and stored.attr.value == attr \
                        and isinstance(stored.value, cst.Name) and owner_params \
                        and stored.value.value == owner_params[0]:
                    found.append((assign, assign.value))
        return found

    # -- variables ------------------------------------------------------------------------
    def creates_variables(self, call: cst.Call) -> bool:
        """`call` creates variables: a TF creator, or a local function, method or class
        constructor that (transitively) does."""
        if is_variable_creator(self.call_api(call)):
            return True
        function = self.callee(call)
        return function is not None and function in self.variable_functions()

    def callee(self, call: cst.Call) -> Optional[cst.FunctionDef]:
        """The local function a call runs: a function or method, or a class's `__init__`
        (kept per call: the call-graph closures ask for every call on every round)."""
        if call in self._callee_cache:
            return self._callee_cache[call]
        function = self.function_of_call(call)
        if function is None:
            cls = self.class_of_call(call)
            if cls is not None:
                function = self.method(cls, "__init__")
        self._callee_cache[call] = function
        return function

    def variable_functions(self) -> set[cst.FunctionDef]:
        """Functions of this file whose body creates variables, directly or through others."""
        if self._variable_functions is None:
            self._variable_functions = self._closure(
                lambda call: is_variable_creator(self.call_api(call))
                and not self.under_reuse(call))
        return self._variable_functions

    def slot_functions(self) -> set[cst.FunctionDef]:
        """Functions whose body runs an optimizer with slot variables (`minimize`)."""
        if self._slot_functions is None:
            self._slot_functions = self._closure(lambda call: self.makes_slots(call))
        return self._slot_functions

    def _closure(self, direct) -> set[cst.FunctionDef]:
        calls = {f: self.calls_of(f) for f in self.functions}
        found = {f for f, inner in calls.items() if any(direct(c) for c in inner)}
        changed = True
        while changed:
            changed = False
            for function, inner in calls.items():
                if function not in found and any(self.callee(c) in found for c in inner):
                    found.add(function)
                    changed = True
        return found

    def makes_slots(self, call: cst.Call) -> bool:
        method = method_name(call)
        if method not in ("minimize", "apply_gradients"):
            return False
        optimizer = self.optimizer_api(receiver(call))
        return optimizer is not None and optimizer not in SLOTLESS_OPTIMIZERS

    def optimizer_api(self, expr, depth: int = 0) -> Optional[str]:
        """`train.AdamOptimizer` for `tf.train.AdamOptimizer(...)`, a name or `self.x` bound
        to one."""
        if depth > 4 or expr is None:
            return None
        if isinstance(expr, cst.Call):
            api = self.call_api(expr)
            return api if api and api.startswith("train.") and api.endswith("Optimizer") \
                else None
        values = []
        if isinstance(expr, cst.Name):
            values = [v for _, v in self.assigned_values(expr)]
        elif isinstance(expr, cst.Attribute):
            values = self.self_attribute_values(expr)
        for value in values:
            found = self.optimizer_api(value, depth + 1)
            if found:
                return found
        return None

    def under_reuse(self, node: cst.CSTNode) -> bool:
        """Inside a `variable_scope(..., reuse=<not False>)` of its function: may only fetch."""
        for _, call in self.with_calls(node):
            if self.call_api(call) in ("variable_scope", "variable_op_scope"):
                reuse = argument(call, "reuse")
                if reuse is not None and not _is_false(reuse.value):
                    return True
        return False

    def tf_functions(self) -> set[cst.FunctionDef]:
        """Functions traced by `tf.function`: decorated, or wrapped as `tf.function(f)`."""
        if self._tf_functions is None:
            found = set()
            for function in self.functions:
                for decorator in function.decorators:
                    expr = decorator.decorator
                    expr = expr.func if isinstance(expr, cst.Call) else expr
                    if self.api(expr) in ("function", "compat.v2.function"):
                        found.add(function)
            for call in self.calls:
                if self.call_api(call) in ("function", "compat.v2.function") and call.args:
                    target = call.args[0].value
                    function = None
                    if isinstance(target, cst.Name):
                        function = self._single_def(target)
                    elif isinstance(target, cst.Attribute):
                        cls = self._instance_class(target.value)
                        function = self.method(cls, target.attr.value) if cls else None
                    if isinstance(function, cst.FunctionDef):
                        found.add(function)
            self._tf_functions = found
        return self._tf_functions

    def traced_functions(self) -> dict[cst.FunctionDef, cst.FunctionDef]:
        """Every function run on each trace of a tf.function: {function: the tf.function}.
        Calls under a branch (`if self.built:`) or in a nested def are not followed."""
        if self._traced is None:
            traced = {f: f for f in self.tf_functions()}
            work = list(traced)
            while work:
                function = work.pop()
                for call in self.calls_of(function):
                    if any(isinstance(a, GUARDS) for a in self.ancestors_in_function(call)):
                        continue
                    callee = self.function_of_call(call)
                    if callee is not None and callee not in traced:
                        traced[callee] = traced[function]
                        work.append(callee)
            self._traced = traced
        return self._traced

    # -- structure ------------------------------------------------------------------------
    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        info = self._info.get(id(node))
        return info[1] if info is not None else None

    def order_of(self, node: cst.CSTNode) -> Optional[int]:
        """`node`'s pre-order number (None for a node not in the module)."""
        info = self._info.get(id(node))
        return info[0] if info is not None else None

    def end_of(self, node: cst.CSTNode) -> int:
        """The pre-order number of the last node of `node`'s subtree."""
        return self._end[id(node)]

    def _scope(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        info = self._info.get(id(node))
        return info[3] if info is not None else None

    def ancestors(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        current = self.parent(node)
        while current is not None:
            yield current
            current = self.parent(current)

    def ancestors_in_function(self, node: cst.CSTNode) -> Iterator[cst.CSTNode]:
        """Ancestors up to (not including) the enclosing function, lambda or class."""
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
                return
            yield ancestor

    def statement_of(self, node: cst.CSTNode) -> cst.CSTNode:
        """The innermost statement around `node`."""
        current = node
        while current is not None and not isinstance(
                current, (cst.BaseSmallStatement, cst.BaseCompoundStatement)):
            current = self.parent(current)
        return current if current is not None else node

    def enclosing_function(self, node: cst.CSTNode) -> Optional[FunctionLike]:
        """The innermost function (or lambda) around `node`; None at module level."""
        info = self._info.get(id(node))
        return info[2] if info is not None else None

    def calls_of(self, function: Optional[FunctionLike]) -> list[cst.Call]:
        """The calls `function`'s own body makes (None: the module body), in source order."""
        return self._calls_by_owner.get(function, [])

    def enclosing_class(self, function: cst.CSTNode) -> Optional[cst.ClassDef]:
        parent = self.parent(function)
        while isinstance(parent, (cst.IndentedBlock, cst.SimpleStatementSuite)):
            parent = self.parent(parent)
        return parent if isinstance(parent, cst.ClassDef) else None

    def contains(self, outer: cst.CSTNode, inner: cst.CSTNode) -> bool:
        return self._info[id(outer)][0] <= self._info[id(inner)][0] <= self._end[id(outer)]

    def before(self, a: cst.CSTNode, b: cst.CSTNode) -> bool:
        """`a` starts before `b` in the source (pre-order)."""
        return self._info[id(a)][0] < self._info[id(b)][0]

    def exclusive(self, a: cst.CSTNode, b: cst.CSTNode) -> bool:
        """True when `a` and `b` sit in different branches of one if/else or try/except, so
        one run of the code cannot reach both."""
        branches_a = self._branches(a)
        for ancestor, branch in self._branches(b).items():
            if ancestor in branches_a and branches_a[ancestor] != branch:
                return True
        return False

    def _branches(self, node: cst.CSTNode) -> dict:
        found, child = {}, node
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.If, cst.Try, cst.IfExp, cst.Match)):
                found[ancestor] = id(child)
            elif isinstance(ancestor, cst.Else) and isinstance(self.parent(ancestor), cst.Try):
                found[self.parent(ancestor)] = id(self.parent(ancestor).body)  # try..else
            child = ancestor
        return found

    def reachable(self, a: cst.CSTNode, b: cst.CSTNode) -> bool:
        """`b` can run after `a` in one run of their (common) body: `a` comes first, they are
        not alternatives, and no `return`/`raise`/`sys.exit()` (or `break`/`continue` of a
        loop around both) ends every path from `a` before `b`."""
        return self.before(a, b) and not self.contains(a, b) and not self.exclusive(a, b) \
            and not self.blocked(a, b)

    def blocked(self, a: cst.CSTNode, b: cst.CSTNode) -> bool:
        """A statement after `a` (in a block around `a`) always leaves before `b` runs."""
        child = a
        for ancestor in self.ancestors(a):
            if isinstance(ancestor, (cst.FunctionDef, cst.Lambda, cst.ClassDef)) \
                    and not self.contains(ancestor, b):
                return False
            statements = _statements(ancestor)
            if statements is not None:
                holds_b = self.contains(ancestor, b)
                start = statements.index(child)
                stop = len(statements)
                if holds_b:
                    stop = next(i for i, s in enumerate(statements) if self.contains(s, b))
                first = start if isinstance(child, (cst.Return, cst.Raise)) else start + 1
                for statement in statements[first:stop]:
                    kind = self._exit_kind(statement)
                    if kind == "function":
                        return True
                    if kind == "loop":
                        loop = self._loop_of(statement)
                        if loop is not None and self.contains(loop, b):
                            return True
                        break
                if holds_b:
                    return False
            child = ancestor
        return False

    def _loop_of(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        for ancestor in self.ancestors_in_function(node):
            if isinstance(ancestor, (cst.For, cst.While)) and self.contains(ancestor.body, node):
                return ancestor
        return None

    def _exit_kind(self, statement: cst.CSTNode) -> Optional[str]:
        """'function' when the statement always leaves its function (return, raise,
        sys.exit()), 'loop' when it always leaves the loop iteration, else None."""
        if isinstance(statement, (cst.SimpleStatementLine, cst.SimpleStatementSuite,
                                  cst.BaseSmallStatement)):
            smalls = statement.body if not isinstance(statement, cst.BaseSmallStatement) \
                else (statement,)
            for small in smalls:
                if isinstance(small, (cst.Return, cst.Raise)):
                    return "function"
                if isinstance(small, (cst.Break, cst.Continue)):
                    return "loop"
                if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) \
                        and self.dotted_call(small.value) in _EXITS:
                    return "function"
            return None
        if isinstance(statement, cst.If):
            kinds = [self._block_exit(statement.body)]
            orelse = statement.orelse
            while isinstance(orelse, cst.If):
                kinds.append(self._block_exit(orelse.body))
                orelse = orelse.orelse
            kinds.append(self._block_exit(orelse.body) if orelse is not None else None)
            if all(k == "function" for k in kinds):
                return "function"
            if all(k is not None for k in kinds):
                return "loop"
            return None
        if isinstance(statement, cst.With):
            return self._block_exit(statement.body)
        if isinstance(statement, cst.Try) and statement.finalbody is not None:
            return self._block_exit(statement.finalbody.body)
        return None

    def _block_exit(self, block: cst.BaseSuite) -> Optional[str]:
        for statement in _statements(block) or ():
            kind = self._exit_kind(statement)
            if kind is not None:
                return kind
        return None

    def with_calls(self, node: cst.CSTNode) -> list[tuple[cst.With, cst.Call]]:
        """`with` items that are calls around `node` within its function, outermost first."""
        found = []
        for ancestor in self.ancestors_in_function(node):
            if isinstance(ancestor, cst.With) and self.contains(ancestor.body, node):
                for item in reversed(ancestor.items):
                    if isinstance(item.item, cst.Call):
                        found.append((ancestor, item.item))
        return list(reversed(found))

    def scope_path(self, node: cst.CSTNode, function: Optional[FunctionLike]) -> Optional[tuple]:
        """The `variable_scope` names around `node` inside `function`, outermost first.

        Components are strings (literal, or known in the file), `ParamRef` (a parameter of
        `function`), `Opaque`, or `GraphContext` (a `Graph().as_default()` block: variables in
        different graphs never clash). None when a scope sets `reuse` or uniquifies its name:
        then the same names may legitimately be created again.
        """
        params = _parameter_names(function) if isinstance(function, cst.FunctionDef) else set()
        path = []
        for with_node, call in self.with_calls(node):
            api = self.call_api(call)
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "as_default" \
                    or api == "Graph":
                path.append(GraphContext(id(with_node)))
                continue
            if api not in ("variable_scope", "variable_op_scope"):
                continue
            reuse = argument(call, "reuse")
            if reuse is not None and not _is_false(reuse.value):
                return None
            if argument(call, "custom_getter") is not None:
                return None
            scope = argument(call, "name_or_scope", 0)
            if scope is None or isinstance(scope.value, cst.Name) and scope.value.value == "None":
                return None  # default_name: uniquified
            if isinstance(scope.value, cst.Name) and scope.value.value in params \
                    and argument(call, "default_name", 1) is None:
                path.append(ParamRef(scope.value.value))
                continue
            value = self.const(scope.value)
            if value is not None:
                path.extend(p for p in value.split("/") if p)
            else:
                path.append(Opaque(id(with_node)))
        return tuple(path)

    # -- positions ------------------------------------------------------------------------
    def position(self, node: cst.CSTNode) -> tuple[int, int]:
        """(line, 1-based column) of `node`'s start ((0, 0) when not `placed`)."""
        if not self.placed:
            return 0, 0
        if self._positions is None:
            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = wrapper.resolve(PositionProvider)
        start = self._positions[node].start
        return start.line, start.column + 1

    def code_of(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)


def walk(node: cst.CSTNode, into_defs: bool = False) -> Iterator[cst.CSTNode]:
    """`node` and its descendants (not inside nested functions/lambdas unless asked)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current is not node and not into_defs \
                and isinstance(current, (cst.Lambda, cst.FunctionDef)):
            continue
        stack.extend(reversed(list(children(current))))


def names_in(expr: cst.CSTNode) -> Iterator[cst.Name]:
    """Every Name node under `expr` that is not an attribute name or a keyword."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Name):
            yield node
            continue
        if isinstance(node, cst.Attribute):
            stack.append(node.value)
            continue
        if isinstance(node, cst.Arg):
            stack.append(node.value)
            continue
        if isinstance(node, (cst.Lambda, cst.FunctionDef)):
            continue
        stack.extend(children(node))


def calls_in(expr: cst.CSTNode) -> Iterator[cst.Call]:
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call):
            yield node
        if isinstance(node, (cst.Lambda, cst.FunctionDef)):
            continue
        stack.extend(children(node))


def method_name(call: cst.Call) -> Optional[str]:
    """`minimize` for `opt.minimize(...)`, else None."""
    return call.func.attr.value if isinstance(call.func, cst.Attribute) else None


def receiver(call: cst.Call) -> Optional[cst.BaseExpression]:
    return call.func.value if isinstance(call.func, cst.Attribute) else None


def positional(call: cst.Call) -> list[cst.Arg]:
    return [a for a in call.args if a.keyword is None and not a.star]


def _parameter_names(function: cst.FunctionDef) -> set[str]:
    params = function.params
    every = list(params.posonly_params) + list(params.params) + list(params.kwonly_params)
    return {p.name.value for p in every}


def parameter_names(function: cst.FunctionDef) -> list[str]:
    params = function.params
    return [p.name.value for p in list(params.posonly_params) + list(params.params)]


def _is_static(function: cst.FunctionDef) -> bool:
    return any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod"
               for d in function.decorators)


def _is_false(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Name) and expr.value in ("False", "None")


def _number(value: str):
    try:
        return int(value)
    except ValueError:
        return value


def _single_target(statement) -> bool:
    if isinstance(statement, cst.AnnAssign):
        return isinstance(statement.target, cst.Name)
    return len(statement.targets) == 1 and isinstance(statement.targets[0].target, cst.Name)


def _statements(node: cst.CSTNode) -> Optional[list]:
    """The statement sequence a block node holds, else None."""
    if isinstance(node, (cst.Module, cst.IndentedBlock)):
        return list(node.body)
    if isinstance(node, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
        return list(node.body)
    return None


class _Indexer:
    """One iterative pre-order walk: order, ends, parents, owners, scopes and bindings."""

    def __init__(self, module: cst.Module) -> None:
        #: id(node) -> (pre-order number, parent, enclosing function or None, name scope)
        self.info: dict[int, tuple] = {}
        #: id(node) -> the pre-order number of the last node of its subtree
        self.end: dict[int, int] = {}
        self.scope_parent: dict[cst.CSTNode, Optional[cst.CSTNode]] = {module: None}
        self.bindings: dict[cst.CSTNode, dict[str, list[Binding]]] = {module: {}}
        self.globals: dict[cst.CSTNode, set[str]] = {}
        self.calls: list[cst.Call] = []
        self.functions: list[cst.FunctionDef] = []
        self.classes: list[cst.ClassDef] = []
        self.assigns: list[cst.Assign] = []
        self.withs: list[cst.With] = []
        self.attributes: list[cst.Attribute] = []
        self.names: list[cst.Name] = []
        self._walk(module)

    def _bind(self, scope, name: str, binding: Binding) -> None:
        self.bindings.setdefault(scope, {}).setdefault(name, []).append(binding)

    def _targets(self, scope, target, statement, value, kind="assign") -> None:
        if isinstance(target, cst.Name):
            self._bind(scope, target.value, Binding(kind, statement, value, target))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._targets(scope, element.value, statement, value, kind)
        elif isinstance(target, cst.StarredElement):
            self._targets(scope, target.value, statement, value, kind)

    def _walk(self, module: cst.Module) -> None:
        """Pre-order, iteratively. Per node one entry of `info` (its order, parent, owner
        and scope) and one of `end`, keyed by `id`: libcst hashes nodes in Python, and five
        dicts keyed by nodes cost more than the rest of the walk. A leaf (most nodes are
        names) is closed at once instead of through the stack."""
        counter = 0
        info, end = self.info, self.end
        handlers, orders = _HANDLERS, _FIELD_ORDERS
        names = self.names
        name_cls, function_cls = cst.Name, cst.FunctionDef
        # (node, parent, owner, scope) entries; a 1-tuple closes the node's subtree
        stack: list = [(module, None, None, module)]
        pop, push = stack.pop, stack.append
        while stack:
            entry = pop()
            node = entry[0]
            if len(entry) == 1:
                end[id(node)] = counter - 1
                continue
            _, parent, owner, scope = entry
            key = id(node)
            info[key] = (counter, parent, owner, scope)
            counter += 1
            cls = type(node)
            if cls is name_cls:
                names.append(node)
                end[key] = counter - 1
                continue
            inner_owner, inner_scope, outer = owner, scope, None
            handler = handlers.get(cls)
            if handler is not None:
                result = handler(self, node, scope, module)
                if result is not None:
                    inner_owner = result[0] if result[0] is not None else owner
                    inner_scope, outer = result[1], result[2]
                    if inner_scope is not scope:
                        self.scope_parent[inner_scope] = scope
                        self.bindings.setdefault(inner_scope, {})
            fields = orders.get(cls)
            if fields is None:
                fields = _field_order(cls)
            kids = []
            for name in fields:
                value = getattr(node, name)
                kind = type(value)
                if kind is tuple or kind is list:
                    kids.extend(value)
                elif value is not None and value is not _DEFAULT and kind is not str:
                    kids.append(value)
            if not kids:
                end[key] = counter - 1
                continue
            push((node,))
            if outer is None:
                for child in reversed(kids):
                    push((child, node, inner_owner, inner_scope))
            else:
                outer_owner = inner_owner if cls is function_cls else owner
                for child in reversed(kids):
                    if id(child) in outer:
                        push((child, node, outer_owner, scope))
                    else:
                        push((child, node, inner_owner, inner_scope))

    # -- per node class: record, and say (owner, scope, ids of children in the outer scope)
    def _function(self, node, scope, module):
        self.functions.append(node)
        self._bind(scope, node.name.value, Binding("def", node, None, node))
        outer = {id(node.name), *(id(d) for d in node.decorators)}
        if node.returns is not None:
            outer.add(id(node.returns))
        return node, node, outer

    def _class(self, node, scope, module):
        self.classes.append(node)
        self._bind(scope, node.name.value, Binding("class", node, None, node))
        outer = {id(node.name), *(id(d) for d in node.decorators),
                 *(id(b) for b in node.bases), *(id(k) for k in node.keywords)}
        return None, node, outer

    def _lambda(self, node, scope, module):
        return node, node, None

    def _comprehension(self, node, scope, module):
        for_in = node.for_in
        while for_in is not None:
            self._targets(node, for_in.target, node, None, "for")
            for_in = for_in.inner_for_in
        return None, node, None

    def _call(self, node, scope, module):
        self.calls.append(node)

    def _assign(self, node, scope, module):
        self.assigns.append(node)
        for target in node.targets:
            self._targets(scope, target.target, node, node.value)

    def _ann_assign(self, node, scope, module):
        self._targets(scope, node.target, node, node.value)

    def _aug_assign(self, node, scope, module):
        self._targets(scope, node.target, node, None, "aug")

    def _named_expr(self, node, scope, module):
        self._targets(scope, node.target, node, node.value)

    def _with(self, node, scope, module):
        self.withs.append(node)
        for item in node.items:
            if item.asname is not None:
                self._targets(scope, item.asname.name, item, item.item, "with")

    def _for(self, node, scope, module):
        self._targets(scope, node.target, node, None, "for")

    def _except(self, node, scope, module):
        if node.name is not None:
            self._targets(scope, node.name.name, node, None, "except")

    def _param(self, node, scope, module):
        self._bind(scope, node.name.value, Binding("param", node, None, node.name))

    def _global(self, node, scope, module):
        self.globals.setdefault(scope, set()).update(i.name.value for i in node.names)
        for item in node.names:
            self._bind(module, item.name.value, Binding("global", node, None, item.name))

    def _import(self, node, scope, module):
        for alias in node.names:
            dotted = dotted_path(alias.name)
            if alias.asname is not None:
                self._bind(scope, alias.evaluated_alias, Binding("import", node, dotted, alias))
            else:
                top = dotted.split(".")[0]
                self._bind(scope, top, Binding("import", node, top, alias))

    def _import_from(self, node, scope, module):
        if not isinstance(node.names, cst.ImportStar) and not node.relative:
            base = dotted_path(node.module) if node.module else ""
            for alias in node.names:
                name = dotted_path(alias.name)
                self._bind(scope, alias.evaluated_alias or name,
                           Binding("import", node, f"{base}.{name}", alias))

    def _attribute(self, node, scope, module):
        self.attributes.append(node)



_HANDLERS = {
    cst.FunctionDef: _Indexer._function, cst.ClassDef: _Indexer._class,
    cst.Lambda: _Indexer._lambda, cst.ListComp: _Indexer._comprehension,
    cst.SetComp: _Indexer._comprehension, cst.DictComp: _Indexer._comprehension,
    cst.GeneratorExp: _Indexer._comprehension, cst.Call: _Indexer._call,
    cst.Assign: _Indexer._assign, cst.AnnAssign: _Indexer._ann_assign,
    cst.AugAssign: _Indexer._aug_assign, cst.NamedExpr: _Indexer._named_expr,
    cst.With: _Indexer._with, cst.For: _Indexer._for, cst.ExceptHandler: _Indexer._except,
    cst.Param: _Indexer._param, cst.Global: _Indexer._global, cst.Import: _Indexer._import,
    cst.ImportFrom: _Indexer._import_from, cst.Attribute: _Indexer._attribute,
}  # Name: recorded by the walk itself
_FIELD_ORDERS: dict[type, tuple] = {}
_DEFAULT = MaybeSentinel.DEFAULT


def _field_order(cls: type) -> tuple:
    """The fields of `cls` in libcst's visiting order, less those that can hold only
    whitespace or punctuation (`fastvisit.semantic_order`): no checker asks about those
    nodes, and they are two thirds of a module's."""
    order = _FIELD_ORDERS.get(cls)
    if order is None:
        order = _FIELD_ORDERS[cls] = fastvisit.semantic_order(cls)
    return order
