"""The behaviour digest: one hash over everything tfmigrate says about a set of files.

A refactor that should change nothing must leave this hash unchanged. It covers, for every
file of `golden/` (inputs and expected outputs), `tests/lint_cases/` and any corpus directory
given on the command line:

- the migrated code (as a unified diff, so unchanged files cost nothing), the status, the
  error line of a failed file, the codemods that changed it;
- every warning (line, column, codemod, message) and every record entry;
- the lint diagnostics of the file as read.

Paths are taken relative to the root they were found under, so the digest of a corpus does not
depend on where it was unpacked. Usage:

    python tools/behaviour_digest.py [CORPUS_DIR ...] [--dump FILE.jsonl] [--compare OLD.jsonl]

`--dump` writes one JSON line per file (its path and its own hash, and the facts behind it);
`--compare` lists the files whose facts differ from an earlier dump, with the first field that
differs. The run is deterministic: the same tree gives the same digest, whatever `--jobs` is.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from codemods.registry import build_pipeline  # noqa: E402
from hazards.registry import lint_code  # noqa: E402
from migrate.discovery import discover  # noqa: E402
from migrate.runner import run_files  # noqa: E402
from migrate.sources import SourceError, decode, read_bytes  # noqa: E402


def _roots(corpora: list[str]) -> list[Path]:
    return [ROOT / "golden", ROOT / "tests" / "lint_cases", *(Path(c).resolve() for c in corpora)]


def _files(root: Path) -> list[str]:
    return sorted(str(Path(p).resolve()) for p in discover([str(root)]).files)


def _lint(path: str) -> list[str]:
    if path.endswith(".ipynb"):
        return []
    try:
        text = decode(read_bytes(path)).text
    except SourceError:
        return []
    try:
        return [f"{d.line}:{d.col}: {d.code} {d.message}" for d in lint_code(text, path)]
    except Exception as exc:  # a lint crash is behaviour too
        return [f"lint error: {type(exc).__name__}"]


def _facts(result, root: Path, lint: list[str]) -> dict:
    relative = os.path.relpath(result.path, root)
    return {
        "path": f"{root.name}/{relative}",
        "status": result.status,
        "error": (result.error or "").replace(str(root), "<root>"),
        "codemods": list(result.codemods),
        "diff": result.diff.replace(str(root) + os.sep, ""),
        "warnings": [f"{w.get('cell', '')}:{w['line']}:{w['col']}: {w['codemod']}: {w['message']}"
                     for w in result.warnings],
        "record": result.record,
        "lint": lint,
    }


def _hash(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()


def collect(corpora: list[str], jobs: int) -> list[dict]:
    pipeline = build_pipeline()
    entries: list[dict] = []
    for root in _roots(corpora):
        paths = _files(root)
        for result in run_files(paths, pipeline, write=False, jobs=jobs):
            facts = _facts(result, root, _lint(result.path))
            facts["hash"] = _hash(facts)
            entries.append(facts)
    return entries


def digest(entries: list[dict]) -> str:
    return _hash([(e["path"], e["hash"]) for e in entries])


def compare(entries: list[dict], old_path: str) -> list[str]:
    old = {e["path"]: e for e in map(json.loads, Path(old_path).read_text().splitlines())}
    new = {e["path"]: e for e in entries}
    lines = []
    for path in sorted(old.keys() | new.keys()):
        if path not in new or path not in old:
            lines.append(f"{path}: only in {'old' if path in old else 'new'}")
        elif old[path]["hash"] != new[path]["hash"]:
            field = next(k for k in new[path] if k != "hash" and old[path].get(k) != new[path][k])
            lines.append(f"{path}: {field} differs")
    return lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", help="corpus directories beside golden/ and lint_cases/")
    parser.add_argument("--dump", help="write one JSON line per file here")
    parser.add_argument("--compare", help="list the files that differ from this earlier dump")
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    entries = collect(args.corpus, args.jobs)
    if args.dump:
        Path(args.dump).write_text("".join(json.dumps(e, sort_keys=True) + "\n" for e in entries))
    print(f"{digest(entries)}  {len(entries)} files")
    if args.compare:
        differences = compare(entries, args.compare)
        print("\n".join(differences) or "no difference")
        return 1 if differences else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
