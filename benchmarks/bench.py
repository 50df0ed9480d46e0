"""Benchmark tfmigrate against TensorFlow's tf_upgrade_v2 on the same tree.

    python benchmarks/bench.py TREE [TREE...] [--json out.json] [--select a,b,...]

Both tools run in this one process, one file at a time (the `--jobs 1` case), on the same
texts held in memory, so the timing compares the migrations and not the file systems. A crash
in either tool is counted for that file and the run goes on. For each tool it prints files/s,
lines/s, crashes, outputs that do not parse, non-idempotent outputs (tfmigrate), and the TF1
API references left, counted the same way for both (codemods.residue: any `tf.compat.v1` or
`tf.contrib` path, or a TF1-only name through any alias).

tf_upgrade_v2 ships with the `tensorflow` wheel; without it only tfmigrate is measured.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import io
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from codemods.registry import build_pipeline  # noqa: E402
from codemods.residue import tf1_references  # noqa: E402
from migrate.discovery import discover  # noqa: E402
from migrate.engine import migrate_code  # noqa: E402
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


def parses(code: str) -> bool:
    try:
        ast.parse(code)
        return True
    except SyntaxError:
        return False


def run_tfmigrate(files, select=None):
    pipeline = build_pipeline(select)

    def migrate(path, text):
        if not pipeline.wants(text):
            return text
        return migrate_code(text, pipeline, path).code

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


def measure(name, migrate, idempotent, files):
    stats = {"tool": name, "files": len(files), "lines": 0, "seconds": 0.0, "crashes": 0,
             "unparsable_outputs": 0, "not_idempotent": 0, "tf1_refs_before": 0,
             "tf1_refs_after": 0, "crashed_files": []}
    for path, text in files:
        stats["lines"] += text.count("\n") + 1
        before = len(tf1_references(text))
        start = time.perf_counter()
        try:
            out = migrate(path, text)
        except Exception as exc:  # noqa: BLE001 - a crash is a measurement here
            stats["seconds"] += time.perf_counter() - start
            stats["crashes"] += 1
            stats["crashed_files"].append(f"{path}: {type(exc).__name__}: {str(exc)[:100]}")
            out = text
        else:
            stats["seconds"] += time.perf_counter() - start
        if not parses(out) and parses(text):
            stats["unparsable_outputs"] += 1
        if idempotent is not None and out != text and not idempotent(path, out):
            stats["not_idempotent"] += 1
        stats["tf1_refs_before"] += before
        stats["tf1_refs_after"] += len(tf1_references(out))
    s = max(stats["seconds"], 1e-9)
    stats["files_per_s"] = round(stats["files"] / s, 1)
    stats["lines_per_s"] = round(stats["lines"] / s)
    stats["tf1_refs_left_pct"] = round(100 * stats["tf1_refs_after"]
                                       / max(stats["tf1_refs_before"], 1), 1)
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument("--skip-tf-upgrade-v2", action="store_true")
    parser.add_argument("--select", help="only these codemods, comma-separated (e.g. the API "
                                         "layer alone)")
    args = parser.parse_args()

    files = load_tree(args.trees)
    select = args.select.split(",") if args.select else None
    results = [measure("tfmigrate", *run_tfmigrate(files, select), files)]
    if not args.skip_tf_upgrade_v2:
        try:
            results.append(measure("tf_upgrade_v2", *run_tf_upgrade_v2(), files))
        except ImportError:
            print("tf_upgrade_v2 not available (no tensorflow installed)", file=sys.stderr)
    header = ("tool", "files", "lines", "seconds", "files/s", "lines/s", "crashes",
              "unparsable", "not idempotent", "TF1 refs before", "after", "left %")
    print(" | ".join(header))
    for r in results:
        print(" | ".join(str(x) for x in (
            r["tool"], r["files"], r["lines"], f"{r['seconds']:.1f}", r["files_per_s"],
            r["lines_per_s"], r["crashes"], r["unparsable_outputs"], r["not_idempotent"],
            r["tf1_refs_before"], r["tf1_refs_after"], r["tf1_refs_left_pct"])))
    if len(results) == 2 and results[1]["seconds"]:
        print(f"speed ratio (tfmigrate / tf_upgrade_v2, lines/s): "
              f"{results[0]['lines_per_s'] / max(results[1]['lines_per_s'], 1):.2f}")
    for r in results:
        for line in r["crashed_files"]:
            print(f"{r['tool']} crash: {line}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
