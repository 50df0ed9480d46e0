"""Verify a migration by running it: the TF1 file in graph mode, its migration eagerly.

Both sides run in `migrate.probe` subprocesses; this module never imports TensorFlow (nor
numpy), so the CLI stays fast and works where TF is absent until a verification is asked for.
The TF1 side saves its initialised variables to a checkpoint that the TF2 side assigns by name,
so the outputs of the same call on the same inputs must agree if the migration is right.

What must agree (`match`): the model variables as {name: (shape, dtype, trainable)}, no
duplicate names after that TF1 did not make as often (name-based checkpoint loading would be
ambiguous), no variable made by a second call of the TF2 code, no errors, and the outputs
within `atol` when both sides gave some, and for a whole script (no call) its printed lines (`compare_stdout`). Optimizer state
("slots") is compared and reported apart: TF1 names it `w/Adam`, `beta1_power`, Keras
`adam/w_momentum`, `iteration`, so those names differ by design.
"""
from __future__ import annotations

import io
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import tokenize
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

PACKAGE_PARENT = str(Path(__file__).resolve().parent.parent)
ATOL = 1e-5


#: Default seconds per probe (one TF import plus the user's code; verify runs two).
DEFAULT_TIMEOUT = 120.0
#: What of the caller's environment a probe sees: enough to find Python, TF and the GPU, and
#: nothing else (no tokens, no cloud credentials). User code still runs with the caller's uid.
ENV_ALLOWED = frozenset({"PATH", "HOME", "PYTHONPATH", "LANG", "LANGUAGE", "TZ", "TMPDIR",
                         "VIRTUAL_ENV", "LD_LIBRARY_PATH", "XLA_FLAGS", "OMP_NUM_THREADS",
                         "PYTHONHASHSEED", "SYSTEMROOT"})
ENV_PREFIXES = ("LC_", "TF_", "CUDA", "NVIDIA_", "KERAS_")


def probe_environment(environ: Optional[dict] = None) -> dict:
    """The allow-listed part of `environ` (default: ours), with our package importable."""
    environ = dict(os.environ if environ is None else environ)
    env = {k: v for k, v in environ.items() if k in ENV_ALLOWED or k.startswith(ENV_PREFIXES)}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [PACKAGE_PARENT, env.get("PYTHONPATH")]))
    return env


