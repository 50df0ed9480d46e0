"""The `tfmigrate` command line. Importing this module never imports TensorFlow."""
from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import Callable, Optional

import click

from migrate import __version__
from migrate.config import ConfigError, load_config
from migrate.cache import Cache, default_directory
from migrate.discovery import Discovery, SelectionError, discover, parse_shard, select_files, \
    shard_of
from migrate.executors import make_executor
from migrate.engine import Pipeline
from migrate.report import Progress, location, problem_lines, summary_line, write_report
from migrate.runner import CHANGED, FAILED, SKIPPED, FileResult, process_bytes, run_files

EXIT_OK, EXIT_CHANGES, EXIT_FAILED = 0, 1, 2


def _default_jobs() -> int:
    return os.cpu_count() or 1


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
    ]
    for option in reversed(options):
        command = option(command)
    return command


class Run:
    """One invocation's resolved options and results."""

    def __init__(self, command: str, paths: tuple[str, ...], jobs: int, select: str, ignore: str,
                 exclude: tuple[str, ...], report_path: Optional[str], shard: Optional[str],
                 quiet: bool, patch_dir: Optional[str] = None, no_cache: bool = False,
                 cache_dir: Optional[str] = None, files_from: Optional[str] = None,
                 changed_since: Optional[str] = None, executor: str = "local",
                 ray_address: Optional[str] = None):
        self.command = command
        self.paths = tuple(paths)
        self.jobs = jobs
        self.report_path = report_path
        self.quiet = quiet
        self.patch_dir = patch_dir
        self.pipeline = _pipeline(select, ignore)
        if report_path:  # the report lists hazards each changed file lost; costs a lint each
            from hazards.registry import hazard_codes

            self.pipeline = replace(self.pipeline, hazards=hazard_codes)
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

    def _cache(self, directory: Optional[str]) -> Optional[Cache]:
        cache = Cache(directory or default_directory(), ",".join(self.pipeline.names()))
        if not cache.prepare():
            click.echo(f"warning: {cache.problem}", err=True)
            return None
        return cache

    def files(self) -> Discovery:
        """The deterministic, sorted file list of this run (before sharding)."""
        try:
            if self.files_from or self.changed_since:
                return select_files(self.paths, self.exclude, files_from=self.files_from,
                                    changed_since=self.changed_since)
        except SelectionError as exc:
            raise click.ClickException(str(exc)) from None
        return discover(self.paths, self.exclude)

    def execute(self, write: bool) -> list[FileResult]:
        if self.paths == ("-",):
            return [self._stdin(write)]
        found = self.files()
        files = found.files
        if self.shard:
            k, n = self.shard
            files = [f for f in files if shard_of(f, n) == k]
        progress = Progress(len(files), enabled=not self.quiet)

        def on_result(result: FileResult) -> None:
            progress.advance()

        try:
            results = run_files(files, self.pipeline, write, self.jobs, on_result,
                                cache=self.cache, executor=self.executor,
                                follow=found.followed)
        except RuntimeError as exc:  # e.g. --executor ray without ray installed
            progress.close()
            raise click.ClickException(str(exc)) from None
        progress.close()
        if self.cache is not None and self.cache.problem:
            click.echo(f"warning: {self.cache.problem}", err=True)
        results += [FileResult(path, SKIPPED, error=reason) for path, reason in found.skipped]
        results.sort(key=lambda r: r.path)
        for result in results:
            for line in problem_lines(result, self.quiet):
                click.echo(line, err=True)
        return results

    def _stdin(self, write: bool) -> FileResult:
        output, result = process_bytes(sys.stdin.buffer.read(), self.pipeline, "-")
        if write:
            sys.stdout.buffer.write(output)
            sys.stdout.flush()
        for line in problem_lines(result, self.quiet):
            click.echo(line, err=True)
        return result

    def finish(self, results: list[FileResult]) -> None:
        if self.report_path:
            write_report(self.report_path, self.command, results)
        if self.patch_dir and self.paths != ("-",):
            from migrate.patches import write_patches

            try:
                written = write_patches(self.patch_dir, results, self.paths)
            except OSError as exc:
                raise click.ClickException(f"cannot write patches to {self.patch_dir}: "
                                           f"{exc.strerror or exc}") from None
            if not self.quiet:
                click.echo(f"{len(written)} patch{'es' if len(written) != 1 else ''} and "
                           f"summary.json/summary.md written to {self.patch_dir}", err=True)
        click.echo(summary_line(results, with_residue=self.command == "check"), err=True)


def _pipeline(select: str, ignore: str) -> Pipeline:
    from codemods.registry import build_pipeline, codemod_names

    chosen = [n.strip() for n in select.split(",") if n.strip()]
    dropped = [n.strip() for n in ignore.split(",") if n.strip()]
    unknown = sorted(set(chosen + dropped) - set(codemod_names()))
    if unknown:
        raise click.BadParameter(
            f"unknown codemod(s): {', '.join(unknown)} (see `tfmigrate codemods`)")
    return build_pipeline(select=chosen or None, ignore=dropped)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tfmigrate")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Migrate TensorFlow 1 code to idiomatic TensorFlow 2."""
    try:
        config = load_config(".")
    except ConfigError as exc:
        raise click.ClickException(f"bad config: {exc}") from None
    if config:
        ctx.default_map = {name: config for name in main.commands}


@main.command()
@common_options
def diff(**options) -> None:
    """Print a unified diff of what would change; write nothing.

    Exit 0: nothing to change, 1: changes shown, 2: some file failed.
    """
    run = Run("diff", **options)
    results = run.execute(write=False)
    if not run.patch_dir:  # with --patch-dir the diffs go to the patches instead
        for result in results:
            if result.diff:
                click.echo(result.diff, nl=False)
    run.finish(results)
    sys.exit(_exit_code(results, changes=EXIT_CHANGES))


@main.command()
@common_options
def apply(**options) -> None:
    """Rewrite files in place, atomically. Exit 0: ok, 2: some file failed."""
    run = Run("apply", **options)
    results = run.execute(write=True)
    run.finish(results)
    sys.exit(_exit_code(results, changes=EXIT_OK))


@main.command()
@common_options
def check(**options) -> None:
    """CI gate: exit 1 if anything would change or TF1 API remains."""
    run = Run("check", **options)
    results = run.execute(write=False)
    if not run.quiet:
        for result in results:
            if result.status == CHANGED:
                click.echo(f"{result.path}: would change ({', '.join(result.codemods)})", err=True)
            for item in result.residue:
                click.echo(f"{location(result.path, item)}: TF1 API remains: "
                           f"{item['message']}", err=True)
    run.finish(results)
    remains = any(r.status == CHANGED or r.residue for r in results)
    sys.exit(_exit_code(results, changes=EXIT_CHANGES if remains else EXIT_OK,
                        any_change=remains))


def _exit_code(results: list[FileResult], changes: int, any_change: Optional[bool] = None) -> int:
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
