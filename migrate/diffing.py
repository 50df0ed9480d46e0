"""Line diffs: our own Myers diff and git-style unified patches.

Why our own: the patches we print must read like `git diff` and apply with `git apply`, and
they must be minimal. The standard library's sequence matcher is neither (it looks for longest
matching blocks, with a junk heuristic, so on repetitive code its diffs are larger than git's
and placed differently), and the project does not use it at all.

Pieces, in the order a patch is made:

- `split_lines`: split on '\\n' only, each line keeping its ending ('\\r\\n' stays, so CRLF
  files round-trip through `git apply`; '\\x0c' and '\\u2028' are not line breaks for git).
- `myers_opcodes`: a shortest edit script (Myers 1986, the linear-space bisection variant).
- `tidy_opcodes`: slide ambiguous insert/delete runs to paragraph (blank line) breaks.
- `unified_diff`: hunks with git's header, range and hunk-merging conventions.
- `diff_stats`: added/removed counts, read back from the patch text by `unidiff`.
"""
from __future__ import annotations

import os
from functools import partial
from typing import Hashable, Iterator, Sequence

import unidiff

Opcode = tuple[str, int, int, int, int]

NO_NEWLINE = "\\ No newline at end of file\n"


def split_lines(text: str) -> list[str]:
    """Split on '\\n' only, keeping each line's ending; a last line may lack one.

    Not `str.splitlines`: that also breaks on '\\r', '\\x0c', '\\u2028'..., which git does not,
    and a patch built from such "lines" would not apply.
    """
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


# --------------------------------------------------------------------------- Myers diff


def myers_opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """Opcodes ('equal'|'delete'|'insert'|'replace', i1, i2, j1, j2) of a minimal diff of a, b.

    Contiguous and covering both sequences, in the usual `get_opcodes` format (an empty list
    when both are empty). Minimal: as few deleted plus inserted items as possible.
    """
    kept_a, kept_b = _kept(a, b)
    return _opcodes_from_kept(kept_a, kept_b)


def _kept(a: Sequence[Hashable], b: Sequence[Hashable]) -> tuple[bytearray, bytearray]:
    """Flags for the items of a and b that are in the longest common subsequence found.

    Speed-ups that keep the result minimal: the common prefix and suffix are matched up front;
    in between, items are replaced by small ints (cheap comparisons), and items that do not
    occur at all on the other side are set aside (they are edits in every diff; on a wholly
    rewritten file this leaves nothing for Myers to do).
    """
    n, m = len(a), len(b)
    kept_a, kept_b = bytearray(n), bytearray(m)
    lo = 0
    while lo < n and lo < m and a[lo] == b[lo]:
        lo += 1
    ahi, bhi = n, m
    while ahi > lo and bhi > lo and a[ahi - 1] == b[bhi - 1]:
        ahi -= 1
        bhi -= 1
    kept_a[:lo] = kept_b[:lo] = b"\x01" * lo
    kept_a[ahi:] = b"\x01" * (n - ahi)
    kept_b[bhi:] = b"\x01" * (m - bhi)
    if lo == ahi or lo == bhi:
        return kept_a, kept_b

    ids: dict = {}
    ha = [ids.setdefault(a[i], len(ids)) for i in range(lo, ahi)]
    hb = [ids.setdefault(b[j], len(ids)) for j in range(lo, bhi)]
    shared = set(ha).intersection(hb)
    where_a = [lo + k for k, h in enumerate(ha) if h in shared]
    where_b = [lo + k for k, h in enumerate(hb) if h in shared]
    for x, y in _matches([h for h in ha if h in shared], [h for h in hb if h in shared]):
        kept_a[where_a[x]] = kept_b[where_b[y]] = 1
    return kept_a, kept_b


def _matches(a: Sequence[int], b: Sequence[int]) -> Iterator[tuple[int, int]]:
    """Matched index pairs of a longest common subsequence: Myers' divide and conquer.

    An explicit stack instead of recursion, so no input can hit Python's recursion limit.
    """
    stack = [(0, len(a), 0, len(b))]
    while stack:
        alo, ahi, blo, bhi = stack.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            yield alo, blo
            alo += 1
            blo += 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi -= 1
            bhi -= 1
            yield ahi, bhi
        if alo == ahi or blo == bhi:
            continue
        split = _bisect(a, alo, ahi, b, blo, bhi)
        if split is not None:
            x, y = split
            stack.append((x, ahi, y, bhi))
            stack.append((alo, x, blo, y))


