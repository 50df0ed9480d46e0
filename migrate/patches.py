"""`--patch-dir`: the run's diff cut into reviewable pieces, plus a JSON and a Markdown summary.

Files are grouped by CODEOWNERS owner when the repository has a CODEOWNERS file (the first of
`.github/CODEOWNERS`, `CODEOWNERS`, `docs/CODEOWNERS`, as GitHub looks them up; the last
matching rule wins; files no rule owns, or whose rule names no owner, are "unowned"), else by
top-level directory (files at the top level form the group "(root)").

The repository root is the nearest directory holding `.git` above the paths given (else their
common directory). Paths inside the patches are relative to it, so each patch applies on its
own with `git apply` run there. Earlier `*.patch` files in DIR are removed first, so the
directory always describes one run.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import replace
from typing import Iterable, Optional

import pathspec

from migrate.diffing import _quote_path, diff_stats
from migrate.discovery import git_root
from migrate.results import CHANGED, FAILED, FileResult
from migrate.sources import write_own_file

CODEOWNERS_LOCATIONS = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS")
UNOWNED = "unowned"
ROOT_GROUP = "(root)"


def repository_root(paths: Iterable[str]) -> str:
    absolute = [os.path.abspath(p) for p in paths] or [os.getcwd()]
    common = os.path.commonpath(absolute)
    if os.path.isfile(common) or not os.path.isdir(common):
        common = os.path.dirname(common)
    return git_root(common) or common


class CodeOwners:
    """GitHub's CODEOWNERS semantics: gitignore-style patterns, the last match wins."""

    def __init__(self, text: str):
        self.rules: list[tuple[pathspec.PathSpec, tuple[str, ...]]] = []
        for line in text.splitlines():
            line = line.split(" #", 1)[0].strip()
            if not line or line.startswith("#"):
                continue
            pattern, *owners = line.split()
            try:
                spec = pathspec.GitIgnoreSpec.from_lines([pattern])
            except Exception:  # noqa: BLE001 - GitHub ignores a rule it cannot read, so do we
                continue
            self.rules.append((spec, tuple(owners)))

    @classmethod
    def find(cls, root: str) -> Optional["CodeOwners"]:
        for location in CODEOWNERS_LOCATIONS:
            path = os.path.join(root, location)
            if os.path.isfile(path):
                with open(path, encoding="utf-8", errors="replace") as handle:
                    return cls(handle.read())
        return None

    def owners(self, rel_path: str) -> tuple[str, ...]:
        found: tuple[str, ...] = ()
        for spec, owners in self.rules:
            if spec.match_file(rel_path):
                found = owners
        return found


def group_of(rel_path: str, owners: Optional[CodeOwners]) -> str:
    if owners is not None:
        return " ".join(owners.owners(rel_path)) or UNOWNED
    head, sep, _ = rel_path.partition("/")
    return head if sep else ROOT_GROUP


def patch_name(group: str, taken: set[str]) -> str:
    """A file name for a group: `@org/ml-team` -> `org-ml-team.patch`, unique in the dir."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", group.replace("@", "")).strip("-.") or "group"
    name, n = f"{stem}.patch", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.patch"
    taken.add(name)
    return name


def _rebased(diff: str, old_label: str, new_label: str) -> str:
    """`diff` with its header paths moved from `old_label` to `new_label`."""
    if old_label == new_label:
        return diff
    lines = diff.split("\n", 3)
    tab = "\t" if " " in new_label else ""
    name_a, name_b = _quote_path("a/" + new_label), _quote_path("b/" + new_label)
    return "\n".join([f"diff --git {name_a} {name_b}", f"--- {name_a}{tab}",
                      f"+++ {name_b}{tab}", lines[3]])


def write_patches(directory: str, results: list[FileResult], paths: Iterable[str]) -> list[str]:
    """Write the patches and summaries; return the patch file names."""
    root = repository_root(list(paths))
    owners = CodeOwners.find(root)
    groups: dict[str, list[tuple[str, FileResult]]] = {}
    for result in sorted(results, key=lambda r: r.path):
        rel = os.path.relpath(os.path.abspath(result.path), root).replace(os.sep, "/")
        groups.setdefault(group_of(rel, owners), []).append((rel, result))
    os.makedirs(directory, exist_ok=True)
    for stale in os.listdir(directory):
        if stale.endswith(".patch"):
            os.unlink(os.path.join(directory, stale))
    taken: set[str] = set()
    summary = []
    written = []
    for group in sorted(groups):
        members = groups[group]
        changed = [(rel, r) for rel, r in members if r.status == CHANGED and r.diff]
        entry = {
            "group": group,
            "patch": None,
            "files": [rel for rel, _ in changed],
            "added": 0,
            "removed": 0,
            "warnings": sum(len(r.warnings) for _, r in members),
            "failures": [{"path": rel, "error": r.error} for rel, r in members
                         if r.status == FAILED],
            "codemods": dict(sorted(Counter(c for _, r in changed for c in r.codemods).items())),
        }
        if changed:
            pieces = [replace(r, diff=_rebased(r.diff, r.path.replace(os.sep, "/"), rel))
                      for rel, r in changed]
            entry["added"], entry["removed"] = diff_stats("".join(p.diff for p in pieces))
            entry["patch"] = patch_name(group, taken)
            # each file's part in its own bytes (a latin-1 file's, a BOM file's line 1)
            _write(os.path.join(directory, entry["patch"]),
                   b"".join(p.diff_bytes() for p in pieces))
            written.append(entry["patch"])
        if changed or entry["warnings"] or entry["failures"]:
            summary.append(entry)
    data = {"grouped_by": "CODEOWNERS" if owners else "top-level directory",
            "groups": summary,
            "totals": {key: sum(len(g[key]) if isinstance(g[key], list) else g[key]
                                for g in summary)
                       for key in ("files", "added", "removed", "warnings", "failures")}}
    _write(os.path.join(directory, "summary.json"),
           json.dumps(data, indent=2, sort_keys=False) + "\n")
    _write(os.path.join(directory, "summary.md"), _markdown(data))
    return written


def _markdown(data: dict) -> str:
    lines = [f"# tfmigrate patches ({data['grouped_by']})", "",
             "| group | patch | files | +lines | -lines | warnings | failures | codemods |",
             "|---|---|---|---|---|---|---|---|"]
    for g in data["groups"]:
        codemods = ", ".join(f"{name} ({n})" for name, n in g["codemods"].items()) or "-"
        patch = f"`{g['patch']}`" if g["patch"] else "-"
        lines.append(f"| {g['group']} | {patch} | {len(g['files'])} | {g['added']} | "
                     f"{g['removed']} | {g['warnings']} | {len(g['failures'])} | {codemods} |")
    t = data["totals"]
    lines.append(f"| **total** | | {t['files']} | {t['added']} | {t['removed']} | "
                 f"{t['warnings']} | {t['failures']} | |")
    failures = [f for g in data["groups"] for f in g["failures"]]
    if failures:
        lines += ["", "## Failures", ""]
        lines += [f"- `{f['path']}`: {f['error']}" for f in failures]
    return "\n".join(lines) + "\n"


def _write(path: str, text) -> None:
    """Write `text` (str as UTF-8, or bytes as they are) atomically."""
    write_own_file(path, text if isinstance(text, bytes) else text.encode("utf-8"), ".tfmigrate-")
