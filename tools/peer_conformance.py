#!/usr/bin/env python3
"""Run tfmigrate against TensorFlow's own upgrade test suite and classify every case.

    python tools/peer_conformance.py PATH/tf_upgrade_v2_test.py [PATH/tf_upgrade_v2_safety_test.py]
        [--json OUT.json] [--show CLASS ...]

The peer suite is not part of this repository: fetch a copy of
`tensorflow/tools/compatibility/tf_upgrade_v2_test.py` (and the safety test) and pass its path.

How the cases are run (the way the peer's tests run them): the test module is imported with
TF 2.21's own `tf_upgrade_v2`, and every enabled test method is called with `_upgrade` (and
`_upgrade_multiple`) replaced: each call runs the real `tf_upgrade_v2` (for its actual
output) and tfmigrate's pipeline on the same text, and returns tfmigrate's output, with its
warnings as the report and the errors. The assertions are recorded instead of raised; the text
an `assertEqual` compares with our output is that case's expected text. A case is one
`_upgrade` call; a case whose test checks only the report has the peer's actual output as
its reference. tfmigrate matches names through imports, so an input without an import gets
`import tensorflow as tf` (and the peer's direct-import aliases `contrib_X` / `slim` their
`tensorflow.contrib` imports) in front, taken off again afterwards.

Every output is then executed under TF 2.21 with its default Keras 3, symbolically: `tf` is
the real module behind a proxy, free names are symbols, and every call of a TF object binds
its arguments to that object's real signature (defaults applied) instead of running it. That
finds names that do not exist in TF 2.21 and calls TF 2.21 rejects (unknown keyword, too many
positionals), and gives a canonical form (object called, argument bound to each parameter)
in which two spellings of one call compare equal.

Classes:
  same        our output is the expected text (whitespace aside)
  equivalent  both run and bind every call the same way (same objects, same arguments)
  native      ours runs under TF 2.21 and is TF2-native where the expected text keeps
              compat.v1 / compat.v2, or the expected text itself fails in TF 2.21
  warned      ours differs and tfmigrate warned about it (compat.v1 kept, or said what differs)
  wrong       ours fails in TF 2.21 or differs in meaning, without a warning

A call of a TF2 name whose TF1 meaning differs (the `tf1_meaning_differs` table) that
tfmigrate left as written, without a warning, is `wrong` however it binds.

Three identities the binding comparison would otherwise miss, each exact:
  - `1 - (1 - e)` is `e` (`keep_prob = 1 - r` turned back into `rate`);
  - a call of a TF1 switch that is a no-op under TF2's defaults (`enable_eager_execution()`,
    `enable_v2_behavior()`) is left out of the trace, so dropping it changes nothing;
  - a TF 2.21 function whose whole body passes its parameters on to another one unchanged
    (`space_to_batch_v2` -> `space_to_batch_nd`, `SAME_OP`; checked against its source when
    the table is read) binds as that other one.
"""
from __future__ import annotations

import argparse
import ast
import collections
import importlib.util
import inspect
import json
import os
import re
import sys
import types
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

#: Tests that walk the whole API or the upgrade script's own tables, or write files: no
#: input/expected pair of code.
NOT_CASES = frozenset({
    "testAllAPI", "testAllAPIV1", "testV1KeywordArgNames", "testV2KeywordArgNames",
    "testPositionsMatchArgGiven", "testReorderFileNeedsUpdate", "testParseError",
    "testInplace", "testInplaceNoOutputChangeOnErrorHandling", "testInplaceEmptyOutputOnError",
})
#: Direct-import aliases the peer's tests use without importing them.
ALIASES = {
    "contrib_framework.": "from tensorflow.contrib import framework as contrib_framework\n",
    "contrib_layers.": "from tensorflow.contrib import layers as contrib_layers\n",
    "contrib_estimator.": "from tensorflow.contrib import estimator as contrib_estimator\n",
    "slim.": "from tensorflow.contrib import slim\n",
}
CLASSES = ("same", "native", "equivalent", "warned", "wrong")


