"""One invocation of diff, apply or check: its resolved options, the files, the pipeline, the
executor and cache, streamed per-file output, the report and patches at the end.
"""
from __future__ import annotations

import sys
from typing import Callable, Optional

import click

from migrate.commands.options import EXIT_FAILED, EXIT_OK, Failure, Style, echo


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
        self.pipeline = pipeline_for(select, ignore)
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
        from migrate.results import SKIPPED, FileResult
        from migrate.runner import run_files

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
        from migrate.results import FAILED, SKIPPED

        head, sep, rest = line.partition(": ")
        colour = "red" if result.status == FAILED else None if result.status == SKIPPED \
            else "yellow"
        return self.err(head, bold=True) + sep + (self.err(rest, fg=colour) if colour
                                                  else self.err(rest, dim=True))

    def _stdin(self, write: bool, emit: Optional[Callable]):
        from migrate.file_migration import process_bytes

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


def pipeline_for(select: str, ignore: str):
    """The pipeline of `--select`/`--ignore` (a usage error for an unknown codemod name)."""
    from codemods.registry import build_pipeline, codemod_names

    chosen = [n.strip() for n in select.split(",") if n.strip()]
    dropped = [n.strip() for n in ignore.split(",") if n.strip()]
    unknown = sorted(set(chosen + dropped) - set(codemod_names()))
    if unknown:
        raise click.BadParameter(
            f"unknown codemod(s): {', '.join(unknown)} (see `tfmigrate codemods`)")
    return build_pipeline(select=chosen or None, ignore=dropped)


def located(finding: dict) -> dict:
    """A notebook's finding names its cell in the message (annotations take file lines)."""
    if "cell" not in finding:
        return finding
    return dict(finding, message=f"cell {finding['cell']}: {finding['message']}")


def print_findings(findings: list[dict], output_format: str, statistics: bool,
                   rules: dict, streamed: bool, key: str = "symbol",
                   uncounted: tuple[str, ...] = ()) -> None:
    """The findings of a whole run, for the formats that are not streamed per file.
    `uncounted`: codes `--statistics` leaves out (check's "would change")."""
    from migrate.report import findings_json, sarif, statistics_lines

    if statistics:  # check: leftovers by symbol; lint: hazards by code
        for line in statistics_lines([f for f in findings if f.get("code") not in uncounted],
                                     key=key):
            echo(line)
        return
    if output_format == "json":
        echo(findings_json([{k: f[k] for k in ("path", "line", "col", "code", "message",
                                               "cell") if k in f} for f in findings]))
    elif output_format == "sarif":
        echo(sarif([located(f) for f in findings], rules))


def exit_code(results: list, changes: int, any_change: Optional[bool] = None) -> int:
    from migrate.report import CHANGED, FAILED

    if any(r.status == FAILED for r in results):
        return EXIT_FAILED
    changed = any(r.status == CHANGED for r in results) if any_change is None else any_change
    return changes if changed else EXIT_OK
