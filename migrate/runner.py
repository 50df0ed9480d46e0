"""Process files, one isolated task each, in a pool of worker processes.

A task never raises: whatever goes wrong with one file (bad syntax, bad bytes, a file that
vanished, a read-only target, a bug of ours) becomes a failed `FileResult` with a one-line
error, the file is left untouched, and every other file goes on.
"""
from __future__ import annotations

import ast
import os
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Callable, Optional

import libcst as cst

from migrate import asts
from migrate.diffing import diff_stats, in_file_bytes, unified_diff
from migrate.engine import Migration, Pipeline, migrate_code
from migrate.profiling import Phases, phase
from migrate.sources import NotRegularFile, Snapshot, SourceError, decode, read_snapshot, \
    write_atomic

if TYPE_CHECKING:
    from migrate.cache import Cache
    from migrate.executors import Executor

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
        return in_file_bytes(self.diff, self.encoding or "utf-8", self.bom)

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("diff")
        data.pop("phases")
        return data


def process_file(path: str, pipeline: Pipeline, write: bool) -> FileResult:
    """Migrate one file; write it back (atomically) when `write` is set."""
    try:
        data, snapshot = read_snapshot(path)
    except SourceError as exc:
        return _unreadable(path, exc)
    output, result = migrate_bytes(path, data, pipeline, local_imports(path, data))
    return _written(path, output, result, snapshot) if write else result


def _unreadable(path: str, exc: SourceError) -> FileResult:
    """A FIFO or device is skipped (`skipped: not a regular file`); anything else failed."""
    return FileResult(path, SKIPPED if isinstance(exc, NotRegularFile) else FAILED,
                      error=str(exc))


def migrate_bytes(path: str, data: bytes, pipeline: Pipeline, imports: Optional[dict] = None,
                  importers: Optional[dict] = None) -> tuple[Optional[bytes], FileResult]:
    """The pure part of processing a file: its bytes (and the sources of the modules beside
    it that it imports, see `local_imports`, and which of its names other files of the run
    import, see `importers_of`) in; (new bytes or None, result) out.

    This is what workers run (local processes or Ray tasks); reading, the cache and writing
    stay with the driver. Never raises. Files the pipeline's byte test rejects (no mention
    of what it migrates) are not even decoded.
    """
    try:
        if not pipeline.wants_bytes(data):
            return None, FileResult(path, UNCHANGED)
        if path.endswith(NOTEBOOK_SUFFIX):
            from migrate.notebooks import migrate_notebook

            return migrate_notebook(data, pipeline, path)
        phases = Phases() if pipeline.profile else None
        with phase(phases, "decode"):
            source = decode(data)
        new_text, result = migrate_text(source.text, pipeline, path, imports, importers, phases)
        if source.encoding.replace("_", "-").lower() not in ("utf-8", "utf8"):
            result.encoding = source.encoding
        result.bom = source.bom
        return (source.encode(new_text) if result.status == CHANGED else None), result
    except Exception as exc:  # noqa: BLE001 - isolation is the point
        return None, _failure(path, exc)


def process_bytes(data: bytes, pipeline: Pipeline, label: str) -> tuple[bytes, FileResult]:
    """Migrate source bytes that do not come from a file (stdin). Failures return `data` as is."""
    try:
        source = decode(data)
        new_text, result = migrate_text(source.text, pipeline, label)
        return source.encode(new_text), result
    except Exception as exc:  # noqa: BLE001
        return data, _failure(label, exc)


def _written(path: str, output: Optional[bytes], result: FileResult,
             snapshot: Optional[Snapshot] = None, follow: bool = False) -> FileResult:
    """Write `output` over `path` (atomically) when the migration changed it, provided the
    file is still what was read (`snapshot`): an edit made during the run is never lost.
    `follow`: `path` is a symlink named explicitly; its target is written."""
    if output is None or result.status != CHANGED:
        return result
    try:
        write_atomic(path, output, expected=snapshot, follow_symlink=follow)
    except SourceError as exc:
        return FileResult(path, FAILED, error=str(exc))
    except Exception as exc:  # noqa: BLE001
        return _failure(path, exc)
    return result


def _failure(path: str, exc: Exception) -> FileResult:
    """Turn anything that went wrong with one input into its one-line error."""
    if isinstance(exc, (SourceError, InvalidSource)):
        message = str(exc)
    elif isinstance(exc, cst.ParserSyntaxError):
        message = _syntax_error_line(exc)
    elif isinstance(exc, RecursionError):
        message = "too deeply nested for the parser"
    else:  # a bug of ours must not cost the user the rest of the run
        message = f"internal error: {type(exc).__name__}: {exc}"
    return FileResult(path, FAILED, error=message)


