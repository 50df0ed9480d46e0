"""What a run tells the user: per-file lines, the end summary, progress and the JSON report."""
from __future__ import annotations

import json
import sys
import time
from typing import Iterable, Optional, TextIO

from migrate import __version__
from migrate.runner import CHANGED, FAILED, SKIPPED, UNCHANGED, FileResult


def summary_line(results: Iterable[FileResult], with_residue: bool = False) -> str:
    results = list(results)
    count = {s: sum(r.status == s for r in results) for s in (CHANGED, UNCHANGED, FAILED, SKIPPED)}
    warnings = sum(len(r.warnings) for r in results)
    added = sum(r.added for r in results)
    removed = sum(r.removed for r in results)
    line = (f"{count[CHANGED]} changed, {count[UNCHANGED]} unchanged, {count[FAILED]} failed, "
            f"{warnings} warning{'s' if warnings != 1 else ''}")
    if count[SKIPPED]:
        line += f", {count[SKIPPED]} skipped"
    if with_residue:
        left = sum(len(r.residue) for r in results)
        line += f", {left} TF1 API reference{'s' if left != 1 else ''} left"
    if added or removed:
        line += f" (+{added} -{removed} lines)"
    return line


def location(path: str, item: dict) -> str:
    """`path:line:col`, or `nb.ipynb:cell-3:line:col` for a notebook's code cell."""
    cell = f"cell-{item['cell']}:" if "cell" in item else ""
    return f"{path}:{cell}{item['line']}:{item['col']}"


def problem_lines(result: FileResult, quiet: bool) -> list[str]:
    """`path: error: ...` for a failure; `path:line:col: [codemod] message` for each warning."""
    if result.status == FAILED:
        return [f"{result.path}: error: {result.error}"]
    if result.status == SKIPPED:
        return [] if quiet else [f"{result.path}: skipped: {result.error}"]
    if quiet:
        return []
    return [f"{location(result.path, w)}: [{w['codemod']}] {w['message']}"
            for w in result.warnings]


def write_report(path: str, command: str, results: list[FileResult]) -> None:
    data = {
        "tool": "tfmigrate",
        "version": __version__,
        "command": command,
        "summary": summary_line(results),
        "counts": {s: sum(r.status == s for r in results)
                   for s in (CHANGED, UNCHANGED, FAILED, SKIPPED)},
        "files": [r.to_json() for r in sorted(results, key=lambda r: r.path)],
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.write("\n")


class Progress:
    """A progress bar on stderr, shown only on a TTY and only once a run takes a moment."""

    DELAY = 0.5

    def __init__(self, total: int, enabled: bool, stream: Optional[TextIO] = None):
        self.stream = stream or sys.stderr
        self.total = total
        self.enabled = enabled and total > 1 and self.stream.isatty()
        self.done = 0
        self.start = time.monotonic()
        self.drawn = False

    def advance(self) -> None:
        self.done += 1
        if not self.enabled or time.monotonic() - self.start < self.DELAY:
            return
        width = 30
        filled = width * self.done // self.total
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
