"""What a run tells the user: per-file lines, the end summary, progress and the JSON report."""
from __future__ import annotations

import json
import sys
import time
from typing import Iterable, Optional, TextIO

from typing import TYPE_CHECKING

from migrate import __version__

from migrate.results import CHANGED, FAILED, SKIPPED, UNCHANGED

if TYPE_CHECKING:
    from migrate.results import FileResult


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
    """A progress bar on stderr, shown only on a TTY and only once a run takes a moment:
    files done, elapsed time and the file that just finished. `write` prints a line above it."""

    DELAY = 0.5

    def __init__(self, total: int, enabled: bool, stream: Optional[TextIO] = None):
        self.stream = stream or sys.stderr
        self.total = total
        self.enabled = enabled and total > 1 and self.stream.isatty()
        self.done = 0
        self.start = time.monotonic()
        self.drawn = False
        self.current = ""

    def advance(self, path: str = "") -> None:
        self.done += 1
        self.current = path or self.current
        self._draw()

    def _draw(self) -> None:
        if not self.enabled or time.monotonic() - self.start < self.DELAY:
            return
        width = 30
        filled = width * self.done // max(1, self.total)
        elapsed = time.monotonic() - self.start
        line = (f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                f"{int(elapsed // 60)}:{int(elapsed % 60):02d} {self.current}")
        columns = _columns(self.stream)
        self.stream.write(line[:columns] + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def clear(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.drawn = False

    def close(self) -> None:
        self.clear()


def _columns(stream: TextIO) -> int:
    try:
        import os

        return max(20, os.get_terminal_size(stream.fileno()).columns - 1)
    except (OSError, ValueError, AttributeError):
        return 79


class InOrder:
    """Hand results on in the sorted order of `paths` as soon as the prefix before them is
    complete: output streams while the run goes on and is still sorted (deterministic)."""

    def __init__(self, paths: Iterable[str], emit):
        self.order = sorted(set(paths))
        self.emit = emit
        self.next = 0
        self.waiting: dict = {}

    def add(self, result: "FileResult") -> None:
        self.waiting[result.path] = result
        while self.next < len(self.order) and self.order[self.next] in self.waiting:
            self.emit(self.waiting.pop(self.order[self.next]))
            self.next += 1


# ---- machine-readable findings (check and lint): json, github, sarif ----

def findings_json(findings: list[dict]) -> str:
    return json.dumps(findings, indent=2)


def github_lines(findings: list[dict]) -> list[str]:
    """GitHub Actions workflow commands: annotations on the pull request's files."""
    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    return [f"::error title={escape('tfmigrate ' + f['code'], True)},"
            f"file={escape(f['path'], True)},line={f['line']},col={f['col']}::"
            f"{escape(f['code'] + ' ' + f['message'])}" for f in findings]


def sarif(findings: list[dict], rules: dict[str, str]) -> str:
    """SARIF 2.1.0, one run, for code-scanning uploads."""
    used = sorted({f["code"] for f in findings} | set(rules))
    document = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "tfmigrate", "version": __version__,
                "informationUri": "https://github.com/tensorflow/tensorflow",
                "rules": [{"id": code, "shortDescription": {"text": rules.get(code, code)}}
                          for code in used]}},
            "results": [{
                "ruleId": f["code"], "level": "error",
                "message": {"text": f["message"]},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": f["path"].replace("\\", "/")},
                    "region": {"startLine": max(1, f["line"]),
                               "startColumn": max(1, f["col"])}}}]}
                for f in findings],
        }],
    }
    return json.dumps(document, indent=2)


def statistics_lines(findings: list[dict], key: str = "code") -> list[str]:
    """Counts grouped by `key` (the symbol for check, the code for lint), most first."""
    from collections import Counter

    counts = Counter(f[key] for f in findings)
    width = len(str(max(counts.values()))) if counts else 1
    return [f"{count:>{width}}  {name}" for name, count in
            sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
