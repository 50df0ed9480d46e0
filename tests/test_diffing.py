"""migrate.diffing checked against the real thing: patches must `git apply` byte-exactly and
agree with `git diff` on what changed; opcodes must be a minimal diff (checked by brute force)."""
from __future__ import annotations

import ast
import itertools
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import unidiff

from migrate import diffing
from migrate.diffing import diff_stats, myers_opcodes, split_lines, tidy_opcodes, unified_diff

ROOT = Path(__file__).resolve().parent.parent

# Our git, not the user's: no global/system config (autocrlf, diff.algorithm, noprefix...).
GIT_ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
           "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


class Git:
    """A scratch repository: `git diff` of a text pair, and `git apply` of our patch."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.run("init", "-q")
        for key, value in [("core.autocrlf", "false"), ("core.safecrlf", "false"),
                           ("core.quotePath", "true"), ("diff.algorithm", "myers"),
                           ("apply.whitespace", "nowarn")]:
            self.run("config", key, value)

    def run(self, *args: str) -> bytes:
        done = subprocess.run(["git", *args], cwd=self.root, env=GIT_ENV, capture_output=True)
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        return done.stdout

    def write(self, name: str, text: str) -> None:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))

    def diff(self, old: str, new: str, context: int = 3, name: str = "f.py") -> str:
        """`git diff` of old -> new, as its own text (the `index` line dropped)."""
        self.write(name, old)
        self.run("add", "--", name)
        self.write(name, new)
        out = self.run("diff", "--no-color", "--no-ext-diff", f"-U{context}", "--", name)
        return "".join(line for line in split_lines(out.decode("utf-8"))
                       if not line.startswith("index "))

    def apply(self, old: str, patch: str, context: int = 3, name: str = "f.py") -> bytes:
        """Bytes of the file after `git apply` of our patch on a file holding `old`."""
        self.write(name, old)
        patch_file = self.root.parent / "change.patch"
        patch_file.write_bytes(patch.encode("utf-8"))
        self.run("apply", *(["--unidiff-zero"] if context == 0 else []), str(patch_file))
        return (self.root / name).read_bytes()


@pytest.fixture(scope="module")
def git(tmp_path_factory) -> Git:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path_factory.mktemp("diffing") / "repo"
    root.mkdir()
    return Git(root)


# --------------------------------------------------------------------------- helpers


def lcs_length(a, b) -> int:
    """Brute-force dynamic programming: the yardstick for minimality."""
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def check_opcodes(a, b, ops) -> int:
    """Assert ops are contiguous, cover a and b, have the right tags; return #equal items."""
    i = j = equal = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j) and i1 <= i2 and j1 <= j2 and (i1 < i2 or j1 < j2), ops
        if tag == "equal":
            assert i2 - i1 == j2 - j1 and list(a[i1:i2]) == list(b[j1:j2])
            equal += i2 - i1
        else:
            expected = {(True, False): "delete", (False, True): "insert", (True, True): "replace"}
            assert tag == expected[(i1 < i2, j1 < j2)]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    return equal


def patch_counts(patch: str) -> tuple[int, int, int]:
    """(hunks, added, removed) of a one-file patch, as unidiff reads it."""
    patched = unidiff.PatchSet(patch)
    if not patched:
        return 0, 0, 0
    assert len(patched) == 1
    return len(patched[0]), patched[0].added, patched[0].removed


def without_function_names(patch: str) -> str:
    """git writes the enclosing `def`/`class` line after a hunk's `@@`; we do not."""
    return re.sub(r"^(@@ [^@]* @@).*$", r"\1", patch, flags=re.M)


POOL = ["\n", "x = 1\n", "y = x + 1\n", "def f(a):\n", "    return a\n", "    pass\n",
        "class C:\n", "# note\n", "  \n", "\t\n", ")\n", "import tensorflow as tf\n",
        "tab\there\n", "form\x0cfeed\n", "line\u2028separator\n", "lone\rcarriage return\n",
        "é ü ß\n", "--- a/f.py\n", "+++ b/f.py\n", "@@ -1 +1 @@\n", "diff --git a/x b/x\n",
        "\\ No newline at end of file\n", "-x\n", "+y\n", " z\n"]


