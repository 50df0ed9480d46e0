"""The one shared analysis every hazard checker reads: a parsed module plus its libcst metadata.

Checkers never walk the tree themselves for names or scopes. They ask this module: which TF API
a node names (through `codemods.matching.tf_api_path`, so every import form works), which
assignments bind a name in its scope, what encloses a node (function, `with` blocks, branches),
and in which order nodes come. Positions are resolved only when a file has a diagnostic.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional, Union

import libcst as cst
from libcst._metadata_dependent import LazyValue
from libcst.metadata import (Assignment, MetadataWrapper, ParentNodeProvider, PositionProvider,
                             QualifiedNameProvider, ScopeProvider)

from codemods.matching import argument, tf_api_path

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
INITIALIZER_APIS = frozenset({
    "global_variables_initializer", "initialize_all_variables", "variables_initializer",
    "initialize_variables", "local_variables_initializer", "initialize_local_variables",
    "tables_initializer",
})
#: Optimizers without slot variables: `minimize` on them creates no variable a Saver misses.
SLOTLESS_OPTIMIZERS = frozenset({"train.GradientDescentOptimizer"})


def is_variable_creator(api: Optional[str]) -> bool:
    """True for TF1 API paths whose call creates variables (get_variable, layers, RNNs)."""
    if not api:
        return False
    if api in ("Variable", "get_variable", "get_local_variable") or api in _RNN_BUILDERS:
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


class Analysis:
    """One module with its metadata and a few indexes built in a single traversal."""

    def __init__(self, code: str):
        self.wrapper = MetadataWrapper(cst.parse_module(code), unsafe_skip_copy=True)
        self.module = self.wrapper.module
        metadata = self.wrapper.resolve_many(
            [QualifiedNameProvider, ScopeProvider, ParentNodeProvider])
        self._qnames = metadata[QualifiedNameProvider]
        self._scopes = metadata[ScopeProvider]
        self._parents = metadata[ParentNodeProvider]
        self._positions = None
        self._api_cache: dict[cst.CSTNode, Optional[str]] = {}
        self._variable_functions: Optional[set[cst.FunctionDef]] = None
        self._tf_functions: Optional[set[cst.FunctionDef]] = None
        index = _Indexer()
        self.module.visit(index)
        self.order = index.order
        self.owner = index.owner
        self._calls_by_owner: dict = {}
        for call in index.calls:
            self._calls_by_owner.setdefault(index.owner[call], []).append(call)
        self.end = index.end
        self.calls: list[cst.Call] = index.calls
        self.functions: list[cst.FunctionDef] = index.functions
        self.assigns: list[cst.Assign] = index.assigns
        self.withs: list[cst.With] = index.withs
        self.attribute_loads: list[cst.Attribute] = index.attributes

    # -- names ----------------------------------------------------------------------------
    def api(self, node: cst.CSTNode) -> Optional[str]:
        """The TF1 API path `node` names (`train.Saver`), whatever the import form."""
        if node not in self._api_cache:
            value = self._qnames.get(node, set())
            if isinstance(value, LazyValue):
                value = value()
            self._api_cache[node] = tf_api_path(value)
        return self._api_cache[node]

    def call_api(self, call: cst.Call) -> Optional[str]:
        return self.api(call.func)

    def assigned_values(self, name: cst.Name) -> list[tuple[cst.CSTNode, cst.BaseExpression]]:
        """(statement, value) for each plain assignment that binds `name` in its scope."""
        scope = self._scopes.get(name)
        if scope is None:
            return []
        found = []
        for assignment in scope[name.value]:
            if not isinstance(assignment, Assignment):
                continue
            statement = self.parent(assignment.node)
            while statement is not None and not isinstance(
                    statement, (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.WithItem,
                                cst.For, cst.FunctionDef, cst.ClassDef, cst.Module,
                                cst.Param, cst.Import, cst.ImportFrom, cst.NamedExpr)):
                statement = self.parent(statement)
            if isinstance(statement, (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.NamedExpr)) \
                    and statement.value is not None:
                found.append((statement, statement.value))
            elif isinstance(statement, cst.WithItem):
                found.append((statement, statement.item))
        return found

    def function_of_call(self, call: cst.Call) -> Optional[cst.FunctionDef]:
        """The function defined in this file that `call` calls by name, if any."""
        return self._function_named(call.func) if isinstance(call.func, cst.Name) else None

    def is_global_name(self, name: cst.Name) -> bool:
        scope = self._scopes.get(name)
        return scope is not None and scope is scope.globals

    def declared_global(self, function: cst.FunctionDef) -> set[str]:
        """Names a `global` statement in `function` (not in nested defs) declares."""
        names = set()
        for node in _walk_no_defs(function.body):
            if isinstance(node, cst.Global):
                names.update(item.name.value for item in node.names)
        return names

    # -- variables ------------------------------------------------------------------------
    def creates_variables(self, call: cst.Call) -> bool:
        """`call` creates variables: a TF creator, or a local function that (transitively) does."""
        if is_variable_creator(self.call_api(call)):
            return True
        function = self.function_of_call(call)
        if function is not None:
            return function in self.variable_functions()
        cls = self.class_of_call(call)
        return cls is not None and any(self.enclosing_class(f) is cls
                                       for f in self.variable_functions())

    def class_of_call(self, call: cst.Call) -> Optional[cst.ClassDef]:
        """The class defined in this file that `call` instantiates by name, if any."""
        if not isinstance(call.func, cst.Name):
            return None
        scope = self._scopes.get(call.func)
        if scope is None:
            return None
        targets = [a.node for a in scope[call.func.value] if isinstance(a, Assignment)]
        return targets[0] if len(targets) == 1 and isinstance(targets[0], cst.ClassDef) else None

    def self_attribute_values(self, attribute: cst.Attribute) -> list[cst.BaseExpression]:
        """For `self.x` in a method: the values assigned to `self.x` in the class's methods."""
        if not isinstance(attribute.value, cst.Name):
            return []
        method = self.enclosing_function(attribute)
        if not isinstance(method, cst.FunctionDef):
            return []
        cls = self.enclosing_class(method)
        params = parameter_names(method)
        if cls is None or not params or params[0] != attribute.value.value:
            return []
        values = []
        for assign in self.assigns:
            owner = self.enclosing_function(assign)
            if not isinstance(owner, cst.FunctionDef) or self.enclosing_class(owner) is not cls:
                continue
            owner_params = parameter_names(owner)
            for target in assign.targets:
                stored = target.target
                if isinstance(stored, cst.Attribute) and stored.attr.value == attribute.attr.value \
                        and isinstance(stored.value, cst.Name) and owner_params \
                        and stored.value.value == owner_params[0]:
                    values.append(assign.value)
        return values

    def variable_functions(self) -> set[cst.FunctionDef]:
        """Functions of this file whose body creates variables, directly or through others."""
        if self._variable_functions is None:
            direct = {f: self.calls_of(f) for f in self.functions}
            found = {f for f, calls in direct.items()
                     if any(is_variable_creator(self.call_api(c)) for c in calls)}
            changed = True
            while changed:
                changed = False
                for function, calls in direct.items():
                    if function not in found and any(
                            self.function_of_call(c) in found for c in calls):
                        found.add(function)
                        changed = True
            self._variable_functions = found
        return self._variable_functions

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
                if self.call_api(call) in ("function", "compat.v2.function") and call.args \
                        and isinstance(call.args[0].value, cst.Name):
                    target = self._function_named(call.args[0].value)
                    if target is not None:
                        found.add(target)
            self._tf_functions = found
        return self._tf_functions

    def _function_named(self, name: cst.Name) -> Optional[cst.FunctionDef]:
        scope = self._scopes.get(name)
        if scope is None:
            return None
        targets = [a.node for a in scope[name.value] if isinstance(a, Assignment)]
        functions = [t for t in targets if isinstance(t, cst.FunctionDef)]
        return functions[0] if len(functions) == 1 and len(targets) == 1 else None

    # -- structure ------------------------------------------------------------------------
    def parent(self, node: cst.CSTNode) -> Optional[cst.CSTNode]:
        return self._parents.get(node)

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

    def enclosing_function(self, node: cst.CSTNode) -> Optional[cst.FunctionDef]:
        """The innermost function (or lambda) around `node`; None at module level."""
        return self.owner[node]

    def calls_of(self, function: Optional[FunctionLike]) -> list[cst.Call]:
        """The calls `function`'s own body makes (None: the module body), in source order."""
        return self._calls_by_owner.get(function, [])

    def enclosing_class(self, function: cst.FunctionDef) -> Optional[cst.ClassDef]:
        parent = self.parent(function)
        while isinstance(parent, (cst.IndentedBlock, cst.SimpleStatementSuite)):
            parent = self.parent(parent)
        return parent if isinstance(parent, cst.ClassDef) else None

    def contains(self, outer: cst.CSTNode, inner: cst.CSTNode) -> bool:
        return self.order[outer] <= self.order[inner] <= self.end[outer]

    def before(self, a: cst.CSTNode, b: cst.CSTNode) -> bool:
        """`a` starts before `b` in the source (pre-order)."""
        return self.order[a] < self.order[b]

    def exclusive(self, a: cst.CSTNode, b: cst.CSTNode) -> bool:
        """True when `a` and `b` sit in different branches of one if/else or try/except, so
        one run of the code cannot reach both."""
        branches_a = self._branches(a)
        for ancestor, branch in self._branches(b).items():
            if ancestor in branches_a and branches_a[ancestor] != branch:
                return True
        return False

    def leaves_before(self, first: cst.CSTNode, second: cst.CSTNode) -> bool:
        """True when a branch or loop around `first` (but not around `second`) ends with
        `return`/`raise`/`break`/`continue`: `second` is then not reached after `first`."""
        for ancestor in self.ancestors_in_function(first):
            if self.contains(ancestor, second):
                return False
            if isinstance(ancestor, (cst.IndentedBlock, cst.SimpleStatementSuite)) \
                    and isinstance(self.parent(ancestor), (cst.If, cst.Else, cst.For, cst.While,
                                                           cst.Try, cst.ExceptHandler, cst.With)):
                if _exits(ancestor):
                    return True
        return False

    def _branches(self, node: cst.CSTNode) -> dict:
        found, child = {}, node
        for ancestor in self.ancestors(node):
            if isinstance(ancestor, (cst.If, cst.Try, cst.IfExp, cst.Match)):
                found[ancestor] = id(child)
            child = ancestor
        return found

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

        Components are literal strings, `ParamRef` (a parameter of `function`) or `Opaque`.
        A graph context (`Graph().as_default()`) is an `Opaque` component too, since variables
        in different graphs never clash. None when a scope sets `reuse` or uniquifies its name:
        then the same names may legitimately be created again.
        """
        params = _parameter_names(function) if isinstance(function, cst.FunctionDef) else set()
        path = []
        for with_node, call in self.with_calls(node):
            api = self.call_api(call)
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "as_default" \
                    or api == "Graph":
                path.append(Opaque(id(with_node)))
                continue
            if api not in ("variable_scope", "variable_op_scope"):
                continue
            reuse = argument(call, "reuse")
            if reuse is not None and not _is_false(reuse.value):
                return None
            if argument(call, "custom_getter") is not None:
                return None
            scope = argument(call, "name_or_scope", 0)
            value = string_value(scope.value) if scope else None
            if value is not None:
                path.extend(value.split("/"))
            elif scope is None or isinstance(scope.value, cst.Name) and scope.value.value == "None":
                return None  # default_name: uniquified
            elif isinstance(scope.value, cst.Name) and scope.value.value in params \
                    and argument(call, "default_name", 1) is None:
                path.append(ParamRef(scope.value.value))
            else:
                path.append(Opaque(id(with_node)))
        return tuple(path)

    # -- positions ------------------------------------------------------------------------
    def position(self, node: cst.CSTNode) -> tuple[int, int]:
        """(line, 1-based column) of `node`'s start."""
        if self._positions is None:
            self._positions = self.wrapper.resolve(PositionProvider)
        start = self._positions[node].start
        return start.line, start.column + 1

    def code_of(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node)


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
        stack.extend(node.children)


