"""Linting files for variable-lifecycle hazards (see hazards/), for `tfmigrate lint`.

Files are found like every other command (migrate/discovery.py, `--exclude`, config) and
linted in worker processes, one isolated task each: a file that cannot be read or parsed gets
its one-line error and the run goes on. Output is sorted, so runs are deterministic.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

@dataclass
class LintResult:
    path: str
    diagnostics: list = field(default_factory=list)
    error: Optional[str] = None


def lint_file(path: str) -> LintResult:
    """Lint one file; never raises. A notebook's code cells are joined in order (magics become
    `pass`); its diagnostics are numbered by line in that joined code."""
    from hazards.registry import lint_code
    from migrate.source_errors import check_source, failure
    from migrate.sources import NotRegularFile, read_source

    try:
        text = read_source(path).text
        if path.endswith(".ipynb"):
            text = _notebook_code(text)
        check_source(text, path)  # Python's own error, and no minutes on absurd nesting
        return LintResult(path, without_noqa(lint_code(text, path), text))
    except NotRegularFile as exc:
        return LintResult(path, error=f"skipped: {exc}")
    except Exception as exc:  # noqa: BLE001 - isolation is the point
        return LintResult(path, error=failure(path, exc).error)


_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?",
                   re.IGNORECASE)


def without_noqa(diagnostics: list, text: str) -> list:
    """Drop diagnostics on a line carrying `# noqa: TFL001` (that code; several may be
    listed) or a bare `# noqa` (every code), as flake8 and ruff do. Only comments count."""
    if "noqa" not in text.lower() or not diagnostics:
        return diagnostics
    suppressed = _noqa_lines(text)
    kept = []
    for diagnostic in diagnostics:
        codes = suppressed.get(diagnostic.line)
        if codes is None or (codes and diagnostic.code.upper() not in codes):
            kept.append(diagnostic)
    return kept


def _noqa_lines(text: str) -> dict[int, set]:
    """{line: codes it suppresses (empty: all)}, from real comments (tokenize)."""
    import io
    import tokenize

    found: dict[int, set] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                match = _NOQA.search(token.string)
                if match:
                    codes = match.group("codes")
                    found[token.start[0]] = {c.upper() for c in re.split(r"[\s,]+", codes)
                                             if c} if codes else set()
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def _notebook_code(text: str) -> str:
    try:
        cells = json.loads(text).get("cells", [])
    except (ValueError, AttributeError):
        raise ValueError("not a notebook (bad JSON)") from None
    sources = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        sources.append("\n".join(_without_magics(source)))
    return "\n".join(sources) + "\n"


def _without_magics(source: str) -> list[str]:
    """IPython magics and shell lines (with their `\\` continuations) become `pass`; a `%%`
    cell magic makes the whole cell non-Python. Line counts are kept."""
    lines = source.splitlines()
    if lines and lines[0].lstrip().startswith("%%"):
        return [""] * len(lines)
    kept, continued = [], False
    for line in lines:
        stripped = line.lstrip()
        if continued or stripped.startswith(("%", "!")):
            kept.append(line[:len(line) - len(stripped)] + "pass" if not continued else "")
            continued = line.rstrip().endswith("\\")
        else:
            kept.append(line)
    return kept


def lint_paths(paths: tuple[str, ...], exclude: tuple[str, ...], jobs: int,
               force_exclude: bool = False,
               emit: Optional[Callable[[LintResult], None]] = None) -> list[LintResult]:
    """Lint the files of `paths`; `emit` gets each result in sorted order as soon as the
    files before it are done (output streams)."""
    from concurrent.futures import ProcessPoolExecutor

    from migrate.discovery import discover
    from migrate.executors import end_pool, worker_init
    from migrate.report import InOrder

    found = discover(paths, exclude, force_exclude=force_exclude)
    files = found.files
    results: list[LintResult] = []
    skipped = [LintResult(path, error=f"skipped: {reason}") for path, reason in found.skipped]

    def collect(result: LintResult) -> None:
        results.append(result)
        if emit is not None:
            emit(result)

    ordered = InOrder([*files, *(r.path for r in skipped)], collect)
    for result in skipped:
        ordered.add(result)
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            ordered.add(lint_file(f))
    else:
        workers = min(jobs, len(files))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_init)
        try:
            for result in pool.map(lint_file, files,
                                   chunksize=max(1, min(32, len(files) // (workers * 8)))):
                ordered.add(result)
        except BaseException:
            end_pool(pool)
            raise
        pool.shutdown(wait=True)
    return sorted(results, key=lambda r: r.path)