def random_edits(rng: random.Random, old: list[str], make_line) -> list[str]:
    """A few random inserts, deletes and replaces of the lines of `old`."""
    new = list(old)
    for _ in range(rng.randint(1, 5)):
        pos, roll = rng.randint(0, len(new)), rng.random()
        if roll < 0.35:
            new[pos:pos] = [make_line() for _ in range(rng.randint(1, 4))]
        elif roll < 0.7:
            del new[pos:pos + rng.randint(1, 3)]
        else:
            new[pos:pos + rng.randint(1, 2)] = [make_line() for _ in range(rng.randint(1, 3))]
    return new


def random_endings(rng: random.Random, old: list[str], new: list[str]) -> tuple[str, str]:
    """Join the lines; sometimes as CRLF, sometimes without a final newline on either side."""
    texts = ["".join(old), "".join(new)]
    if rng.random() < 0.2:
        texts = [text.replace("\n", "\r\n") for text in texts]
    for side in (0, 1):
        if rng.random() < 0.25:
            texts[side] = texts[side][:-1]
    return texts[0], texts[1]


def random_pair(rng: random.Random) -> tuple[str, str]:
    """Lines drawn from a small pool: many repeats, so many equally minimal diffs."""
    old = [rng.choice(POOL) for _ in range(rng.randint(0, 40))]
    return random_endings(rng, old, random_edits(rng, old, lambda: rng.choice(POOL)))


def unique_pair(rng: random.Random) -> tuple[str, str]:
    """All lines distinct: exactly one minimal diff, so git's patch and ours must be equal."""
    counter = itertools.count()

    def fresh() -> str:
        return f"line {next(counter)}{rng.choice(['', ' ', '  # x'])}\n"

    old = [fresh() for _ in range(rng.randint(0, 60))]
    return random_endings(rng, old, random_edits(rng, old, fresh))


BIG = "".join(f"line {i}\n" if i % 7 else "\n" for i in range(5000))

EDGE_CASES = {
    "empty old": ("", "a\nb\n"),
    "empty new": ("a\nb\n", ""),
    "empty old, new without newline": ("", "a"),
    "old without newline, empty new": ("a", ""),
    "newline added at end": ("a\nb", "a\nb\n"),
    "newline removed at end": ("a\nb\n", "a\nb"),
    "neither ends with newline": ("a\nb\nc", "a\nB\nc"),
    "last line changed, no newline": ("a\nb\nc", "a\nb\nC"),
    "only a newline": ("\n", ""),
    "crlf": ("a\r\nb\r\nc\r\n", "a\r\nB\r\nc\r\n"),
    "crlf without final newline": ("a\r\nb\r\nc", "a\r\nb\r\nC"),
    "lf to crlf": ("a\nb\n", "a\r\nb\r\n"),
    "crlf to lf": ("a\r\nb\r\n", "a\nb\n"),
    "mixed endings": ("a\r\nb\nc\r\n", "a\r\nb\r\nc\n"),
    "whitespace only": ("x = 1\n\tif y:\n", "x = 1 \n    if y:\n"),
    "trailing whitespace added": ("a\nb\n", "a \nb\t\n"),
    "blank line to spaces": ("a\n\nb\n", "a\n   \nb\n"),
    "first line": ("one\ntwo\nthree\nfour\nfive\n", "ONE\ntwo\nthree\nfour\nfive\n"),
    "last line": ("one\ntwo\nthree\nfour\nfive\n", "one\ntwo\nthree\nfour\nFIVE\n"),
    "first and last line": ("".join(f"{i}\n" for i in range(10)),
                            "".join(f"{i}\n" for i in range(1, 9)) + "nine\n"),
    "insert at start": ("b\nc\n", "a\nb\nc\n"),
    "append at end": ("a\nb\n", "a\nb\nc\n"),
    "form feed and u2028 are not line breaks": ("a\x0cb\nc\u2028d\n", "a\x0cB\nc\u2028d\n"),
    "lone cr is not a line break": ("a\rb\nc\n", "a\rB\nc\n"),
    "patch-like content": ("--- a/f.py\n+++ b/f.py\n@@ -1 +1 @@\n", "--- a/f.py\n@@ -1 +2 @@\n"),
    "no-newline marker as content": ("\\ No newline at end of file\n", "\\ No newline\n"),
    "non-ascii": ("é\nü\n", "é\nß\n"),
    "total rewrite": ("".join(f"old {i}\n" for i in range(30)),
                      "".join(f"new {i}\n" for i in range(20))),
    "big file, one change": (BIG, BIG.replace("line 2500\n", "line 2500 changed\n")),
    "big file, one insert at end, no newline": (BIG, BIG + "tail"),
}


