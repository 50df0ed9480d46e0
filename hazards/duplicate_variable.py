"""TFL002: `get_variable` reaches the same full name twice without reuse.

Every `get_variable` call with a literal name gets a key: the `variable_scope` path around it
(literal names, the scope parameter of its function, or an opaque `with` node) plus the name.
A function's keys flow to its call sites, with the scope parameter bound to the literal the
caller passes. Two sites of one function body (or one site inside a loop) with equal keys,
both reachable in one run and not under `reuse`, are the classic "already exists" error.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

import libcst as cst

from hazards.analysis import (Analysis, GraphContext, Opaque, ParamRef, is_variable_creator,
                              method_name, parameter_names)
from codemods.matching import argument
from hazards.base import Checker

_MAX_DEPTH = 6


@dataclass(frozen=True)
class Creation:
    key: tuple          # scope components + variable name
    site: cst.CSTNode   # the call in the function being looked at
    origin: cst.Call    # the get_variable / layer call itself


class DuplicateVariable(Checker):
    CODE = "TFL002"
    TITLE = "get_variable reaches the same name twice without reuse"
    TRIGGERS = ("get_variable|layers",)
    EXPLAIN = """\
`tf.get_variable(name)` creates `<current variable_scope>/name`. Reaching the same full name a
second time (a layer function without its own scope called twice, the same scope opened twice,
a loop around a scope) raises
  ValueError: Variable dense/w already exists, disallowed. Did you mean to set reuse=True
  or reuse=tf.AUTO_REUSE in VarScope?
unless the scope was opened with `reuse=True` / `tf.AUTO_REUSE` or `reuse_variables()` ran.

Before:
    def dense(x, n):
        w = tf.get_variable("w", [x.shape[-1], n])
        return tf.matmul(x, w)
    h = dense(x, 16)
    y = dense(h, 4)                                # TFL002

After (TF1): give each call its own scope (or reuse on purpose):
    with tf.variable_scope("fc1"):
        h = dense(x, 16)
    with tf.variable_scope("fc2"):
        y = dense(h, 4)

After (TF2): one tf.Module instance per layer; sharing means calling the same instance again.
"""

    def check(self, analysis: Analysis) -> Iterator[tuple[cst.CSTNode, str]]:
        memo: dict = {}
        owners = [None, *analysis.functions]
        for function in owners:
            if _reuses(analysis, function):
                continue
            creations = _creations(analysis, function, memo, 0)
            yield from _duplicates(analysis, function, creations)
            yield from _loops(analysis, function, creations)


_RESETS = ("reset_default_graph",)


def _reuses(analysis: Analysis, function: Optional[cst.FunctionDef]) -> bool:
    """Calls that turn reuse on (or wrap in a template) anywhere in `function`'s own body."""
    for call in analysis.calls_of(function):
        if analysis.call_api(call) == "make_template" \
                or method_name(call) in ("reuse_variables", "set_reuse"):
            return True
    return False


def _resets(analysis: Analysis, function) -> list[cst.Call]:
    return [c for c in analysis.calls_of(function) if analysis.call_api(c) in _RESETS]


def _fresh_graph(analysis: Analysis, function) -> bool:
    """`function` starts a new default graph (`reset_default_graph()` not under a branch)."""
    return any(not any(isinstance(a, (cst.If, cst.Try, cst.For, cst.While))
                       for a in analysis.ancestors_in_function(c))
               for c in _resets(analysis, function))


def _creations(analysis: Analysis, function: Optional[cst.FunctionDef], memo: dict,
               depth: int) -> list[Creation]:
    """Keys created when `function` (None: the module body) runs once, in source order."""
    if function in memo:
        return memo[function]
    memo[function] = []  # recursion guard
    found: list[Creation] = []
    for call in analysis.calls_of(function):
        api = analysis.call_api(call)
        name = _created_name(analysis, call, api)
        if name is not None:
            path = analysis.scope_path(call, function)
            if path is not None and not _layer_reuses(call, api):
                found.append(Creation(path + (name,), call, call))
            continue
        callee = analysis.callee(call)
        if callee is None or depth >= _MAX_DEPTH or callee is function \
                or callee not in analysis.variable_functions() or _reuses(analysis, callee) \
                or _fresh_graph(analysis, callee):
            continue
        path = analysis.scope_path(call, function)
        if path is None:
            continue
        for inner in _creations(analysis, callee, memo, depth + 1):
            key = _bind(analysis, inner.key, callee, call)
            if key is not None:
                found.append(Creation(path + key, call, inner.origin))
    memo[function] = found
    return found


def _created_name(analysis: Analysis, call: cst.Call, api: Optional[str]) -> Optional[str]:
    if api in ("get_variable", "get_local_variable"):
        arg = argument(call, "name", 0)
        return analysis.const(arg.value) if arg else None
    if api and api.startswith("layers.") and api[7:8].islower():
        arg = argument(call, "name")
        value = analysis.const(arg.value) if arg else None
        return f"{value}/*" if value else None
    if api and api.startswith(("contrib.layers.", "contrib.slim.")) and is_variable_creator(api):
        arg = argument(call, "scope")
        value = analysis.const(arg.value) if arg else None
        return f"{value}/*" if value else None
    return None