# ----------------------------------------------------------------------- running tfmigrate

def _prefix(text: str) -> str:
    lines = ""
    if not re.search(r"^\s*(import|from)\s+tensorflow", text, re.M):
        lines += "import tensorflow as tf\n"
    for alias, line in ALIASES.items():
        if re.search(r"(?<![\w.])" + re.escape(alias), text):
            lines += line
    return lines


def run_tfmigrate(text: str) -> tuple[str, list[str]]:
    from codemods.registry import build_pipeline
    from migrate.engine import migrate_code

    prefix = _prefix(text)
    try:
        migration = migrate_code(prefix + text, build_pipeline())
    except Exception as exc:  # noqa: BLE001 - a crash is a result to report
        return text, [f"tfmigrate failed: {type(exc).__name__}: {exc}"]
    out = migration.code
    for line in prefix.splitlines(keepends=True):
        if out.startswith(line):
            out = out[len(line):]
    return out, [w["message"] for w in migration.warnings]


# ----------------------------------------------------------------------- symbolic execution

class Unresolved(Exception):
    pass


class BindError(Exception):
    pass


def _canon(value):
    if isinstance(value, (Sym, Record)):
        return value.key
    if isinstance(value, TFProxy):
        return value.key
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_canon(v) for v in value))
    if isinstance(value, dict):
        return ("dict", tuple(sorted((repr(k), _canon(v)) for k, v in value.items())))
    if isinstance(value, (int, float, str, bytes, bool, type(None))):
        return ("lit", repr(value))
    return ("obj", repr(value))


def _text(value) -> str:
    if isinstance(value, (Sym, Record, TFProxy)):
        return value.text
    if isinstance(value, tuple):  # a subscript `x[..., tf.newaxis]`
        return ", ".join(_text(v) for v in value)
    if isinstance(value, list):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    if value is Ellipsis:
        return "..."
    return repr(value)


class _Symbolic:
    text = "?"

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Sym(f"{self.text}.{name}")

    def __call__(self, *args, **kwargs):
        parts = [_text(a) for a in args] + [f"{k}={_text(v)}" for k, v in kwargs.items()]
        return Sym(f"{self.text}({', '.join(parts)})")

    def __getitem__(self, item):
        return Sym(f"{self.text}[{_text(item)}]")

    def __enter__(self):
        return Sym(f"{self.text}.__enter__()")

    def __exit__(self, *exc):
        return False

    def __bool__(self):
        return True

    def __iter__(self):
        return iter([Sym(f"{self.text}[0]")])

    def _bin(op):
        def f(self, other):
            return Sym(f"({self.text} {op} {_text(other)})")

        def r(self, other):
            if op == "-" and other == 1 and getattr(self, "one_minus", None) is not None:
                return self.one_minus  # 1 - (1 - e) is e
            result = Sym(f"({_text(other)} {op} {self.text})")
            if op == "-" and other == 1:
                result.one_minus = self
            return result
        return f, r

    __add__, __radd__ = _bin("+")
    __sub__, __rsub__ = _bin("-")
    __mul__, __rmul__ = _bin("*")
    __truediv__, __rtruediv__ = _bin("/")
    __or__, __ror__ = _bin("|")
    __and__, __rand__ = _bin("&")

    def __neg__(self):
        return Sym(f"(-{self.text})")

    def __hash__(self):
        return hash(self.text)


class Sym(_Symbolic):
    def __init__(self, text: str):
        self.text = text
        self.key = ("sym", text)
        self.one_minus = None  # e, for the Sym of `1 - e`


class Record(_Symbolic):
    """The result of a call of a TF object: what was called, with which bound arguments."""

    def __init__(self, name: str, bound: tuple, text: str, no_op: bool = False):
        self.key = ("call", name, bound)
        self.text = text
        self.no_op = no_op  # a TF1 switch TF2's defaults make a no-op: not part of the meaning