# --------------------------------------------------------------------------- split_lines


@pytest.mark.parametrize("text, lines", [
    ("", []),
    ("\n", ["\n"]),
    ("a", ["a"]),
    ("a\nb", ["a\n", "b"]),
    ("a\r\nb\r\n", ["a\r\n", "b\r\n"]),
    ("a\x0cb\u2028c\rd\x1ce\x85f\n", ["a\x0cb\u2028c\rd\x1ce\x85f\n"]),
])
def test_split_lines_splits_on_newline_only(text, lines):
    assert split_lines(text) == lines
    assert "".join(split_lines(text)) == text


# --------------------------------------------------------------------------- myers_opcodes


def test_opcodes_of_classic_example():
    a, b = "abcabba", "cbabac"  # Myers' paper: D = 5
    ops = myers_opcodes(a, b)
    assert check_opcodes(a, b, ops) == 4
    assert myers_opcodes("", "") == []
    assert myers_opcodes("abc", "abc") == [("equal", 0, 3, 0, 3)]
    assert myers_opcodes("", "ab") == [("insert", 0, 0, 0, 2)]
    assert myers_opcodes("ab", "") == [("delete", 0, 2, 0, 0)]
    assert myers_opcodes("xay", "xby") == [("equal", 0, 1, 0, 1), ("replace", 1, 2, 1, 2),
                                           ("equal", 2, 3, 2, 3)]


def test_opcodes_are_valid_and_minimal_on_random_sequences():
    rng = random.Random(20240611)
    for _ in range(1500):
        alphabet = rng.choice(["ab", "abc", "abcde", "abcdefghijklmnop"])
        a = rng.choices(alphabet, k=rng.randint(0, 18))
        if rng.random() < 0.5:
            b = rng.choices(alphabet, k=rng.randint(0, 18))
        else:  # a few edits: the usual case
            b = list(a)
            for _ in range(rng.randint(0, 4)):
                pos = rng.randint(0, len(b))
                if b and rng.random() < 0.5:
                    del b[min(pos, len(b) - 1)]
                else:
                    b.insert(pos, rng.choice(alphabet + "\n"))
        best = lcs_length(a, b)
        assert check_opcodes(a, b, myers_opcodes(a, b)) == best, (a, b)
        assert check_opcodes(a, b, tidy_opcodes(a, b, myers_opcodes(a, b))) == best, (a, b)


def test_opcodes_minimal_on_longer_repetitive_sequences():
    rng = random.Random(7)
    for _ in range(40):
        a = [rng.randrange(4) for _ in range(rng.randint(50, 150))]
        b = [rng.randrange(4) for _ in range(rng.randint(50, 150))]
        assert check_opcodes(a, b, myers_opcodes(a, b)) == lcs_length(a, b)


def test_opcodes_fast_on_a_20k_line_file_with_small_edits():
    old = [f"    x{i % 40} = f(x{i % 13})\n" if i % 6 else "\n" for i in range(20000)]
    new = list(old)
    new[3] = "first\n"
    del new[9000:9003]
    new.insert(15000, "inserted\n")
    new[-1] = "last\n"
    start = time.perf_counter()
    ops = myers_opcodes(old, new)
    elapsed = time.perf_counter() - start
    assert check_opcodes(old, new, ops) == len(old) - 5
    assert elapsed < 1.0, elapsed
    rewritten = [line.upper() + "!" for line in old]
    start = time.perf_counter()
    assert myers_opcodes(old, rewritten) == [("replace", 0, 20000, 0, 20000)]
    assert time.perf_counter() - start < 1.0


