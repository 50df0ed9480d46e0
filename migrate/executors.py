"""Where the migrations run: a local process pool, or a Ray cluster (the optional `ray` extra).

Both run the same pure function, `runner.migrate_bytes`, over chunks of (path, bytes, the
sources of the modules beside it that it imports): the
driver keeps reading, the cache and writing, so a Ray run writes the same files and prints the
same output as a local one. Chunks are cut by size (largest files first, a budget of bytes per
chunk) so that one process start or one task round trip carries many small files, and the big
ones do not end up in the last chunk.
"""
from __future__ import annotations

import gc
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TYPE_CHECKING, Iterator, Optional, Protocol

if TYPE_CHECKING:
    from migrate.engine import Pipeline

Task = tuple[str, bytes, dict, dict]  # path, bytes, sibling sources, importers (runner)
Outcome = tuple[str, Optional[bytes], "FileResult"]  # noqa: F821


class Executor(Protocol):
    def run(self, tasks: list[Task], pipeline: Pipeline) -> Iterator[Outcome]: ...


def migrate_chunk(chunk: list[Task], pipeline: Pipeline) -> list[Outcome]:
    """What one worker does with one chunk: it never raises (see `runner.migrate_bytes`).

    The cyclic garbage collector is paused for the chunk: libcst allocates millions of small
    nodes per file and the collector kept rescanning them (about a tenth of the time); trees
    are freed by reference counting, and a young-generation collection after the chunk
    takes the rest.
    """
    from migrate.file_migration import migrate_bytes

    enabled = gc.isenabled()
    gc.disable()
    try:
        return [(path, *migrate_bytes(path, data, pipeline, imports, importers))
                for path, data, imports, importers in chunk]
    finally:
        if enabled:
            gc.enable()
            gc.collect(1)


def chunks(tasks: list[Task], workers: int, per_worker: int = 8,
           max_files: int = 64) -> list[list[Task]]:
    """Cut `tasks` into about `workers * per_worker` chunks of similar size, biggest first."""
    ordered = sorted(tasks, key=lambda t: (-len(t[1]), t[0]))
    budget = max(1, sum(len(t[1]) for t in tasks) // max(1, workers * per_worker))
    out: list[list[Task]] = []
    current: list[Task] = []
    size = 0
    for task in ordered:
        current.append(task)
        size += len(task[1])
        if size >= budget or len(current) >= max_files:
            out.append(current)
            current, size = [], 0
    if current:
        out.append(current)
    return out


def worker_init() -> None:
    """In each worker: Ctrl-C is the driver's to handle (it ends the pool), and the worker
    dies with the driver even if the driver is killed outright (Linux: PR_SET_PDEATHSIG)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() == 1:  # the driver died before prctl took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def end_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel pending chunks and kill the workers now: a chunk in flight is pure work (the
    driver writes), so nothing is lost but time."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.kill()
        except Exception:  # noqa: BLE001 - already gone
            pass
    for process in processes:
        try:
            process.join(timeout=2)
        except Exception:  # noqa: BLE001
            pass


def _crashed(chunk: list[Task], exc: BaseException) -> list[Outcome]:
    from migrate.results import FAILED, FileResult

    message = f"worker crashed: {type(exc).__name__}: {exc}".splitlines()[0][:200]
    return [(path, None, FileResult(path, FAILED, error=message)) for path, *_ in chunk]


class LocalExecutor:
    """`jobs` worker processes on this machine (in-process for one job or one file)."""

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)

    def run(self, tasks: list[Task], pipeline: Pipeline) -> Iterator[Outcome]:
        if self.jobs <= 1 or len(tasks) <= 1:
            for task in tasks:
                yield from migrate_chunk([task], pipeline)
            return
        workers = min(self.jobs, len(tasks))
        pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_init)
        try:
            futures = {pool.submit(migrate_chunk, chunk, pipeline): chunk
                       for chunk in chunks(tasks, workers)}
            for future in as_completed(futures):
                try:
                    outcomes = future.result()
                except Exception as exc:  # noqa: BLE001 - e.g. a worker killed by the OOM killer
                    outcomes = _crashed(futures[future], exc)
                yield from outcomes
        except BaseException:  # Ctrl-C, SIGTERM (cli), the consumer gone: stop at once
            end_pool(pool)
            raise
        pool.shutdown(wait=True)


class RayExecutor:
    """The same chunks as Ray tasks, on the cluster at `address` (a local instance if None).

    `ray` is imported here and nowhere else. Our own packages travel with the job
    (`runtime_env.py_modules`), so the cluster runs exactly this version of the codemods; the
    workers need libcst and the other dependencies installed.
    """

    def __init__(self, address: Optional[str], jobs: int):
        self.address = address
        self.jobs = max(1, jobs)

    def run(self, tasks: list[Task], pipeline: Pipeline) -> Iterator[Outcome]:
        if not tasks:
            return
        try:
            import ray
        except ImportError:
            raise RuntimeError("--executor ray needs the ray extra: "
                               "pip install 'tfmigrate[ray]'") from None
        import codemods
        import migrate

        if not ray.is_initialized():
            packages = [os.path.dirname(migrate.__file__), os.path.dirname(codemods.__file__)]
            ray.init(address=self.address, log_to_driver=False, logging_level="ERROR",
                     include_dashboard=False, runtime_env={"py_modules": packages},
                     **({} if self.address else {"num_cpus": self.jobs}))
        remote = ray.remote(migrate_chunk)
        shared = ray.put(pipeline)
        workers = max(1, int(ray.cluster_resources().get("CPU", self.jobs)))
        pending = {remote.remote(chunk, shared): chunk for chunk in chunks(tasks, workers)}
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1)
            for ref in ready:
                chunk = pending.pop(ref)
                try:
                    outcomes = ray.get(ref)
                except Exception as exc:  # noqa: BLE001 - a lost node, a dead worker
                    outcomes = _crashed(chunk, exc)
                yield from outcomes


def make_executor(name: str, jobs: int, address: Optional[str] = None) -> Executor:
    if name == "ray":
        return RayExecutor(address, jobs)
    return LocalExecutor(jobs)
