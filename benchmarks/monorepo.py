"""Benchmark a monorepo-sized batch run: tfmigrate (`--jobs 2`, first run and cached rerun)
against TensorFlow's `tf_upgrade_v2`, on the same synthetic tree.

    python benchmarks/monorepo.py [--corpus /work/corpus] [--ordinary 3000] [--jobs 2]
                                  [--skip-tf-upgrade-v2] [--keep DIR] [--json out.json]

The tree is built in a temporary directory at run time and deleted afterwards (nothing of it
is ever committed): every repository under `--corpus` (real TF1 code) as a top-level
directory, plus `--ordinary` ordinary Python files copied from the running interpreter's
standard library (tests included, files that do not parse left out; copied again under
`python_libN/` until there are enough), as the non-TF bulk of a monorepo.

Timed, each as its own `tfmigrate diff` process writing the diff to a file:
  1. first run, `--no-cache`;
  2. the same with `--report` (what the report's lint facts add);
  3. first run with a cold cache (a fresh `--cache-dir`; this run fills it);
  4. the rerun on that warm cache;
  5. tf_upgrade_v2: the upgrader its CLI runs (`ASTCodeUpgrader(TFAPIChangeSpec())
     .process_file`), over every `.py` file of the tree in one process. That is its best
     chance: its `--intree` CLI aborts the whole tree at the first file it crashes on (on this
     tree: within the first few files, on positional-only parameters in the standard library),
     and a process per file would pay the TensorFlow import each time. Crashes are counted
     and listed; the import time is included (the CLI pays it too).
It prints files, wall and CPU seconds (each process with its workers, from the same run),
files/s and the ratios the goals are about (first run, with and without `--report`, vs
tf_upgrade_v2 in wall and CPU time; cached rerun vs first run).
"""
from __future__ import annotations

import argparse
import ast
import json
import os
import resource
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def ordinary_files(count: int) -> list[Path]:
    """Standard-library `.py` files that parse, in a fixed order."""
    lib = Path(sysconfig.get_paths()["stdlib"])
    found = []
    for path in sorted(lib.rglob("*.py")):
        rel = path.relative_to(lib)
        if rel.parts[0] == "site-packages" or any(p.startswith(".") for p in rel.parts):
            continue
        try:
            ast.parse(path.read_bytes())
        except (SyntaxError, ValueError):
            continue
        found.append(path)
        if len(found) >= count:
            break
    return found


def build_tree(target: Path, corpus: Path, ordinary: int) -> dict:
    repos = sorted(p for p in corpus.iterdir() if p.is_dir())
    for repo in repos:
        shutil.copytree(repo, target / repo.name, symlinks=True)
    lib = Path(sysconfig.get_paths()["stdlib"])
    sources = ordinary_files(ordinary)
    copied, round_ = 0, 1
    while sources and copied < ordinary:
        for path in sources:
            if copied >= ordinary:
                break
            dest = target / f"python_lib{round_}" / path.relative_to(lib)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            copied += 1
        round_ += 1
    py = list(target.rglob("*.py"))
    return {"repos": [r.name for r in repos], "ordinary_files": copied, "py_files": len(py),
            "ipynb_files": len(list(target.rglob("*.ipynb"))),
            "py_lines": sum(p.read_bytes().count(b"\n") for p in py),
            "tf_py_files": sum(b"tensorflow" in p.read_bytes() for p in py)}


CPU: dict[str, float] = {}


def timed(command: list[str], cwd: Path, out: Path, env: dict) -> tuple[float, int, str]:
    """Wall seconds (and, in CPU[out.name], CPU seconds of the process and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with open(out, "wb") as handle:
        done = subprocess.run(command, cwd=cwd, stdout=handle, stderr=subprocess.PIPE, env=env)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU[out.name] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)
    return seconds, done.returncode, done.stderr.decode(errors="replace").strip()


def run_tfmigrate(tree: Path, work: Path, jobs: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TFMIGRATE_CACHE_DIR", None)
    base = [sys.executable, "-m", "migrate", "diff", "--jobs", str(jobs), "--quiet", "."]
    cache = work / "cache"
    runs = {}
    for name, extra in (("no_cache", ["--no-cache"]),
                        ("no_cache_report", ["--no-cache", "--report", str(work / "report.json")]),
                        ("cold_cache", ["--cache-dir", str(cache)]),
                        ("warm_cache", ["--cache-dir", str(cache)])):
        seconds, code, err = timed(base + extra, tree, work / f"{name}.diff", env)
        runs[name] = {"seconds": round(seconds, 2), "cpu_seconds": CPU[f"{name}.diff"],
                      "exit": code,
                      "summary": err.splitlines()[-1] if err else ""}
    same = (work / "no_cache.diff").read_bytes() == (work / "warm_cache.diff").read_bytes() \
        == (work / "cold_cache.diff").read_bytes()
    runs["cached_output_identical"] = same
    return runs


#: Runs in a subprocess: tf_upgrade_v2's own upgrader over every file, one TF import, a crash
#: costing only its file (the `--intree` CLI would abort the whole tree at the first one).
TF_UPGRADE_V2_DRIVER = r"""
import json, logging, os, sys, time, contextlib, io
start = time.perf_counter()
logging.disable(logging.WARNING)
from tensorflow.tools.compatibility import ast_edits, tf_upgrade_v2
upgrader = ast_edits.ASTCodeUpgrader(tf_upgrade_v2.TFAPIChangeSpec())
ready = time.perf_counter()
tree, out = sys.argv[1], sys.argv[2]
crashes, done = [], 0
for top, dirs, files in os.walk(tree):
    dirs.sort()
    for name in sorted(files):
        if not name.endswith(".py"):
            continue
        src = os.path.join(top, name)
        dst = os.path.join(out, os.path.relpath(src, tree))
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                upgrader.process_file(src, dst)
            done += 1
        except Exception as exc:
            crashes.append(f"{os.path.relpath(src, tree)}: {type(exc).__name__}: "
                           f"{str(exc).splitlines()[0][:100] if str(exc) else ''}")