def test_tidy_ends_inserted_block_on_a_blank_line():
    old = "class C:\n    def a(self):\n        return 1\n\n    def c(self):\n        return 3\n"
    new = old.replace("\n    def c", "\n    def b(self):\n        return 2\n\n    def c")
    assert unified_diff(old, new, "c.py") == (
        "diff --git a/c.py b/c.py\n"
        "--- a/c.py\n"
        "+++ b/c.py\n"
        "@@ -2,5 +2,8 @@\n"
        "     def a(self):\n"
        "         return 1\n"
        " \n"
        "+    def b(self):\n"
        "+        return 2\n"
        "+\n"
        "     def c(self):\n"
        "         return 3\n"
    )


def test_tidy_slides_into_an_emptied_block_and_merges_changes():
    a, b = ["p\n", "x\n", "\n", "x\n"], ["q\n", "x\n"]
    ops = [("replace", 0, 1, 0, 1), ("equal", 1, 2, 1, 2), ("delete", 2, 4, 2, 2)]
    # Deleting "x, <blank>" one line up ends the run on the blank line and empties the equal
    # block, so the two changes become one.
    assert tidy_opcodes(a, b, ops) == [("replace", 0, 3, 0, 1), ("equal", 3, 4, 1, 2)]
    a, b = ["x\n", "\n", "x\n", "y\n"], ["x\n", "y\n"]
    assert myers_opcodes(a, b) == [("equal", 0, 1, 0, 1), ("delete", 1, 3, 1, 1),
                                   ("equal", 3, 4, 1, 2)]
    assert tidy_opcodes(a, b, myers_opcodes(a, b)) == [("delete", 0, 2, 0, 0),
                                                       ("equal", 2, 4, 0, 2)]


# --------------------------------------------------------------------------- unified_diff


def test_identical_inputs_give_empty_patch():
    for text in ["", "a", "a\n", "a\r\nb\r\n", BIG]:
        assert unified_diff(text, text, "f.py") == ""
    assert diff_stats("") == (0, 0)


def test_exact_format_of_a_small_patch():
    old = "".join(f"{i}\n" for i in range(1, 21))
    new = old.replace("2\n", "two\n", 1).replace("9\n", "", 1).replace("20\n", "20")
    assert unified_diff(old, new, "pkg/m.py") == (
        "diff --git a/pkg/m.py b/pkg/m.py\n"
        "--- a/pkg/m.py\n"
        "+++ b/pkg/m.py\n"
        "@@ -1,12 +1,11 @@\n"
        " 1\n-2\n+two\n 3\n 4\n 5\n 6\n 7\n 8\n-9\n 10\n 11\n 12\n"
        "@@ -17,4 +16,4 @@\n"
        " 17\n 18\n 19\n-20\n+20\n\\ No newline at end of file\n"
    )


@pytest.mark.parametrize("start, end, text", [
    (0, 0, "0,0"), (4, 4, "4,0"), (0, 1, "1"), (6, 7, "7"), (0, 3, "1,3"), (9, 11, "10,2")])
def test_hunk_ranges_follow_git(start, end, text):
    assert diffing._range(start, end) == text


@pytest.mark.parametrize("gap, hunks", [(5, 1), (6, 1), (7, 2)])
def test_hunks_merge_when_contexts_touch(git, gap, hunks):
    old = "".join(f"{i}\n" for i in range(30))
    lines = split_lines(old)
    lines[5] = "changed\n"
    lines[5 + gap + 1] = "changed too\n"
    new = "".join(lines)
    ours = unified_diff(old, new, "f.py")
    assert ours.count("\n@@ ") == hunks
    assert patch_counts(ours) == patch_counts(git.diff(old, new))


