"""Count the TF1 API a file still uses: `check` and the benchmark both measure with this.

A reference is any path under `tf.compat.v1` or `tf.contrib`, or a TF1-only name (per the
generated tables) reached through any import alias. It uses the stdlib `ast` (fast, C) and
resolves import aliases at every level of the file; it does not model shadowing, which only
matters for a count.
"""
from __future__ import annotations

import ast
from typing import Optional

from codemods.api_tables import api_tables
from migrate import asts

_V1 = "tensorflow.compat.v1"


def _bindings(nodes: list) -> dict[str, str]:
    """Local name -> the dotted TF object it is bound to by an import (`nodes`: a tree's)."""
    bound: dict[str, str] = {}
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "tensorflow" or alias.name.startswith("tensorflow."):
                    if alias.asname:
                        bound[alias.asname] = alias.name
                    else:
                        bound["tensorflow"] = "tensorflow"
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and \
                (node.module == "tensorflow" or node.module.startswith("tensorflow.")):
            for alias in node.names:
                if alias.name != "*":
                    bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return bound


def _chain(node: ast.AST) -> Optional[list[str]]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return parts[::-1]
    return None


def classify(qualified: str) -> Optional[str]:
    """The TF1 API path `qualified` (e.g. `tensorflow.compat.v1.Session`) counts as, or None."""
    if qualified.startswith(_V1 + ".") or qualified == _V1:
        path = qualified[len(_V1) + 1:]
        while path.startswith("compat.v1."):
            path = path[len("compat.v1."):]
        return f"compat.v1.{path}" if path else "compat.v1"
    if not qualified.startswith("tensorflow."):
        return None
    path = qualified[len("tensorflow."):]
    if path.startswith("contrib") or api_tables().is_tf1_only(path):
        return path
    return None


def tf1_references(code: str) -> list[dict]:
    """Every remaining TF1 API reference: `{line, col, path, message}`, in source order.
    The last few answers are kept (`graph_mode` and the runner ask about the same final
    text); each caller gets its own copies."""
    found = _answers.get(code)
    if found is None:
        found = _references(code)
        _answers[code] = found
        while len(_answers) > 4:
            del _answers[next(iter(_answers))]
    return [dict(reference) for reference in found]


_answers: dict[str, list[dict]] = {}


def forget() -> None:
    """Drop the kept answers and trees (a benchmark that times the same text twice)."""
    _answers.clear()
    asts.forget()


def _references(code: str) -> list[dict]:
    try:
        tree = asts.parse(code)
    except SyntaxError:
        return []
    nodes = asts.walk(tree)
    bound = _bindings(nodes)
    if not bound:
        return []
    found = []
    claimed: set[int] = set()  # inner nodes of a chain already counted
    for node in nodes:  # breadth-first: outer chains come before their inner parts
        if id(node) in claimed or not isinstance(node, (ast.Attribute, ast.Name)):
            continue
        parts = _chain(node)
        if not parts or parts[0] not in bound:
            continue
        inner = node
        while isinstance(inner, ast.Attribute):
            inner = inner.value
            claimed.add(id(inner))
        qualified = ".".join([bound[parts[0]], *parts[1:]])
        path = _longest_tf1_prefix(qualified)
        if path:
            found.append({"line": node.lineno, "col": node.col_offset + 1, "path": path,
                          "message": f"tf.{path}"})
    found.sort(key=lambda r: (r["line"], r["col"]))
    return found


def _longest_tf1_prefix(qualified: str) -> Optional[str]:
    """`tensorflow.compat.v1.train.Saver.save` counts as `compat.v1.train.Saver`."""
    parts = qualified.split(".")
    for end in range(len(parts), 1, -1):
        path = classify(".".join(parts[:end]))
        if path:
            return path
    return None
