"""What a checker is and what it reports. Checkers read `hazards.analysis.Analysis` only."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Iterator

import libcst as cst

from hazards.analysis import Analysis


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str

    def to_json(self) -> dict:
        return {"path": self.path, "line": self.line, "col": self.col, "code": self.code,
                "message": self.message}

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


class Checker:
    """One hazard. `check` yields (node, message) pairs; the registry adds code and position."""

    CODE: ClassVar[str] = ""
    TITLE: ClassVar[str] = ""
    #: Cheap textual pre-check (sound: a qualified name's last part is spelled in the source).
    TRIGGERS: ClassVar[tuple[str, ...]] = ()
    #: Long explanation for `tfmigrate explain`: the cause and a minimal before/after fix.
    EXPLAIN: ClassVar[str] = ""

    @classmethod
    def may_apply(cls, code: str) -> bool:
        return all(any(t in code for t in group.split("|")) for group in cls.TRIGGERS)

    def check(self, analysis: Analysis) -> Iterator[tuple[cst.CSTNode, str]]:
        raise NotImplementedError