@pytest.mark.parametrize("case", sorted(EDGE_CASES))
def test_edge_case_applies_with_git_and_matches_git_diff(git, case):
    old, new = EDGE_CASES[case]
    ours = unified_diff(old, new, "f.py")
    assert git.apply(old, ours) == new.encode("utf-8")
    assert without_function_names(git.diff(old, new)) == ours


def test_random_edits_round_trip_through_git_apply(git):
    """Repetitive lines: several minimal diffs may exist, and git (whose xdiff breaks ties
    its own way and merges groups while sliding) may pick another one, with other hunks.
    What must hold: the patch applies byte-exactly, and it is as small as git's, which is
    as small as possible. (No -U0 here: with repeated lines and no context, `git apply
    --unidiff-zero` can pick the wrong place, for git's own patches as well.)"""
    rng = random.Random(1234)
    for _ in range(120):
        old, new = random_pair(rng)
        context = rng.choice([1, 2, 3, 3, 5])
        ours = unified_diff(old, new, "f.py", context=context)
        if old == new:
            assert ours == ""
            continue
        assert git.apply(old, ours, context) == new.encode("utf-8"), (old, new, ours)
        _, added, removed = patch_counts(ours)
        _, git_added, git_removed = patch_counts(git.diff(old, new, context))
        assert (added, removed) == (git_added, git_removed), (old, new)
        a, b = split_lines(old), split_lines(new)
        assert added + removed == len(a) + len(b) - 2 * lcs_length(a, b)


def test_random_edits_of_distinct_lines_equal_git_diff(git):
    """Distinct lines leave one minimal diff: then our patch is git's, byte for byte
    (hunk ranges, hunk merging for each context size, no-newline markers, CRLF)."""
    rng = random.Random(4321)
    hunks = 0
    for _ in range(100):
        old, new = unique_pair(rng)
        context = rng.choice([0, 1, 2, 3, 3, 4])
        ours = unified_diff(old, new, "f.py", context=context)
        assert without_function_names(git.diff(old, new, context)) == ours, (old, new)
        if ours:
            assert git.apply(old, ours, context) == new.encode("utf-8")
            hunks += patch_counts(ours)[0]
    assert hunks > 150  # the generator does make multi-hunk patches


@pytest.mark.parametrize("path", ["my file.py", "dir/é.py", 'odd"name\\.py'])
def test_headers_quote_paths_like_git(git, path):
    old, new = "a\n", "b\n"
    ours = unified_diff(old, new, path)
    assert without_function_names(git.diff(old, new, name=path)) == ours
    assert git.apply(old, ours, name=path) == b"b\n"


# --------------------------------------------------------------------------- diff_stats


def test_unidiff_parses_every_patch_and_diff_stats_agrees():
    rng = random.Random(99)
    pairs = list(EDGE_CASES.values()) + [random_pair(rng) for _ in range(150)]
    for old, new in pairs:
        patch = unified_diff(old, new, "p/f.py", context=rng.choice([0, 3]))
        if not patch:
            continue
        parsed = unidiff.PatchSet(patch)
        assert [f.path for f in parsed] == ["p/f.py"]
        assert diff_stats(patch) == (parsed.added, parsed.removed)
        ops = myers_opcodes(split_lines(old), split_lines(new))
        changes = [op for op in ops if op[0] != "equal"]
        assert diff_stats(patch) == (sum(j2 - j1 for _, _, _, j1, j2 in changes),
                                     sum(i2 - i1 for _, i1, i2, _, _ in changes))


def test_diff_stats_counts():
    assert diff_stats(unified_diff("a\nb\nc\n", "a\nx\ny\nc", "f.py")) == (3, 2)


# --------------------------------------------------------------------------- no difflib


def test_diffing_does_not_use_difflib():
    source = (ROOT / "migrate" / "diffing.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert "difflib" not in imported
    assert "difflib" not in source and "SequenceMatcher" not in source
    code = ("import sys, migrate.diffing as d; p = d.unified_diff('a\\n', 'b\\n', 'f');"
            "d.diff_stats(p); print('difflib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "False"