def _bisect(a: Sequence[int], alo: int, ahi: int,
            b: Sequence[int], blo: int, bhi: int) -> tuple[int, int] | None:
    """A point on a shortest edit path of a[alo:ahi] -> b[blo:bhi], or None if nothing matches.

    Myers' "middle snake" (1986, section 4b): walk D-paths forward from the top-left and
    backward from the bottom-right, one edit at a time, until they overlap on a diagonal;
    the point where they meet splits the problem into two smaller ones of minimal total cost.
    Diagonals whose paths run off the edit graph are dropped (the k*_cut counters), so
    no point outside the grid can fake an overlap. The caller strips common ends first.
    """
    n, m = ahi - alo, bhi - blo
    delta = n - m
    odd = delta & 1
    max_d = (n + m + 1) // 2
    offset = max_d + 1
    forward = [-1] * (2 * max_d + 3)   # forward[offset + k]: furthest x on diagonal k = x - y
    backward = [-1] * (2 * max_d + 3)  # backward[offset + k]: furthest x, counted from the end
    forward[offset + 1] = backward[offset + 1] = 0
    kf_cut_lo = kf_cut_hi = kb_cut_lo = kb_cut_hi = 0
    for d in range(max_d):
        for k in range(-d + kf_cut_lo, d + 1 - kf_cut_hi, 2):
            i = offset + k
            if k == -d or (k != d and forward[i - 1] < forward[i + 1]):
                x = forward[i + 1]
            else:
                x = forward[i - 1] + 1
            y = x - k
            while x < n and y < m and a[alo + x] == b[blo + y]:
                x += 1
                y += 1
            forward[i] = x
            if x > n:
                kf_cut_hi += 2
            elif y > m:
                kf_cut_lo += 2
            elif odd:
                j = offset + delta - k
                if 0 <= j < len(backward) and backward[j] != -1 and x >= n - backward[j]:
                    return alo + x, blo + y
        for k in range(-d + kb_cut_lo, d + 1 - kb_cut_hi, 2):
            i = offset + k
            if k == -d or (k != d and backward[i - 1] < backward[i + 1]):
                x = backward[i + 1]
            else:
                x = backward[i - 1] + 1
            y = x - k
            while x < n and y < m and a[ahi - 1 - x] == b[bhi - 1 - y]:
                x += 1
                y += 1
            backward[i] = x
            if x > n:
                kb_cut_hi += 2
            elif y > m:
                kb_cut_lo += 2
            elif not odd:
                j = offset + delta - k
                if 0 <= j < len(forward) and forward[j] != -1 and forward[j] >= n - x:
                    fx = forward[j]
                    return alo + fx, blo + fx - (j - offset)
    return None


def _opcodes_from_kept(kept_a: Sequence[int], kept_b: Sequence[int]) -> list[Opcode]:
    """Walk both flag lists: kept items pair up in order, the runs between them are edits."""
    n, m = len(kept_a), len(kept_b)
    ops: list[Opcode] = []
    i = j = 0
    while i < n or j < m:
        i0, j0 = i, j
        if i < n and j < m and kept_a[i] and kept_b[j]:
            while i < n and j < m and kept_a[i] and kept_b[j]:
                i += 1
                j += 1
            ops.append(("equal", i0, i, j0, j))
            continue
        while i < n and not kept_a[i]:
            i += 1
        while j < m and not kept_b[j]:
            j += 1
        if i == i0 and j == j0:
            raise AssertionError("kept items of a and b do not pair up")
        ops.append((_tag(i0, i, j0, j), i0, i, j0, j))
    return ops


def _tag(i1: int, i2: int, j1: int, j2: int) -> str:
    if i1 == i2:
        return "insert" if j1 < j2 else "equal"
    return "delete" if j1 == j2 else "replace"


# --------------------------------------------------------------------------- readability


def _is_blank(line: object) -> bool:
    return isinstance(line, str) and not line.strip()