class InvalidSource(ValueError):
    """Input CPython itself rejects (or that is too deep to migrate): `message` is the one
    line, `line` the 1-based line of the input it is about (None: the whole file)."""

    def __init__(self, message: str, line: Optional[int] = None, text: str = "") -> None:
        super().__init__(message)
        self.message, self.line, self.text = message, line, text

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        shown = f": {self.text.strip()[:80]!r}" if self.text.strip() else ""
        return f"{where}{self.message}{shown}"


#: Deepest syntax tree (in `ast` nodes) we hand to libcst. CPython parses far deeper input in
#: milliseconds, but libcst's recursive passes take minutes and gigabytes on it (a 5000-term
#: `+` chain: about 2 minutes) before failing; real code stays well under 100.
MAX_NESTING = 400
PYTHON_VERSION = "%d.%d" % __import__("sys").version_info[:2]


def check_source(text: str, label: str = "<string>") -> None:
    """Raise InvalidSource unless `text` compiles on this Python and is shallow enough.
    Its tree is kept (`migrate.asts`) for whoever reads the same text next.

    Runs before libcst sees the file: Python's own message at Python's own line (`not valid
    Python 3.11: ...`), in milliseconds, instead of a parser error or a pass that never ends.
    """
    try:
        tree = compile(text, label, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        source_line = text.splitlines()[line - 1] if line and line <= len(
            text.splitlines()) else (exc.text or "")
        hint = " (Python 2 syntax?)" if _PYTHON2.search(source_line) else ""
        raise InvalidSource(f"not valid Python {PYTHON_VERSION}: {exc.msg}{hint}", line,
                            source_line) from None
    except (RecursionError, MemoryError):
        raise InvalidSource(f"too deeply nested: Python {PYTHON_VERSION}'s own parser gives up "
                            f"on it; left untouched") from None
    depth = _nesting(tree, MAX_NESTING)
    if depth > MAX_NESTING:
        raise InvalidSource(f"too deeply nested to migrate (syntax tree deeper than "
                            f"{MAX_NESTING}); left untouched")
    asts.remember(text, tree)


def _nesting(tree: ast.AST, limit: int) -> int:
    """The depth of `tree` (iteratively, stopping once it exceeds `limit`)."""
    best = 0
    stack = [(tree, 1)]
    pop, push, kind = stack.pop, stack.append, ast.AST
    while stack:
        node, depth = pop()
        if depth > best:
            best = depth
            if best > limit:
                return best
        depth += 1
        for name in node._fields:  # ast.iter_child_nodes, without its two generators
            value = getattr(node, name, None)
            if isinstance(value, kind):
                push((value, depth))
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, kind):
                        push((item, depth))
    return best


def migrate_text(text: str, pipeline: Pipeline, label: str, imports: Optional[dict] = None,
                 importers: Optional[dict] = None,
                 phases: Optional[Phases] = None) -> tuple[str, FileResult]:
    """The same as `process_file` for text that comes from elsewhere (stdin, a notebook cell).
    `phases`: the file's `--profile` account (a new one when the pipeline profiles)."""
    if phases is None and pipeline.profile:
        phases = Phases()
    with phase(phases, "wants"):
        wanted = pipeline.wants(text)
    if not wanted:
        result = FileResult(label, UNCHANGED)
    else:
        with phase(phases, "check source"):
            check_source(text, label)
        migration = migrate_code(text, pipeline, filename=label, imports=imports,
                                 importers=importers, phases=phases)
        text, result = migration.code, _result_of(label, text, migration, pipeline, phases)
    if phases is not None:
        result.phases = phases.seconds
    return text, result


def _result_of(path: str, before: str, migration: Migration, pipeline: Pipeline,
               phases: Optional[Phases] = None) -> FileResult:
    after = migration.code
    if after != before:
        try:
            with phase(phases, "check output"):
                asts.parse(after)
        except SyntaxError as exc:
            names = ", ".join(migration.changed_by)
            raise RuntimeError(f"codemods [{names}] produced code that does not parse "
                               f"(line {exc.lineno}); file left untouched") from None
    with phase(phases, "residue"):
        residue = pipeline.residue(after)
        if after != before:  # where each leftover is in the file on disk now, like warnings
            from migrate.engine import _map_to_original

            residue = _map_to_original(residue, before, after)
    if migration.skipped:  # kept as written on purpose: not a leftover
        residue = [r for r in residue if not any(a <= r["line"] <= b for a, b in migration.skipped)]
    result = FileResult(path, CHANGED if after != before else UNCHANGED,
                        codemods=migration.changed_by, warnings=migration.warnings,
                        record=migration.record, residue=residue)
    if result.status == CHANGED:
        with phase(phases, "diff"):
            result.diff = unified_diff(before, after, path.replace(os.sep, "/"))
            result.added, result.removed = diff_stats(result.diff)
        if pipeline.hazards is not None:
            with phase(phases, "report (lint facts)"):
                result.hazards_removed = pipeline.hazards(before, after, migration.origin)
    return result


