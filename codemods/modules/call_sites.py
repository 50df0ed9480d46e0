"""Where converted functions are called from: other modules, module level, run-once code.

A call from another converted body becomes a child module (see rewrite). Calls at module
level, or at the top of a run-once `main()`, that all pass the same literal scope (or none)
share one instance, made just before the first of them:

    logits = model(x, "model", 3)
    ->
    model_module = Model(name="model")
    logits = model_module(x, 3)

Any other use (in a function that may run more than once, as a value, with differing or
computed scopes) refuses the conversion. A function without a scope of its own is kept only
when converted modules are its callers, or when nothing calls it and it is made of child
modules or scopes it opens (a model's entry point): `_drop_unused_helpers`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import libcst as cst
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

from codemods import matching
from codemods.modules.candidate import _Candidate, _identifier
from codemods.modules.layout import _realigned
from codemods.variables import Refusal, run_once_functions

if TYPE_CHECKING:
    from codemods.modules.codemod import Modules

#: The site key of a module without a name scope of its own (made as `Model()`).
_NO_SCOPE = cst.Name("None")


class CallSites:
    """The `Modules` methods that find and rewrite the call sites of candidates."""

    def _instance_names(self, converted: dict) -> dict:
        """{name: `name_module`} of the converted functions called at module level, the
        instance their sites share; refuses those whose instance name the file takes."""
        instances = {}
        for name, sites in self._sites.items():
            if name in converted and isinstance(sites, list):
                instance = f"{name}_module"
                if instance in self._names:
                    converted[name].refuse(f"the name {instance} is taken")
                instances[name] = instance
        return instances

    def _site_statements(self, converted: dict, instances: dict) -> tuple[dict, dict]:
        """({site call: (candidate, instance)}, {statement of a first site: [(candidate,
        module name)]}): the calls to rewrite, and where each instance is made."""
        site_calls = {}
        first_site: dict = {}
        for name, sites in self._sites.items():
            if name in converted and isinstance(sites, list):
                for statement, call, key in sites:
                    site_calls[call] = (converted[name], instances[name])
                first_site.setdefault(sites[0][0], []).append((converted[name], sites[0][2]))
        return site_calls, first_site

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