class TFProxy:
    """A TF module, function or value, reached by `path`; calls bind instead of running."""

    def __init__(self, obj, path: str, trace: list):
        self._obj, self._path, self._trace = obj, path, trace

    @property
    def text(self):
        return self._path

    @property
    def key(self):
        obj = self._obj
        if isinstance(obj, types.ModuleType):
            return ("module", obj.__name__)
        return ("tf", _object_name(obj))

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            child = getattr(self._obj, name)
        except Exception as exc:  # noqa: BLE001 - AttributeError, lazy-import errors
            raise Unresolved(f"{self._path}.{name} does not exist in TF 2.21 "
                             f"({type(exc).__name__})") from None
        return TFProxy(child, f"{self._path}.{name}", self._trace)

    def __call__(self, *args, **kwargs):
        obj = self._obj
        if not callable(obj):
            raise BindError(f"{self._path} is not callable")
        try:
            signature = inspect.signature(obj)
        except (TypeError, ValueError):
            signature = None
        if signature is not None:
            try:  # partial: the peer's snippets leave out required arguments (`tf.cond(a)`)
                bound = signature.bind_partial(*args, **kwargs)
            except TypeError as exc:
                raise BindError(f"{self._path}: {exc}") from None
            bound.apply_defaults()
            items = []
            for name, value in bound.arguments.items():
                param = signature.parameters[name]
                if param.kind == param.VAR_KEYWORD:
                    items.extend((k, _canon(v)) for k, v in sorted(value.items()))
                else:
                    items.append((name, _canon(value)))
            key = tuple(items)
        else:
            key = (tuple(_canon(a) for a in args),
                   tuple(sorted((k, _canon(v)) for k, v in kwargs.items())))
        parts = [_text(a) for a in args] + [f"{k}={_text(v)}" for k, v in kwargs.items()]
        name = _same_op().get(_object_name(obj), _object_name(obj))
        no_op = name.rsplit(".", 1)[-1] in NO_OPS_IN_TF2 and not args and not kwargs
        record = Record(name, key, f"{self._path}({', '.join(parts)})", no_op)
        if not no_op:
            self._trace.append((self._path, record.key))
        return record

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


#: TF1 switches that do nothing under TF2's defaults (eager, resource variables, v2 shapes).
NO_OPS_IN_TF2 = frozenset({"enable_eager_execution", "enable_v2_behavior",
                           "enable_resource_variables", "enable_v2_tensorshape",
                           "enable_control_flow_v2"})
#: wrapper -> (the function its body calls with the same parameters, that call's text).
SAME_OP = {
    "tensorflow.python.ops.array_ops.space_to_batch_v2":
        ("tensorflow.python.ops.gen_array_ops.space_to_batch_nd",
         "return space_to_batch_nd(input, block_shape, paddings, name)"),
}


def _same_op() -> dict:
    """SAME_OP, each entry checked: the wrapper's body is that one call, parameters in order."""
    if _SAME_OP_CHECKED:
        return _SAME_OP_CHECKED
    import importlib as _importlib
    for wrapper, (target, call) in SAME_OP.items():
        module, name = wrapper.rsplit(".", 1)
        fn = inspect.unwrap(getattr(_importlib.import_module(module), name))
        body = [line.strip() for line in inspect.getsource(fn).splitlines()
                if line.strip() and not line.strip().startswith(("@", "def ", "#", '"'))]
        tmod, tname = target.rsplit(".", 1)
        same = list(inspect.signature(fn).parameters) == list(
            inspect.signature(getattr(_importlib.import_module(tmod), tname)).parameters)
        if body != [call] or not same:
            raise RuntimeError(f"SAME_OP {wrapper}: its body is not `{call}` any more")
        _SAME_OP_CHECKED[wrapper] = target
    return _SAME_OP_CHECKED


_SAME_OP_CHECKED: dict = {}