_PYTHON2 = re.compile(
    r"^\s*(print\s+[^\s(=]|exec\s+[\"'\w]|except\s+[\w.]+\s*,\s*\w+\s*:|raise\s+\w+\s*,)"
    r"|`|<>|\b0[0-7]+\b|\bur['\"]"
)


def _syntax_error_line(exc: cst.ParserSyntaxError) -> str:
    """One line: where parsing failed and the offending source line, not libcst's essay."""
    lines = getattr(exc, "_lines", None) or ()
    text = lines[exc.raw_line - 1] if 0 < exc.raw_line <= len(lines) else ""
    hint = " (Python 2 syntax?)" if _PYTHON2.search(text) else ""
    return f"cannot parse line {exc.raw_line}, col {exc.raw_column + 1}{hint}: {text.strip()[:80]!r}"


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


def output_parses(path: str, output: Optional[bytes]) -> bool:
    """Whether new bytes (from the cache) are a notebook / Python source that parses."""
    if output is None:
        return True
    try:
        if path.endswith(NOTEBOOK_SUFFIX):
            import json

            json.loads(output)
        else:
            compile(decode(output).text, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        return True
    except Exception:  # noqa: BLE001 - SyntaxError, SourceError, ValueError, RecursionError
        return False


def run_files(paths: list[str], pipeline: Pipeline, write: bool, jobs: int,
              on_result: Callable[[FileResult], None] = lambda r: None,
              cache: Optional["Cache"] = None, executor: Optional["Executor"] = None,
              follow: frozenset = frozenset()) -> list[FileResult]:
    """Process `paths`; results come back in the order of `paths`.

    The driver reads each file once. Files the pipeline rejects on their bytes, and cache
    hits, are settled here without a worker; only the rest goes to `executor` (a local
    process pool of `jobs` by default), in chunks. Each result is stored in the cache as it
    arrives and, with `write`, written back then: an interrupted run resumes from there.
    A file is only replaced if it is still what was read. `follow`: paths that are symlinks
    named explicitly, written through to their targets.
    """
    from migrate.executors import LocalExecutor

    executor = executor or LocalExecutor(jobs)
    done: dict[str, FileResult] = {}
    tasks: list[tuple[str, bytes, Optional[str]]] = []

    snapshots: dict[str, Snapshot] = {}

    def settle(path: str, output: Optional[bytes], result: FileResult) -> None:
        if write:
            result = _written(path, output, result, snapshots.get(path),
                              follow=path in follow)
        done[path] = result
        on_result(result)

    contents: dict[str, object] = {}
    for path in paths:
        try:
            contents[path], snapshots[path] = read_snapshot(path)
        except SourceError as exc:
            contents[path] = exc
    scanned: dict[str, list] = {}
    importers = importers_of(paths, lambda p: contents[p] if isinstance(contents[p], bytes)
                             else None, scanned)
    for path in paths:
        data = contents.pop(path)
        if isinstance(data, SourceError):
            settle(path, None, _unreadable(path, data))
            continue
        if not pipeline.wants_bytes(data):
            settle(path, None, FileResult(path, UNCHANGED))
            continue
        imports = local_imports(path, data, scanned.get(path, []))
        imported = importers.get(os.path.abspath(path), {})
        key = cache.key(path, data, imports, imported) if cache else None
        hit = cache.get(key) if cache else None
        if hit is not None and not output_parses(path, hit[0]):
            hit = None  # a cached result is only trusted with code that parses
        if hit is not None:
            settle(path, *hit)
        else:
            tasks.append((path, data, imports, imported, key))
    keys = {path: key for path, *_, key in tasks}
    for path, output, result in executor.run([t[:4] for t in tasks], pipeline):
        if cache is not None:
            cache.put(keys[path], output, result)
        settle(path, output, result)
    return [done[path] for path in paths]
