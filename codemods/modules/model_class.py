"""A class whose `__init__` builds its graph inside a variable scope (BERT's `BertModel`).

    class BertModel(object):
        def __init__(self, config, input_ids, scope=None):
            with tf.variable_scope(scope, default_name="bert"):
                self.out = tf.layers.dense(input_ids, 10)
    ->
    class BertModel(ScopedModule):
        def __init__(self, config, input_ids, scope=None):
            super().__init__(name=scope or "bert")
            with self.name_scope:
                self.out = self.child(Dense, "dense", 10)(input_ids)

Its callers are unchanged. Its methods that make variables are converted with it when they run
only inside that scope (called as `self.m(...)` from the scope block or from one another:
`_variable_methods`, with `_SelfCalls`); its other members must make no variables
(`_ClassMemberCheck`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

from codemods import matching
from codemods.modules.candidate import _RESERVED, _Candidate
from codemods.modules.creators import _Creates
from codemods.modules.emit import BASE_CLASS, _is_docstring
from codemods.modules.rewrite import _BodyRewriter
from codemods.variables import Refusal

if TYPE_CHECKING:
    from codemods.modules.codemod import Modules


class ModelClasses:
    """The `Modules` methods for classes whose constructor opens the scope."""

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