def _blank_edges(seq: Sequence[Hashable], start: int, end: int, shift: int) -> tuple[int, int]:
    """Score of seq[start:end] moved by `shift`: edges just below a blank line, then lowness."""
    above = start + shift > 0 and _is_blank(seq[start + shift - 1])
    return above + _is_blank(seq[end + shift - 1]), shift


def tidy_opcodes(a: Sequence[Hashable], b: Sequence[Hashable],
                 opcodes: Sequence[Opcode]) -> list[Opcode]:
    """Slide pure insert/delete runs to a nicer place; same edit counts, still a valid diff.

    A run of inserted (or deleted) lines can often move up or down without changing the
    result: `def g(): ... <blank>` inserted after a blank line means the same to git apply as
    `<blank> def g(): ...` inserted before it, but the first is what a person wrote. A lite
    version of git's indent heuristic: pick the position where most of the run's two edges
    sit just below a blank line (a paragraph break); among equals the lowest, as git does.
    Moving a run by t lines just moves the edges of the equal blocks around it by t, which is
    valid because the lines moved over are equal to the ones they swap with.
    """
    ops = [list(op) for op in opcodes]
    # Pad so that every change sits between two equal blocks (possibly empty ones).
    if ops and ops[0][0] != "equal":
        ops.insert(0, ["equal", 0, 0, 0, 0])
    if ops and ops[-1][0] != "equal":
        _, _, i2, _, j2 = ops[-1]
        ops.append(["equal", i2, i2, j2, j2])
    for k in range(1, len(ops) - 1):
        tag, i1, i2, j1, j2 = ops[k]
        if tag == "delete":
            seq, start, end = a, i1, i2
        elif tag == "insert":
            seq, start, end = b, j1, j2
        else:
            continue
        before, after = ops[k - 1], ops[k + 1]
        up = 0
        while up < before[2] - before[1] and seq[start - up - 1] == seq[end - up - 1]:
            up += 1
        down = 0
        while down < after[2] - after[1] and seq[start + down] == seq[end + down]:
            down += 1
        shift = max(range(-up, down + 1), key=partial(_blank_edges, seq, start, end))
        if shift:
            before[2] += shift
            before[4] += shift
            ops[k] = [tag, i1 + shift, i2 + shift, j1 + shift, j2 + shift]
            after[1] += shift
            after[3] += shift
    return _merge(ops)


def _merge(ops: list[list]) -> list[Opcode]:
    """Drop empty blocks and join the change blocks that an emptied equal block separated."""
    out: list[Opcode] = []
    for tag, i1, i2, j1, j2 in ops:
        if i1 == i2 and j1 == j2:
            continue
        if tag != "equal" and out and out[-1][0] != "equal":
            _, i1, _, j1, _ = out.pop()
            tag = _tag(i1, i2, j1, j2)
        out.append((tag, i1, i2, j1, j2))
    return out


# --------------------------------------------------------------------------- patches


def unified_diff(old: str, new: str, path: str, context: int = 3) -> str:
    """A git-style patch turning `old` into `new` (whole file texts); "" when they are equal.

    Formatted as `git diff` does, so `git apply` takes it and reviewers read what they know:
    `diff --git`/`---`/`+++` headers (git's quoting for odd names, a tab after names with
    spaces), `@@ -l,s +l,s @@` ranges (",1" left out; an empty range names the line before
    it), hunks merged when their context would touch, and the `\\ No newline at end of file`
    marker after a last line without '\\n'. Line endings are kept as they are. Not written:
    git's `index` line and the function name it guesses after `@@` (`git apply` needs neither).
    """
    if old == new:
        return ""
    a, b = split_lines(old), split_lines(new)
    ops = tidy_opcodes(a, b, myers_opcodes(a, b))
    path = path.replace(os.sep, "/")
    name_a, name_b = _quote_path("a/" + path), _quote_path("b/" + path)
    tab = "\t" if " " in path else ""
    out = [f"diff --git {name_a} {name_b}\n", f"--- {name_a}{tab}\n", f"+++ {name_b}{tab}\n"]
    for hunk in _hunks([op for op in ops if op[0] != "equal"], context):
        out.extend(_hunk_lines(a, b, hunk, context))
    return "".join(out)