def _object_name(obj) -> str:
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if module and qualname:
        return f"{module}.{qualname}"
    return f"{type(obj).__name__}:{obj!r}"


class _Namespace(dict):
    def __missing__(self, name):
        if name in dir(__builtins__) if not isinstance(__builtins__, dict) else name in __builtins__:
            raise KeyError(name)
        return Sym(name)


def _resolve_module(dotted: str):
    import tensorflow as tf  # noqa: F401
    parts = dotted.split(".")
    obj = sys.modules["tensorflow"]
    for part in parts[1:]:
        try:
            obj = getattr(obj, part)
        except Exception as exc:  # noqa: BLE001
            raise Unresolved(f"{dotted} does not exist in TF 2.21 ({type(exc).__name__})")
    return obj


def symbolic_run(code: str) -> dict:
    """Execute `code` symbolically. {ok, error, trace, key, paths}."""
    import tensorflow as tf

    trace: list = []
    result = {"ok": True, "error": None, "trace": trace}
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return {"ok": False, "error": f"SyntaxError: {exc}", "trace": [], "key": None}
    ns = _Namespace()
    ns["__builtins__"] = __builtins__
    body = []
    try:
        for stmt in tree.body:
            if isinstance(stmt, ast.Import):
                for alias in stmt.names:
                    if alias.name.split(".")[0] == "tensorflow":
                        obj = _resolve_module(alias.name)
                        if alias.asname:
                            ns[alias.asname] = TFProxy(obj, alias.asname, trace)
                        else:
                            ns["tensorflow"] = TFProxy(tf, "tensorflow", trace)
                    else:
                        ns[alias.asname or alias.name.split(".")[0]] = Sym(alias.name)
                continue
            if isinstance(stmt, ast.ImportFrom):
                module = stmt.module or ""
                for alias in stmt.names:
                    if module.split(".")[0] == "tensorflow" and alias.name != "*":
                        obj = _resolve_module(f"{module}.{alias.name}")
                        ns[alias.asname or alias.name] = TFProxy(
                            obj, f"{module}.{alias.name}", trace)
                    elif alias.name != "*":
                        ns[alias.asname or alias.name] = Sym(alias.name)
                continue
            body.append(stmt)
        if "tf" not in ns:
            ns["tf"] = TFProxy(tf, "tf", trace)
        values = []
        for stmt in body:
            if isinstance(stmt, ast.Expr):
                value = eval(compile(ast.Expression(stmt.value), "<case>", "eval"), {}, ns)
                if not (isinstance(value, Record) and value.no_op):
                    values.append(_canon(value))
            else:
                exec(compile(ast.Module([stmt], []), "<case>", "exec"), {}, ns)
                if isinstance(stmt, ast.FunctionDef):
                    fn = ns[stmt.name]
                    fn.__globals__.update(ns)
                    value = fn(*[Sym(a.arg) for a in stmt.args.args])
                    values.append(_canon(value))
        result["key"] = (tuple(values), tuple(k for _, k in trace))
    except (Unresolved, BindError) as exc:
        result.update(ok=False, error=str(exc), key=None)
    except Exception as exc:  # noqa: BLE001
        result.update(ok=False, error=f"{type(exc).__name__}: {exc}", key=None)
    result["paths"] = [p for p, _ in trace]
    return result


# ----------------------------------------------------------------------- harvesting the suite

def _stub_missing_modules() -> None:
    """`tensorflow.tools.common.public_api` / `traverse` are not in the wheel; only the API
    walks (not cases) use them."""
    for name in ("public_api", "traverse"):
        full = f"tensorflow.tools.common.{name}"
        try:
            importlib.import_module(full)
        except ImportError:
            sys.modules[full] = types.ModuleType(full)


