"""Process files, one isolated task each, in a pool of worker processes.

A task never raises: whatever goes wrong with one file (bad syntax, bad bytes, a file that
vanished, a read-only target, a bug of ours) becomes a failed `FileResult` with a one-line
error, the file is left untouched, and every other file goes on.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Callable, Optional

from migrate.engine import Pipeline
from migrate.file_migration import output_parses, unreadable, written
from migrate.local_imports import importers_of, local_imports
from migrate.results import UNCHANGED, FileResult
from migrate.sources import Snapshot, SourceError, read_snapshot

if TYPE_CHECKING:
    from migrate.cache import Cache
    from migrate.executors import Executor


def run_files(paths: list[str], pipeline: Pipeline, write: bool, jobs: int,
              on_result: Callable[[FileResult], None] = lambda r: None,
              cache: Optional["Cache"] = None, executor: Optional["Executor"] = None,
              follow: frozenset = frozenset()) -> list[FileResult]:
    """Process `paths`; results come back in the order of `paths`.

    The driver reads each file once. Files the pipeline rejects on their bytes, and cache
    hits, are settled here without a worker; only the rest goes to `executor` (a local
    process pool of `jobs` by default), in chunks. Each result is stored in the cache as it
    arrives and, with `write`, written back then: an interrupted run resumes from there.
    A file is only replaced if it is still what was read. `follow`: paths that are symlinks
    named explicitly, written through to their targets.
    """
    from migrate.executors import LocalExecutor

    executor = executor or LocalExecutor(jobs)
    done: dict[str, FileResult] = {}
    tasks: list[tuple[str, bytes, Optional[str]]] = []

    snapshots: dict[str, Snapshot] = {}

    def settle(path: str, output: Optional[bytes], result: FileResult) -> None:
        if write:
            result = written(path, output, result, snapshots.get(path),
                              follow=path in follow)
        done[path] = result
        on_result(result)

    contents: dict[str, object] = {}
    for path in paths:
        try:
            contents[path], snapshots[path] = read_snapshot(path)
        except SourceError as exc:
            contents[path] = exc
    scanned: dict[str, list] = {}
    importers = importers_of(paths, lambda p: contents[p] if isinstance(contents[p], bytes)
                             else None, scanned)
    for path in paths:
        data = contents.pop(path)
        if isinstance(data, SourceError):
            settle(path, None, unreadable(path, data))
            continue
        if not pipeline.wants_bytes(data):
            settle(path, None, FileResult(path, UNCHANGED))
            continue
        imports = local_imports(path, data, scanned.get(path, []))
        imported = importers.get(os.path.abspath(path), {})
        key = cache.key(path, data, imports, imported) if cache else None
        hit = cache.get(key) if cache else None
        if hit is not None and not output_parses(path, hit[0]):
            hit = None  # a cached result is only trusted with code that parses
        if hit is not None:
            settle(path, *hit)
        else:
            tasks.append((path, data, imports, imported, key))
    keys = {path: key for path, *_, key in tasks}
    for path, output, result in executor.run([t[:4] for t in tasks], pipeline):
        if cache is not None:
            cache.put(keys[path], output, result)
        settle(path, output, result)
    return [done[path] for path in paths]