print(json.dumps({"files": done, "crashes": crashes, "import_seconds": ready - start}))
"""


def run_tf_upgrade_v2(tree: Path, work: Path) -> dict:
    """tf_upgrade_v2's upgrader (what its CLI runs) over the tree, one process, file by file."""
    try:
        import importlib.util
        if importlib.util.find_spec("tensorflow") is None:
            return {"available": False}
    except (ImportError, ValueError):
        return {"available": False}
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    command = [sys.executable, "-c", TF_UPGRADE_V2_DRIVER, str(tree), str(work / "tf_upgrade_v2")]
    seconds, code, err = timed(command, tree, work / "tf_upgrade_v2.json", env)
    try:
        data = json.loads((work / "tf_upgrade_v2.json").read_text().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return {"available": True, "seconds": round(seconds, 2), "error": err[-300:]}
    return {"available": True, "seconds": round(seconds, 2),
            "cpu_seconds": CPU["tf_upgrade_v2.json"], "files": data["files"],
            "import_seconds": round(data["import_seconds"], 2), "crashes": data["crashes"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="/work/corpus", type=Path)
    parser.add_argument("--ordinary", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--skip-tf-upgrade-v2", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the tree here and keep it")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="tfmigrate-monorepo-") as scratch:
        base = args.keep or Path(scratch)
        tree, work = base / "monorepo", base / "work"
        work.mkdir(parents=True, exist_ok=True)
        tree.mkdir(parents=True, exist_ok=False)
        figures = {"tree": build_tree(tree, args.corpus, args.ordinary), "jobs": args.jobs}
        figures["tfmigrate"] = run_tfmigrate(tree, work, args.jobs)
        if not args.skip_tf_upgrade_v2:
            figures["tf_upgrade_v2"] = run_tf_upgrade_v2(tree, work)
    report(figures)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


def report(f: dict) -> None:
    t, m = f["tree"], f["tfmigrate"]
    files = t["py_files"] + t["ipynb_files"]
    print(f"tree: {len(t['repos'])} TF1 repos + {t['ordinary_files']} ordinary files = "
          f"{t['py_files']} .py ({t['tf_py_files']} mention tensorflow, {t['py_lines']} lines) "
          f"+ {t['ipynb_files']} .ipynb")
    rows = [("tfmigrate diff, first run (--no-cache)", m["no_cache"], files),
            ("  the same with --report", m["no_cache_report"], files),
            ("tfmigrate diff, first run (cold cache)", m["cold_cache"], files),
            ("tfmigrate diff, cached rerun", m["warm_cache"], files)]
    up = f.get("tf_upgrade_v2", {})
    if up.get("available"):
        rows.append(("tf_upgrade_v2 (file by file, one process)", up, t["py_files"]))
    print(f"{'run':<42} {'wall s':>8} {'CPU s':>8} {'files':>6} {'files/s':>8}")
    for name, run, count in rows:
        print(f"{name:<42} {run['seconds']:>8.1f} {run.get('cpu_seconds', 0):>8.1f} {count:>6} "
              f"{count / max(run['seconds'], 1e-9):>8.1f}")
    print(f"tfmigrate summary: {m['no_cache']['summary']}")
    print(f"cached output identical to the first run: {m['cached_output_identical']}")
    print(f"load average while measuring (other processes share the cores): "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    plain, report_run = m["no_cache"], m["no_cache_report"]
    print(f"--report adds {100 * (report_run['cpu_seconds'] / max(plain['cpu_seconds'], 1e-9) - 1):.1f}% "
          f"CPU ({100 * (report_run['seconds'] / max(plain['seconds'], 1e-9) - 1):.1f}% wall)")
    print(f"cached rerun vs first run (cold cache): "
          f"{m['cold_cache']['seconds'] / max(m['warm_cache']['seconds'], 1e-9):.1f}x faster")
    if up.get("available"):
        for label, run in (("", plain), (" with --report", report_run)):
            print(f"first run (--jobs {f['jobs']}, no cache){label} vs tf_upgrade_v2: "
                  f"{up['seconds'] / max(run['seconds'], 1e-9):.2f}x faster (wall), "
                  f"{up['cpu_seconds'] / max(run['cpu_seconds'], 1e-9):.2f}x less CPU")
        print(f"tf_upgrade_v2: {up.get('files', 0)} files converted, "
              f"{len(up.get('crashes', []))} crashed, {up.get('import_seconds', 0)} s of "
              f"TensorFlow import included")
        for line in up.get("crashes", []):
            print(f"tf_upgrade_v2 crash: {line}")


if __name__ == "__main__":
    main()
