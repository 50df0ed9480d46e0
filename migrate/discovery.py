"""Which files a run looks at: a deterministic, sorted list.

Directories are walked for `.py` and `.ipynb`, honouring every `.gitignore` from the repository
root down, and skipping VCS metadata, virtualenvs, `node_modules` and build output. A file
named explicitly is always processed; one that is a symlink is followed to its target (read
and written through it). Symlinks met in a walk are reported and not followed. Only regular
files are processed: a FIFO or device named `*.py` is reported as `not a regular file`.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
from dataclasses import dataclass, field
from typing import Iterable, Optional

import pathspec

SOURCE_SUFFIXES = (".py", ".ipynb")
SKIPPED_DIRS = frozenset({
    ".git", ".hg", ".svn", ".bzr", "__pycache__", "node_modules", "venv", ".venv", "env",
    ".env", ".tox", ".nox", ".eggs", ".mypy_cache", ".pytest_cache", ".ruff_cache",
    "site-packages", "build", "dist", "_build", "buck-out", ".ipynb_checkpoints",
    ".tfmigrate_cache",
})


@dataclass
class Discovery:
    files: list[str] = field(default_factory=list)
    #: (path, reason) for things named or met that are not processed, e.g. symlinks.
    skipped: list[tuple[str, str]] = field(default_factory=list)
    #: Files of `files` that are symlinks named explicitly: written through to their target.
    followed: frozenset = frozenset()


def _is_virtualenv(path: str) -> bool:
    return os.path.exists(os.path.join(path, "pyvenv.cfg"))


def git_root(start: str) -> Optional[str]:
    current = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


class _IgnoreRules:
    """The stack of `.gitignore` specs that apply to a directory, each relative to its base."""

    def __init__(self, specs: tuple[tuple[str, pathspec.PathSpec], ...] = ()):
        self.specs = specs

    def extended(self, directory: str) -> "_IgnoreRules":
        path = os.path.join(directory, ".gitignore")
        if not os.path.isfile(path):
            return self
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                spec = pathspec.GitIgnoreSpec.from_lines(handle)
        except OSError:
            return self
        return _IgnoreRules(self.specs + ((directory, spec),))

    def ignores(self, path: str, is_dir: bool) -> bool:
        ignored = False
        for base, spec in self.specs:
            rel = os.path.relpath(path, base).replace(os.sep, "/")
            if rel.startswith(".."):
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                ignored = result.include
        return ignored


def _rules_for(directory: str) -> _IgnoreRules:
    """Collect `.gitignore` files from the repository root down to `directory` itself."""
    rules = _IgnoreRules()
    root = git_root(directory)
    if root is None:
        return rules.extended(os.path.abspath(directory))
    chain = []
    current = os.path.abspath(directory)
    while True:
        chain.append(current)
        if current == root:
            break
        current = os.path.dirname(current)
    for path in reversed(chain):
        rules = rules.extended(path)
    return rules


def _excluded(rel_path: str, excludes: Iterable[str]) -> bool:
    parts = rel_path.split("/")
    for pattern in excludes:
        if fnmatch.fnmatch(rel_path, pattern) or any(fnmatch.fnmatch(p, pattern) for p in parts):
            return True
    return False


def discover(paths: Iterable[str], excludes: Iterable[str] = (),
             force_exclude: bool = False) -> Discovery:
    """Expand `paths` into the sorted list of files to process. `force_exclude`: `excludes`
    apply to files named explicitly too (pre-commit passes every changed file by name)."""
    excludes = tuple(excludes)
    found: set[str] = set()
    result = Discovery()
    followed = set()
    for given in paths:
        if os.path.isdir(given):
            found.update(_walk(given, excludes, result))
        else:
            path = os.path.normpath(given)
            if force_exclude and _excluded(path.replace(os.sep, "/"), excludes):
                continue
            found.add(path)  # named explicitly; errors surface when read
            if os.path.islink(given):
                followed.add(path)
    result.files = sorted(found)
    result.followed = frozenset(followed)
    return result


def _walk(top: str, excludes: tuple[str, ...], result: Discovery) -> list[str]:
    files = []
    stack = [(top, _rules_for(top))]
    while stack:
        directory, rules = stack.pop()
        rules = rules.extended(os.path.abspath(directory)) if directory != top else rules
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            result.skipped.append((directory, f"cannot list: {exc.strerror or exc}"))
            continue
        for entry in entries:
            path = os.path.normpath(entry.path)
            rel = os.path.relpath(path, top).replace(os.sep, "/")
            if entry.is_symlink():
                if entry.name.endswith(SOURCE_SUFFIXES):
                    result.skipped.append((path, "symlink: not followed"))
                continue
            is_dir = entry.is_dir(follow_symlinks=False)
            if rules.ignores(os.path.abspath(path), is_dir) or _excluded(rel, excludes):
                continue
            if is_dir:
                if entry.name in SKIPPED_DIRS or entry.name.endswith(".egg-info") \
                        or _is_virtualenv(path):
                    continue
                stack.append((path, rules))
            elif entry.name.endswith(SOURCE_SUFFIXES):
                try:
                    regular = entry.is_file(follow_symlinks=False)
                except OSError:
                    regular = True  # let the read report it
                if regular:
                    files.append(path)
                else:
                    result.skipped.append((path, "not a regular file"))
    return files


def shard_of(path: str, count: int) -> int:
    """A stable 1-based shard number for `path`: independent of the rest of the file list."""
    digest = hashlib.sha1(path.replace(os.sep, "/").encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def parse_shard(spec: str) -> tuple[int, int]:
    """`"K/N"` -> (K, N), 1 <= K <= N."""
    try:
        k, n = (int(x) for x in spec.split("/"))
    except ValueError:
        raise ValueError(f"--shard wants K/N, got {spec!r}") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard K/N needs 1 <= K <= N, got {spec!r}")
    return k, n


class SelectionError(Exception):
    """`--files-from` / `--changed-since` cannot be honoured; the message is one line."""


def select_files(paths: Iterable[str], excludes: Iterable[str] = (),
                 files_from: Optional[str] = None,
                 changed_since: Optional[str] = None) -> Discovery:
    """The files named by a list (`--files-from`) and/or by git (`--changed-since`).

    Only `.py` and `.ipynb` names are kept (a `git ls-files` listing names everything);
    `--exclude` applies; `.gitignore` does not (git already chose). When PATHs are also given,
    only listed files under one of them are kept. A listed file that does not exist is kept,
    so that it is reported; deleted files are not "changed since" anything.
    """
    excludes = tuple(excludes)
    names: list[str] = []
    if files_from:
        names += _read_list(files_from)
    if changed_since:
        names += _git_names(["diff", "--name-only", "-z", "--relative", "--diff-filter=d",
                             changed_since, "--"])
        names += _git_names(["ls-files", "-z", "--others", "--exclude-standard"])
    roots = [os.path.normpath(p) for p in paths]
    result = Discovery()
    found: set[str] = set()
    for name in names:
        path = os.path.normpath(name)
        rel = path.replace(os.sep, "/")
        if not path.endswith(SOURCE_SUFFIXES) or _excluded(rel, excludes):
            continue
        if roots and not any(r == "." or path == r or path.startswith(r.rstrip(os.sep) + os.sep)
                             for r in roots):
            continue
        if os.path.islink(path):
            result.skipped.append((path, "symlink: not followed"))
            continue
        found.add(path)
    result.files = sorted(found)
    result.skipped = sorted(set(result.skipped))
    return result


def _read_list(source: str) -> list[str]:
    import sys

    try:
        if source == "-":
            text = sys.stdin.read()
        else:
            with open(source, encoding="utf-8", errors="surrogateescape") as handle:
                text = handle.read()
    except OSError as exc:
        raise SelectionError(f"--files-from {source}: {exc.strerror or exc}") from None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _git_names(args: list[str]) -> list[str]:
    import subprocess

    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], capture_output=True)
    except OSError as exc:
        raise SelectionError(f"--changed-since needs git: {exc.strerror or exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise SelectionError(f"--changed-since: git {args[0]} failed: "
                             f"{message[0] if message else done.returncode}")
    return [os.fsdecode(n) for n in done.stdout.split(b"\0") if n]