def run_probe(request: dict, timeout: float = DEFAULT_TIMEOUT) -> dict:
    """Run one `migrate.probe` request in a fresh interpreter and return its JSON result.

    The probe runs in a process group (session) of its own with a minimal environment
    (`probe_environment`). On timeout, and when we are interrupted (Ctrl-C, SIGTERM), the
    whole group is killed: nothing the user's code started outlives us.
    A probe that times out, dies (a segfault in TF) or prints no JSON still yields a result
    dict, with `error` set, so callers only ever handle one shape."""
    proc = subprocess.Popen([sys.executable, "-m", "migrate.probe"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            errors="replace", env=probe_environment(), start_new_session=True)
    try:
        stdout, stderr = proc.communicate(json.dumps(request), timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        return _failed(request, f"TimeoutExpired: probe ran longer than {timeout:g} s", "")
    except BaseException:
        kill_group(proc)
        raise
    kill_group(proc)  # the probe is done; whatever it left running is not
    lines = stdout.strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        stderr_lines = stderr.strip().splitlines()
        return _failed(request, f"ProbeCrashed: exit code {proc.returncode}"
                       + (f": {stderr_lines[-1]}" if stderr_lines else ""), stderr[-20000:])


def kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the probe's process group (the probe and all it started), then reap it."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        try:
            if stream:
                stream.close()
        except OSError:
            pass


def _failed(request: dict, error: str, details: str) -> dict:
    return {"mode": request.get("mode"), "file": request.get("file"), "variables": [],
            "slots": [], "outputs": None, "second_call_new_variables": [], "checkpoint": None,
            "checkpoint_missing": [], "error": error, "traceback": details, "stdout": ""}


def parse_input_spec(text: str) -> tuple[str, dict]:
    """``NAME=DTYPE:D1,D2`` (the CLI's --input) -> (NAME, {"dtype", "shape"}); a dimension of
    ``?``, ``None`` or ``-1`` is unknown, and ``x=int64:`` is a scalar."""
    name, sep, rest = text.partition("=")
    dtype, colon, dims = rest.partition(":")
    if not (sep and colon and name.strip().isidentifier() and dtype.strip()):
        raise ValueError(f"expected NAME=DTYPE:D1,D2, got {text!r}")
    unknown = {"?", "none", "-1"}
    try:
        shape = [None if d.strip().lower() in unknown else int(d)
                 for d in dims.split(",") if d.strip()]
    except ValueError:
        raise ValueError(f"bad dimension in {text!r}") from None
    return name.strip(), {"dtype": dtype.strip(), "shape": shape}


def verify(before: Path, after: Path, call: Optional[str] = None,
           inputs: Optional[dict] = None, setup: Optional[str] = None,
           compare_outputs: bool = True, run_main: bool = False,
           timeout: float = DEFAULT_TIMEOUT, *,
           after_call: Optional[str] = None, after_setup: Optional[str] = None,
           seed: int = 0, atol: float = ATOL,
           stdout_rtol: Optional[float] = None, after_source_dir: Optional[Path] = None,
           after_code_name: Optional[str] = None,
           progress=None) -> "VerifyResult":
    """Run `before` under TF1 and `after` under TF2 and compare them.

    `call`/`setup` are used as they are on both sides unless `after_call`/`after_setup` give
    the migrated spelling. `inputs` is {name: {"dtype": "float32", "shape": [4, 8]}}; both
    sides get the same seeded values. `timeout` applies to each of the two probes.
    A whole script (no `call`) runs in an empty working directory of its own on each side, so
    what it writes (checkpoints under a relative path) neither lands in the repository nor
    meets the other side's files; its prints are compared, numbers too when `stdout_rtol`
    is given (for deterministic scripts)."""
    with tempfile.TemporaryDirectory(prefix="tfmigrate-verify-") as tmp:
        common = {"inputs": inputs or {}, "seed": seed, "run_main": run_main}
        whole_script = not call
        if whole_script:
            for side in ("before_cwd", "after_cwd"):
                os.mkdir(Path(tmp) / side)
        if progress:
            progress(f"running {before} under TF1 (timeout {timeout:g} s)")
        tf1 = run_probe({**common, "mode": "tf1", "file": str(before), "call": call,
                         "setup": setup, "save_checkpoint": str(Path(tmp) / "before"),
                         **({"cwd": str(Path(tmp) / "before_cwd")} if whole_script else {})},
                        timeout)
        if progress:
            progress(f"running {after_code_name or after} under TF2 (timeout {timeout:g} s)")
        where = {"source_dir": str(after_source_dir)} if after_source_dir else {}
        if after_code_name:
            where["code_name"] = after_code_name
        tf2 = run_probe({**common, **where, "mode": "tf2", "file": str(after),
                         "call": after_call if after_call is not None else call,
                         "setup": after_setup if after_setup is not None else setup,
                         "load_checkpoint": tf1.get("checkpoint"),
                         **({"cwd": str(Path(tmp) / "after_cwd")} if whole_script else {})},
                        timeout)
    result = compare(tf1, tf2, compare_outputs=compare_outputs, atol=atol,
                     stdout=(stdout_rtol,) if not call else None)
    result.plain_tf2 = not tf2["error"] and not compat_text(Path(after).read_text(
        encoding="utf-8", errors="replace"))
    return result


_COMPAT = re.compile(r"compat\.v1|disable_v2_behavior|disable_eager_execution|"
                     r"\btensorflow\.contrib\b|\btf\w*\.contrib\b")


def compat_text(source: str) -> list:
    """The TF1-compatibility spellings in a migrated file's code (not its comments or
    strings); none means it is plain TF2."""
    return sorted(set(_COMPAT.findall(_code_only(source))))


def _code_only(source: str) -> str:
    """`source` without comments and string literals (as it is, if it does not tokenize)."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return source
    lines = source.splitlines(keepends=True)
    for token in reversed(tokens):  # later spans first, so earlier positions stay valid
        if token.type in (tokenize.COMMENT, tokenize.STRING, *_FSTRING_PARTS):
            (row, col), (end_row, end_col) = token.start, token.end
            if row == end_row:
                line = lines[row - 1]
                lines[row - 1] = line[:col] + " " * (end_col - col) + line[end_col:]
            else:
                lines[row - 1] = lines[row - 1][:col] + "\n"
                for inner in range(row, end_row - 1):
                    lines[inner] = "\n"
                lines[end_row - 1] = " " * end_col + lines[end_row - 1][end_col:]
    return "".join(lines)


_FSTRING_PARTS = tuple(getattr(tokenize, name) for name in ("FSTRING_START", "FSTRING_MIDDLE",
                                                            "FSTRING_END")
                       if hasattr(tokenize, name))


_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|\b(?:nan|inf)\b"
_TOKEN = re.compile(rf"(?P<number>{_NUMBER})|(?P<word>[^\W\d]+)")


def _line_shape(line: str) -> tuple[list, list]:
    """(words with every number masked as '#', [(number, its last printed digit's unit)]) of
    one printed line: "0.1234" is (0.1234, 1e-4), "2e-05" (2e-05, 1e-05), "17" (17.0, 0)."""
    words, numbers = [], []
    for match in _TOKEN.finditer(line):
        token = match.group("number")
        if token is None:
            words.append(match.group("word"))
            continue
        words.append("#")
        mantissa, _, exponent = token.lower().partition("e")
        decimals = len(mantissa.partition(".")[2]) if "." in mantissa else 0
        unit = 10.0 ** (int(exponent or 0) - decimals) if "." in mantissa or exponent else 0.0
        numbers.append((float(token), unit))
    return words, numbers


_GRAPH_TENSOR = re.compile(r'Tensor\("[^"]*"(?:, shape=(\([^)]*\)))?, dtype=(\w+)\)')
_EAGER_TENSOR = re.compile(r"tf\.Tensor\((?:[^()]|\([^()]*\))*?, shape=(\([^)]*\)), dtype=(\w+)\)")
_TF1_SHAPE = re.compile(r"\((?:\?|\d+)(?:, (?:\?|\d+))*,?\)")
_TENSOR_SPEC = re.compile(r"TensorSpec\(shape=(\([^)]*\)|<unknown>), dtype=tf\.(\w+), "
                          r"name=[^)]*\)")


def _tensor_signature(line: str) -> str:
    """A printed symbolic tensor as what it says in both worlds: TF1's graph tensor
    `Tensor("X:0", shape=(?, 3), dtype=float32)` and the `TensorSpec(shape=(None, 3),
    dtype=tf.float32, name='X')` that stands for it in TF2 both read `<tensor (None, 3) float32>`
    (the op name is graph bookkeeping, and TF1 spells an unknown dimension `?`). An eager
    tensor printed on one line, `tf.Tensor(42, shape=(), dtype=int32)`, is what a migrated
    `print(t)` of that graph tensor shows, and reads `<tensor () int32>` too."""
    def signature(match: re.Match) -> str:
        shape = (match.group(1) or "<unknown>").replace("?", "None")  # TF1 omits an unknown
        return f"<tensor {shape} {match.group(2)}>"

    for pattern in (_GRAPH_TENSOR, _TENSOR_SPEC, _EAGER_TENSOR):
        line = pattern.sub(signature, line)
    # a printed TensorShape: TF1 spells an unknown dimension `?` (`(?, 2)`), TF2 `None`
    return _TF1_SHAPE.sub(lambda m: m.group(0).replace("?", "None"), line)


def compare_stdout(before: str, after: str, rtol: Optional[float] = None,
                   atol: float = 1e-6) -> dict:
    """Printed output "keeps its shapes and meaning": as many lines, each with the same words
    once numbers are masked. With `rtol`, the numbers must also agree within
    ``atol + rtol * |before|`` plus one unit of the last printed digit, since values a hair
    apart can round differently (NaN equals NaN); without it their largest gap is only
    reported."""
    lines_before = [_tensor_signature(line) for line in before.splitlines()]
    lines_after = [_tensor_signature(line) for line in after.splitlines()]
    first, worst, numbers_ok = None, 0.0, True
    for index, (a, b) in enumerate(zip(lines_before, lines_after)):
        (words_a, nums_a), (words_b, nums_b) = _line_shape(a), _line_shape(b)
        if words_a != words_b:
            first = first or {"line": index + 1, "before": a, "after": b}
            continue
        for (x, unit_x), (y, unit_y) in zip(nums_a, nums_b):
            gap = _abs_diff(x, y)
            worst = max(worst, gap)
            if rtol is not None and gap > atol + rtol * abs(x) + max(unit_x, unit_y):
                numbers_ok = False
    if first is None and len(lines_before) != len(lines_after):
        index = min(len(lines_before), len(lines_after))
        first = {"line": index + 1, "before": (lines_before[index:] or [None])[0],
                 "after": (lines_after[index:] or [None])[0]}
    return {"match": first is None and numbers_ok,
            "lines": {"before": len(lines_before), "after": len(lines_after)},
            "first_difference": first, "max_abs_number_diff": worst, "rtol": rtol}


def _signature(entry: dict) -> dict:
    return {"shape": entry["shape"], "dtype": entry["dtype"], "trainable": entry["trainable"]}


def _by_name(entries: list) -> dict:
    return {entry["name"]: _signature(entry) for entry in entries}


def _duplicates(entries: list) -> list:
    names = [entry["name"] for entry in entries]
    return sorted({name for name in names if names.count(name) > 1})


def _name_diff(before: dict, after: dict) -> tuple[list, list, list]:
    """(only before, only after, [{"name", "before", "after", "differs"}]) of two name maps."""
    mismatched = [{"name": name, "before": before[name], "after": after[name],
                   "differs": [k for k in before[name] if before[name][k] != after[name][k]]}
                  for name in sorted(before.keys() & after.keys()) if before[name] != after[name]]
    return sorted(before.keys() - after.keys()), sorted(after.keys() - before.keys()), mismatched


def _abs_diff(a: float, b: float) -> float:
    if math.isnan(a) or math.isnan(b):
        return 0.0 if math.isnan(a) and math.isnan(b) else math.inf
    return 0.0 if a == b else abs(a - b)  # `a == b` also covers equal infinities


def compare_output_sets(before: dict, after: dict, atol: float = ATOL) -> dict:
    """Outputs by path: same shapes and every element within `atol` (NaN equals NaN)."""
    mismatched, worst = [], 0.0
    for path in sorted(before.keys() | after.keys()):
        a, b = before.get(path), after.get(path)
        if a is None or b is None or a["shape"] != b["shape"]:
            mismatched.append(path)
            continue
        diff = max(map(_abs_diff, a["values"], b["values"]), default=0.0)
        worst = max(worst, diff)
        if diff > atol:
            mismatched.append(path)
    return {"match": not mismatched, "atol": atol, "max_abs_diff": worst,
            "compared": sorted(before.keys() & after.keys()), "mismatched": mismatched}


@dataclass
class VerifyResult:
    """Two probe results and what differs between them. Build with `compare()`."""
    before: dict
    after: dict
    match: bool = False
    missing: list = field(default_factory=list)
    extra: list = field(default_factory=list)
    mismatched: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    second_call_new_variables: list = field(default_factory=list)
    slots: dict = field(default_factory=dict)
    outputs: Optional[dict] = None
    stdout: Optional[dict] = None
    plain_tf2: Optional[bool] = None
    errors: list = field(default_factory=list)

    def to_json(self) -> dict:
        data = {"before": {"variables": self.before["variables"]},
                "after": {"variables": self.after["variables"]},
                "match": self.match, "missing": self.missing, "extra": self.extra,
                "mismatched": self.mismatched, "duplicates": self.duplicates,
                "second_call_new_variables": self.second_call_new_variables,
                "checkpoint_missing": self.after.get("checkpoint_missing", []),
                "slots": self.slots, "errors": self.errors}
        if self.outputs is not None:
            data["outputs"] = self.outputs
        if self.stdout is not None:
            data["stdout"] = self.stdout
        if self.plain_tf2 is not None:
            data["plain_tf2"] = self.plain_tf2
        data["dataset_standins"] = {side: probe.get("dataset_standins", []) for side, probe
                                    in (("before", self.before), ("after", self.after))}
        data["contrib_standins"] = {side: probe.get("contrib_standins", []) for side, probe
                                    in (("before", self.before), ("after", self.after))}
        return data

    def format_table(self) -> str:
        """One row per variable name (name | before | after | status), then slots, outputs,
        errors and the verdict."""
        before, after = _by_name(self.before["variables"]), _by_name(self.after["variables"])
        differs = {item["name"]: item["differs"] for item in self.mismatched}
        rows = [("name", "before", "after", "status")]
        for name in sorted(before.keys() | after.keys()):
            status = _status(name, before, after, differs)
            if name in self.duplicates:
                status += " (duplicate name)"
            rows.append((name, _cell(before.get(name)), _cell(after.get(name)), status))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3]
                 for row in rows]
        lines.insert(1, "  ".join("-" * width for width in widths) + "  ------")
        if self.second_call_new_variables:
            lines.append("created again by the second call: "
                         + ", ".join(self.second_call_new_variables))
        slots = self.slots
        lines.append(f"optimizer state (not part of the verdict): {slots['before']} before, "
                     f"{slots['after']} after" + ("" if slots["match"] else ", names differ"))
        if self.outputs is not None:
            out = self.outputs
            lines.append(f"outputs: {'match' if out['match'] else 'DIFFER'} "
                         f"(max |diff| {out['max_abs_diff']:.3g}, atol {out['atol']:g})"
                         + (f"; differing: {', '.join(out['mismatched'])}"
                            if out["mismatched"] else ""))
        if self.stdout is not None:
            out = self.stdout
            lines.append(f"printed lines: {'match' if out['match'] else 'DIFFER'} "
                         f"({out['lines']['before']} before, {out['lines']['after']} after, "
                         f"max |number diff| {out['max_abs_number_diff']:.3g})")
            if out["first_difference"]:
                diff = out["first_difference"]
                lines.append(f"  first differing line {diff['line']}: {diff['before']!r} "
                             f"-> {diff['after']!r}")
        if self.plain_tf2 is not None:
            lines.append(f"plain TF2 after: {'yes' if self.plain_tf2 else 'no'}")
        for side, probe in (("before", self.before), ("after", self.after)):
            if probe.get("dataset_standins"):
                lines.append(f"{side} read seeded synthetic data in place of a download: "
                             f"{', '.join(probe['dataset_standins'])}")
            if probe.get("contrib_standins"):
                lines.append(f"{side} ran with verify's stand-ins for tf.contrib (TF 2.x has "
                             f"none): {', '.join(probe['contrib_standins'])}")
        lines.extend(f"error: {error}" for error in self.errors)
        lines.append("MATCH" if self.match else "MISMATCH")
        return "\n".join(lines)


def _status(name: str, before: dict, after: dict, differs: dict) -> str:
    if name not in after:
        return "missing"
    if name not in before:
        return "extra"
    return "differs: " + ", ".join(differs[name]) if name in differs else "ok"


def _cell(signature: Optional[dict]) -> str:
    if signature is None:
        return "-"
    shape = "?" if signature["shape"] is None else \
        "[" + ", ".join("?" if d is None else str(d) for d in signature["shape"]) + "]"
    return f"{signature['dtype']}{shape}" + ("" if signature["trainable"] else " frozen")


def compare(before: dict, after: dict, compare_outputs: bool = True,
            atol: float = ATOL, stdout: Optional[tuple] = None) -> VerifyResult:
    """Compare a TF1 probe result with a TF2 one (see the module docstring for the rules).
    `stdout` is None (prints not compared) or ``(rtol,)`` for `compare_stdout`."""
    result = VerifyResult(before=before, after=after)
    result.missing, result.extra, result.mismatched = _name_diff(
        _by_name(before["variables"]), _by_name(after["variables"]))
    # a script that rebuilds its graph after reset_default_graph() makes a name twice on
    # both sides; only a name the TF2 side makes more often than TF1 is ambiguous
    before_names = [entry["name"] for entry in before["variables"]]
    after_names = [entry["name"] for entry in after["variables"]]
    result.duplicates = [name for name in _duplicates(after["variables"])
                         if after_names.count(name) > before_names.count(name)]
    result.second_call_new_variables = [e["name"] for e in after["second_call_new_variables"]]
    slot_missing, slot_extra, slot_mismatched = _name_diff(
        _by_name(before["slots"]), _by_name(after["slots"]))
    result.slots = {"before": len(before["slots"]), "after": len(after["slots"]),
                    "match": not (slot_missing or slot_extra or slot_mismatched),
                    "missing": slot_missing, "extra": slot_extra,
                    "mismatched": [item["name"] for item in slot_mismatched]}
    result.errors = [f"{side}: {probe['error']}" for side, probe
                     in (("before", before), ("after", after)) if probe["error"]]
    if compare_outputs and before["outputs"] and after["outputs"]:
        result.outputs = compare_output_sets(before["outputs"], after["outputs"], atol)
    if stdout is not None:
        result.stdout = compare_stdout(before.get("stdout", ""), after.get("stdout", ""),
                                       rtol=stdout[0])
    result.match = not (result.missing or result.extra or result.mismatched or result.duplicates
                        or result.second_call_new_variables or result.errors
                        or (result.outputs is not None and not result.outputs["match"])
                        or (result.stdout is not None and not result.stdout["match"]))
    return result
