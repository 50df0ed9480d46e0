"""One stdlib `ast` tree per text, for the few texts a worker has in hand.

A file's text is compiled by the runner (`check_source`), counted for TF1 leftovers
(`codemods.residue`) and looked at again by `graph_mode`; the output is compiled once more to
prove it parses, then counted. Each did its own `ast.parse` of the same string. This keeps the
trees of the last few texts, so each text is parsed once. The trees are shared: readers must
not modify them (none does: they only walk).
"""
from __future__ import annotations

import ast
from collections import OrderedDict

_KEPT = 4
_trees: "OrderedDict[str, ast.Module]" = OrderedDict()


def parse(code: str) -> ast.Module:
    """`ast.parse(code)`, once per text (raises what it raises, and keeps nothing then)."""
    tree = _trees.get(code)
    if tree is None:
        tree = ast.parse(code)
        remember(code, tree)
    else:
        _trees.move_to_end(code)
    return tree


def remember(code: str, tree: ast.Module) -> None:
    """Keep `tree` (an `ast` parse of `code` done elsewhere) for later `parse(code)`."""
    _trees[code] = tree
    _trees.move_to_end(code)
    while len(_trees) > _KEPT:
        _trees.popitem(last=False)


def forget() -> None:
    """Drop every kept tree (a benchmark that times the same text twice)."""
    _trees.clear()


def walk(tree: ast.AST) -> list:
    """The nodes `ast.walk(tree)` yields, in the same (breadth-first) order, as a list: a
    list that grows as it is read instead of a deque fed by two nested generators."""
    nodes = [tree]
    append, kind = nodes.append, ast.AST
    for node in nodes:
        for name in node._fields:
            value = getattr(node, name, None)
            if isinstance(value, kind):
                append(value)
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, kind):
                        append(item)
    return nodes
