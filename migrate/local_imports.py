"""The index of local imports: which Python files beside a file it imports, and which of a
file's names other files of the run import. Codemods read these facts (is an imported helper
free of variables? is a function called from elsewhere?); the driver collects them, so every
executor sees the same, and they are part of the cache key.
"""
from __future__ import annotations

import os
import re
from typing import Callable, Optional


_IMPORT = re.compile(rb"^[ \t]*(?:from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import\b"
                     rb"|import[ \t]+([\w.]+))", re.M)
MAX_IMPORTED_BYTES = 1 << 20


def local_imports(path: str, data: bytes,
                  scanned: Optional[list] = None) -> dict[str, str]:
    """{module as written (`utils`, `.layers`): its source} for the modules `data` imports
    that are Python files beside it, in its directory or package. Codemods may read them (is
    an imported `shape_list` free of variables?); the driver reads them, so every executor
    sees the same, and they are part of the cache key. `scanned`: `_local_modules` of the
    file, when `importers_of` has found them already."""
    found: dict[str, str] = {}
    for written, target, _ in scanned if scanned is not None else _local_modules(path, data):
        if written not in found:
            text = _small_source(target)
            if text is not None:
                found[written] = text
    return found


def _local_modules(path: str, data: bytes):
    """(module as written, its file, the names imported from it or None for `import M`) of
    each import in `data` that resolves to a Python file beside `path` or in its package."""
    if not path.endswith(".py"):
        return
    directory = os.path.dirname(os.path.abspath(path))
    package_root = directory
    while os.path.isfile(os.path.join(package_root, "__init__.py")):
        package_root = os.path.dirname(package_root)
    for match in _IMPORT.finditer(data):
        dots = (match.group(1) or b"").decode()
        module = (match.group(2) if match.group(1) is not None else match.group(3)) or b""
        module = module.decode()
        written = dots + module
        if not written:
            continue
        if dots:
            base = directory
            for _ in range(len(dots) - 1):
                base = os.path.dirname(base)
            bases = [base]
        else:
            bases = [directory, package_root]
        for base in bases:
            stem = os.path.join(base, *module.split(".")) if module else base
            target = next((t for t in (stem + ".py", os.path.join(stem, "__init__.py"))
                           if os.path.isfile(t)), None)
            if target is not None:
                names = _imported_names(data, match) if match.group(1) is not None else None
                yield written, target, names
                break


_NAMES = re.compile(rb"[ \t]*(\([^)]*\)|[^\n#;]*)")


def _imported_names(data: bytes, match: re.Match) -> set[str]:
    """The names of `from M import a, b as c` (parenthesized over lines too)."""
    listed = _NAMES.match(data, match.end()).group(1).strip(b"()")
    names = set()
    for part in listed.replace(b"\\\n", b" ").split(b","):
        words = part.split(b"#")[0].split()
        if words:
            names.add(words[0].decode("utf-8", "replace"))
    return names


def importers_of(paths: list[str], read: Callable[[str], Optional[bytes]],
                 scanned: Optional[dict] = None) -> dict[str, dict]:
    """{file: {name: a file of the run that imports `name` from it}}, over the files of the
    run: the modules codemod keeps a function that others call as a function (`"*"`: a file
    does `import M` and may use any of its names). Each file's local imports are left in
    `scanned`, so the run does not look for them twice."""
    found: dict[str, dict] = {}
    for path in paths:
        data = read(path)
        if data is None or b"import" not in data:
            continue
        modules = list(_local_modules(path, data))
        if scanned is not None:
            scanned[path] = modules
        for written, target, names in modules:
            target = os.path.abspath(target)
            if os.path.abspath(path) == target:
                continue
            entry = found.setdefault(target, {})
            for name in (names if names is not None else {"*"}):
                entry.setdefault(name, path)
    return found


def _small_source(path: str) -> Optional[str]:
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > MAX_IMPORTED_BYTES:
            return None
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8", errors="replace")
    except OSError:
        return None
