"""The one-line error of a bad input: Python's own verdict on the text before libcst sees it,
and the line any failure of one file is reported as. A run never stops for one file.
"""
from __future__ import annotations

import ast
import re
from typing import Optional

import libcst as cst

from migrate import asts
from migrate.results import FAILED, FileResult
from migrate.sources import SourceError


def failure(path: str, exc: Exception) -> FileResult:
    """Turn anything that went wrong with one input into its one-line error."""
    if isinstance(exc, (SourceError, InvalidSource)):
        message = str(exc)
    elif isinstance(exc, cst.ParserSyntaxError):
        message = _syntax_error_line(exc)
    elif isinstance(exc, RecursionError):
        message = "too deeply nested for the parser"
    else:  # a bug of ours must not cost the user the rest of the run
        message = f"internal error: {type(exc).__name__}: {exc}"
    return FileResult(path, FAILED, error=message)

class InvalidSource(ValueError):
    """Input CPython itself rejects (or that is too deep to migrate): `message` is the one
    line, `line` the 1-based line of the input it is about (None: the whole file)."""

    def __init__(self, message: str, line: Optional[int] = None, text: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.text = message, line, text

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        shown = f": {self.text.strip()[:80]!r}" if self.text.strip() else ""
        return f"{where}{self.message}{shown}"

#: Deepest syntax tree (in `ast` nodes) we hand to libcst. CPython parses far deeper input in
#: milliseconds, but libcst's recursive passes take minutes and gigabytes on it (a 5000-term
#: `+` chain: about 2 minutes) before failing; real code stays well under 100.
MAX_NESTING = 400
PYTHON_VERSION = "%d.%d" % __import__("sys").version_info[:2]


def check_source(text: str, label: str = "<string>") -> None:
    """Raise InvalidSource unless `text` compiles on this Python and is shallow enough.
    Its tree is kept (`migrate.asts`) for whoever reads the same text next.

    Runs before libcst sees the file: Python's own message at Python's own line (`not valid
    Python 3.11: ...`), in milliseconds, instead of a parser error or a pass that never ends.
    """
    try:
        tree = compile(text, label, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        source_line = text.splitlines()[line - 1] if line and line <= len(
            text.splitlines()) else (exc.text or "")
        hint = " (Python 2 syntax?)" if _PYTHON2.search(source_line) else ""
        raise InvalidSource(f"not valid Python {PYTHON_VERSION}: {exc.msg}{hint}", line,
                            source_line) from None
    except (RecursionError, MemoryError):
        raise InvalidSource(f"too deeply nested: Python {PYTHON_VERSION}'s own parser gives up "
                            f"on it; left untouched") from None
    depth = _nesting(tree, MAX_NESTING)
    if depth > MAX_NESTING:
        raise InvalidSource(f"too deeply nested to migrate (syntax tree deeper than "
                            f"{MAX_NESTING}); left untouched")
    asts.remember(text, tree)


def _nesting(tree: ast.AST, limit: int) -> int:
    """The depth of `tree` (iteratively, stopping once it exceeds `limit`)."""
    best = 0
    stack = [(tree, 1)]
    pop, push, kind = stack.pop, stack.append, ast.AST
    while stack:
        node, depth = pop()
        if depth > best:
            best = depth
            if best > limit:
                return best
        depth += 1
        for name in node._fields:  # ast.iter_child_nodes, without its two generators
            value = getattr(node, name, None)
            if isinstance(value, kind):
                push((value, depth))
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, kind):
                        push((item, depth))
    return best


_PYTHON2 = re.compile(
    r"^\s*(print\s+[^\s(=]|exec\s+[\"'\w]|except\s+[\w.]+\s*,\s*\w+\s*:|raise\s+\w+\s*,)"
    r"|`|<>|\b0[0-7]+\b|\bur['\"]"
)


def _syntax_error_line(exc: cst.ParserSyntaxError) -> str:
    """One line: where parsing failed and the offending source line, not libcst's essay."""
    lines = getattr(exc, "_lines", None) or ()
    text = lines[exc.raw_line - 1] if 0 < exc.raw_line <= len(lines) else ""
    hint = " (Python 2 syntax?)" if _PYTHON2.search(text) else ""
    return f"cannot parse line {exc.raw_line}, col {exc.raw_column + 1}{hint}: {text.strip()[:80]!r}"
