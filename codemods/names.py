"""Qualified names for the codemods: what a `Name` or attribute chain refers to, cheaply.

libcst's `QualifiedNameProvider` sits on its `ScopeProvider`, which records every access and
assignment of every name: most of a migration's time went there. The codemods ask much less:
which import a reference goes back to (`tf.nn.relu` -> `tensorflow.nn.relu` through any
alias), and whether a bare name is a module-level function or class. This provider answers
those questions with the same `QualifiedName` values, from one walk that collects the names each
scope binds and then resolves references along Python's scope rules (function scopes see
enclosing functions and the module, not class bodies; comprehensions and lambdas are scopes of
their own).
"""
from __future__ import annotations

from typing import Collection, Optional

import libcst as cst
from libcst.metadata import QualifiedName, QualifiedNameSource, VisitorMetadataProvider

_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


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


class TFQualifiedNameProvider(VisitorMetadataProvider[Collection[QualifiedName]]):
    """`QualifiedNameProvider`'s answers for references (`Name`, attribute chains): the
    import path they go back to, or the local name they are bound to.

    One walk: each scope collects the names bound in it as they come, and references are
    resolved at the end, when every scope knows all of its bindings (a function may use a
    module name bound below it).
    """

    def __init__(self) -> None:
        super().__init__()
        self._scope: Optional[_Scope] = None
        self._references: list = []  # (Name, scope) or (Attribute, None), in walk order

    def _enter(self, node: cst.CSTNode, prefix: str) -> None:
        self._scope = _Scope(node, self._scope, prefix)

    def _leave(self, node: cst.CSTNode) -> None:
        if self._scope is not None and self._scope.node is node:
            self._scope = self._scope.parent

    def visit_Module(self, node: cst.Module) -> None:
        self._enter(node, "")

    def leave_Module(self, original_node: cst.Module) -> None:
        for node, scope in self._references:
            if scope is not None:
                found = scope.lookup(node.value)
                if found:
                    self.set_metadata(node, found)
                continue
            base = self.get_metadata(TFQualifiedNameProvider, node.value, None)
            if base:
                attr = node.attr.value
                self.set_metadata(node, {QualifiedName(f"{q.name}.{attr}", q.source)
                                         for q in base})
        self._references = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        # the name, decorators and defaults belong to the enclosing scope
        self._bind(node.name.value)
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
        self._bind(node.name.value)
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
        while for_in is not None:
            self._targets(for_in.target)
            for_in = for_in.inner_for_in
        for_in = node.for_in
        for_in.target.visit(self)
        for condition in for_in.ifs:
            condition.visit(self)
        if for_in.inner_for_in is not None:
            for_in.inner_for_in.visit(self)
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

    # -- references --------------------------------------------------------------------------
    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        if isinstance(node.value, (cst.Name, cst.Attribute)):
            self._references.append((node, None))
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self._name(node)

    def _name(self, node: cst.Name) -> None:
        if self._scope is not None:
            self._references.append((node, self._scope))

    # names that are not references
    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_ImportAlias(self, node: cst.ImportAlias) -> bool:
        return False

    def visit_Param(self, node: cst.Param) -> bool:
        self._bind(node.name.value)
        self._name(node.name)
        if node.annotation is not None:
            node.annotation.visit(self)
        return False

    # -- bindings ----------------------------------------------------------------------------
    def _bind(self, name: str) -> None:
        if self._scope is not None:
            self._scope.local(name)

    def visit_Import(self, node: cst.Import) -> bool:
        if self._scope is None:
            return False
        for alias in node.names:
            dotted = dotted_path(alias.name)
            if alias.asname is not None:
                self._scope.bind(alias.evaluated_alias, QualifiedName(
                    dotted, QualifiedNameSource.IMPORT))
            else:
                top = dotted.split(".")[0]
                self._scope.bind(top, QualifiedName(top, QualifiedNameSource.IMPORT))
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        if self._scope is None or isinstance(node.names, cst.ImportStar):
            return False
        module = "." * len(node.relative) + (dotted_path(node.module) if node.module else "")
        for alias in node.names:
            name = dotted_path(alias.name)
            self._scope.bind(alias.evaluated_alias or name, QualifiedName(
                f"{module}.{name}" if module and not module.endswith(".") else module + name,
                QualifiedNameSource.IMPORT))
        return False

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._targets(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._targets(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._targets(node.target)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        if not isinstance(self._scope.node, _COMPREHENSIONS):  # its names are its targets
            self._targets(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._targets(node.target)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._targets(node.asname.name)

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        if node.name is not None:
            self._targets(node.name.name)

    def _targets(self, target: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            self._bind(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._targets(element.value)
        elif isinstance(target, cst.StarredElement):
            self._targets(target.value)


def dotted_path(node: cst.CSTNode) -> str:
    """`a.b.c` for a Name/Attribute chain; the attribute part alone (`.c`) on another base."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_path(node.value)}.{node.attr.value}"
    return ""
