"""`--profile`: where a run's CPU time goes, phase by phase, as a table on stderr.

A run is many small files, and a whole-process profiler shows the same libcst functions for
every phase (parsing, name resolution and every codemod all walk the same trees). This keeps
one account per phase instead: parse, name resolution, each codemod, import edits, codegen,
placing warnings, the diff, the report's lint facts. Time is charged exclusively: a phase
opened inside another (a codemod's callbacks inside the shared traversal) stops the outer
one's clock, so the rows add up to the time spent in files.

The clock is the thread's CPU time (`time.thread_time`), not the wall: on a shared machine
the wall clock counts the time other processes ran. Each worker keeps its own account per
file (`FileResult.phases`); the driver adds them up. Profiling costs a clock read per
codemod callback, so a `--profile` run is a little slower than a plain one.
"""
from __future__ import annotations

import os
import time
from contextlib import contextmanager, nullcontext
from typing import Callable, Iterable, Iterator, Optional

_clock = time.thread_time
_NOTHING = nullcontext()


class Phases:
    """Exclusive CPU seconds per phase name, for one file (or summed over many)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._stack: list[str] = []
        self._last = 0.0

    def enter(self, name: str) -> None:
        now = _clock()
        if self._stack:
            top = self._stack[-1]
            self.seconds[top] = self.seconds.get(top, 0.0) + now - self._last
        self._stack.append(name)
        self._last = now

    def leave(self) -> None:
        now = _clock()
        top = self._stack.pop()
        self.seconds[top] = self.seconds.get(top, 0.0) + now - self._last
        self._last = now

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.enter(name)
        try:
            yield
        finally:
            self.leave()

    def timed(self, name: str, function: Callable) -> Callable:
        """`function`, charging its calls to `name` (a codemod's visit/leave callbacks)."""
        enter, leave = self.enter, self.leave

        def wrapper(*args):
            enter(name)
            try:
                return function(*args)
            finally:
                leave()
        return wrapper


def phase(phases: Optional[Phases], name: str):
    """`phases.phase(name)`, or a no-op context when the run is not profiled."""
    return _NOTHING if phases is None else phases.phase(name)


def table(accounts: Iterable[dict], total_cpu: Optional[float] = None) -> list[str]:
    """The lines of the per-phase table: phase, CPU seconds, share, files that spent any.
    `total_cpu`: the whole run's CPU (driver and workers); what files did not spend is shown
    as `outside files` (start-up, discovery, reading, the cache, writing, output)."""
    seconds: dict[str, float] = {}
    files: dict[str, int] = {}
    for account in accounts:
        for name, value in account.items():
            seconds[name] = seconds.get(name, 0.0) + value
            files[name] = files.get(name, 0) + 1
    rows = sorted(seconds.items(), key=lambda item: (-item[1], item[0]))
    in_files = sum(seconds.values())
    if total_cpu is not None and total_cpu > in_files:
        rows.append(("outside files", total_cpu - in_files))
    whole = max(sum(value for _, value in rows), 1e-9)
    width = max([len(name) for name, _ in rows] + [len("phase")])
    lines = [f"{'phase':<{width}}  {'cpu s':>8}  {'share':>6}  {'files':>6}"]
    for name, value in rows:
        count = str(files[name]) if name in files else ""
        lines.append(f"{name:<{width}}  {value:8.3f}  {100 * value / whole:5.1f}%  {count:>6}")
    lines.append(f"{'total':<{width}}  {whole:8.3f}  100.0%")
    return lines


def cpu_now() -> float:
    """CPU seconds of this process and of its reaped children (the pool's workers)."""
    children = os.times()  # in clock ticks; the process's own clock is finer
    return time.process_time() + children.children_user + children.children_system
