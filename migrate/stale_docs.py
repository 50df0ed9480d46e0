"""Docstrings and comments that still name a parameter our rewrite removed.

When a rewrite drops a parameter (a model method's `sess`, a layer function's `scope`), the
docstring or comment that explains it is now wrong, and only a human can say how to reword
it: the user gets a warning naming the function and the parameter, at the function.

A function of the output is compared with the input function at the same place (same name
in the same classes and functions), or for a function the migration turned into a class
(`renamed`: function name -> class name), with that class's `__init__` and `__call__`
together. A parameter the input had and the output has not is removed; a mention is the
name used as code (see `_mentioned`; not `self.sess`, `session` or an English "scope") in
the docstring or a comment of the output function. Knows nothing about TensorFlow.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

import libcst as cst


def _params(function: cst.FunctionDef) -> set[str]:
    p = function.params
    names = [*p.posonly_params, *p.params, *p.kwonly_params]
    for star in (p.star_arg, p.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star)
    return {n.name.value for n in names}


def _functions(node: cst.CSTNode, path: tuple = ()) -> Iterator[tuple[tuple, cst.CSTNode]]:
    """(path of names, node) of every function and class, outermost first."""
    for child in node.children:
        if isinstance(child, (cst.FunctionDef, cst.ClassDef)):
            inner = (*path, child.name.value)
            yield inner, child
            yield from _functions(child.body, inner)
        elif isinstance(child, (cst.BaseSuite, cst.BaseCompoundStatement, cst.Else,
                                cst.ExceptHandler, cst.Finally)):
            yield from _functions(child, path)


class _Comments(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []

    def visit_Comment(self, node: cst.Comment) -> None:
        self.text.append(node.value.lstrip("#"))


def _prose(node: cst.CSTNode) -> tuple[str, str]:
    """(docstring, comments) of a function or class, comments of its whole body included."""
    docstring = node.get_docstring(clean=False) or ""
    comments = _Comments()
    node.body.visit(comments)
    return docstring, "\n".join(comments.text)


def _mentioned(name: str, text: str) -> bool:
    """`name` used as code in prose: quoted (`scope`), called or dotted (sess.run, sess()),
    or introduced as an argument (`sess: the session`, `:param sess:`). A bare English
    word ("each in its own scope") is not a mention."""
    word = re.escape(name)
    patterns = (rf"[`'\"]{word}[`'\"]", rf"(?<![\w.]){word}(?:\.\w|\(|\[|=)",
                rf"(?m)^\s*(?::param\s+)?{word}\s*(?:\(|:)")
    return any(re.search(p, text) for p in patterns)


def stale_mentions(original: cst.Module, module: cst.Module,
                   renamed: Optional[dict] = None) -> list[tuple[cst.CSTNode, str]]:
    """(node to warn at, message) for each removed parameter the prose still names."""
    before = {path: node for path, node in _functions(original)
              if isinstance(node, cst.FunctionDef)}
    classes = {cls: function for function, cls in (renamed or {}).items()}
    found = []
    for path, node in _functions(module):
        if isinstance(node, cst.FunctionDef):
            old = before.get(path)
            params = _params(node)
        elif path[-1] in classes and (*path[:-1], classes[path[-1]]) in before:
            old = before[(*path[:-1], classes[path[-1]])]
            params = set().union(*(_params(m) for m in node.body.body if isinstance(
                m, cst.FunctionDef) and m.name.value in ("__init__", "__call__")))
        else:
            continue
        if old is None:
            continue
        removed = sorted(_params(old) - params - {"self", "cls"})
        if not removed:
            continue
        docstring, comments = _prose(node)
        for name in removed:
            where = [kind for kind, text in (("docstring", docstring), ("a comment", comments))
                     if _mentioned(name, text)]
            if where:
                found.append((node.name, f"{' and '.join(where)} of {node.name.value} still "
                              f"mention{'s' if len(where) == 1 else ''} `{name}`, a parameter "
                              "the migration removed: reword it"))
    return found