def calls_in(expr: cst.CSTNode) -> Iterator[cst.Call]:
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Call):
            yield node
        if isinstance(node, (cst.Lambda, cst.FunctionDef)):
            continue
        stack.extend(node.children)


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


def _is_false(expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Name) and expr.value in ("False", "None")


def _exits(block: cst.BaseSuite) -> bool:
    """The block's last statement leaves it (`return`, `raise`, `break`, `continue`)."""
    body = block.body
    last = body[-1] if body else None
    if isinstance(last, cst.SimpleStatementLine):
        last = last.body[-1] if last.body else None
    return isinstance(last, (cst.Return, cst.Raise, cst.Break, cst.Continue))


def _walk_no_defs(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if not isinstance(current, (cst.FunctionDef, cst.Lambda, cst.ClassDef)) or current is node:
            stack.extend(current.children)


class _Indexer(cst.CSTVisitor):
    """One pre-order pass: node order, subtree ends and the node lists checkers scan."""

    def __init__(self) -> None:
        super().__init__()
        self.order: dict[cst.CSTNode, int] = {}
        self.end: dict[cst.CSTNode, int] = {}
        self.counter = 0
        self.calls: list[cst.Call] = []
        self.functions: list[cst.FunctionDef] = []
        self.assigns: list[cst.Assign] = []
        self.withs: list[cst.With] = []
        self.attributes: list[cst.Attribute] = []
        self.owner: dict[cst.CSTNode, Optional[FunctionLike]] = {}
        self.stack: list[Optional[FunctionLike]] = [None]

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.order[node] = self.counter
        self.owner[node] = self.stack[-1]
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            self.stack.append(node)
        self.counter += 1
        if isinstance(node, cst.Call):
            self.calls.append(node)
        elif isinstance(node, cst.FunctionDef):
            self.functions.append(node)
        elif isinstance(node, cst.Assign):
            self.assigns.append(node)
        elif isinstance(node, cst.With):
            self.withs.append(node)
        elif isinstance(node, cst.Attribute):
            self.attributes.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.end[original_node] = self.counter - 1
        if isinstance(original_node, (cst.FunctionDef, cst.Lambda)):
            self.stack.pop()
