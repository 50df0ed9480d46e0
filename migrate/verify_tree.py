"""`tfmigrate verify DIR`: every script of a repository, run before and after its migration.

This is how a whole-program migration is measured. The tree is copied twice into a private
temporary directory: one copy stays as written, the other is migrated as a whole with the
normal pipeline (so a script imports the migrated versions of the modules beside it). Each
script then runs twice in subprocesses, with a timeout: the original under TF1 semantics and
its migration under plain TF2, each in its own copy of the script's directory (so relative data
files are found and whatever it writes lands in the copy, never in the repository). The TF2
side starts from the TF1 side's initial variable values, so a deterministic program prints
the same numbers.

Per script, the table says:
- native: the migrated file has no `compat.v1`, no `tf.contrib`, no graph-mode switch;
- before / after: whether each side ran to the end (a script whose original does not run here,
  e.g. for want of a dataset, is not counted as runnable);
- variables: the same model variables (name, shape, dtype, trainable);
- numbers: the same printed lines, numbers within `stdout_rtol`; "random" where the lines
  agree but the numbers come from random ops the TF1 run executed after initialisation
  (dropout, sampled noise, shuffles: `migrate.random_fetches`), whose streams TF1 and TF2 seed
  differently. Such a script counts as verified on its lines and variables, and the summary
  says how many there are.
"""
from __future__ import annotations

import ast
import os
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Optional

from migrate.discovery import discover
from migrate.verification import compare, compat_text, run_probe

MAX_COPIED_BYTES = 64 * 1024 * 1024
_SKIPPED_DIRS = {".git", "__pycache__", ".venv", "venv", "node_modules"}


@dataclass
class ScriptResult:
    path: str
    native: bool
    before_runs: bool
    after_runs: bool
    same_variables: bool
    same_numbers: bool
    before_error: Optional[str] = None
    after_error: Optional[str] = None
    first_difference: Optional[dict] = None
    #: downloads both sides read from migrate.dataset_standins instead
    dataset_standins: tuple = ()
    #: random op types the TF1 run fetched after initialisation (its numbers depend on them)
    random_ops: tuple = ()
    #: the printed lines agree once numbers are masked
    same_lines: bool = False

    @property
    def runnable(self) -> bool:
        return self.before_runs

    @property
    def random_numbers(self) -> bool:
        """The numbers differ, the lines agree, and the TF1 run drew random values."""
        return not self.same_numbers and self.same_lines and bool(self.random_ops)

    @property
    def verified(self) -> bool:
        """Plain TF2, runs, same variables and same printed numbers (lines, when random)."""
        return self.native and self.after_runs and self.same_variables and (
            self.same_numbers or self.random_numbers)


