"""The golden cases under golden/: one folder per pattern, named after it.

Each folder holds `before.py` (TF1 input as users write it), `after.py` (the expected TF2
output, byte-exact) and optionally `verify.json` (how to run the pair; see test_golden.py).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


@dataclass(frozen=True)
class GoldenCase:
    folder: Path

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def before(self) -> Path:
        return self.folder / "before.py"

    @property
    def after(self) -> Path:
        return self.folder / "after.py"

    def spec(self) -> Optional[dict]:
        path = self.folder / "verify.json"
        return json.loads(path.read_text()) if path.exists() else None


def golden_cases() -> list[GoldenCase]:
    return [GoldenCase(p) for p in sorted(GOLDEN.iterdir()) if (p / "before.py").exists()]


def warning_lines(warnings: list[dict]) -> str:
    """The warnings of a migration as `warnings.txt` pins them: `line:col: codemod: message`."""
    return "".join(f"{w['line']}:{w['col']}: {w['codemod']}: {w['message']}\n" for w in warnings)