def _layer_reuses(call: cst.Call, api: Optional[str]) -> bool:
    reuse = argument(call, "reuse")
    return reuse is not None and not (isinstance(reuse.value, cst.Name)
                                      and reuse.value.value in ("False", "None"))


def _bind(analysis: Analysis, key: tuple, callee: cst.FunctionDef,
          call: cst.Call) -> Optional[tuple]:
    """Replace the callee's scope parameters by the values `call` passes; None if unknown.
    Opaque components (and graphs the callee makes) are unknown at the call site too."""
    bound = []
    for part in key:
        if isinstance(part, (Opaque, GraphContext)):
            return None
        if isinstance(part, ParamRef):
            value = _argument_value(analysis, callee, call, part.name)
            if value is None:
                return None
            bound.extend(p for p in value.split("/") if p)
        else:
            bound.append(part)
    return tuple(bound)


def _argument_value(analysis: Analysis, callee: cst.FunctionDef, call: cst.Call,
                    param: str) -> Optional[str]:
    names = parameter_names(callee)
    position = names.index(param) if param in names else None
    if position is not None and names and names[0] in ("self", "cls"):
        # `self.block(x, "s")` binds self implicitly; a plain-name call is unreliable
        position = position - 1 if isinstance(call.func, cst.Attribute) else None
    arg = argument(call, param, position)
    if arg is not None:
        return analysis.const(arg.value)
    for p in list(callee.params.params) + list(callee.params.kwonly_params):
        if p.name.value == param and p.default is not None:
            return analysis.const(p.default)
    return None


def _reset_between(analysis: Analysis, resets: list, a: cst.CSTNode, b: cst.CSTNode) -> bool:
    return any(analysis.before(a, r) and analysis.before(r, b) and not analysis.exclusive(r, b)
               for r in resets)


def _duplicates(analysis: Analysis, function, creations: list[Creation]):
    first: dict[tuple, list[Creation]] = {}
    reported = set()
    resets = _resets(analysis, function)
    for creation in creations:
        earlier = [c for c in first.get(creation.key, ())
                   if c.site is not creation.site and analysis.reachable(c.site, creation.site)
                   and not _reset_between(analysis, resets, c.site, creation.site)]
        if earlier and creation.site not in reported:
            reported.add(creation.site)
            line = analysis.position(earlier[0].site)[0]
            yield creation.site, (f"creates variable `{_spell(creation.key)}` again (first at "
                                  f"line {line}) without reuse: ValueError \"already exists\"")
        first.setdefault(creation.key, []).append(creation)


def _loops(analysis: Analysis, function, creations: list[Creation]):
    reported = set()
    resets = _resets(analysis, function)
    for creation in creations:
        if creation.site in reported:
            continue
        loop = _loop_around(analysis, creation.site)
        if loop is None:
            continue
        if any(isinstance(p, (Opaque, GraphContext)) and _opaque_in(analysis, loop, p)
               for p in creation.key):
            continue
        if any(analysis.contains(loop, r) for r in resets):
            continue  # a fresh graph on every iteration
        reported.add(creation.site)
        yield creation.site, (f"creates variable `{_spell(creation.key)}` on every iteration "
                              f"of the loop at line {analysis.position(loop)[0]} without reuse: "
                              f"ValueError \"already exists\" on the second")


def _loop_around(analysis: Analysis, node: cst.CSTNode) -> Optional[cst.CSTNode]:
    """The innermost loop around `node` in its function, unless a branch sits in between
    (`if i == 0:` guards are how loops create once)."""
    for ancestor in analysis.ancestors_in_function(node):
        if isinstance(ancestor, (cst.If, cst.Try, cst.IfExp)):
            return None
        if isinstance(ancestor, (cst.For, cst.While)) and analysis.contains(ancestor.body, node):
            return ancestor if _loops_repeatedly(analysis, ancestor) else None
        if isinstance(ancestor, (cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp)):
            return None
    return None


def _loops_repeatedly(analysis: Analysis, loop: cst.CSTNode) -> bool:
    """Loops that end in `break`/`return` every time run their body once."""
    body = loop.body.body if isinstance(loop.body, cst.IndentedBlock) else ()
    if any(analysis._exit_kind(statement) is not None for statement in body):
        return False
    if isinstance(loop, cst.For) and isinstance(loop.iter, (cst.List, cst.Tuple)) \
            and len(loop.iter.elements) < 2:
        return False
    return True


def _opaque_in(analysis: Analysis, loop: cst.CSTNode, part: Opaque) -> bool:
    return any(id(w) == part.node_id and analysis.contains(loop, w) for w in analysis.withs)


def _spell(key: tuple) -> str:
    return "/".join(p if isinstance(p, str) else "<scope>" for p in key)
