"""Jupyter notebooks (`.ipynb`): migrate the code cells, leave everything else as it is.

The code cells of a notebook are migrated as ONE module, the way the kernel runs them: cell 1's
`import tensorflow as tf` is what makes `tf.log` in cell 5 a TF1 name. The cells are joined
with a marker statement before each (`__tfmigrate_cell__(N)`), migrated in one parse, and split
back at the markers; code a codemod adds above the first marker (an import) goes to the top of
the first code cell. Should a codemod ever lose or reorder a marker, the notebook is a one-line
failure and stays untouched.

IPython syntax is masked so that libcst can parse the cells, then restored byte for byte: line
magics (`%timeit ...`), shell escapes (`!pip ...`, `files = !ls`), help (`tf.layers?`) become a
placeholder statement with the same indentation. A cell magic (`%%time`) keeps its Python body
migrated when the magic runs Python (`time`, `timeit`, `capture`, `prun`, ...); any other cell
magic (`%%bash`, `%%writefile`, ...) leaves the whole cell alone.

Only the `source` of code cells changes. Outputs, metadata, markdown, key order, indentation
and the trailing newline stay: the JSON is written back with the layout it was read with
(indent width, `ensure_ascii`), checked by re-serialising the original first. A notebook whose
layout we cannot reproduce exactly is still migrated, written with its own indent width.

Diffs are of the `.ipynb` file itself, so `git apply` takes them; each hunk header names the
cell it is in (`@@ -40,7 +40,7 @@ cell 3`, cells counted from 1 over all cells, as Jupyter
shows them). Warnings and leftovers carry `cell` and the line within the cell.
"""
from __future__ import annotations

import json
import re
from typing import Optional

from migrate.diffing import diff_stats, split_lines, unified_diff
from migrate.engine import Pipeline
from migrate.sources import SourceError

CELL_MARK = "__tfmigrate_cell__"
MAGIC_MARK = "__tfmigrate_magic__"
_CELL_LINE = re.compile(rf"^{CELL_MARK}\((\d+)\)$")
_MAGIC_LINE = re.compile(rf"^([ \t]*){MAGIC_MARK}\((\d+)\)$")
#: `%magic`, `!cmd`, `??x`, `x = !cmd`, `x = %magic`, `obj?`, `obj??`
#: (`% x` and `!= y` are Python continuation lines, not magics; `! pip` is a shell escape)
_IPYTHON_LINE = re.compile(r"^[ \t]*(%%?[A-Za-z]|!(?!=)|\?|[\w.]+(\s*,\s*[\w.]+)*\s*=\s*"
                           r"(%[A-Za-z]|![^=\s])|[\w.\[\]()]+\?\??\s*$)")
#: Cell magics whose body is Python run by the kernel.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug", "pypy", "python",
                                "python3", "tensorflow"})


