"""One file's bytes in, new bytes and its FileResult out: decoding, notebooks, atomic writes.

A task never raises: whatever goes wrong with one file (bad syntax, bad bytes, a file that
vanished, a read-only target, a bug of ours) becomes a failed `FileResult` with a one-line
error, the file is left untouched, and every other file goes on. This is what the workers of
every executor run.
"""
from __future__ import annotations

import ast
from typing import Optional

from migrate.engine import Pipeline
from migrate.local_imports import local_imports
from migrate.profiling import Phases, phase
from migrate.results import CHANGED, FAILED, NOTEBOOK_SUFFIX, SKIPPED, UNCHANGED, FileResult
from migrate.source_errors import failure
from migrate.sources import NotRegularFile, Snapshot, SourceError, decode, read_snapshot, \
    write_atomic
from migrate.text_migration import migrate_text


def process_file(path: str, pipeline: Pipeline, write: bool) -> FileResult:
    """Migrate one file; write it back (atomically) when `write` is set."""
    try:
        data, snapshot = read_snapshot(path)
    except SourceError as exc:
        return unreadable(path, exc)
    output, result = migrate_bytes(path, data, pipeline, local_imports(path, data))
    return written(path, output, result, snapshot) if write else result


def unreadable(path: str, exc: SourceError) -> FileResult:
    """A FIFO or device is skipped (`skipped: not a regular file`); anything else failed."""
    return FileResult(path, SKIPPED if isinstance(exc, NotRegularFile) else FAILED,
                      error=str(exc))


def migrate_bytes(path: str, data: bytes, pipeline: Pipeline, imports: Optional[dict] = None,
                  importers: Optional[dict] = None) -> tuple[Optional[bytes], FileResult]:
    """The pure part of processing a file: its bytes (and the sources of the modules beside
    it that it imports, see `local_imports`, and which of its names other files of the run
    import, see `importers_of`) in; (new bytes or None, result) out.

    This is what workers run (local processes or Ray tasks); reading, the cache and writing
    stay with the driver. Never raises. Files the pipeline's byte test rejects (no mention
    of what it migrates) are not even decoded.
    """
    try:
        if not pipeline.wants_bytes(data):
            return None, FileResult(path, UNCHANGED)
        if path.endswith(NOTEBOOK_SUFFIX):
            from migrate.notebooks import migrate_notebook

            return migrate_notebook(data, pipeline, path)
        phases = Phases() if pipeline.profile else None
        with phase(phases, "decode"):
            source = decode(data)
        new_text, result = migrate_text(source.text, pipeline, path, imports, importers, phases)
        if source.encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
            result.encoding = source.encoding
        result.bom = source.bom
        return (source.encode(new_text) if result.status == CHANGED else None), result
    except Exception as exc:  # noqa: BLE001 - isolation is the point
        return None, failure(path, exc)


def process_bytes(data: bytes, pipeline: Pipeline, label: str) -> tuple[bytes, FileResult]:
    """Migrate source bytes that do not come from a file (stdin). Failures return `data` as is."""
    try:
        source = decode(data)
        new_text, result = migrate_text(source.text, pipeline, label)
        return source.encode(new_text), result
    except Exception as exc:  # noqa: BLE001
        return data, failure(label, exc)


def written(path: str, output: Optional[bytes], result: FileResult,
             snapshot: Optional[Snapshot] = None, follow: bool = False) -> FileResult:
    """Write `output` over `path` (atomically) when the migration changed it, provided the
    file is still what was read (`snapshot`): an edit made during the run is never lost.
    `follow`: `path` is a symlink named explicitly; its target is written."""
    if output is None or result.status != CHANGED:
        return result
    try:
        write_atomic(path, output, expected=snapshot, follow_symlink=follow)
    except SourceError as exc:
        return FileResult(path, FAILED, error=str(exc))
    except Exception as exc:  # noqa: BLE001
        return failure(path, exc)
    return result


def output_parses(path: str, output: Optional[bytes]) -> bool:
    """Whether new bytes (from the cache) are a notebook / Python source that parses."""
    if output is None:
        return True
    try:
        if path.endswith(NOTEBOOK_SUFFIX):
            import json

            json.loads(output)
        else:
            compile(decode(output).text, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        return True
    except Exception:  # noqa: BLE001 - SyntaxError, SourceError, ValueError, RecursionError
        return False
