"""`tfmigrate lint` and `tfmigrate explain`: variable-lifecycle hazards (see hazards/).

Files are found like every other command (migrate/discovery.py, `--exclude`, config) and
linted in worker processes, one isolated task each: a file that cannot be read or parsed gets
its one-line error and the run goes on. Output is sorted, so runs are deterministic.
"""
from __future__ import annotations

import json
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Optional

import click

from migrate.discovery import discover
from migrate.runner import _failure, check_source
from migrate.sources import NotRegularFile, read_source

EXIT_CLEAN, EXIT_HAZARDS, EXIT_FAILED = 0, 1, 2


@dataclass
class LintResult:
    path: str
    diagnostics: list = field(default_factory=list)
    error: Optional[str] = None


def lint_file(path: str) -> LintResult:
    """Lint one file; never raises. A notebook's code cells are joined in order (magics become
    `pass`); its diagnostics are numbered by line in that joined code."""
    from hazards.registry import lint_code

    try:
        text = read_source(path).text
        if path.endswith(".ipynb"):
            text = _notebook_code(text)
        check_source(text, path)  # Python's own error, and no minutes on absurd nesting
        return LintResult(path, lint_code(text, path))
    except NotRegularFile as exc:
        return LintResult(path, error=f"skipped: {exc}")
    except Exception as exc:  # noqa: BLE001 - isolation is the point
        return LintResult(path, error=_failure(path, exc).error)


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


def lint_paths(paths: tuple[str, ...], exclude: tuple[str, ...], jobs: int) -> list[LintResult]:
    found = discover(paths, exclude)
    files = found.files
    if jobs <= 1 or len(files) <= 1:
        results = [lint_file(f) for f in files]
    else:
        workers = min(jobs, len(files))
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(lint_file, files,
                                    chunksize=max(1, min(32, len(files) // (workers * 8)))))
    results += [LintResult(path, error=f"skipped: {reason}") for path, reason in found.skipped]
    return sorted(results, key=lambda r: r.path)


def register(main: click.Group) -> None:
    from migrate.cli import _default_jobs

    @main.command("lint")
    @click.argument("paths", nargs=-1, required=True)
    @click.option("--json", "as_json", is_flag=True, help="Print a JSON list of diagnostics.")
    @click.option("--jobs", "-j", type=click.IntRange(min=1), default=_default_jobs,
                  show_default="all cores", help="Worker processes.")
    @click.option("--exclude", multiple=True, metavar="GLOB",
                  help="Skip walked paths matching GLOB (repeatable).")
    @click.option("--quiet", "-q", is_flag=True, help="Only diagnostics, errors and the summary.")
    def lint_command(paths: tuple[str, ...], as_json: bool, jobs: int, exclude: tuple[str, ...],
                     quiet: bool) -> None:
        """Report variable-lifecycle hazards (codes TFL001..., see `tfmigrate explain CODE`).

        Exit 0: none, 1: some hazard found, 2: some file failed (the others still linted).
        """
        results = lint_paths(paths, tuple(exclude), jobs)
        diagnostics = sorted(d for r in results for d in r.diagnostics)
        failed = [r for r in results if r.error and not r.error.startswith("skipped:")]
        for result in results:
            if result.error and (not quiet or result in failed):
                click.echo(f"{result.path}: {'' if result.error.startswith('skipped:') else 'error: '}"
                           f"{result.error}", err=True)
        if as_json:
            click.echo(json.dumps([d.to_json() for d in diagnostics], indent=2))
        else:
            for diagnostic in diagnostics:
                click.echo(diagnostic.format())
        flagged = len({d.path for d in diagnostics})
        linted = sum(1 for r in results if not r.error)
        click.echo(f"{len(diagnostics)} hazard{'s' if len(diagnostics) != 1 else ''} in {flagged} "
                   f"file{'s' if flagged != 1 else ''}, {linted} linted, {len(failed)} failed",
                   err=True)
        sys.exit(EXIT_FAILED if failed else EXIT_HAZARDS if diagnostics else EXIT_CLEAN)

    @main.command("explain")
    @click.argument("code")
    def explain_command(code: str) -> None:
        """Explain a lint code: the cause and a minimal before/after fix."""
        from hazards.registry import CHECKERS, checker_for

        checker = checker_for(code)
        if checker is None:
            known = ", ".join(c.CODE for c in CHECKERS)
            click.echo(f"error: unknown code {code!r} (known: {known})", err=True)
            sys.exit(EXIT_FAILED)
        click.echo(f"{checker.CODE}: {checker.TITLE}\n")
        click.echo(checker.EXPLAIN.rstrip("\n"))
