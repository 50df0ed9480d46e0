"""A content-hash cache of per-file results, so reruns and resumed runs cost little more than
hashing the files.

An entry is keyed on the file's bytes (and those of the modules beside it that it imports,
which the codemods may read), its path as shown in diffs, the options that change the
output (the resolved codemod list) and a fingerprint of the tool itself: its version, the
source of `migrate/` and `codemods/` and the API tables, and the libcst version. Editing any
codemod therefore invalidates every entry; nothing has to be cleared by hand.

Where it lives, first match wins: `--cache-dir` (or `cache-dir` in `[tool.tfmigrate]`),
`$TFMIGRATE_CACHE_DIR`, `.tfmigrate_cache/` in the nearest directory above the working
directory holding `.git` or `pyproject.toml`, else `~/.cache/tfmigrate`. The directory gets a
`.gitignore` of `*`, so it never shows up in `git status`.

Entries are written one by one, atomically, as files complete: an interrupted run loses only
the files in flight. Each entry carries a digest of its key, result and output, checked on
read, and a hit's new bytes are parsed again before anything is written with them (runner):
a corrupt, tampered or unreadable entry is a miss, never an error and never code in a file.
Entries are private to the user (0600 files in 0700 directories), as a shared CI cache
should be. A cache that
cannot be created or written is dropped for the run with one warning.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Optional

from migrate import __version__
from migrate.sources import write_own_file

#: Bumped when the entry layout changes.
FORMAT = "2"
DIRNAME = ".tfmigrate_cache"
ENV_VAR = "TFMIGRATE_CACHE_DIR"


def default_directory(start: str = ".") -> str:
    """The cache directory used when none is given (see the module docstring)."""
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return from_env
    current = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(current, ".git")) or \
                os.path.isfile(os.path.join(current, "pyproject.toml")):
            return os.path.join(current, DIRNAME)
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "tfmigrate")


_FINGERPRINT: Optional[str] = None


def tool_fingerprint() -> str:
    """A hash of everything that decides the output: a changed codemod means new keys."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        import codemods
        import libcst

        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{FORMAT}\0{__version__}\0{getattr(libcst, '__version__', '')}\0"
                      f"{sys.version_info[:2]}\0".encode())
        for package in (Path(__file__).parent, Path(codemods.__file__).parent):
            for path in sorted(package.rglob("*")):
                if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
                    digest.update(str(path.relative_to(package.parent)).encode() + b"\0")
                    digest.update(path.read_bytes() + b"\0")
        _FINGERPRINT = digest.hexdigest()
    return _FINGERPRINT


class Cache:
    """Results by key under `directory`; see the module docstring for the guarantees."""

    def __init__(self, directory: str, options: str):
        self.directory = os.path.join(directory, f"v{FORMAT}")
        self.root = directory
        self.salt = f"{tool_fingerprint()}\0{options}\0".encode()
        self.problem: Optional[str] = None
        self.hits = 0

    def prepare(self) -> bool:
        """Create the directory (with its `.gitignore`); False, with `problem` set, if we cannot."""
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            ignore = os.path.join(self.root, ".gitignore")
            if not os.path.exists(ignore):
                self._write(ignore, b"# tfmigrate's result cache; safe to delete\n*\n")
            return True
        except OSError as exc:
            self.problem = f"cache disabled: cannot use {self.root}: {exc.strerror or exc}"
            return False

    def key(self, path: str, data: bytes, imports: Optional[dict] = None,
            importers: Optional[dict] = None) -> str:
        """`imports`: the sources of the modules beside the file that it imports (the
        codemods may read them), so editing one of those is a miss too; `importers`: which
        of its names other files of the run import."""
        digest = hashlib.blake2b(self.salt, digest_size=24)
        digest.update(path.replace(os.sep, "/").encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        for name, text in sorted((imports or {}).items()):
            digest.update(b"\0" + name.encode() + b"\0" + text.encode("utf-8", "replace"))
        for name, importer in sorted((importers or {}).items()):
            digest.update(b"\1" + name.encode() + b"\0" + importer.encode("utf-8", "replace"))
        return digest.hexdigest()

    def _entry(self, key: str) -> str:
        return os.path.join(self.directory, key[:2], key + ".json")

    @staticmethod
    def digest(key: str, result: dict, output: Optional[str]) -> str:
        """The integrity digest of an entry: its key, result and output, canonically."""
        body = json.dumps([key, result, output], sort_keys=True, separators=(",", ":"))
        return hashlib.blake2b(body.encode("utf-8"), digest_size=24).hexdigest()

    def get(self, key: str):
        """(output bytes or None, FileResult) for `key`, or None on a miss or a bad entry."""
        from migrate.results import FileResult

        try:
            with open(self._entry(key), "rb") as handle:
                entry = json.loads(handle.read())
            if entry.get("key") != key:
                return None
            output = entry["output"]
            if entry.get("digest") != self.digest(key, entry["result"], output):
                return None
            result = FileResult(**entry["result"])
            self.hits += 1
            return (None if output is None else base64.b64decode(output)), result
        except Exception:  # noqa: BLE001 - missing, truncated, foreign: all just a miss
            return None

    def put(self, key: str, output: Optional[bytes], result) -> None:
        if self.problem:
            return
        entry = {"key": key, "result": dict(asdict(result), phases={}),
                 "output": None if output is None else base64.b64encode(output).decode("ascii")}
        entry["digest"] = self.digest(key, entry["result"], entry["output"])
        path = self._entry(key)
        try:
            os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
            self._write(path, json.dumps(entry, separators=(",", ":")).encode("utf-8"))
        except (OSError, TypeError, ValueError) as exc:
            self.problem = f"cache disabled: cannot write {path}: {exc}"

    @staticmethod
    def _write(path: str, data: bytes) -> None:
        write_own_file(path, data, ".tmp-", mode=0o600)