def load_module(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem + "_peer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def harvest(path: Path) -> tuple[list[dict], dict]:
    _stub_missing_modules()
    module = load_module(path)
    cases: list[dict] = []
    stats = collections.Counter()
    loader = unittest.TestLoader()
    for cls in [v for v in vars(module).values()
                if isinstance(v, type) and issubclass(v, unittest.TestCase)]:
        stats["disabled"] += sum(1 for n in vars(cls) if n.startswith("DISABLED_"))
        for name in loader.getTestCaseNames(cls):
            base = re.sub(r"\d+$", "", name)
            if name in NOT_CASES or base in NOT_CASES:
                stats["not_cases"] += 1
                continue
            stats["tests"] += 1
            cases.extend(_run_test(cls, name, path.name))
    return cases, dict(stats)


def _run_test(cls, name: str, file: str) -> list[dict]:
    test = cls(name)
    found: list[dict] = []
    peer_upgrade = getattr(cls, "_upgrade", None)

    def upgrade(text, import_rename=False, upgrade_compat_v1_import=False):
        peer = None
        if peer_upgrade is not None:
            try:
                kwargs = {}
                if import_rename or upgrade_compat_v1_import:
                    kwargs = dict(import_rename=import_rename,
                                  upgrade_compat_v1_import=upgrade_compat_v1_import)
                peer = peer_upgrade(test, text, **kwargs)[3]
            except Exception as exc:  # noqa: BLE001
                peer = f"<peer failed: {type(exc).__name__}>"
        ours, warnings = run_tfmigrate(text)
        found.append({"test": f"{file}::{name}", "input": text, "ours": ours,
                      "warnings": warnings, "peer": peer, "expected": None,
                      "options": {"import_rename": import_rename,
                                  "upgrade_compat_v1_import": upgrade_compat_v1_import}})
        return 1, "\n".join(warnings), list(warnings), ours

    def upgrade_multiple(texts):
        return [list(upgrade(t)) for t in texts]

    def assert_equal(first, second, msg=None):
        for case in reversed(found):
            if case["expected"] is None and isinstance(first, str) and isinstance(second, str):
                if first is case["ours"] or (first == case["ours"] and second != case["ours"]):
                    case["expected"] = second
                    return
                if second is case["ours"] or second == case["ours"]:
                    case["expected"] = first
                    return

    def ignore(*args, **kwargs):
        return None

    test._upgrade = upgrade
    test._upgrade_multiple = upgrade_multiple
    test.assertEqual = assert_equal
    for method in ("assertIn", "assertNotIn", "assertTrue", "assertFalse", "assertEmpty",
                   "assertNotEqual", "assertAllEqual", "fail"):
        setattr(test, method, ignore)
    try:
        getattr(test, name)()
    except Exception as exc:  # noqa: BLE001 - e.g. indexing errors[0] of an empty list
        if found:
            found[-1].setdefault("test_error", f"{type(exc).__name__}: {exc}")
    for case in found:
        if case["options"]["import_rename"]:
            case["skip"] = "import_rename=True is a tf_upgrade_v2 option tfmigrate does not have"
    return found


# ----------------------------------------------------------------------- classifying

def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _meaning_table() -> dict:
    from codemods.api_tables import api_tables
    return getattr(api_tables(), "tf1_meaning_differs", {}) or {}


def _unchanged_changed_meaning(case: dict, ours_run: dict) -> list[str]:
    """TF2 names whose TF1 meaning differs that ours calls exactly as the input did."""
    table = _meaning_table()
    found = []
    if _norm(case["ours"]) != _norm(case["input"]):
        return found  # rewritten: the binding comparison judges it
    for path in ours_run.get("paths", []):
        bare = path.split(".", 1)[1] if "." in path else path
        entry = table.get(bare)
        if not entry:
            continue
        call = re.search(r"(?<![\w.])tf\." + re.escape(bare) + r"\((.*)\)", case["input"], re.S)
        if call is None:
            continue
        try:
            parsed = ast.parse(f"f({call.group(1)})", mode="eval").body
        except SyntaxError:
            continue
        keywords = {k.arg for k in parsed.keywords}
        tf1, tf2 = entry.get("tf1_params", []), entry.get("tf2_params", [])
        positional_hit = any(i >= len(tf2) or (i < len(tf1) and tf1[i] != tf2[i])
                             for i in range(1, len(parsed.args))) if tf2 else False
        defaults_hit = any(d not in keywords and (d not in tf1 or tf1.index(d) >= len(parsed.args))
                           for d in entry.get("defaults", []) if d in tf1)
        if entry.get("curated") or positional_hit or defaults_hit or \
                keywords & set(entry.get("gone", [])):
            found.append(f"tf.{bare}: {entry['note']}")
    return found


def classify(case: dict) -> tuple[str, str]:
    expected = case["expected"] if case["expected"] is not None else case["peer"]
    ours = case["ours"]
    warned = bool(case["warnings"])
    ours_run = symbolic_run(ours)
    case["ours_runs"] = ours_run["ok"]
    case["ours_error"] = ours_run["error"]
    if _norm(ours) == _norm(expected):
        if not ours_run["ok"] and not warned:
            return "wrong", f"same as expected, but fails in TF 2.21: {ours_run['error']}"
        return "same", ""
    exp_run = symbolic_run(expected or "")
    case["expected_runs"] = exp_run["ok"]
    case["expected_error"] = exp_run["error"]
    if not ours_run["ok"]:
        return ("warned", f"fails in TF 2.21 ({ours_run['error']}), warned") if warned else \
            ("wrong", f"fails in TF 2.21: {ours_run['error']}")
    changed = _unchanged_changed_meaning(case, ours_run)
    if changed and not warned:
        return "wrong", "left as written, TF2 meaning differs: " + "; ".join(changed)
    if exp_run["ok"] and ours_run["key"] == exp_run["key"]:
        return "equivalent", ""
    if not exp_run["ok"]:
        return "native", f"expected text fails in TF 2.21 ({exp_run['error']}); ours runs"
    if warned:
        return "warned", case["warnings"][0]
    if re.search(r"compat\.v[12]\.", expected or "") and not re.search(r"compat\.v1\.", ours):
        return "native", "TF2-native spelling where the expected text keeps compat"
    return "wrong", "runs, but binds differently from the expected text, without a warning"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tests", nargs="+", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show", nargs="*", default=[], choices=CLASSES + ("skip",))
    args = parser.parse_args(argv)
    import logging
    import warnings as _w
    _w.simplefilter("ignore")
    logging.disable(logging.CRITICAL)  # tf_upgrade_v2 logs every change it makes
    all_cases, stats = [], collections.Counter()
    for path in args.tests:
        cases, s = harvest(path)
        all_cases += cases
        stats.update(s)
    counts = collections.Counter()
    for case in all_cases:
        if case.get("skip"):
            case["class"], case["why"] = "skip", case["skip"]
        else:
            case["class"], case["why"] = classify(case)
        counts[case["class"]] += 1
    enabled = sum(counts[c] for c in CLASSES)
    print(f"tests run: {stats['tests']}  (API walks / file tests not counted: "
          f"{stats['not_cases']}, disabled: {stats['disabled']})")
    print(f"cases: {len(all_cases)}  classified: {enabled}  skipped: {counts['skip']}")
    for name in CLASSES:
        print(f"  {name:11} {counts[name]:4}  {100 * counts[name] / max(enabled, 1):5.1f}%")
    for case in all_cases:
        if case["class"] in args.show:
            print(f"\n[{case['class']}] {case['test']}\n  in:   {case['input']!r}\n"
                  f"  ours: {case['ours']!r}\n  exp:  {case['expected']!r}\n"
                  f"  peer: {case['peer']!r}\n  why:  {case['why']}")
            for w in case["warnings"]:
                print(f"  warn: {w}")
    if args.json:
        args.json.write_text(json.dumps({"counts": dict(counts), "cases": all_cases},
                                        indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
