"""Kill `tfmigrate apply` at random points and check that no file is ever half-written.

    python benchmarks/kill_stress.py [--files 3000] [--kills 20] [--jobs 2] [--seed 0]
                                     [--signal KILL|TERM|INT|mixed] [--json out.json]

A tree of `--files` TF1 files (several sizes, CRLF and BOM ones among them) is built in a
temporary directory. Then, `--kills` times: `tfmigrate apply --no-cache` starts on the tree,
is sent the signal after a random delay (up to the duration of one full run, measured first),
and the tree is checked: every file must be byte-identical to either its original or its
migrated version (the migrated bytes come from one clean run on a copy), and no
`.tfmigrate-*.tmp` may be left behind after the next run (SIGKILL cannot clean up; the next
run removes stale temporaries of dead runs beside the files it writes). With TERM/INT the run
must also exit 2 at once and leave no worker process and no temporary file itself.
Prints the figures; exit 1 if any check failed.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BODY = ("import tensorflow as tf\n\n"
        "x = tf.placeholder(tf.float32, [None, 4])\n"
        "{lines}")
LINE = "v{i} = tf.log(tf.to_float(x) + {i}) * tf.reduce_sum(x, reduction_indices=[1], keep_dims=True)\n"


def build_tree(root: Path, count: int, rng: random.Random) -> None:
    for i in range(count):
        size = rng.choice((5, 20, 60, 200))
        text = BODY.format(lines="".join(LINE.format(i=k) for k in range(size)))
        data = text.encode()
        if i % 17 == 0:
            data = data.replace(b"\n", b"\r\n")
        if i % 23 == 0:
            data = b"\xef\xbb\xbf" + data
        path = root / f"pkg{i % 40:02d}" / f"mod{i:05d}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def apply_command(jobs: int) -> list[str]:
    return [sys.executable, "-m", "migrate", "apply", ".", "-j", str(jobs), "--no-cache", "-q"]


def environment() -> dict:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT),
                                                                      os.environ.get("PYTHONPATH")]))}


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.add(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=3000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--signal", default="mixed", choices=["KILL", "TERM", "INT", "mixed"])
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="tfmigrate-stress-"))
    problems: list[str] = []
    figures = {"files": args.files, "kills": 0, "by_signal": {}, "half_written": 0,
               "temp_left_after_next_run": 0, "temp_left_by_term": 0, "orphans": 0,
               "exit_codes": {}, "stop_seconds_max": 0.0}
    try:
        tree, expected_dir = work / "tree", work / "expected"
        build_tree(tree, args.files, rng)
        original = snapshot(tree)
        shutil.copytree(tree, expected_dir)
        start = time.monotonic()
        subprocess.run(apply_command(args.jobs), cwd=expected_dir, env=environment(),
                       capture_output=True, check=False)
        full = time.monotonic() - start
        migrated = snapshot(expected_dir)
        changed = sum(original[k] != migrated[k] for k in original)
        print(f"tree: {args.files} files ({changed} change); one full apply: {full:.1f} s",
              flush=True)
        for n in range(args.kills):
            name = args.signal if args.signal != "mixed" else rng.choice(["KILL", "TERM", "INT"])
            signum = getattr(signal, "SIG" + name)
            proc = subprocess.Popen(apply_command(args.jobs), cwd=tree, env=environment(),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.05, max(0.1, full)))
            workers = children(proc.pid)
            sent = time.monotonic()
            proc.send_signal(signum)
            try:
                _, err = proc.communicate(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
                problems.append(f"kill {n}: SIG{name} did not stop the run within 60 s")
            stopped = time.monotonic() - sent
            figures["kills"] += 1
            figures["by_signal"][name] = figures["by_signal"].get(name, 0) + 1
            figures["exit_codes"][str(proc.returncode)] = \
                figures["exit_codes"].get(str(proc.returncode), 0) + 1
            if name != "KILL":
                figures["stop_seconds_max"] = max(figures["stop_seconds_max"], stopped)
                time.sleep(0.3)
                orphans = [w for w in workers if alive(w)]
                figures["orphans"] += len(orphans)
                if orphans:
                    problems.append(f"kill {n}: SIG{name} left workers {orphans}")
                temps = list(tree.rglob(".tfmigrate-*.tmp"))
                figures["temp_left_by_term"] += len(temps)
                if temps and proc.returncode is not None:
                    problems.append(f"kill {n}: SIG{name} left {len(temps)} temp files")
            now = snapshot(tree)
            for rel, data in now.items():
                if rel.endswith(".tmp"):
                    continue
                if data != original.get(rel) and data != migrated.get(rel):
                    figures["half_written"] += 1
                    problems.append(f"kill {n}: {rel} is neither old nor new")
            if (n + 1) % 5 == 0 or n + 1 == args.kills:
                print(f"{n + 1} kills, {figures['half_written']} half-written files so far",
                      flush=True)
        # a final full run: finishes the migration, removes what SIGKILL left behind
        subprocess.run(apply_command(args.jobs), cwd=tree, env=environment(),
                       capture_output=True, check=False)
        left = list(tree.rglob(".tfmigrate-*.tmp"))
        figures["temp_left_after_next_run"] = len(left)
        if left:
            problems.append(f"{len(left)} temp files left after the next run")
        final = snapshot(tree)
        if final != migrated:
            problems.append("the final run does not equal a clean run")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures["problems"] = problems
    print(json.dumps(figures, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
