"""Migrate one source text through the pipeline and describe what happened (a FileResult).
Shared by files, stdin and notebook cells; knows nothing of bytes, encodings or writing.
"""
from __future__ import annotations

import os
from typing import Optional

from migrate import asts, fastvisit
from migrate.diffing import diff_stats, unified_diff
from migrate.engine import Migration, Pipeline, migrate_code
from migrate.profiling import Phases, phase
from migrate.results import CHANGED, UNCHANGED, FileResult
from migrate.source_errors import check_source


def migrate_text(text: str, pipeline: Pipeline, label: str, imports: Optional[dict] = None,
                 importers: Optional[dict] = None,
                 phases: Optional[Phases] = None) -> tuple[str, FileResult]:
    """The same as `process_file` for text that comes from elsewhere (stdin, a notebook cell).
    `phases`: the file's `--profile` account (a new one when the pipeline profiles).
    The residue and lint facts are visitors too: they take the fast traversal as well."""
    with fastvisit.installed():
        return _migrate_text(text, pipeline, label, imports, importers, phases)


def _migrate_text(text: str, pipeline: Pipeline, label: str, imports: Optional[dict],
                  importers: Optional[dict], phases: Optional[Phases]) -> tuple[str, FileResult]:
    if phases is None and pipeline.profile:
        phases = Phases()
    with phase(phases, "wants"):
        wanted = pipeline.wants(text)
    if not wanted:
        result = FileResult(label, UNCHANGED)
    else:
        with phase(phases, "check source"):
            check_source(text, label)
        migration = migrate_code(text, pipeline, filename=label, imports=imports,
                                 importers=importers, phases=phases)
        text, result = migration.code, _result_of(label, text, migration, pipeline, phases)
    if phases is not None:
        result.phases = phases.seconds
    return text, result


def _result_of(path: str, before: str, migration: Migration, pipeline: Pipeline,
               phases: Optional[Phases] = None) -> FileResult:
    after = migration.code
    if after != before:
        try:
            with phase(phases, "check output"):
                asts.parse(after)
        except SyntaxError as exc:
            names = ", ".join(migration.changed_by)
            raise RuntimeError(f"codemods [{names}] produced code that does not parse "
                               f"(line {exc.lineno}); file left untouched") from None
    with phase(phases, "residue"):
        residue = pipeline.residue(after)
        if after != before:  # where each leftover is in the file on disk now, like warnings
            from migrate.engine import _map_to_original

            residue = _map_to_original(residue, before, after)
    if migration.skipped:  # kept as written on purpose: not a leftover
        residue = [r for r in residue if not any(a <= r["line"] <= b for a, b in migration.skipped)]
    result = FileResult(path, CHANGED if after != before else UNCHANGED,
                        codemods=migration.changed_by, warnings=migration.warnings,
                        record=migration.record, residue=residue)
    if result.status == CHANGED:
        with phase(phases, "diff"):
            result.diff = unified_diff(before, after, path.replace(os.sep, "/"))
            result.added, result.removed = diff_stats(result.diff)
        if pipeline.hazards is not None:
            with phase(phases, "report (lint facts)"):
                result.hazards_removed = pipeline.hazards(before, after, migration.origin)
    return result
