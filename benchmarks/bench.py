"""Benchmark tfmigrate against TensorFlow's tf_upgrade_v2 on the same tree, in CPU seconds.

    python benchmarks/bench.py TREE [TREE...] [--json out.json] [--select a,b,...]
                               [--repeat N] [--skip-tf-upgrade-v2]

Both tools run in this one process, one file at a time (the `--jobs 1` case), interleaved
file by file, on the same texts held in memory, so the timing compares the migrations and not the file systems or the
start-up. tfmigrate runs what a worker of `tfmigrate diff -j 1` runs per file
(`runner.migrate_text`: compile check, codemods, residue, diff), once plain and once with the
lint facts `--report` adds; tf_upgrade_v2 runs its upgrader (`update_string_pasta`).

Time is the CPU time of this thread (`time.thread_time`), per file, so other processes on a
shared machine do not count; `--repeat N` runs every file N times and keeps each file's
fastest run (a noisy machine only ever slows a run down). tfmigrate runs with the cyclic
garbage collector paused, as its workers do; tf_upgrade_v2 as its CLI runs. It prints, per tool: CPU seconds,
lines per CPU second, crashes, outputs that do not parse, non-idempotent outputs (tfmigrate)
and the TF1 API references left, counted the same way for both (codemods.residue); then the
CPU ratio tf_upgrade_v2 / tfmigrate with and without the report (overall and per TREE),
what the report adds, and CPU seconds per 10k lines over the smallest and the largest quarter of the files (by lines):
a migration that grows linearly with input shows about the same figure for both.

tf_upgrade_v2 ships with the `tensorflow` wheel; without it only tfmigrate is measured.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import gc
import io
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codemods.registry import build_pipeline  # noqa: E402
from codemods.residue import forget, tf1_references  # noqa: E402
from hazards.registry import hazards_removed  # noqa: E402
from migrate.discovery import discover  # noqa: E402
from migrate.text_migration import migrate_text  # noqa: E402
from migrate.sources import SourceError, read_source  # noqa: E402


def load_tree(paths: list[str]) -> list[tuple[str, str]]:
    files = []
    for path in discover(paths).files:
        if not path.endswith(".py"):
            continue
        try:
            files.append((path, read_source(path).text))
        except SourceError:
            continue
    return files


def tree_of(path: str, trees: list[str]) -> str:
    """The TREE argument `path` was found under (figures are also given per tree)."""
    for tree in trees:
        if os.path.abspath(path).startswith(os.path.abspath(tree).rstrip(os.sep) + os.sep):
            return os.path.basename(os.path.abspath(tree))
    return os.path.basename(os.path.dirname(os.path.abspath(path)))


def parses(code: str) -> bool:
    try:
        ast.parse(code)
        return True
    except SyntaxError:
        return False


def run_tfmigrate(select=None, report=False):
    pipeline = build_pipeline(select)
    if report:
        pipeline = replace(pipeline, hazards=hazards_removed)

    def migrate(path, text):
        return migrate_text(text, pipeline, path)[0]

    return migrate, lambda path, out: migrate(path, out) == out


def run_tf_upgrade_v2():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import logging
    logging.disable(logging.WARNING)
    from tensorflow.tools.compatibility import ast_edits, tf_upgrade_v2

    upgrader = ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec())

    def migrate(path, text):
        with contextlib.redirect_stdout(io.StringIO()):  # it prints a log line per rename
            _, out, logs, errors = upgrader.update_string_pasta(text, path)
        if not out and logs and str(logs[0]).startswith("ERROR: Failed to parse"):
            raise SyntaxError("tf_upgrade_v2 could not parse the file")
        return out

    return migrate, None


def _timed(migrate, path, text, collector):
    """(CPU seconds, output, exception or None) of one run."""
    forget()  # each run starts from nothing kept of the text
    if not collector:
        gc.disable()
    start = time.thread_time()
    try:
        out, crash = migrate(path, text), None
    except Exception as exc:  # noqa: BLE001 - a crash is a measurement here
        out, crash = text, exc
    seconds = time.thread_time() - start
    gc.enable()
    return seconds, out, crash


def measure(tools, files, repeat=1, trees=()):
    """Run each tool over `files`, interleaved file by file (A B C A B C ...: a machine
    whose speed drifts slows all tools alike); each file's CPU seconds is its fastest of
    `repeat` runs. `tools`: (name, migrate, idempotent check or None, collector) with
    `collector=False` for tfmigrate, whose workers pause the cyclic garbage collector;
    tf_upgrade_v2 runs as its own CLI does, with it on."""
    all_stats = []
    for name, migrate, _, collector in tools:
        all_stats.append({"tool": name, "files": len(files), "lines": 0, "seconds": 0.0,
                          "crashes": 0, "unparsable_outputs": 0, "not_idempotent": 0,
                          "tf1_refs_before": 0, "tf1_refs_after": 0, "crashed_files": [],
                          "per_file": [], "per_tree": {}})
        for path, text in files[:3]:  # warm-up, untimed: tables and caches loaded on first use
            _timed(migrate, path, text, collector)
    for path, text in files:
        lines = text.count("\n") + 1
        runs = [[] for _ in tools]
        for _ in range(repeat):
            for i, (_, migrate, _, collector) in enumerate(tools):
                runs[i].append(_timed(migrate, path, text, collector))
        for stats, (_, _, idempotent, _), timings in zip(all_stats, tools, runs):
            best = min(seconds for seconds, _, _ in timings)
            _, out, crash = timings[-1]
            _account(stats, path, text, lines, best, out, crash, idempotent, trees)
    return [_totals(stats) for stats in all_stats]


def _account(stats, path, text, lines, best, out, crash, idempotent, trees) -> None:
    stats["lines"] += lines
    stats["seconds"] += best
    tree = stats["per_tree"].setdefault(tree_of(path, list(trees)),
                                        {"files": 0, "lines": 0, "seconds": 0.0})
    tree["files"] += 1
    tree["lines"] += lines
    tree["seconds"] += best
    stats["per_file"].append((lines, best))
    if crash is not None:
        stats["crashes"] += 1
        stats["crashed_files"].append(f"{path}: {type(crash).__name__}: {str(crash)[:100]}")
    if not parses(out) and parses(text):
        stats["unparsable_outputs"] += 1
    if idempotent is not None and out != text and not idempotent(path, out):
        stats["not_idempotent"] += 1
    stats["tf1_refs_before"] += len(tf1_references(text))
    stats["tf1_refs_after"] += len(tf1_references(out))


def _totals(stats: dict) -> dict:
    s = max(stats["seconds"], 1e-9)
    stats["files_per_s"] = round(stats["files"] / s, 1)
    stats["lines_per_s"] = round(stats["lines"] / s)
    stats["tf1_refs_left_pct"] = round(100 * stats["tf1_refs_after"]
                                       / max(stats["tf1_refs_before"], 1), 1)
    stats["per_10k_lines"] = quartiles(stats.pop("per_file"))
    return stats


def quartiles(per_file: list[tuple[int, float]]) -> dict:
    """CPU seconds per 10k lines over the smallest and the largest quarter of the files."""
    ordered = sorted(per_file)
    quarter = max(1, len(ordered) // 4)

    def rate(group):
        return round(1e4 * sum(s for _, s in group) / max(sum(n for n, _ in group), 1), 3)

    return {"smallest_quarter": rate(ordered[:quarter]), "largest_quarter": rate(ordered[-quarter:]),
            "smallest_quarter_lines": sum(n for n, _ in ordered[:quarter]),
            "largest_quarter_lines": sum(n for n, _ in ordered[-quarter:])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--skip-tf-upgrade-v2", action="store_true")
    parser.add_argument("--select", help="only these codemods, comma-separated (e.g. the API "
                                         "layer alone)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each file N times and keep its fastest (noisy machines)")
    args = parser.parse_args()

    files = load_tree(args.trees)
    select = args.select.split(",") if args.select else None
    tools = [("tfmigrate", *run_tfmigrate(select), False),
             ("tfmigrate --report", *run_tfmigrate(select, report=True), False)]
    if not args.skip_tf_upgrade_v2:
        try:
            tools.append(("tf_upgrade_v2", *run_tf_upgrade_v2(), True))
        except ImportError:
            print("tf_upgrade_v2 not available (no tensorflow installed)", file=sys.stderr)
    results = measure(tools, files, args.repeat, args.trees)
    print_table(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def print_table(results: list[dict]) -> None:
    header = ("tool", "files", "lines", "CPU s", "lines/CPU s", "s/10k lines small¼",
              "large¼", "crashes", "unparsable", "not idempotent", "TF1 refs before",
              "after", "left %")
    print(" | ".join(header))
    for r in results:
        q = r["per_10k_lines"]
        print(" | ".join(str(x) for x in (
            r["tool"], r["files"], r["lines"], f"{r['seconds']:.2f}", r["lines_per_s"],
            q["smallest_quarter"], q["largest_quarter"], r["crashes"], r["unparsable_outputs"],
            r["not_idempotent"], r["tf1_refs_before"], r["tf1_refs_after"],
            r["tf1_refs_left_pct"])))
    plain, report = results[0], results[1]
    print(f"--report adds {100 * (report['seconds'] / max(plain['seconds'], 1e-9) - 1):.1f}% "
          f"CPU ({report['seconds'] - plain['seconds']:.2f} s)")
    if len(results) == 3:
        upgrade = results[2]
        for r in (plain, report):
            print(f"CPU ratio tf_upgrade_v2 / {r['tool']}: "
                  f"{upgrade['seconds'] / max(r['seconds'], 1e-9):.2f}x")
    print(" | ".join(("tree", "files", "lines", *(f"{r['tool']} CPU s" for r in results),
                      *(("ratio", "ratio --report") if len(results) == 3 else ()))))
    for tree, first in plain["per_tree"].items():
        cpu = [r["per_tree"][tree]["seconds"] for r in results]
        ratios = [f"{cpu[2] / max(c, 1e-9):.2f}x" for c in cpu[:2]] if len(cpu) == 3 else []
        print(" | ".join((tree, str(first["files"]), str(first["lines"]),
                          *(f"{c:.2f}" for c in cpu), *ratios)))
    for r in results:
        for line in r["crashed_files"]:
            print(f"{r['tool']} crash: {line}")


if __name__ == "__main__":
    main()