def is_script(source: str) -> bool:
    """A file meant to be run: a `__main__` guard, or module-level code that does something
    (a call, a loop, a `with` block) beyond imports, definitions and assignments."""
    if "tensorflow" not in source:
        return False
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return False
    for node in tree.body:
        if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            return True
        if isinstance(node, (ast.For, ast.While, ast.With)) or (
                isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
            return True
    return False


def _copy_tree(source: Path, target: Path) -> None:
    def ignore(directory: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n in _SKIPPED_DIRS}
        for name in names:
            path = os.path.join(directory, name)
            if os.path.islink(path) or (os.path.isfile(path)
                                        and os.path.getsize(path) > MAX_COPIED_BYTES):
                skipped.add(name)
        return skipped

    shutil.copytree(source, target, ignore=ignore)


def _verify_script(before_root: Path, after_root: Path, relative: str, work: Path,
                   timeout: float, stdout_rtol: Optional[float]) -> ScriptResult:
    before, after = before_root / relative, after_root / relative
    checkpoint = work / "before"
    common = {"inputs": {}, "seed": 0, "run_main": True, "call": None, "setup": None}
    tf1 = run_probe({**common, "mode": "tf1", "file": str(before), "cwd": str(before.parent),
                     "save_checkpoint": str(checkpoint)}, timeout)
    tf2 = run_probe({**common, "mode": "tf2", "file": str(after), "cwd": str(after.parent),
                     "load_checkpoint": tf1.get("checkpoint")}, timeout)
    result = compare(tf1, tf2, compare_outputs=False, stdout=(stdout_rtol,))
    same_variables = not (result.missing or result.extra or result.mismatched
                          or result.duplicates)
    text = after.read_text(encoding="utf-8", errors="replace")
    return ScriptResult(
        path=relative, native=not compat_text(text),
        before_runs=tf1["error"] is None, after_runs=tf2["error"] is None,
        same_variables=same_variables, same_numbers=bool(result.stdout["match"]),
        before_error=tf1["error"], after_error=tf2["error"],
        first_difference=result.stdout["first_difference"],
        dataset_standins=tuple(tf1.get("dataset_standins") or ()),
        random_ops=tuple(tf1.get("random_ops") or ()),
        same_lines=result.stdout["first_difference"] is None)  # words agree, numbers masked


def verify_tree(root: str, migrate_tree: Callable[[list[str]], None], timeout: float = 120,
                jobs: int = 1, stdout_rtol: Optional[float] = 1e-3,
                on_result: Callable[[ScriptResult], None] = lambda r: None
                ) -> list[ScriptResult]:
    """Verify every script under `root`; `migrate_tree(paths)` migrates files in place."""
    base = Path(root).resolve()
    with tempfile.TemporaryDirectory(prefix="tfmigrate-verify-tree-") as tmp:
        before_root, after_root = Path(tmp) / "before", Path(tmp) / "after"
        _copy_tree(base, before_root)
        _copy_tree(base, after_root)
        files = discover([str(after_root)]).files
        scripts = sorted(os.path.relpath(p, after_root) for p in files if p.endswith(".py")
                         and is_script(Path(p).read_text(encoding="utf-8", errors="replace")))
        migrate_tree(files)
        results: list[ScriptResult] = []

        def one(item: tuple[int, str]) -> ScriptResult:
            index, relative = item
            work = Path(tmp) / "work" / str(index)
            work.mkdir(parents=True)
            result = _verify_script(before_root, after_root, relative, work, timeout,
                                    stdout_rtol)
            on_result(result)
            return result

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(one, enumerate(scripts)))
    return results


def summary_counts(results: list[ScriptResult]) -> dict:
    runnable = [r for r in results if r.runnable]
    return {"scripts": len(results), "runnable": len(runnable),
            "native": sum(r.native for r in results),
            "after_runs": sum(r.after_runs for r in runnable),
            "same_variables": sum(r.after_runs and r.same_variables for r in runnable),
            "same_numbers": sum(r.after_runs and r.same_numbers for r in runnable),
            "random_numbers": sum(r.after_runs and r.random_numbers for r in runnable),
            "verified": sum(r.verified for r in runnable)}


def format_table(results: list[ScriptResult]) -> str:
    rows = [("script", "native", "before", "after", "variables", "numbers")]
    mark = {True: "yes", False: "no"}
    for r in results:
        rows.append((r.path, mark[r.native], mark[r.before_runs], mark[r.after_runs],
                     mark[r.same_variables] if r.before_runs and r.after_runs else "-",
                     _numbers(r) if r.before_runs and r.after_runs else "-"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    counts = summary_counts(results)
    lines.append(f"{counts['scripts']} scripts, {counts['runnable']} runnable before; of those: "
                 f"{counts['after_runs']} run after, {counts['same_variables']} same variables, "
                 f"{counts['same_numbers']} same numbers (+{counts['random_numbers']} same lines, "
                 f"numbers from random ops), {counts['verified']} plain TF2 with all three; "
                 f"{counts['native']} of {counts['scripts']} plain TF2")
    return "\n".join(lines)


def _numbers(result: ScriptResult) -> str:
    if result.random_numbers:
        return "random"
    return "yes" if result.same_numbers else "no"


def to_json(results: list[ScriptResult]) -> dict:
    return {"scripts": [{**asdict(r), "runnable": r.runnable, "random_numbers": r.random_numbers,
                         "verified": r.verified}
                        for r in results], "summary": summary_counts(results)}