def migrate_notebook(data: bytes, pipeline: Pipeline, path: str):
    """(new bytes or None, FileResult) for a notebook's bytes; raises SourceError when the
    notebook cannot be read, ValueError/RuntimeError when it cannot be rebuilt."""
    from migrate.results import CHANGED, SKIPPED, UNCHANGED, FileResult
    from migrate.source_errors import InvalidSource
    from migrate.text_migration import migrate_text

    text, notebook, layout = _load(data)
    cells = _cells(notebook)
    language = (notebook.get("metadata", {}).get("kernelspec", {}).get("language")
                or notebook.get("metadata", {}).get("language_info", {}).get("name")
                or "python")
    if language.lower() != "python":
        return None, FileResult(path, SKIPPED, error=f"{language} notebook, not Python")
    code_cells = [(i, cell) for i, cell in enumerate(cells)
                  if cell.get("cell_type") == "code" and _source(cell) is not None]
    module, magics, python_cells, starts = _join(code_cells)
    try:
        new_module, result = migrate_text(module, pipeline, path)
    except InvalidSource as exc:
        if exc.line:  # at the cell's own line, not the joined module's
            item = {"line": exc.line}
            _relocate([item], starts)
            where = f"cell-{item['cell']}:{item['line']}" if "cell" in item else None
            if where:
                raise SourceError(f"{where}: {exc.message}" + (
                    f": {exc.text.strip()[:80]!r}" if exc.text.strip() else "")) from None
        raise
    result.diff, result.added, result.removed = "", 0, 0
    _relocate(result.warnings, starts)
    _relocate(result.residue, starts, after=new_module)
    if result.status != CHANGED:
        return None, result
    pieces = _split(new_module, magics)
    for index, cell in code_cells:
        if index not in python_cells:
            continue
        old = _source(cell)
        new = pieces[index]
        if not old.endswith("\n") and new.endswith("\n"):
            new = new[:-1]  # the cell had no final newline; the join added it
        if new != old:
            cell["source"] = split_lines(new) if isinstance(cell["source"], list) else new
    new_text = _dump(notebook, layout)
    if new_text == text:
        result.status, result.codemods = UNCHANGED, []
        return None, result
    result.diff = _label_hunks(unified_diff(text, new_text, path.replace("\\", "/")),
                               text, notebook, layout)
    result.added, result.removed = diff_stats(result.diff)
    bom = b"\xef\xbb\xbf" if data.startswith(b"\xef\xbb\xbf") else b""
    result.bom = bool(bom)  # the patch puts it back in front of line 1
    return bom + new_text.encode("utf-8"), result


def _load(data: bytes) -> tuple[str, dict, dict]:
    try:
        text = data.decode("utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"notebook is not UTF-8: byte 0x{data[exc.start]:02x} "
                          f"at offset {exc.start}") from None
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"broken notebook: bad JSON at line {exc.lineno}, "
                          f"col {exc.colno}: {exc.msg}") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        version = notebook.get("nbformat") if isinstance(notebook, dict) else None
        raise SourceError(f"not a notebook this tool reads (nbformat 4 with a `cells` list"
                          f"{'; this is nbformat ' + str(version) if version else ''})")
    return text, notebook, _layout(text, notebook)


def _cells(notebook: dict) -> list[dict]:
    return [c if isinstance(c, dict) else {} for c in notebook["cells"]]


def _source(cell: dict) -> Optional[str]:
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    return source if isinstance(source, str) else None


def _layout(text: str, notebook: dict) -> dict:
    """The json.dumps arguments that give back `text` exactly, or the nearest we can tell."""
    match = re.search(r"^([ \t]+)\"", text, re.M)
    indent = match.group(1) if match else None
    indent_arg = len(indent) if indent and set(indent) == {" "} else indent
    newline = text.endswith("\n")
    for ensure_ascii in (False, True):
        layout = {"indent": indent_arg, "ensure_ascii": ensure_ascii, "newline": newline}
        if _dump(notebook, layout) == text:
            return dict(layout, exact=True)
    return {"indent": indent_arg, "ensure_ascii": "\\u" in text and not re.search(
        r"[^\x00-\x7f]", text), "newline": newline, "exact": False}


def _dump(notebook: dict, layout: dict) -> str:
    separators = (",", ": ") if layout["indent"] is not None else (", ", ": ")
    text = json.dumps(notebook, indent=layout["indent"], ensure_ascii=layout["ensure_ascii"],
                      separators=separators)
    return text + "\n" if layout["newline"] else text


def _mask(source: str, magics: list[str]) -> Optional[str]:
    """`source` with IPython-only lines replaced by placeholders; None: not a Python cell."""
    lines = split_lines(source)
    if lines and lines[0].startswith("%%"):
        name = lines[0][2:].split(None, 1)[0] if lines[0][2:].strip() else ""
        if name not in PYTHON_CELL_MAGICS:
            return None
    out = []
    continued = False
    for line in lines:
        body = line.rstrip("\r\n")
        if continued or _IPYTHON_LINE.match(body) and not body.lstrip().startswith("#"):
            ending = line[len(body):]
            if continued:
                magics[-1] += line
            else:
                indent = body[:len(body) - len(body.lstrip())]
                magics.append(line)
                out.append(f"{indent}{MAGIC_MARK}({len(magics) - 1}){ending or chr(10)}")
            # one placeholder for all its continued lines (a stray space after `\` too)
            continued = body.rstrip().endswith("\\")
            continue
        out.append(line)
    return "".join(out)


