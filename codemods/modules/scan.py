"""What a converted function's body uses, found before anything is rewritten.

`BodyScans._scan` records the candidate's `NAME = tf.get_variable(...)` statements at the top
of its scope block (attributes, made on the first call) and runs `_BodyScanner` over the body.
The scanner records the calls of converted functions (child modules), nested
`variable_scope`s and the `get_variable`s in them or in loops, layers and RNN cells (see
layers, rnn_cells), and refuses what a tf.Module cannot hold: other variable APIs
(`tf.Variable`, collections, `make_template`), imported helpers that may make variables,
`global`, generators, recursion, the scope or reuse parameter used for anything else:

    with tf.variable_scope(scope):
        w = tf.get_variable("w", [4, 4])         # an attribute: self.w
        with tf.variable_scope("inner"):         # nested: with self.scope("inner"):
            v = tf.get_variable("v", [n])        #   keyed: self.variable("v", lambda: ...)
        h = block(h, "blk")                      # a child: self.child(Block, "blk")(h)
        x = tf.Variable(...)                     # refused: no conversion inside a tf.Module
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

from codemods import matching, stateless_layers
from codemods.modules.call_sites import scope_argument
from codemods.modules.candidate import _RESERVED, _Candidate, _identifier, _is_none
from codemods.modules.default_name import Numbering
from codemods.modules.layers import LAYERS, LayerScans
from codemods.modules.rnn_cells import CELLS, RNN_FUNCTIONS, STATE_TUPLES, WRAPPERS, CellScans
from codemods.variables import Refusal, convert_get_variable

if TYPE_CHECKING:
    from codemods.modules.codemod import Modules

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


class BodyScans:
    """The `Modules` method that scans a candidate's body."""

    def _scan(self, c: _Candidate) -> None:
        """Variables, children and everything that makes the body unconvertible."""
        for statement in c.block if c.owner is None else ():
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 \
                    and isinstance(statement.body[0], cst.Assign):
                self._scan_assignment(c, statement, statement.body[0])
        scanner = _BodyScanner(self, c)
        c.function.body.visit(scanner)
        _scan_signature(c, scanner)
        if scanner.problem:
            c.refuse(*scanner.problem)
            raise Refusal(c.refused)
        if c.reuse_stmts:
            _check_after_reuse(c)

    def _scan_assignment(self, c: _Candidate, statement: cst.SimpleStatementLine,
                         assign: cst.Assign) -> None:
        """`NAME = tf.get_variable(...)` at the top of the scope block: a variable attribute
        of the module (`self.NAME`), made on the first call."""
        value = assign.value
        if isinstance(value, cst.Call) and self.tf_name(value.func) == "get_variable":
            if len(assign.targets) != 1 or not isinstance(assign.targets[0].target, cst.Name):
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


def _scan_signature(c: _Candidate, scanner: _BodyScanner) -> None:
    """The defaults and annotations of the parameters the converted signature keeps."""
    params = c.function.params
    for param in [*params.posonly_params, *params.params, *params.kwonly_params]:
        if param.name.value in (c.scope_param, c.reuse_param):
            continue  # dropped from the converted signature
        for part in (param.default, param.annotation):
            if part is not None:
                part.visit(scanner)


def _check_after_reuse(c: _Candidate) -> None:
    """After `scope.reuse_variables()` only calls of converted functions may follow (they
    are the same instances again): a variable or layer made there would be a new one."""
    block = c.block
    first = min(block.index(s) for s in c.reuse_stmts)
    for statement in block[first + 1:]:
        if statement in c.variables or any(
                call in c.keyed or call in c.layers for call in matching.calls_in(statement)):
            c.refuse("it makes variables itself after scope.reuse_variables(); only "
                     "calls of converted functions can be reused (the same instance)",
                     statement)
            raise Refusal(c.refused)


class _BodyScanner(LayerScans, CellScans, Numbering, cst.CSTVisitor):
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
                return self._child_call(node, local)
        return True

    def _child_call(self, node: cst.Call, local: str) -> bool:
        """A call of the candidate `local`: a child module, named by the scope the call
        passes, its default or TF1's number for it."""
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

    def visit_Assign(self, node: cst.Assign) -> None:
        """`cell = tf.nn.rnn_cell.LSTMCell(n)`: `cell` may be run by dynamic_rnn."""
        path = self.codemod.tf_name(node.value.func) if isinstance(node.value, cst.Call) \
            else None
        if (path in CELLS or path in WRAPPERS) \
                and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            self.cell_names.add(node.targets[0].target.value)

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