def _hunks(changes: list[Opcode], context: int) -> Iterator[list[Opcode]]:
    """Group changes as git does: one hunk while the gap between them is <= 2 * context."""
    group: list[Opcode] = []
    for op in changes:
        if group and op[1] - group[-1][2] > 2 * context:
            yield group
            group = []
        group.append(op)
    if group:
        yield group


def _hunk_lines(a: list[str], b: list[str], hunk: list[Opcode], context: int) -> list[str]:
    first, last = hunk[0], hunk[-1]
    i1 = max(first[1] - context, 0)
    j1 = first[3] - (first[1] - i1)
    i2 = min(last[2] + context, len(a))
    j2 = last[4] + (i2 - last[2])
    out = [f"@@ -{_range(i1, i2)} +{_range(j1, j2)} @@\n"]
    pos = i1
    for _, ci1, ci2, cj1, cj2 in hunk:
        out.extend(_prefixed(" ", a[pos:ci1]))
        out.extend(_prefixed("-", a[ci1:ci2]))
        out.extend(_prefixed("+", b[cj1:cj2]))
        pos = ci2
    out.extend(_prefixed(" ", a[pos:i2]))
    return out


def _prefixed(mark: str, lines: list[str]) -> Iterator[str]:
    for line in lines:
        if line.endswith("\n"):
            yield mark + line
        else:
            yield mark + line + "\n" + NO_NEWLINE


def _range(start: int, end: int) -> str:
    """git's `l,s`: 1-based start, or the line before an empty range; ",1" omitted."""
    count = end - start
    if count == 1:
        return str(start + 1)
    return f"{start + 1 if count else start},{count}"


_C_ESCAPES = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r",
              34: '\\"', 92: "\\\\"}


def _quote_path(name: str) -> str:
    """git's quote_c_style (with core.quotePath on): quote names with controls, '"', '\\' or
    non-ASCII, escaping those bytes of the UTF-8 encoding; other names go out as they are."""
    data = name.encode("utf-8", "surrogateescape")
    if all(32 <= byte < 127 and byte not in (34, 92) for byte in data):
        return name
    body = "".join(chr(byte) if 32 <= byte < 127 and byte not in (34, 92)
                   else _C_ESCAPES.get(byte, f"\\{byte:03o}") for byte in data)
    return f'"{body}"'


def diff_stats(patch_text: str) -> tuple[int, int]:
    """(added, removed) line counts of a patch, read back by `unidiff` (a parse check too)."""
    if not patch_text:
        return 0, 0
    patch = unidiff.PatchSet(split_lines(patch_text))
    return patch.added, patch.removed


_HUNK_HEADER = None


def in_file_bytes(diff: str, encoding: str = "utf-8", bom: bool = False) -> bytes:
    """`diff` (of decoded text) as the bytes a patch of the file on disk needs: each content
    line in the file's own `encoding` (latin-1 by its PEP 263 cookie...), and the UTF-8 BOM
    back in front of line 1 on each side where a hunk shows it. Headers stay UTF-8. So the
    patch of a latin-1 or BOM file applies with `git apply` as that of any other file."""
    import codecs
    import re

    global _HUNK_HEADER
    if _HUNK_HEADER is None:
        _HUNK_HEADER = re.compile(r"^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@")
    out: list[bytes] = []
    in_hunk = old_first = new_first = False
    for line in diff.splitlines(True):
        match = _HUNK_HEADER.match(line)
        if match:
            in_hunk = True
            old_first = bom and int(match.group(1)) == 1
            new_first = bom and int(match.group(2)) == 1
            out.append(line.encode("utf-8", "surrogateescape"))
            continue
        tag = line[:1]
        if not in_hunk or tag not in (" ", "-", "+"):
            out.append(line.encode("utf-8", "surrogateescape"))
            continue
        data = line[1:].encode(encoding)
        old_side, new_side = tag in " -", tag in " +"
        if (old_side and old_first) or (new_side and new_first):
            data = codecs.BOM_UTF8 + data
        if old_side:
            old_first = False
        if new_side:
            new_first = False
        out.append(tag.encode("ascii") + data)
    return b"".join(out)
