"""Count the PEP 8 / pyflakes findings our rewrite introduces, not the ones the user had.

A reviewer reads our diff: what matters is what the migration wrote. This tool runs
pycodestyle (E301, E302, E305, E306, E501) and pyflakes (F401, F811) over a file before and
after its migration and keeps a finding of the migrated file only when it is *introduced*:

- it is on a line the migration added or changed (mapped with our own Myers diff: equal lines
  and line-for-line replacements map to the original line, anything else is new), and the
  original line it replaced had no finding of the same code; or
- it is on an unchanged line but the original had no finding of that code there (an import
  left unused by removed code, a user statement right after a definition we inserted).

`changed_only` counts the narrower "finding on a line the rewrite added or changed".
The line limit is the file's own: its longest original line, or 99 when that is shorter.
`# noqa` works as in flake8: bare, it hides every code on its line; `# noqa: X,Y` only those.

Usage (no TensorFlow is imported):

    python tools/style_findings.py --pairs golden          # before.py/after.py pairs
    python tools/style_findings.py /work/corpus/openai+baselines ...   # applied to a copy
"""
from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pycodestyle
from pyflakes import checker as flakes, messages

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from migrate.diffing import myers_opcodes  # noqa: E402

STYLE_CODES = ("E301", "E302", "E305", "E306", "E501")
FLAKE_CODES = {messages.UnusedImport: "F401", messages.RedefinedWhileUnused: "F811"}
DEFAULT_LIMIT = 99
_PYCODESTYLE_NOQA = re.compile(r"#\s*no(?:qa|pep8)\b", re.I)
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z][0-9]+(?:[,\s]+[A-Z][0-9]+)*))?", re.I)


def line_limit(original: str) -> int:
    """The file's own limit: its longest original line, or 99 when that is shorter."""
    return max([DEFAULT_LIMIT, *(len(line) for line in original.splitlines())])


class _Collect(pycodestyle.BaseReport):
    def __init__(self, options) -> None:
        super().__init__(options)
        self.found: list[tuple[int, str, str]] = []

    def error(self, line_number, offset, text, check):
        code = text[:4]
        if code in STYLE_CODES:
            self.found.append((line_number, code, text[5:]))
        return code


def findings(text: str, limit: int) -> list[tuple[int, str, str]]:
    """(line, code, message) of the checked codes in `text`, `# noqa` applied as flake8 does."""
    lines = text.splitlines(True)
    guide = pycodestyle.StyleGuide(select=list(STYLE_CODES), max_line_length=limit, quiet=True)
    report = _Collect(guide.options)
    # pycodestyle drops every check on a `# noqa` line: blind it (same length), filter below
    blind = [_PYCODESTYLE_NOQA.sub(lambda m: "#" + "x" * (len(m.group()) - 1), line)
             for line in lines]
    pycodestyle.Checker("<text>", lines=blind, options=guide.options, report=report).check_all()
    found = list(report.found)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return found
    for message in flakes.Checker(tree, filename="<text>").messages:
        code = FLAKE_CODES.get(type(message))
        if code:
            found.append((message.lineno, code, message.message % message.message_args))
    return sorted(f for f in found if not _suppressed(lines, f))


def _suppressed(lines: list[str], finding: tuple[int, str, str]) -> bool:
    line, code, _ = finding
    match = _NOQA.search(lines[line - 1]) if 0 < line <= len(lines) else None
    if match is None:
        return False
    codes = match.group("codes")
    return codes is None or code in re.split(r"[,\s]+", codes.upper())


def line_origins(before: list[str], after: list[str]) -> dict[int, int]:
    """1-based line of `after` -> the line of `before` it is (equal) or replaced line for
    line; lines the diff inserted, or replaced in blocks of another size, are absent."""
    origin: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in myers_opcodes(before, after):
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(j2 - j1):
                origin[j1 + k + 1] = i1 + k + 1
    return origin


def introduced(before: str, after: str) -> tuple[list, list]:
    """(introduced, changed_only) findings of `after`, its migration from `before`."""
    limit = line_limit(before)
    old = {(line, code) for line, code, _ in findings(before, limit)}
    a, b = before.splitlines(), after.splitlines()
    origin = line_origins(a, b)
    ours, changed = [], []
    for finding in findings(after, limit):
        line, code, _ = finding
        source = origin.get(line)
        unchanged = source is not None and a[source - 1] == b[line - 1]
        if not unchanged:
            changed.append(finding)
        if source is None or (source, code) not in old:
            ours.append(finding)
    return ours, changed


def _report(results: list[tuple[str, list, list]], verbose: bool) -> Counter:
    totals: Counter = Counter()
    for path, ours, changed in results:
        for line, code, message in ours:
            totals[code] += 1
            if verbose:
                print(f"{path}:{line}: {code} {message}")
        totals["changed-lines-only"] += len(changed)
    return totals


def _applied(root: Path, tool: Path = ROOT) -> list[tuple[str, list, list]]:
    """Copy `root` to a temporary directory, `tfmigrate apply` the copy (with the tfmigrate
    checkout at `tool`), compare file by file."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / root.name
        shutil.copytree(root, copy, symlinks=True)
        subprocess.run([sys.executable, "-m", "migrate", "apply", "--no-cache", "--quiet",
                        "-j", "2", str(copy)], cwd=tool, check=False,
                       env={**os.environ, "PYTHONPATH": str(tool)},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        results = []
        for after in sorted(copy.rglob("*.py")):
            if after.is_symlink() or not after.is_file():
                continue
            before = root / after.relative_to(copy)
            old, new = _read(before), _read(after)
            if old is not None and new is not None and old != new:
                results.append((str(before), *introduced(old, new)))
        return results


def _read(path: Path):
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--pairs", action="store_true",
                        help="each PATH holds <case>/before.py and after.py (golden/)")
    parser.add_argument("--tfmigrate-root", type=Path, default=ROOT,
                        help="the checkout whose tfmigrate migrates a TREE (another commit's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every finding")
    args = parser.parse_args(argv)
    results = []
    if args.pairs:
        for root in args.paths:
            for case in sorted(Path(root).glob("*/before.py")):
                pair = case.read_text(), (case.parent / "after.py").read_text()
                results.append((str(case.parent / "after.py"), *introduced(*pair)))
    else:
        for root in args.paths:
            results.extend(_applied(Path(root).resolve(), args.tfmigrate_root.resolve()))
    totals = _report(results, args.verbose)
    print(f"files changed: {len(results)}; introduced: "
          + ", ".join(f"{c} {totals[c]}" for c in (*STYLE_CODES, *FLAKE_CODES.values()))
          + f"; total {sum(v for k, v in totals.items() if k != 'changed-lines-only')}"
          + f"; on changed lines only: {totals['changed-lines-only']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