def _join(code_cells: list[tuple[int, dict]]):
    """One module of all Python code cells, and where each cell starts in it (1-based lines)."""
    magics: list[str] = []
    parts: list[str] = []
    python_cells: set[int] = set()
    starts: list[tuple[int, int]] = []  # (first line of the cell's code, cell index)
    line = 1
    for index, cell in code_cells:
        masked = _mask(_source(cell), magics)
        if masked is None:
            continue
        python_cells.add(index)
        if masked and not masked.endswith("\n"):
            masked += "\n"
        parts.append(f"{CELL_MARK}({index})\n{masked}")
        starts.append((line + 1, index))
        line += 1 + masked.count("\n")
    return "".join(parts), magics, python_cells, starts


def _split(module: str, magics: list[str]) -> dict[int, str]:
    """Cell index -> migrated source, magics restored; raises if a marker was lost."""
    pieces: dict[int, list[str]] = {}
    current: Optional[list[str]] = None
    head: list[str] = []
    used = set()
    for line in split_lines(module):
        body = line.rstrip("\r\n")
        found = _CELL_LINE.match(body)
        if found:
            index = int(found.group(1))
            if index in pieces:
                raise RuntimeError("codemods duplicated a notebook cell marker; left untouched")
            current = pieces[index] = []
            if head:
                current.extend(head)
                head = []
            continue
        magic = _MAGIC_LINE.match(body)
        if magic:
            number = int(magic.group(2))
            if number >= len(magics) or number in used:
                raise RuntimeError("codemods changed an IPython magic line; left untouched")
            used.add(number)
            line = magics[number]
        (head if current is None else current).append(line)
    if len(used) != len(magics):
        raise RuntimeError("codemods dropped an IPython magic line; notebook left untouched")
    return {index: "".join(lines) for index, lines in pieces.items()}


def _relocate(items: list[dict], starts: list[tuple[int, int]], after: Optional[str] = None
              ) -> None:
    """Module lines -> (`cell`, line within the cell), in place. Items of migrated code
    (`after`) are located by the markers in that code."""
    if after is not None:
        starts = [(number + 2, int(m.group(1))) for number, text in enumerate(after.split("\n"))
                  if (m := _CELL_LINE.match(text))]
    for item in items:
        cell, first = None, 1
        for start, index in starts:
            if item.get("line", 0) >= start:
                cell, first = index, start
        if cell is not None:
            item["cell"] = cell + 1
            item["line"] = item["line"] - first + 1


def _label_hunks(diff: str, text: str, notebook: dict, layout: dict) -> str:
    """Append `cell N` to each hunk header, from where the cells lie in the original JSON."""
    if not layout.get("exact") or layout["indent"] is None:
        return diff
    lines = text.split("\n")
    prefix = layout["indent"] if isinstance(layout["indent"], str) else " " * layout["indent"]
    try:
        first = lines.index(f'{prefix}"cells": [') + 1  # 0-based index of the first cell's line
    except ValueError:
        return diff
    bounds = []  # (first 1-based line, cell number)
    line = first + 1
    for number, cell in enumerate(notebook["cells"], 1):
        bounds.append((line, number))
        line += len(json.dumps(cell, indent=layout["indent"], ensure_ascii=layout["ensure_ascii"],
                               separators=(",", ": ")).split("\n"))
    rows = diff.splitlines(keepends=True)
    old_line, header_at = 0, None
    for i, row in enumerate(rows):
        header = re.match(r"^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@$", row.rstrip("\n"))
        if header:
            old_line, header_at = int(header.group(1)), i
        elif header_at is not None and row[:1] in ("-", "+") and not row.startswith(("---", "+++")):
            cells = [n for b, n in bounds if b <= old_line]
            if cells:
                rows[header_at] = rows[header_at].rstrip("\n") + f" cell {cells[-1]}\n"
            header_at = None
        elif row[:1] == " ":
            old_line += 1
    return "".join(rows)
