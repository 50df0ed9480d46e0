"""The `modules` codemod: the order of the analysis, and the rewrite of the file.

`prepare` makes the candidates (functions that make variables, classes whose `__init__` opens
a scope) and scans them, then refuses until nothing changes: a candidate that calls one that is
not converted, or is called from one, is not converted either; each refusal is a warning.
`leave_Module` checks name collisions, then replaces each converted function or class,
emitting the helper classes before the first that needs them and the module instances before
their first call site:

    def model(x, scope):                   class Model(ScopedModule): ...
        with tf.variable_scope(scope):     ->
            ...                            model_module = Model(name="model")
    logits = model(x, "model")             logits = model_module(x)

The `Modules` class is made of the mixins of the other modules of the package.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods import matching
from codemods.base import TFCodemod
from codemods.modules.call_sites import CallSites, _SiteRewriter
from codemods.modules.candidate import _Candidate
from codemods.modules.creators import VariableCreators, _imported_user_names, _sibling_functions
from codemods.modules.default_name import DefaultNames
from codemods.modules.emit import BASE_CLASS, Emitting, _with_import
from codemods.modules.initializers import InitializerFactories, _MappedReturns, _MappedValues
from codemods.modules.layers import LAYERS
from codemods.modules.model_class import ModelClasses
from codemods.modules.rnn_cells import (_RNN_DRIVER, CELLS, RNN_FUNCTIONS, STATE_TUPLE, WRAPPER,
                                        RnnHelpers)
from codemods.modules.scan import BodyScans
from codemods.modules.scope import ScopeChecks
from codemods.variables import InitializerCheck, Refusal, run_once_functions
from migrate.engine import IMPORTERS_KEY, IMPORTS_KEY


class Modules(VariableCreators, ScopeChecks, BodyScans, ModelClasses, DefaultNames, CallSites,
              InitializerFactories, RnnHelpers, Emitting, TFCodemod):
    """variable_scope functions and classes -> tf.Module subclasses keeping TF1 names."""

    NAME = "modules"
    #: Importers in other files still call the function: the record says how to call it now.
    SAFE = False
    TRIGGERS = ("variable_scope", "dynamic_rnn", "static_rnn")
    COMPOSABLE = False

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
        self._find_candidates(tree, creators)
        for candidate in self._candidates.values():  # now that every candidate is known
            if not candidate.refused:
                self._scan_candidate(candidate)
        self._drop_run_once_functions(tree)
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
            changed = self._refuse_callers_of_refused(creators)
            changed = self._refuse_by_sites() or changed
            changed = self._refuse_callees_of_refused() or changed
        for candidate in self._candidates.values():
            if candidate.refused and not candidate.silent:
                self.warn(candidate.anchor or candidate.function.name,
                          f"function {candidate.name} not converted to a tf.Module: "
                          f"{candidate.refused}")

    def _find_candidates(self, tree: cst.Module, creators: set[str]) -> None:
        """A candidate for each function that makes variables and each class whose
        `__init__` opens a variable scope, in the file's order (functions first)."""
        for function in self._functions.values():
            candidate = self._candidate(function, creators)
            if candidate is not None:
                self._candidates[candidate.name] = candidate
        for statement in tree.body:
            if isinstance(statement, cst.ClassDef):
                candidate = self._class_candidate(statement)
                if candidate is not None:
                    self._candidates[candidate.name] = candidate

    def _scan_candidate(self, candidate: _Candidate) -> None:
        """Scans the body of `candidate` and of its methods; refuses it for what they use."""
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

    def _drop_run_once_functions(self, tree: cst.Module) -> None:
        """`main()` without a scope of its own stays a function (a module made of it would
        be called once, for nothing); the calls at the top of its body are sites."""
        for function in run_once_functions(self, tree):
            name = function.name.value
            candidate = self._candidates.get(name)
            if candidate is not None and candidate.owner is None and \
                    candidate.scope_item is None and not any(
                        name in c.children.values() for c in self._candidates.values()):
                del self._candidates[name]

    def _refuse_callers_of_refused(self, creators: set[str]) -> bool:
        """Refuses the candidates that call a refused candidate, or a local function that
        makes (or may make) variables and is no candidate. Did it refuse any?"""
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
        return changed

    def _refuse_by_sites(self) -> bool:
        """Refuses the candidates whose module-level uses give a reason. Did it refuse any?"""
        changed = False
        for name, sites in self._sites.items():
            candidate = self._candidates[name]
            if isinstance(sites, str) and not candidate.refused:
                candidate.refuse(sites)
                changed = True
        return changed

    def _refuse_callees_of_refused(self) -> bool:
        """Refuses the children of refused candidates: their callers stay functions. Did it
        refuse any?"""
        changed = False
        for candidate in self._candidates.values():  # callers that stay functions
            if candidate.refused:
                for callee in candidate.children.values():
                    if not self._candidates[callee].refused:
                        self._candidates[callee].refuse(
                            f"it is called from {candidate.name}, which is not converted")
                        changed = True
        return changed

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

    def visit_Module(self, node: cst.Module) -> bool:
        super().visit_Module(node)
        return False

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        converted = {n: c for n, c in self._candidates.items() if not c.refused}
        if not converted:
            return updated
        instances = self._instance_names(converted)
        self._refuse_taken_names(original, converted)
        failed = [c for c in converted.values() if c.refused]
        if failed:  # rare: collisions; keep it simple and convert nothing
            for candidate in failed:
                self.warn(candidate.function.name, f"function {candidate.name} not converted "
                                                   f"to a tf.Module: {candidate.refused}")
            return updated
        site_calls, first_site = self._site_statements(converted, instances)
        factories = self._initializer_factories(original, converted)
        body = []
        emitted: set = set()  # the helper classes emitted so far
        scope_methods = any(c.scope_methods for c in converted.values())
        for statement in original.body:
            candidate = converted.get(statement.name.value) \
                if isinstance(statement, (cst.FunctionDef, cst.ClassDef)) else None
            if candidate is not None:
                body.extend(self._helpers_for(candidate, emitted, scope_methods))
                body.append(self._module_class(candidate, converted))
                continue
            body.extend(self._rewritten_statement(statement, first_site, instances, site_calls,
                                                  factories))
        if scope_methods:
            body = _with_import(body, "contextlib")
        if STATE_TUPLE in emitted:
            body = _with_import(body, "collections")
        return updated.with_changes(body=body)

    def _refuse_taken_names(self, original: cst.Module, converted: dict) -> None:
        """Names the converted code would define: refuses the candidates whose class or
        helper classes would take a name the file uses; renames the layer classes and RNN
        helpers that can take a suffix instead (`self._layer_classes`, `self._helper_names`)."""
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

    def _rewritten_statement(self, statement: cst.BaseStatement, first_site: dict,
                             instances: dict, site_calls: dict, factories: set) -> list:
        """A statement of the file that is not converted itself: the module instances made
        before it, then it with its calls of converted functions (and in a run-once function,
        its instances) and the initializers that take the TF2 spelling rewritten."""
        body = []
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
        return body
