"""Rewrite golden `after.py` / `warnings.txt` from the current codemods, and say which changed.

Goldens pin behaviour: regenerate them only after a deliberate change, then read every diff
(`git diff golden/`) and run the execution tests of the changed cases. Usage:

    python tools/regen_golden.py [CASE ...]      # default: every case under golden/
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from codemods.registry import build_pipeline  # noqa: E402
from migrate.engine import migrate_code  # noqa: E402
from migrate.sources import decode  # noqa: E402
from tests.golden_cases import golden_cases, warning_lines  # noqa: E402


def main(argv: list[str]) -> int:
    pipeline = build_pipeline()
    for case in golden_cases():
        if argv and case.name not in argv:
            continue
        migration = migrate_code(decode(case.before.read_bytes()).text, pipeline,
                                 str(case.before))
        for path, text in ((case.after, migration.code),
                           (case.folder / "warnings.txt", warning_lines(migration.warnings))):
            old = path.read_text() if path.exists() else None
            if old != text:
                path.write_text(text)
                print(f"changed: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
