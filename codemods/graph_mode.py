"""Graph code left on `tf.compat.v1` still runs: its script's entry point disables eager mode.

TF2 runs eagerly by default, and `tf.compat.v1.placeholder`, `Session.run` of graph tensors,
`Saver()` without a var_list or `summary.FileWriter` raise there. When the structural rewrites
leave such code in a file, the file needs `tf.compat.v1.disable_eager_execution()` before the
first graph op is made, exactly once, at the program's entry:

    import tensorflow as tf                  import tensorflow as tf
                                       ->    tf.compat.v1.disable_eager_execution()
    x = tf.compat.v1.placeholder(...)        x = tf.compat.v1.placeholder(...)

Where it goes:
- graph code at module level (a script), or a module-level call such as `main()` without an
  `if __name__ == "__main__":` guard: after the import of TensorFlow and the leading imports;
- graph code only in functions, with a `__main__` guard: first statement of the guard, so that
  importing the file as a library does not switch the importer's mode;
- graph code only in functions of a library (no guard, no module-level call): nothing is
  inserted (the importer is the entry point); a warning says so.
Only code that runs counts: module-level statements, the `__main__` block, and the functions
and classes of the file they reach through the names they use. A graph helper nothing calls
does not switch a migrated eager `main()` back to graph mode.

A file that already calls `disable_eager_execution()` or `disable_v2_behavior()` is left alone.
This pass runs last, on the code as the other codemods left it.
"""
from __future__ import annotations

import ast
import re
from typing import Optional

import libcst as cst

from codemods import matching
from codemods.base import TFCodemod
from codemods.residue import tf1_references
from migrate import asts

#: TF1 API that needs graph mode: it raises (or means nothing) under eager execution.
GRAPH_ONLY = frozenset({
    "placeholder", "placeholder_with_default", "sparse_placeholder", "Session",
    "InteractiveSession", "train.Saver", "train.MonitoredTrainingSession",
    "train.MonitoredSession", "train.SingularMonitoredSession", "train.Supervisor",
    "summary.FileWriter", "train.import_meta_graph", "train.start_queue_runners",
    "train.string_input_producer", "train.slice_input_producer", "train.shuffle_batch",
    "train.batch", "get_default_graph", "data.make_one_shot_iterator",
    "data.make_initializable_iterator", "train.SessionRunHook",
})

_SWITCHED = re.compile(r"\b(disable_eager_execution|disable_v2_behavior)\s*\(")


def graph_references(code: str) -> list[dict]:
    """The references of `code` to TF1 API that needs graph mode, in source order."""
    found = []
    for ref in tf1_references(code):
        path = ref["path"]
        path = path[len("compat.v1."):] if path.startswith("compat.v1.") else path
        if any(path == g or path.startswith(g + ".") for g in GRAPH_ONLY):
            found.append(ref)
    return found


def _is_main_guard(node: ast.stmt) -> bool:
    test = getattr(node, "test", None)
    return isinstance(node, ast.If) and isinstance(test, ast.Compare) and \
        isinstance(test.left, ast.Name) and test.left.id == "__name__" and \
        any(isinstance(c, ast.Constant) and c.value == "__main__" for c in test.comparators)


def _called_names(nodes) -> set[str]:
    """Names called (`f(...)`) or referenced bare (`tf.app.run(main)`) in `nodes`."""
    names = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                names.add(sub.id)
    return names


def _reached(definitions: dict, roots: set[str]) -> set[str]:
    """The top-level functions and classes reached from `roots` through the names they use."""
    reached: set[str] = set()
    todo = [name for name in roots if name in definitions]
    while todo:
        name = todo.pop()
        if name in reached:
            continue
        reached.add(name)
        todo.extend(n for n in _called_names([definitions[name]]) if n in definitions)
    return reached


