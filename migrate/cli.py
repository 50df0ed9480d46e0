"""The `tfmigrate` command line. Importing this module never imports TensorFlow, nor libcst:
`--help`, `--version`, `explain` and `codemods` start fast, and the engine is imported when a
run starts.

Exit codes: 0 ok, 1 "changes" (diff, check) or hazards (lint), 2 some file failed or any usage,
config or runtime error (a bad option, a bad `[tool.tfmigrate]`, a missing `ray`, Ctrl-C or
SIGTERM): a script can tell "the tool found something" from "the tool did not finish".
"""
from __future__ import annotations

import os
import signal
import sys
from typing import Callable, Optional

import click

from migrate import __version__

EXIT_OK, EXIT_CHANGES, EXIT_FAILED = 0, 1, 2
#: Codes of `check` findings in the machine-readable formats.
WOULD_CHANGE, TF1_REMAINS = "TFM001", "TFM002"
CHECK_RULES = {WOULD_CHANGE: "the file would change under `tfmigrate apply`",
               TF1_REMAINS: "TF1 API remains after the migration"}


class Failure(click.ClickException):
    """A usage, config or runtime error: one line, exit 2."""

    exit_code = EXIT_FAILED


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGINT: raised in the main thread, so pools are ended and temp files gone."""


def _on_signal(signum, frame) -> None:
    raise Interrupted(signum)


class TfmigrateGroup(click.Group):
    """Click's group, with our exit codes: every error is 2, and so are Ctrl-C and SIGTERM
    (click's own "Aborted!" would be 1, which `diff` and `check` use for "changes")."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        handlers = {}
        if _main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                handlers[signum] = signal.signal(signum, _on_signal)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("tfmigrate: interrupted; files not yet written were left as they were",
                       err=True)
            sys.exit(EXIT_FAILED)
        except click.ClickException as exc:
            exc.show()
            sys.exit(EXIT_FAILED)
        finally:
            for signum, handler in handlers.items():
                signal.signal(signum, handler)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _default_jobs() -> int:
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
        click.option("--jobs", "-j", type=click.IntRange(min=1), default=_default_jobs,
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


class Run:
    """One invocation's resolved options and results."""

    def __init__(self, command: str, paths: tuple[str, ...], jobs: int, select: str, ignore: str,
                 exclude: tuple[str, ...], report_path: Optional[str], shard: Optional[str],
                 quiet: bool, patch_dir: Optional[str] = None, no_cache: bool = False,
                 cache_dir: Optional[str] = None, files_from: Optional[str] = None,
                 changed_since: Optional[str] = None, executor: str = "local",
                 ray_address: Optional[str] = None, force_exclude: bool = False,
                 color: str = "auto", profile: bool = False, **unused):
        from migrate.discovery import parse_shard
        from migrate.executors import make_executor
        from migrate.profiling import cpu_now

        self.started_cpu = cpu_now()
        self.profile = profile

        self.command = command
        self.paths = tuple(paths)
        self.jobs = jobs
        self.report_path = report_path
        self.quiet = quiet
        self.patch_dir = patch_dir
        self.force_exclude = force_exclude
        self.out, self.err = Style(color, sys.stdout), Style(color, sys.stderr)
        self.pipeline = _pipeline(select, ignore)
        if report_path:  # the report lists the hazards each changed file lost
            from dataclasses import replace

            from hazards.registry import hazards_removed

            self.pipeline = replace(self.pipeline, hazards=hazards_removed)
        if profile:
            from dataclasses import replace

            self.pipeline = replace(self.pipeline, profile=True)
        self.exclude = tuple(exclude)
        self.files_from = files_from
        self.changed_since = changed_since
        if not self.paths and not files_from and not changed_since:
            raise click.UsageError("give PATH..., --files-from or --changed-since")
        if "-" in self.paths and (len(self.paths) > 1 or files_from or changed_since):
            raise click.UsageError("`-` (stdin) cannot be combined with other inputs")
        try:
            self.shard = parse_shard(shard) if shard else None
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--shard") from None
        self.cache = None if no_cache else self._cache(cache_dir)
        self.executor = make_executor(executor, jobs, ray_address)

    def _cache(self, directory: Optional[str]):
        from migrate.cache import Cache, default_directory

        cache = Cache(directory or default_directory(), ",".join(self.pipeline.names()))
        if not cache.prepare():
            echo(f"warning: {cache.problem}", err=True)
            return None
        return cache

    def files(self):
        """The deterministic, sorted file list of this run (before sharding)."""
        from migrate.discovery import SelectionError, discover, select_files

        try:
            if self.files_from or self.changed_since:
                return select_files(self.paths, self.exclude, files_from=self.files_from,
                                    changed_since=self.changed_since)
        except SelectionError as exc:
            raise Failure(str(exc)) from None
        return discover(self.paths, self.exclude, force_exclude=self.force_exclude)

    def execute(self, write: bool, emit: Optional[Callable] = None) -> list:
        """Run; `emit(result)` is called per file in sorted order as soon as the files before
        it are done (streamed output), after its problem lines are printed."""
        from migrate.report import InOrder, Progress
        from migrate.runner import SKIPPED, FileResult, run_files

        if self.paths == ("-",):
            return [self._stdin(write, emit)]
        found = self.files()
        files = found.files
        if self.shard:
            from migrate.discovery import shard_of

            k, n = self.shard
            files = [f for f in files if shard_of(f, n) == k]
        progress = Progress(len(files), enabled=not self.quiet)
        skipped = [FileResult(path, SKIPPED, error=reason) for path, reason in found.skipped]

        def show(result) -> None:
            progress.clear()
            self.print_problems(result)
            if emit is not None:
                emit(result)
            progress._draw()

        ordered = InOrder([*files, *(r.path for r in skipped)], show)
        for result in skipped:
            ordered.add(result)

        def on_result(result) -> None:
            progress.advance(result.path)
            ordered.add(result)

        try:
            results = run_files(files, self.pipeline, write, self.jobs, on_result,
                                cache=self.cache, executor=self.executor,
                                follow=found.followed)
        except RuntimeError as exc:  # e.g. --executor ray without ray installed
            progress.close()
            raise Failure(str(exc)) from None
        finally:
            progress.close()
        if self.cache is not None and self.cache.problem:
            echo(f"warning: {self.cache.problem}", err=True)
        results += skipped
        results.sort(key=lambda r: r.path)
        return results

    def print_problems(self, result) -> None:
        from migrate.report import problem_lines

        for line in problem_lines(result, self.quiet):
            echo(self._styled_problem(line, result), err=True)

    def _styled_problem(self, line: str, result) -> str:
        if not self.err.on:
            return line
        from migrate.runner import FAILED, SKIPPED

        head, sep, rest = line.partition(": ")
        colour = "red" if result.status == FAILED else None if result.status == SKIPPED \
            else "yellow"
        return self.err(head, bold=True) + sep + (self.err(rest, fg=colour) if colour
                                                  else self.err(rest, dim=True))

    def _stdin(self, write: bool, emit: Optional[Callable]):
        from migrate.runner import process_bytes

        output, result = process_bytes(sys.stdin.buffer.read(), self.pipeline, "-")
        if write:
            sys.stdout.buffer.write(output)
            sys.stdout.flush()
        self.print_problems(result)
        if emit is not None:
            emit(result)
        return result

    def finish(self, results: list) -> None:
        from migrate.report import summary_line, write_report

        if self.report_path:
            write_report(self.report_path, self.command, results)
        if self.patch_dir and self.paths != ("-",):
            from migrate.patches import write_patches

            try:
                written = write_patches(self.patch_dir, results, self.paths)
            except OSError as exc:
                raise Failure(f"cannot write patches to {self.patch_dir}: "
                              f"{exc.strerror or exc}") from None
            if not self.quiet:
                echo(f"{len(written)} patch{'es' if len(written) != 1 else ''} and "
                     f"summary.json/summary.md written to {self.patch_dir}", err=True)
        echo(summary_line(results, with_residue=self.command == "check"), err=True)
        if self.profile:
            self.print_profile(results)

    def print_profile(self, results: list) -> None:
        """The `--profile` table: CPU seconds per phase over the files migrated in this run
        (cache hits and files skipped on their bytes spent none), and the rest of the run."""
        from migrate.profiling import cpu_now, table

        accounts = [r.phases for r in results if r.phases]
        echo(f"profile: CPU seconds by phase, {len(accounts)} of {len(results)} files "
             f"migrated here (driver and workers)", err=True)
        for line in table(accounts, cpu_now() - self.started_cpu):
            echo(line, err=True)


def _pipeline(select: str, ignore: str):
    from codemods.registry import build_pipeline, codemod_names

    chosen = [n.strip() for n in select.split(",") if n.strip()]
    dropped = [n.strip() for n in ignore.split(",") if n.strip()]
    unknown = sorted(set(chosen + dropped) - set(codemod_names()))
    if unknown:
        raise click.BadParameter(
            f"unknown codemod(s): {', '.join(unknown)} (see `tfmigrate codemods`)")
    return build_pipeline(select=chosen or None, ignore=dropped)


@click.group(cls=TfmigrateGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tfmigrate")
def main() -> None:
    """Migrate TensorFlow 1 code to idiomatic TensorFlow 2."""


@main.command()
@common_options
def diff(**options) -> None:
    """Print a unified diff of what would change; write nothing.

    Exit 0: nothing to change, 1: changes shown, 2: some file failed.
    """
    run = Run("diff", **configured(options))

    def emit(result) -> None:
        if result.diff and not run.patch_dir:  # with --patch-dir the diffs go to the patches
            if result.encoding or result.bom:  # a patch of the file's own bytes
                sys.stdout.flush()
                sys.stdout.buffer.write(result.diff_bytes())
            else:
                echo(run.out.diff(result.diff), nl=False)
            sys.stdout.flush()

    results = run.execute(write=False, emit=emit)
    run.finish(results)
    sys.exit(_exit_code(results, changes=EXIT_CHANGES))


@main.command()
@common_options
def apply(**options) -> None:
    """Rewrite files in place, atomically. Exit 0: ok, 2: some file failed."""
    run = Run("apply", **configured(options))
    results = run.execute(write=True)
    run.finish(results)
    sys.exit(_exit_code(results, changes=EXIT_OK))


def check_findings(result) -> list[dict]:
    """One finding per file that would change and per TF1 API leftover, at its line on disk."""
    from migrate.runner import CHANGED

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


@main.command()
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
            for line in github_lines([_located(f) for f in found]):
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
    _print_findings(findings, output_format, statistics, CHECK_RULES, streamed)
    run.finish(results)
    remains = bool(findings)
    sys.exit(_exit_code(results, changes=EXIT_CHANGES if remains and not exit_zero else EXIT_OK,
                        any_change=remains))


def _without_warnings(result):
    """`check` shows each leftover once (as a finding), not again as a codemod warning."""
    from dataclasses import replace

    return replace(result, warnings=[])


def _located(finding: dict) -> dict:
    """A notebook's finding names its cell in the message (annotations take file lines)."""
    if "cell" not in finding:
        return finding
    return dict(finding, message=f"cell {finding['cell']}: {finding['message']}")


def _print_findings(findings: list[dict], output_format: str, statistics: bool,
                    rules: dict, streamed: bool, key: str = "symbol") -> None:
    from migrate.report import findings_json, sarif, statistics_lines

    if statistics:  # check: leftovers by symbol; lint: hazards by code
        for line in statistics_lines([f for f in findings if f.get("code") != WOULD_CHANGE],
                                     key=key):
            echo(line)
        return
    if output_format == "json":
        echo(findings_json([{k: f[k] for k in ("path", "line", "col", "code", "message",
                                               "cell") if k in f} for f in findings]))
    elif output_format == "sarif":
        echo(sarif([_located(f) for f in findings], rules))


def _exit_code(results: list, changes: int, any_change: Optional[bool] = None) -> int:
    from migrate.report import CHANGED, FAILED

    if any(r.status == FAILED for r in results):
        return EXIT_FAILED
    changed = any(r.status == CHANGED for r in results) if any_change is None else any_change
    return changes if changed else EXIT_OK


@main.command("codemods")
def list_codemods() -> None:
    """List codemods in pipeline order, one line each, with safe/unsafe."""
    from codemods.registry import CODEMODS

    width = max(len(c.NAME) for c in CODEMODS)
    for codemod in CODEMODS:
        safety = "safe" if codemod.SAFE else "unsafe"
        click.echo(f"{codemod.NAME:<{width}}  {safety:<6}  {codemod.summary()}")


from migrate.verify_command import register as _register_verify  # noqa: E402

_register_verify(main)

from migrate.lint_command import register as _register_lint  # noqa: E402

_register_lint(main)

from migrate.checkpoint_command import register as _register_convert_checkpoint  # noqa: E402

_register_convert_checkpoint(main)


if __name__ == "__main__":
    main()
