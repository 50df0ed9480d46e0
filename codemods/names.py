"""Qualified names for the codemods: what a `Name` or attribute chain refers to, cheaply.

libcst's `QualifiedNameProvider` sits on its `ScopeProvider`, which records every access and
assignment of every name: most of a migration's time went there. The codemods ask much less:
which import a reference goes back to (`tf.nn.relu` -> `tensorflow.nn.relu` through any
alias), and whether a bare name is a module-level function or class. This provider answers
those questions with the same `QualifiedName` values, from one pre-pass per scope that collects
the names the scope binds and one pass that resolves references along Python's scope rules
(function scopes see enclosing functions and the module, not class bodies; comprehensions and
lambdas are scopes of their own).
"""
from __future__ import annotations

from typing import Collection, Optional

import libcst as cst
from libcst.metadata import QualifiedName, QualifiedNameSource, VisitorMetadataProvider

_SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp,
           cst.GeneratorExp)


class _Scope:
    def __init__(self, node: cst.CSTNode, parent: Optional["_Scope"], prefix: str):
        self.node, self.parent, self.prefix = node, parent, prefix
        self.is_class = isinstance(node, cst.ClassDef)
        #: name -> qualified names it is bound to in this scope
        self.bindings: dict[str, set[QualifiedName]] = {}

    def bind(self, name: str, qualified: QualifiedName) -> None:
        self.bindings.setdefault(name, set()).add(qualified)

    def local(self, name: str) -> None:
        self.bind(name, QualifiedName(self.prefix + name, QualifiedNameSource.LOCAL))

    def lookup(self, name: str) -> set[QualifiedName]:
        scope: Optional[_Scope] = self
        first = True
        while scope is not None:
            if (first or not scope.is_class) and name in scope.bindings:
                return scope.bindings[name]
            first = False
            scope = scope.parent
        return set()


class _Bindings(cst.CSTVisitor):
    """The names one scope binds, not entering nested scopes (their own pass does)."""

    def __init__(self, scope: _Scope):
        super().__init__()
        self.scope = scope

    def _nested(self, node: cst.CSTNode) -> bool:
        return node is not self.scope.node

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        if self._nested(node):
            self.scope.local(node.name.value)
            for decorator in node.decorators:
                decorator.visit(self)
            return False
        node.params.visit(self)
        node.body.visit(self)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        if self._nested(node):
            self.scope.local(node.name.value)
            return False
        node.body.visit(self)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        if self._nested(node):
            return False
        node.params.visit(self)
        return False

    def _comprehension(self, node) -> bool:
        if self._nested(node):
            # the outermost iterable is evaluated in the enclosing scope
            node.for_in.iter.visit(self)
            return False
        for_in = node.for_in
        while for_in is not None:
            self._targets(for_in.target)
            for_in = for_in.inner_for_in
        return False

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_Param(self, node: cst.Param) -> bool:
        self.scope.local(node.name.value)
        return False

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            dotted = _dotted(alias.name)
            if alias.asname is not None:
                self.scope.bind(alias.evaluated_alias, QualifiedName(
                    dotted, QualifiedNameSource.IMPORT))
            else:
                top = dotted.split(".")[0]
                self.scope.bind(top, QualifiedName(top, QualifiedNameSource.IMPORT))
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if isinstance(node.names, cst.ImportStar):
            return False
        module = "." * len(node.relative) + (_dotted(node.module) if node.module else "")
        for alias in node.names:
            name = _dotted(alias.name)
            self.scope.bind(alias.evaluated_alias or name, QualifiedName(
                f"{module}.{name}" if module and not module.endswith(".") else module + name,
                QualifiedNameSource.IMPORT))
        return False

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        self._targets(node.target)
        return False

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._targets(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._targets(node.target)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._targets(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._targets(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._targets(node.asname.name)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._targets(node.name.name)

    def visit_Global(self, node: cst.Global) -> bool:
        return False

    def visit_Nonlocal(self, node: cst.Nonlocal) -> bool:
        return False

    def _targets(self, target: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            self.scope.local(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._targets(element.value)
        elif isinstance(target, cst.StarredElement):
            self._targets(target.value)


class TFQualifiedNameProvider(VisitorMetadataProvider[Collection[QualifiedName]]):
    """`QualifiedNameProvider`'s answers for references (`Name`, attribute chains): the
    import path they go back to, or the local name they are bound to."""

    def __init__(self) -> None:
        super().__init__()
        self._scope: Optional[_Scope] = None

    def _enter(self, node: cst.CSTNode, prefix: str) -> None:
        scope = _Scope(node, self._scope, prefix)
        node.visit(_Bindings(scope)) if not isinstance(node, cst.Module) else \
            _visit_module_bindings(node, scope)
        self._scope = scope

    def _leave(self, node: cst.CSTNode) -> None:
        if self._scope is not None and self._scope.node is node:
            self._scope = self._scope.parent

    def visit_Module(self, node: cst.Module) -> None:
        self._enter(node, "")

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        # the name, decorators and defaults belong to the enclosing scope
        self._name(node.name)
        for decorator in node.decorators:
            decorator.visit(self)
        for param in (*node.params.params, *node.params.kwonly_params,
                      *node.params.posonly_params):
            if param.default is not None:
                param.default.visit(self)
        self._enter(node, f"{self._prefix(node.name.value)}.<locals>.")
        node.params.visit(self)
        node.body.visit(self)
        self._leave(node)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self._name(node.name)
        for part in (*node.decorators, *node.bases, *node.keywords):
            part.visit(self)
        self._enter(node, f"{self._prefix(node.name.value)}.")
        node.body.visit(self)
        self._leave(node)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        self._enter(node, self._prefix("<locals>."))
        node.params.visit(self)
        node.body.visit(self)
        self._leave(node)
        return False

    def _comprehension(self, node) -> bool:
        node.for_in.iter.visit(self)  # evaluated in the enclosing scope
        self._enter(node, "<comprehension>.")
        for_in = node.for_in
        for_in.target.visit(self)
        for condition in for_in.ifs:
            condition.visit(self)
        inner = for_in.inner_for_in
        while inner is not None:
            inner.visit(self)
            inner = None
        if isinstance(node, cst.DictComp):
            node.key.visit(self)
            node.value.visit(self)
        else:
            node.elt.visit(self)
        self._leave(node)
        return False

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def _prefix(self, name: str) -> str:
        return (self._scope.prefix if self._scope else "") + name

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        base = self.get_metadata(TFQualifiedNameProvider, node.value, None) \
            if isinstance(node.value, (cst.Name, cst.Attribute)) else None
        if base:
            self.set_metadata(node, {QualifiedName(f"{q.name}.{node.attr.value}", q.source)
                                     for q in base})
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self._name(node)

    def _name(self, node: cst.Name) -> None:
        if self._scope is None:
            return
        found = self._scope.lookup(node.value)
        if found:
            self.set_metadata(node, found)

    # names that are not references
    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_ImportAlias(self, node: cst.ImportAlias) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Param(self, node: cst.Param) -> bool:
        self._name(node.name)
        if node.annotation is not None:
            node.annotation.visit(self)
        return False


def _visit_module_bindings(module: cst.Module, scope: _Scope) -> None:
    collector = _Bindings(scope)
    for statement in module.body:
        statement.visit(collector)


def _dotted(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    return ""
