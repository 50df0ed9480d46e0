"""`tfmigrate lint`: variable-lifecycle hazards (codes TFL001..., see hazards/), one line each,
sorted, in text, JSON, GitHub or SARIF; `# noqa: CODE` on a line drops that code there.
"""
from __future__ import annotations

import sys

import click

from migrate.commands.options import EXIT_FAILED, Style, color_option, config_option, configured, \
    default_jobs, echo, format_options
from migrate.commands.run import print_findings
from migrate.linting import LintResult, lint_paths

EXIT_CLEAN, EXIT_HAZARDS = 0, 1


@click.command("lint")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True,
              help="Print a JSON list of diagnostics (= --output-format json).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=default_jobs,
              show_default="all cores", help="Worker processes.")
@click.option("--exclude", multiple=True, metavar="GLOB",
              help="Skip walked paths matching GLOB (repeatable).")
@click.option("--force-exclude", is_flag=True,
              help="Apply --exclude to files named explicitly too (pre-commit).")
@click.option("--quiet", "-q", is_flag=True, help="Only diagnostics, errors and the summary.")
@format_options
@color_option
@config_option
def lint_command(**options) -> None:
    """Report variable-lifecycle hazards (codes TFL001..., see `tfmigrate explain CODE`).

    `# noqa: TFL001` on a line drops that code there (a bare `# noqa`: every code).
    Exit 0: none (or --exit-zero), 1: some hazard found, 2: some file failed (the
    others still linted).
    """
    from migrate.report import github_lines

    options = configured(options)
    output_format = "json" if options["as_json"] else options["output_format"]
    quiet, statistics = options["quiet"], options["statistics"]
    err = Style(options["color"], sys.stderr)
    out = Style(options["color"], sys.stdout)
    streamed = output_format in ("text", "github") and not statistics
    diagnostics: list = []
    failed: list = []

    def emit(result: LintResult) -> None:
        skipped = bool(result.error and result.error.startswith("skipped:"))
        if result.error and not skipped:
            failed.append(result)
        if result.error and (not quiet or not skipped):
            echo(f"{err(result.path, bold=True)}: "
                 f"{'' if skipped else err('error: ', fg='red')}{result.error}", err=True)
        found = sorted(result.diagnostics)
        diagnostics.extend(found)
        if not streamed:
            return
        if output_format == "github":
            for line in github_lines([d.to_json() for d in found]):
                echo(line)
        else:
            for diagnostic in found:
                text = diagnostic.format()
                if out.on:
                    text = text.replace(f" {diagnostic.code} ",
                                        " " + out(diagnostic.code, fg="red", bold=True) + " ",
                                        1)
                echo(text)

    results = lint_paths(options["paths"], tuple(options["exclude"]), options["jobs"],
                         options["force_exclude"], emit)
    from hazards.registry import CHECKERS

    rules = {c.CODE: c.TITLE for c in CHECKERS}
    print_findings([d.to_json() for d in sorted(diagnostics)], output_format, statistics,
                    rules, streamed, key="code")
    flagged = len({d.path for d in diagnostics})
    linted = sum(1 for r in results if not r.error)
    echo(f"{len(diagnostics)} hazard{'s' if len(diagnostics) != 1 else ''} in {flagged} "
         f"file{'s' if flagged != 1 else ''}, {linted} linted, {len(failed)} failed",
         err=True)
    sys.exit(EXIT_FAILED if failed else EXIT_HAZARDS if diagnostics and
             not options["exit_zero"] else EXIT_CLEAN)
