"""What every command shares: the exit codes, the one-line `Failure`, click options, reading
`[tool.tfmigrate]` into options left at their defaults, colour and printing as is.

Exit codes: 0 ok, 1 "changes" (diff, check) or hazards (lint), 2 some file failed or any usage,
config or runtime error: a script can tell "the tool found something" from "the tool did not
finish".
"""
from __future__ import annotations

import os
from typing import Callable

import click

EXIT_OK, EXIT_CHANGES, EXIT_FAILED = 0, 1, 2


class Failure(click.ClickException):
    """A usage, config or runtime error: one line, exit 2."""

    exit_code = EXIT_FAILED


def default_jobs() -> int:
    return os.cpu_count() or 1


def config_option(command: Callable) -> Callable:
    return click.option("--config", "config_file", type=click.Path(dir_okay=False),
                        default=None, metavar="FILE",
                        help="Read options from FILE (a pyproject.toml's [tool.tfmigrate], or "
                        "a TOML file of the same keys) instead of the nearest pyproject.toml "
                        "above the paths given.")(command)


def color_option(command: Callable) -> Callable:
    return click.option("--color", type=click.Choice(["auto", "always", "never"]),
                        default="auto", show_default=True,
                        help="Colour the output (auto: when writing to a terminal).")(command)


def format_options(command: Callable) -> Callable:
    options = [
        click.option("--output-format", type=click.Choice(["text", "json", "github", "sarif"]),
                     default="text", show_default=True,
                     help="How findings are printed (github: workflow annotations; sarif: "
                     "for code scanning)."),
        click.option("--statistics", is_flag=True,
                     help="Print counts per symbol/code instead of one line per finding."),
        click.option("--exit-zero", is_flag=True,
                     help="Exit 0 even when findings remain (2 still means a file failed)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def common_options(command: Callable) -> Callable:
    options = [
        click.argument("paths", nargs=-1, required=False),
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=default_jobs,
                     show_default="all cores", help="Worker processes."),
        click.option("--select", default="", metavar="NAME,...",
                     help="Run only these codemods (see `tfmigrate codemods`)."),
        click.option("--ignore", default="", metavar="NAME,...", help="Do not run these codemods."),
        click.option("--exclude", multiple=True, metavar="GLOB",
                     help="Skip walked paths matching GLOB (repeatable)."),
        click.option("--force-exclude", is_flag=True,
                     help="Apply --exclude to files named explicitly too (pre-commit)."),
        click.option("--report", "report_path", type=click.Path(dir_okay=False), default=None,
                     metavar="FILE.json", help="Write a per-file JSON report."),
        click.option("--shard", default=None, metavar="K/N",
                     help="Process only shard K of N (a stable partition of the files)."),
        click.option("--patch-dir", type=click.Path(file_okay=False), default=None,
                     metavar="DIR", help="Write one patch per directory group or CODEOWNERS "
                     "owner, plus summary.json and summary.md, into DIR."),
        click.option("--no-cache", is_flag=True, help="Do not read or write the result cache."),
        click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
                     metavar="DIR", help="Result cache location (default: $TFMIGRATE_CACHE_DIR, "
                     "else .tfmigrate_cache/ at the project root)."),
        click.option("--files-from", type=click.Path(dir_okay=False, allow_dash=True),
                     default=None, metavar="FILE|-",
                     help="Process the files listed in FILE (one per line; - reads stdin), "
                     "e.g. `git ls-files` output."),
        click.option("--changed-since", default=None, metavar="REV",
                     help="Process the files changed since git REV, plus untracked ones."),
        click.option("--executor", type=click.Choice(["local", "ray"]), default="local",
                     show_default=True, help="Run on local processes or on a Ray cluster."),
        click.option("--ray-address", default=None, metavar="ADDR",
                     help="Ray cluster to join (default: start a local Ray instance)."),
        click.option("--quiet", "-q", is_flag=True, help="Only errors and the summary."),
        click.option("--profile", is_flag=True,
                     help="At the end, print a table of CPU seconds per phase on stderr "
                     "(parse, name resolution, each codemod, codegen, diff, report)."),
    ]
    for option in reversed(options):
        command = option(command)
    return color_option(config_option(command))


def configured(options: dict) -> dict:
    """`options` with the config's values for every option left at its default: the config
    is `--config FILE`, else the nearest pyproject.toml above the common parent of the paths."""
    from migrate.config import ConfigError, common_parent, load_config

    ctx = click.get_current_context()
    explicit = options.pop("config_file", None)
    try:
        config = load_config(common_parent(options.get("paths") or ()), explicit)
    except ConfigError as exc:
        raise Failure(f"bad config: {exc}") from None
    from click.core import ParameterSource

    for name, value in config.items():
        if name in options and ctx.get_parameter_source(name) in (
                ParameterSource.DEFAULT, ParameterSource.DEFAULT_MAP, None):
            options[name] = value
    return options


class Style:
    """Colour for one stream: `--color always`, or `auto` on a terminal (and no $NO_COLOR)."""

    def __init__(self, mode: str, stream) -> None:
        self.on = mode == "always" or (mode == "auto" and not os.environ.get("NO_COLOR")
                                       and hasattr(stream, "isatty") and stream.isatty())

    def __call__(self, text: str, **style) -> str:
        return click.style(text, **style) if self.on else text

    def diff(self, text: str) -> str:
        if not self.on:
            return text
        out = []
        for line in text.splitlines(True):
            if line.startswith(("+++", "---", "diff ")):
                out.append(click.style(line, bold=True))
            elif line.startswith("@@"):
                out.append(click.style(line, fg="cyan"))
            elif line.startswith("+"):
                out.append(click.style(line, fg="green"))
            elif line.startswith("-"):
                out.append(click.style(line, fg="red"))
            else:
                out.append(line)
        return "".join(out)


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """Print as is: never strip bytes of the user's code (click strips escapes off a pipe)."""
    click.echo(text, err=err, nl=nl, color=True)
