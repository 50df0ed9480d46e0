"""`tfmigrate check`: the CI gate. One finding per file that would change (TFM001) and per
TF1 API leftover (TFM002), at its line in the file on disk, in text, JSON, GitHub or SARIF.
"""
from __future__ import annotations

import sys

import click

from migrate.commands.options import EXIT_CHANGES, EXIT_OK, common_options, configured, echo, \
    format_options
from migrate.commands.run import Run, exit_code, located, print_findings

#: Codes of `check` findings in the machine-readable formats.
WOULD_CHANGE, TF1_REMAINS = "TFM001", "TFM002"
CHECK_RULES = {WOULD_CHANGE: "the file would change under `tfmigrate apply`",
               TF1_REMAINS: "TF1 API remains after the migration"}


def check_findings(result) -> list[dict]:
    """One finding per file that would change and per TF1 API leftover, at its line on disk."""
    from migrate.results import CHANGED

    found = []
    if result.status == CHANGED:
        found.append({"path": result.path, "line": 1, "col": 1, "code": WOULD_CHANGE,
                      "message": f"would change ({', '.join(result.codemods)})",
                      "symbol": "(would change)"})
    reasons = {}
    for warning in result.warnings:
        reasons.setdefault((warning.get("cell"), warning["line"]), warning["message"])
    seen = set()
    for item in result.residue:
        place = (item.get("cell"), item["line"], item["col"], item["message"])
        if place in seen:
            continue
        seen.add(place)
        line = item["line"]
        entry = {"path": result.path, "line": line, "col": item["col"], "code": TF1_REMAINS,
                 "message": f"TF1 API remains: {item['message']}",
                 "symbol": item.get("message", "")}
        if "cell" in item:
            entry["cell"] = item["cell"]
        found.append(entry)
    return found


@click.command("check")
@common_options
@format_options
def check(output_format: str, statistics: bool, exit_zero: bool, **options) -> None:
    """CI gate: exit 1 if anything would change or TF1 API remains.

    One line per file that would change and per TF1 API leftover, at its line in the file
    on disk. Exit 0: clean (or --exit-zero), 1: findings, 2: some file failed.
    """
    options = configured({**options, "output_format": output_format, "statistics": statistics,
                          "exit_zero": exit_zero})
    output_format, statistics, exit_zero = (options.pop("output_format"),
                                            options.pop("statistics"), options.pop("exit_zero"))
    run = Run("check", **options)
    findings: list[dict] = []
    streamed = output_format in ("text", "github") and not statistics

    def emit(result) -> None:
        from migrate.report import github_lines, location

        found = check_findings(result)
        findings.extend(found)
        if not streamed or (run.quiet and output_format == "text"):
            return
        if output_format == "github":
            for line in github_lines([located(f) for f in found]):
                echo(line)
            return
        for finding in found:
            where = location(finding["path"], finding) if finding["code"] == TF1_REMAINS \
                else finding["path"]
            echo(f"{run.err(where, bold=True)}: {run.err(finding['message'], fg='yellow')}",
                 err=True)

    original = run.print_problems
    run.print_problems = lambda result: original(_without_warnings(result))  # one line each
    results = run.execute(write=False, emit=emit)
    print_findings(findings, output_format, statistics, CHECK_RULES, streamed,
                   uncounted=(WOULD_CHANGE,))
    run.finish(results)
    remains = bool(findings)
    sys.exit(exit_code(results, changes=EXIT_CHANGES if remains and not exit_zero else EXIT_OK,
                        any_change=remains))


def _without_warnings(result):
    """`check` shows each leftover once (as a finding), not again as a codemod warning."""
    from dataclasses import replace

    return replace(result, warnings=[])
