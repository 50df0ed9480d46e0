"""TFL001: a Session reads a variable before anything initialised or restored it.

Dataflow: a fetch is variable-dependent when it names something assigned (in its scope, before
the read) from a variable-creating call, directly or through other such names. The session is
followed in source order; anything that might initialise it counts (running an unknown fetch,
passing the session to any call, `.run()` of an op, a restore), so only a read with nothing
possibly initialising before it is reported.
"""
from __future__ import annotations

from typing import Iterator, Optional

import libcst as cst

from hazards.analysis import (INITIALIZER_APIS, Analysis, calls_in, children, dotted_name,
                              method_name, names_in, receiver)
from hazards.base import Checker

_SESSIONS = frozenset({"Session", "InteractiveSession"})
_MAY_INITIALISE = frozenset({"restore", "load", "load_weights", "initialize", "init",
                             "run_init", "load_checkpoint", "init_fn"})


class UninitializedRead(Checker):
    CODE = "TFL001"
    TITLE = "variable read in a Session before any initializer or restore ran"
    TRIGGERS = ("Session", "run|eval")
    EXPLAIN = """\
A TF1 variable has no value until an initializer op (or a Saver restore) runs in the Session
that reads it. Reading it first raises
  FailedPreconditionError: Attempting to use uninitialized value w
  (resource variables: "Error while reading resource variable w ... uninitialized").
Each new Session starts uninitialised, even if another Session initialised the same graph.

Before:
    w = tf.get_variable("w", [3, 2])
    y = tf.matmul(x, w)
    with tf.Session() as sess:
        sess.run(y, feed_dict={x: batch})          # TFL001

After (TF1):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())  # or saver.restore(sess, path)
        sess.run(y, feed_dict={x: batch})

After (TF2, what `tfmigrate apply` aims for): variables are initialised when created, so the
hazard disappears with eager execution:
    w = tf.Variable(tf.keras.initializers.GlorotUniform()([3, 2]), name="w")
    y = tf.matmul(x, w)
"""

    def check(self, analysis: Analysis) -> Iterator[tuple[cst.CSTNode, str]]:
        for session, spelled, region, is_default, start in _sessions(analysis):
            found = _first_uninitialised_read(analysis, spelled, region, is_default, start)
            if found is not None:
                node, fetched = found
                yield node, (f"`{fetched}` reads a variable in Session `{spelled}` before "
                             f"any initializer or restore ran (FailedPreconditionError)")


def _sessions(analysis: Analysis):
    """(session node, its spelling, the calls it is live for, whether it is the default
    session, the node it starts at)."""
    for with_node in analysis.withs:
        for item in with_node.items:
            if isinstance(item.item, cst.Call) and analysis.call_api(item.item) in _SESSIONS \
                    and item.asname is not None:
                spelled = dotted_name(item.asname.name)
                if spelled is None:
                    continue
                function = analysis.enclosing_function(with_node)
                calls = [c for c in calls_in(with_node.body)
                         if analysis.enclosing_function(c) is function]
                yield item.asname.name, spelled, calls, True, with_node.body
    for assign in analysis.assigns:
        if isinstance(assign.value, cst.Call) and analysis.call_api(assign.value) in _SESSIONS \
                and len(assign.targets) == 1:
            spelled = dotted_name(assign.targets[0].target)
            if spelled is None:
                continue
            function = analysis.enclosing_function(assign)
            calls = [c for c in analysis.calls_of(function) if analysis.reachable(assign, c)]
            yield assign.targets[0].target, spelled, calls, \
                analysis.call_api(assign.value) == "InteractiveSession", assign


def _first_uninitialised_read(analysis: Analysis, session: str, calls: list,
                              is_default: bool, start) -> Optional[tuple[cst.CSTNode, str]]:
    # execution order: a call runs after the calls in its arguments
    calls = sorted(calls, key=lambda c: (analysis.end_of(c), -analysis.order_of(c)))
    inits: list[cst.CSTNode] = []
    snapshots: dict = {}  # init run -> the global initializer op it runs (made at that point)
    for call in calls:
        method, target = method_name(call), receiver(call)
        on_session = dotted_name(target) == session
        read = None
        if on_session and method == "run":
            fetch = _fetch(call)
            if fetch is None or _may_initialise(analysis, fetch):
                inits.append(call)
                snapshot = _global_initializer(analysis, fetch)
                if snapshot is not None:
                    snapshots[call] = snapshot
                continue
            assigned = _assigned_value(analysis, fetch)
            if assigned is not None:
                if _reads_variable(analysis, assigned, call):
                    read = assigned
                else:
                    inits.append(call)  # `v.assign(value)` initialises v
                    continue
            elif _reads_variable(analysis, fetch, call):
                read = fetch
            else:
                inits.append(call)  # an unknown fetch might initialise
                continue
        elif on_session and method in ("close", "graph", "as_default"):
            continue
        elif method == "eval" and target is not None and (
                is_default and not call.args or _session_keyword(call) == session):
            if _reads_variable(analysis, target, call):
                read = target
            else:
                continue
        elif _passes(call, session) or method in _MAY_INITIALISE or method == "run":
            inits.append(call)  # restore, init_fn(sess), `init_op.run()` and friends
            continue
        if read is None:
            continue
        if any(not analysis.exclusive(e, call) and not analysis.blocked(e, call)
               and (e not in snapshots or not _reads_variable(analysis, read, call,
                                                              since=snapshots[e]))
               for e in inits):
            return None
        return call, analysis.code_of(read)
    return None