def entry_kind(code: str, references: list[dict]) -> Optional[str]:
    """Where graph mode must be switched on: "module", "guard", "library", or None when no
    code that runs (module level, the `__main__` block and what they call) builds a graph."""
    tree = asts.parse(code)
    lines = {r["line"] for r in references}

    def holds_graph(node) -> bool:
        return any(node.lineno <= line <= (node.end_lineno or node.lineno) for line in lines)

    definitions = {n.name: n for n in tree.body
                   if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    guard, module_level, module_calls = [], [], False
    for node in tree.body:
        if node in definitions.values():
            continue
        if _is_main_guard(node):
            guard.append(node)
            continue
        if holds_graph(node):
            return "module"
        module_level.append(node)
        module_calls = module_calls or (isinstance(node, ast.Expr)
                                        and isinstance(node.value, ast.Call))
    if not guard and not module_calls:
        return "library" if any(holds_graph(d) for d in definitions.values()) else None
    if any(holds_graph(g) for g in guard):
        return "guard"
    at_import = _reached(definitions, _called_names(module_level))
    if any(holds_graph(definitions[name]) for name in at_import):
        return "module"
    from_main = _reached(definitions, _called_names(guard))
    if any(holds_graph(definitions[name]) for name in from_main):
        return "guard"
    return None


def _binds_tensorflow(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        if isinstance(small, cst.Import) and any(
                matching.dotted(a.name).split(".")[0] == "tensorflow" for a in small.names):
            return True
        if isinstance(small, cst.ImportFrom) and small.module is not None and \
                matching.dotted(small.module).split(".")[0] == "tensorflow":
            return True
    return False


def _is_import_or_docstring(statement: cst.CSTNode, index: int) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    if all(isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body):
        return True
    return index == 0 and len(statement.body) == 1 and isinstance(statement.body[0], cst.Expr) \
        and isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def module_insertion_index(body) -> Optional[int]:
    """Index after the import of TensorFlow and the leading run of imports; None when
    TensorFlow is not imported by a plain top-level import statement."""
    tf_import = next((i for i, s in enumerate(body) if _binds_tensorflow(s)), None)
    if tf_import is None:
        return None
    leading = 0
    while leading < len(body) and _is_import_or_docstring(body[leading], leading):
        leading += 1
    return max(tf_import + 1, leading)


class GraphMode(TFCodemod):
    """Graph code left on compat.v1 -> tf.compat.v1.disable_eager_execution() at the entry."""

    NAME = "graph_mode"
    TRIGGERS = ("placeholder", "Session", "Saver", "FileWriter", "Supervisor", "meta_graph",
                "queue_runners", "input_producer", "shuffle_batch", "train.batch",
                "get_default_graph", "make_one_shot_iterator", "make_initializable_iterator",
                "SessionRunHook")

    def prepare(self, tree: cst.Module) -> None:
        code = self.source_code(tree)
        self._references = [] if _SWITCHED.search(code) else graph_references(code)
        self._kind = entry_kind(code, self._references) if self._references else None

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        if self._kind is None:
            return updated
        first = self._references[0]["message"]
        if self._kind == "library":
            self.warn(original.body[0], f"graph code stays on tf.compat.v1 in functions (first "
                      f"{first}): the program that imports this file must call "
                      "tf.compat.v1.disable_eager_execution() at its entry")
            return updated
        switch = cst.SimpleStatementLine(body=[cst.Expr(cst.Call(
            func=self.tf_attr("compat.v1.disable_eager_execution")))])
        if self._kind == "guard":
            guard = next(s for s in updated.body if isinstance(s, cst.If)
                         and _is_main_guard(ast.parse(cst.Module([s]).code).body[0]))
            block = guard.body
            new_guard = guard.with_changes(body=block.with_changes(body=[switch, *block.body]))
            self.warn(next(o for o in original.body if isinstance(o, cst.If) and
                           _is_main_guard(ast.parse(cst.Module([o]).code).body[0])),
                      f"graph code stays on tf.compat.v1 (first {first}): eager execution "
                      "disabled at the start of the __main__ block so it still runs")
            return updated.with_changes(body=[new_guard if s is guard else s
                                              for s in updated.body])
        index = module_insertion_index(updated.body)
        if index is None:
            self.warn(original.body[0], f"graph code stays on tf.compat.v1 (first {first}), "
                      "and TensorFlow is not imported at the top: call "
                      "tf.compat.v1.disable_eager_execution() before the first graph op")
            return updated
        anchor = original.body[index - 1] if index > 0 else original.body[0]
        self.warn(anchor, f"graph code stays on tf.compat.v1 (first {first}): eager execution "
                  "disabled after the imports so it still runs")
        following = updated.body[index:] if index < len(updated.body) else []
        return updated.with_changes(body=[*updated.body[:index], switch, *following])
