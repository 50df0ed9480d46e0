"""What processing one file gave: its status and everything the report, the cache and the
patches need to know about it. A module of its own, importing nothing of the engine, so the
driver, the cache, the executors and the notebook support all read one definition.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional

CHANGED, UNCHANGED, FAILED, SKIPPED = "changed", "unchanged", "failed", "skipped"
NOTEBOOK_SUFFIX = ".ipynb"


@dataclass
class FileResult:
    path: str
    status: str
    codemods: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    error: Optional[str] = None
    diff: str = ""
    added: int = 0
    removed: int = 0
    record: list[dict] = field(default_factory=list)
    residue: list = field(default_factory=list)
    #: Lint codes present before the migration and gone after it (changed files, --report).
    hazards_removed: list = field(default_factory=list)
    #: The file's encoding and BOM when not plain UTF-8: patches are made in its own bytes.
    encoding: Optional[str] = None
    bom: bool = False
    #: `--profile`: CPU seconds per phase spent on this file (not in the report or cache).
    phases: dict = field(default_factory=dict)

    def diff_bytes(self) -> bytes:
        """The diff as a patch of the file's bytes (see `diffing.in_file_bytes`)."""
        if self.encoding is None and not self.bom:
            return self.diff.encode("utf-8", "surrogateescape")
        from migrate.diffing import in_file_bytes  # unidiff: only when a patch is written

        return in_file_bytes(self.diff, self.encoding or "utf-8", self.bom)

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("diff")
        data.pop("phases")
        return data