def _assigned_value(analysis: Analysis, fetch: cst.BaseExpression) -> Optional[cst.BaseExpression]:
    """For a fetch `v.assign(value)` (or a name bound once to one): `value`. Running it
    writes v and reads only `value`."""
    if isinstance(fetch, cst.Name):
        values = analysis.assigned_values(fetch)
        if len(values) == 1:
            fetch = values[0][1]
    if isinstance(fetch, cst.Call) and method_name(fetch) == "assign" and fetch.args:
        return fetch.args[0].value
    return None


def _session_keyword(call: cst.Call) -> Optional[str]:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "session":
            return dotted_name(arg.value)
    return None


def _fetch(call: cst.Call) -> Optional[cst.BaseExpression]:
    for arg in call.args:
        if arg.keyword is None and not arg.star or arg.keyword and arg.keyword.value == "fetches":
            return arg.value
    return None


def _passes(call: cst.Call, name: str) -> bool:
    """`call` hands the session itself to someone (`saver.restore(sess, p)`, `init_fn(sess)`,
    `x.eval(session=sess)`); `sess.run(...)` nested in an argument does not count."""
    stack = [a.value for a in call.args]
    while stack:
        node = stack.pop()
        if isinstance(node, (cst.Name, cst.Attribute)) and dotted_name(node) == name:
            return True
        if isinstance(node, cst.Attribute):
            continue  # `sess.graph`, `sess.run`: uses, not hand-overs
        if isinstance(node, cst.Call):
            stack.extend(a.value for a in node.args)
            continue
        stack.extend(children(node))
    return False


def _may_initialise(analysis: Analysis, expr: cst.BaseExpression, depth: int = 0) -> bool:
    """An initializer op, or something that might be one: a fetch spelled `init...`, or one
    whose value cannot be followed."""
    for call in calls_in(expr):
        if analysis.call_api(call) in INITIALIZER_APIS:
            return True
    if depth == 0 and any("init" in part.lower() for part in _identifiers(expr)):
        return True
    if depth > 4:
        return True
    return any(_may_initialise(analysis, value, depth + 1)
               for name in names_in(expr) for _, value in analysis.assigned_values(name))


def _identifiers(expr: cst.BaseExpression):
    """Names and attribute names the expression refers to (`init`, `iterator.initializer`)."""
    for name in names_in(expr):
        yield name.value
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Attribute):
            yield node.attr.value
        if isinstance(node, cst.Arg):
            stack.append(node.value)
        elif not isinstance(node, (cst.Lambda, cst.FunctionDef)):
            stack.extend(children(node))


def _global_initializer(analysis: Analysis, fetch, depth: int = 0) -> Optional[cst.Call]:
    """The `global_variables_initializer()` call a fetch is (directly or through a name bound
    once), in the same function: it initialises only the variables that existed then."""
    if isinstance(fetch, cst.Call) and not fetch.args and analysis.call_api(fetch) in (
            "global_variables_initializer", "initialize_all_variables"):
        return fetch
    if isinstance(fetch, cst.Name) and depth < 3:
        values = analysis.assigned_values(fetch)
        if len(values) == 1 and analysis.enclosing_function(values[0][1]) \
                is analysis.enclosing_function(fetch):
            return _global_initializer(analysis, values[0][1], depth + 1)
    return None


def _reads_variable(analysis: Analysis, expr: cst.BaseExpression, at: cst.CSTNode,
                    seen: Optional[set] = None, since: Optional[cst.CSTNode] = None) -> bool:
    """`expr` depends on a variable created (before `at`, and after `since` when given: in
    the same function) in this file, by assignment dataflow."""
    seen = set() if seen is None else seen
    if any((analysis.creates_variables(c) or method_name(c) in ("minimize", "apply_gradients"))
           and (since is None or analysis.enclosing_function(c) is analysis.enclosing_function(
               since) and analysis.before(since, c))
           for c in calls_in(expr)):
        return True
    for name in names_in(expr):
        for statement, value in analysis.assigned_values(name):
            if statement in seen or not analysis.before(statement, at):
                continue
            seen.add(statement)
            if _reads_variable(analysis, value, at, seen, since):
                return True
    for attribute in _self_attributes(expr):
        for value in analysis.self_attribute_values(attribute):
            if value not in seen:
                seen.add(value)
                if _reads_variable(analysis, value, at, seen, since):
                    return True
    return False


def _self_attributes(expr: cst.BaseExpression):
    """`self.x` (a Name's attribute) anywhere in `expr`; the method decides if it is self."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
            yield node
        elif not isinstance(node, (cst.Lambda, cst.FunctionDef)):
            stack.extend(children(node))
