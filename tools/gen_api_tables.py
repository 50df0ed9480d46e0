#!/usr/bin/env python3
"""Generate codemods/data/tf_api_tables.json from TensorFlow's own metadata.

    python tools/gen_api_tables.py            # writes codemods/data/tf_api_tables.json
    python tools/gen_api_tables.py --check    # exit 1 if the committed JSON is out of date
    python tools/gen_api_tables.py -o FILE    # write elsewhere

This is the only place that imports TensorFlow; the migration tool only reads the JSON.
Two sources are combined:

1. Export metadata.  `tf.compat.v1` and `tf.compat.v2` are walked recursively (guarding against
   cycles and against the `compat.v1`/`compat.v2` back-references) giving every public TF1 and
   TF2 API path.  For every TF1 object, `tf_export.get_v2_names()` (following `__wrapped__`,
   since some decorators hide the attribute) plus identity with an object found in the TF2
   walk say whether the same object has a native TF2 name.
2. The `tf_upgrade_v2` tables shipped in the wheel (`renames_v2`, `all_renames_v2`,
   `reorders_v2`, `TFAPIChangeSpec`).  Their keys are always spelled `tf.X` (never
   `tf.compat.v1.X`); their targets are `tf.X`, `tf.compat.v1.X` (= "keep the TF1 behaviour")
   or `tf.compat.v2.X` (= native `tf.X`).  `contrib_*` aliases and the TF Addons table are
   ignored.

Decisions (see the --report output for what each one affects):
- `tf.compat.v1.layers` is provided by tf_keras (legacy Keras); under Keras 3 its members raise,
  so TF_USE_LEGACY_KERAS=1 is forced before importing TensorFlow (tf_keras must be installed).
  `keras.*` paths therefore describe tf_keras, not Keras 3.
- `raw_ops.*` members are not listed (identical in TF1 and TF2; ~1,500 names of bloat).
- `app.flags` / `flags` are absl re-exports, not generated API modules: their direct members
  are listed, nothing they import.
- `renames` never has a key that is also a TF2 path and every value is a TF2 path, so applying
  it is idempotent.  The upgrade script's renames of TF2 paths (nn.max_pool -> nn.max_pool2d,
  keras.optimizers.Adam -> keras.optimizers.legacy.Adam, ...) are therefore dropped.
- NATIVE_OVERRIDES adds the few native TF2 homes the upgrade script sends to compat.v1 but
  TF's own docstrings name (set_random_seed -> random.set_seed).
- function_warnings that say "converted to compat.v1" without a rename entry doing it
  (tf.summary.scalar & co.) put their symbol in compat_only.

Output (every path is a TF API path without `tf.`):
  tf_version, keras_version, generator   strings
  v1_names, v2_names                     every public path under tf.compat.v1 / tf.compat.v2
  tf1_only                               v1_names with no identical TF2 path
  renames            {tf1: tf2}          native TF2 home under another name
  compat_only        [tf1]               keep as tf.compat.v1.<same path>
  compat_renames     {tf1: compat.v1.Y}  upgrade script's compat target under another name
  keyword_renames    {func: {old: new}}  from TFAPIChangeSpec.function_keyword_renames
  removed_keywords   {func: [kw]}        the same table's `None` entries (drop the keyword)
  reorders_stable_positions {func: n}   leading TF1 positions that mean the same in TF2
  reorders           {func: [params]}    full TF1 positional order (reorders_v2 with its
                                         `None` gaps filled from the TF1 signature)
  unsupported_keywords {func: [kw]}      TF1 keywords the TF2 callee rejects even after the
                                         two keyword tables: such calls need compat.v1
The serialisation is deterministic (sorted keys, sorted lists, one entry per line); `dumps()`
is importable without TensorFlow so tests can check that re-serialising gives identical text.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import re
import sys
import types
import warnings
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
OUT_PATH = ROOT / "codemods" / "data" / "tf_api_tables.json"

# Modules walked for names but whose own members are not worth recording: the ~2,000
# generated raw ops are identical in TF1 and TF2 (never TF1-only, never renamed), so listing
# them would only bloat the table.  The module paths themselves are still recorded.
SKIP_SUBTREES = frozenset({"raw_ops"})

# TF1 names for which tf_upgrade_v2 conservatively chose tf.compat.v1.* although TensorFlow's
# own "@compatibility(TF2)" docstring section of the TF1 symbol names a native TF2 replacement.
# Each entry is verified at generation time: the source must be a TF1 path, the target a TF2
# path, and the TF1 object's docstring must mention `tf.<target>` inside @compatibility(TF2).
NATIVE_OVERRIDES = {
    # Graph-level seed vs global seed: in TF2 there is no graph-level seed, tf.random.set_seed
    # is the documented replacement (tf.compat.v1.set_random_seed docstring).
    "set_random_seed": "random.set_seed",
    "random.set_random_seed": "random.set_seed",
}

# Generated API modules (the ones whose attributes are exactly the exported symbols).
API_MODULE_PREFIXES = ("tensorflow._api.", "tensorflow.compat.", "tf_keras.api.", "keras.api.",
                       "keras._tf_keras.")

# Every API tree contains its own copies of compat.v1 / compat.v2 (tf.compat.v2.compat.v1 is a
# distinct generated module, not tf.compat.v1): recorded as paths, never entered.
_VERSIONED_ROOTS = (".compat.v1", ".compat.v2")

_NON_IDENTITY_TYPES = (int, float, complex, str, bytes, bool, type(None), tuple, frozenset)


# --------------------------------------------------------------------------- serialisation

def _compact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def dumps(tables: dict) -> str:
    """Deterministic text: top-level keys sorted, one list item / dict entry per line."""
    lines = ["{"]
    keys = sorted(tables)
    for i, key in enumerate(keys):
        value = tables[key]
        tail = "," if i < len(keys) - 1 else ""
        if isinstance(value, list) and value:
            items = sorted(value) if all(isinstance(v, str) for v in value) else value
            lines.append(f"{_compact(key)}:[")
            lines.extend(f"{_compact(v)}{',' if j < len(items) - 1 else ''}"
                         for j, v in enumerate(items))
            lines.append(f"]{tail}")
        elif isinstance(value, dict) and value:
            sub = sorted(value)
            lines.append(f"{_compact(key)}:{{")
            lines.extend(f"{_compact(k)}:{_compact(value[k])}{',' if j < len(sub) - 1 else ''}"
                         for j, k in enumerate(sub))
            lines.append(f"}}{tail}")
        else:
            lines.append(f"{_compact(key)}:{_compact(value)}{tail}")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- helpers

def strip_tf(name: str) -> str:
    """'tf.compat.v2.X' / 'tf.X' -> 'X'.  'tf.compat.v1.X' is left to the caller."""
    if name.startswith("tf.compat.v2."):
        return name[len("tf.compat.v2."):]
    if name.startswith("tf."):
        return name[3:]
    return name


def _is_module(obj: Any) -> bool:
    return isinstance(obj, types.ModuleType)


def _api_names(obj: Any, version: int) -> list[str]:
    """Export metadata for obj, looking through __wrapped__ (deprecation/dispatch wrappers)."""
    from tensorflow.python.util import tf_export

    getter = tf_export.get_v1_names if version == 1 else tf_export.get_v2_names
    seen: set[int] = set()
    cur = obj
    while cur is not None and id(cur) not in seen and len(seen) < 8:
        seen.add(id(cur))
        try:
            names = list(getter(cur))
        except Exception:  # objects with exotic __dict__
            names = []
        if names:
            return names
        try:  # never trigger __getattr__ hooks (tf.flags.FLAGS parses sys.argv on access)
            cur = object.__getattribute__(cur, "__dict__").get("__wrapped__")
        except Exception:
            cur = None
    return []


def walk_api(root: types.ModuleType, stop_modules: Iterable[str],
             errors: list[str] | None = None) -> dict[str, Any]:
    """{path: object} for every public attribute reachable from root (paths without prefix).

    Modules are recursed into once per path; a module that is an ancestor on the current path
    (a cycle) or one of `stop_modules` (the API roots: compat.v1 <-> compat.v2 <-> tf) is
    recorded but not entered.  Submodules already walked under another path are reused.
    A few API paths are implementation modules rather than generated API modules (TF1's
    `app.flags`/`flags` is `tensorflow.python.platform.flags`, a re-export of absl.flags): only
    their direct non-module members are recorded, never what they import.
    """
    stop = set(stop_modules)
    out: dict[str, Any] = {}
    memo: dict[str, dict[str, Any]] = {}

    def members(module: types.ModuleType) -> list[tuple[str, Any]]:
        result = []
        for name in sorted(dir(module)):
            if name.startswith("_"):
                continue
            try:
                obj = getattr(module, name)
            except Exception as exc:  # lazily loaded members that fail to import
                if errors is not None:
                    errors.append(f"{module.__name__}.{name}: {type(exc).__name__}")
                continue
            result.append((name, obj))
        return result

    def walk(module: types.ModuleType, ancestors: tuple[str, ...]) -> dict[str, Any]:
        mod_name = getattr(module, "__name__", None)
        if mod_name in memo:
            return memo[mod_name]
        found: dict[str, Any] = {}
        for name, obj in members(module):
            found[name] = obj
            if _is_module(obj):
                sub_name = getattr(obj, "__name__", None)
                if (sub_name in stop or sub_name in ancestors or name in SKIP_SUBTREES
                        or str(sub_name).endswith(_VERSIONED_ROOTS)):
                    continue
                if str(sub_name).startswith(API_MODULE_PREFIXES):
                    sub = walk(obj, ancestors + (sub_name,))
                else:
                    sub = {n: o for n, o in members(obj) if not _is_module(o)}
                for rel, child in sub.items():
                    found[f"{name}.{rel}"] = child
        memo[mod_name] = found
        return found

    out.update(walk(root, (root.__name__,)))
    return out


def _signature(obj: Any) -> inspect.Signature | None:
    """inspect.signature, but for classes hidden behind a (*args, **kwargs) metaclass __call__
    (tf.compat.v1.Variable) the signature of __init__ without self."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    kinds = {p.kind for p in sig.parameters.values()}
    if inspect.isclass(obj) and kinds and kinds <= {inspect.Parameter.VAR_POSITIONAL,
                                                    inspect.Parameter.VAR_KEYWORD}:
        try:
            init = inspect.signature(obj.__init__)
        except (TypeError, ValueError):
            return sig
        return init.replace(parameters=list(init.parameters.values())[1:])
    return sig


def _signature_params(obj: Any) -> list[str] | None:
    sig = _signature(obj)
    if sig is None:
        return None
    return [p.name for p in sig.parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _all_params(obj: Any, kwargs_ok: bool = False) -> set[str] | None:
    """Keyword-passable parameter names; None if unknown or (unless kwargs_ok) **kwargs."""
    sig = _signature(obj)
    if sig is None:
        return None
    params = sig.parameters.values()
    if not kwargs_ok and any(p.kind == p.VAR_KEYWORD for p in params):
        return None  # accepts anything
    return {p.name for p in params
            if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


def _tf2_compat_section(obj: Any) -> str:
    doc = inspect.getdoc(obj) or ""
    start = doc.find("@compatibility(TF2)")
    if start < 0:
        return ""
    end = doc.find("@end_compatibility", start)
    return doc[start:end if end > 0 else None]


def _pick(candidates: Iterable[str], preferred: str | None) -> str:
    cands = sorted(set(candidates), key=lambda n: (len(n), n))
    if preferred in cands:
        return preferred
    return cands[0]


# --------------------------------------------------------------------------- generation

def build_tables() -> tuple[dict, dict]:
    """Returns (tables, report): the JSON payload and diagnostics for the summary."""
    if "tensorflow" in sys.modules:
        raise RuntimeError("build_tables() must import TensorFlow itself (TF_USE_LEGACY_KERAS)")
    os.environ["TF_USE_LEGACY_KERAS"] = "1"  # tf.compat.v1.layers needs tf_keras
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    warnings.simplefilter("ignore")
    try:
        import tf_keras  # noqa: F401
    except ImportError as exc:
        raise SystemExit("tf_keras is required (it provides tf.compat.v1.layers)") from exc
    import tensorflow as tf  # only the generator imports TensorFlow

    tf.get_logger().setLevel("ERROR")
    from tensorflow.tools.compatibility import all_renames_v2, reorders_v2, tf_upgrade_v2

    v1_root, v2_root = tf.compat.v1, tf.compat.v2
    stops = {v1_root.__name__, v2_root.__name__, tf.__name__}
    v1_errors: list[str] = []
    v2_errors: list[str] = []
    v1_objs = walk_api(v1_root, stops, v1_errors)
    v2_objs = walk_api(v2_root, stops, v2_errors)
    v1_names, v2_names = set(v1_objs), set(v2_objs)
    report: dict[str, Any] = {"unimportable_v1": v1_errors, "unimportable_v2": v2_errors}

    # Reverse index of TF2 objects for identity matching (functions/classes/instances only).
    v2_by_id: dict[int, list[str]] = {}
    for path, obj in v2_objs.items():
        if not _is_module(obj) and not isinstance(obj, _NON_IDENTITY_TYPES):
            v2_by_id.setdefault(id(obj), []).append(path)

    # --- upgrade-script tables -----------------------------------------------------------
    spec = tf_upgrade_v2.TFAPIChangeSpec()
    upgrade_native: dict[str, str] = {}
    upgrade_compat: dict[str, str] = {}
    skipped_aliases = 0
    for old, new in sorted(all_renames_v2.symbol_renames.items()):
        if not old.startswith("tf."):
            skipped_aliases += 1  # contrib_* direct-import aliases
            continue
        key = old[3:]
        if new.startswith("tf.compat.v1."):
            upgrade_compat[key] = new[len("tf.compat.v1."):]
        else:
            upgrade_native[key] = strip_tf(new)
    report["upgrade_renames_total"] = len(all_renames_v2.symbol_renames)
    report["upgrade_contrib_aliases_skipped"] = skipped_aliases
    report["upgrade_compat_v2_targets"] = sorted(
        k[3:] for k, v in all_renames_v2.symbol_renames.items()
        if k.startswith("tf.") and v.startswith("tf.compat.v2."))

    # --- renames from export metadata ----------------------------------------------------
    renames: dict[str, str] = {}
    metadata_only: list[str] = []
    for path in sorted(v1_names - v2_names):
        obj = v1_objs[path]
        if _is_module(obj) or isinstance(obj, _NON_IDENTITY_TYPES):
            continue
        cands = {n for n in _api_names(obj, 2) if n in v2_names}
        cands.update(v2_by_id.get(id(obj), ()))
        if cands:
            renames[path] = _pick(cands, upgrade_native.get(path))
            if path not in upgrade_native:
                metadata_only.append(path)
    report["renames_from_metadata"] = len(renames)
    report["renames_metadata_not_in_upgrade_script"] = metadata_only

    # Metadata says "same object has a TF2 name" but the upgrade script says compat.v1.
    report["metadata_native_but_upgrade_compat"] = sorted(
        p for p in renames if p in upgrade_compat)
    # Metadata and upgrade script disagree on the native TF2 name.
    report["metadata_vs_upgrade_target_disagree"] = sorted(
        f"{p}: metadata={renames[p]} upgrade={upgrade_native[p]}"
        for p in renames if p in upgrade_native and upgrade_native[p] != renames[p])

    # --- merge the upgrade script's native renames ----------------------------------------
    stale_targets, not_v1_keys, dropped_shadowing, raw_ops_targets = [], [], [], []
    for key, target in sorted(upgrade_native.items()):
        if target.startswith("raw_ops.") and hasattr(tf.raw_ops, target[len("raw_ops."):]):
            # train.sdca_* -> raw_ops.Sdca*: raw ops are keyword-only, a plain rename would
            # break positional calls; these stay compat.v1.
            raw_ops_targets.append(f"{key} -> {target}")
            continue
        if target not in v2_names:
            stale_targets.append(f"{key} -> {target}")
            continue
        if key == target:
            continue
        if key in v2_names:
            # The TF1 spelling is also a valid TF2 path (nn.max_pool -> nn.max_pool2d,
            # keras.optimizers.Adam -> keras.optimizers.legacy.Adam, ...).  Renaming it would
            # rewrite already-migrated TF2 code and chain (nn.max_pool_v2 -> nn.max_pool ->
            # nn.max_pool2d), so the tables never rename a TF2 path; positional/keyword
            # differences of such functions are covered by reorders / keyword_renames.
            dropped_shadowing.append(f"{key} -> {target}")
            continue
        if key not in v1_names:
            not_v1_keys.append(key)  # e.g. contrib.*: TF 1.x paths absent from 2.x compat.v1
        renames.setdefault(key, target)
    report["upgrade_targets_missing_in_tf2"] = stale_targets
    report["upgrade_targets_in_raw_ops_skipped"] = raw_ops_targets
    report["upgrade_rename_keys_not_in_compat_v1"] = not_v1_keys

    # --- curated overrides (verified against TF's own docstrings) -------------------------
    for key, target in sorted(NATIVE_OVERRIDES.items()):
        if key not in v1_names or target not in v2_names:
            raise SystemExit(f"override {key} -> {target}: not a TF1/TF2 path in this TF")
        if f"tf.{target}" not in _tf2_compat_section(v1_objs[key]):
            raise SystemExit(f"override {key} -> {target}: not documented by TF any more")
        renames[key] = target
    report["overrides"] = dict(NATIVE_OVERRIDES)

    report["upgrade_renames_of_tf2_paths_dropped"] = dropped_shadowing

    # --- tf1_only / compat_only ------------------------------------------------------------
    tf1_only = v1_names - v2_names
    compat_only = set()
    compat_renames: dict[str, str] = {}
    upgrade_compat_not_v1 = []
    for key, target in sorted(upgrade_compat.items()):
        if key in renames:
            continue
        if target not in v1_names:
            upgrade_compat_not_v1.append(f"{key} -> compat.v1.{target}")
            continue
        if key == target and key in v1_names:
            compat_only.add(key)
        else:
            compat_renames[key] = "compat.v1." + target
    compat_only.update(p for p in tf1_only if p not in renames)
    # Some function_warnings claim "The calls have been converted to compat.v1" although no
    # rename entry does it any more (tf.summary.scalar & co. in TF 2.x): honour the claim, the
    # TF1 and TF2 functions share a name but not a signature.
    from_warnings = []
    for func, (_level, message) in sorted(spec.function_warnings.items()):
        key = func[3:] if func.startswith("tf.") else None
        if (key in v1_names and key not in renames and key not in compat_only
                and re.search(r"converted to (tf\.)?compat\.v1", message)):
            compat_only.add(key)
            from_warnings.append(key)
    report["compat_only_from_function_warnings"] = from_warnings
    report["upgrade_compat_targets_missing"] = upgrade_compat_not_v1
    report["compat_only_also_tf2_paths"] = sorted(p for p in compat_only if p in v2_names)

    # --- keyword renames / removals --------------------------------------------------------
    keyword_renames: dict[str, dict[str, str]] = {}
    removed_keywords: dict[str, list[str]] = {}
    for func, mapping in sorted(spec.function_keyword_renames.items()):
        if not (func.startswith("tf.") or func.startswith("*.")):
            continue  # contrib_* aliases
        key = strip_tf(func)
        renamed = {old: new for old, new in mapping.items() if new is not None}
        removed = sorted(old for old, new in mapping.items() if new is None)
        if renamed:
            keyword_renames[key] = renamed
        if removed:
            removed_keywords[key] = removed

    # A few keyword "renames" deliberately target a parameter that does not exist so that the
    # upgraded call fails loudly (constant: verify_shape -> verify_shape_is_now_always_true).
    # Keep only real renames; the bogus ones surface in unsupported_keywords below.
    bogus = []
    for key, mapping in list(keyword_renames.items()):
        target = renames.get(key, key)
        accepted = _all_params(v2_objs[target]) if target in v2_objs else None
        if accepted is None:
            continue
        for old, new in sorted(mapping.items()):
            if new not in accepted:
                bogus.append(f"{key}: {old} -> {new}")
                del mapping[old]
        if not mapping:
            del keyword_renames[key]
    report["keyword_renames_to_missing_params_dropped"] = bogus

    # --- reorders: full TF1 positional parameter lists -------------------------------------
    reorders: dict[str, list[str]] = {}
    reorder_notes = []
    for func, order in sorted(spec.function_reorders.items()):
        if not func.startswith("tf."):
            continue
        key = func[3:]
        params = _signature_params(v1_objs[key]) if key in v1_objs else None
        if params is None:
            if None in order:
                reorder_notes.append(f"{key}: no TF1 signature here and TF list has gaps; dropped")
                continue
            reorders[key] = list(order)
            continue
        full = []
        for i, name in enumerate(order):
            sig_name = params[i] if i < len(params) else None
            if name is not None and sig_name is not None and name != sig_name:
                reorder_notes.append(f"{key}[{i}]: table={name} signature={sig_name}")
            full.append(name if name is not None else sig_name)
        if None in full:
            reorder_notes.append(f"{key}: could not name every position; dropped")
            continue
        reorders[key] = full
    report["reorder_notes"] = reorder_notes

    # How many leading TF1 positional parameters keep their place (and, after keyword renames,
    # their name) in the TF2 function: those positional arguments can stay positional, which
    # keeps `tf.reduce_sum(x, 1)` as it is instead of spelling out `input_tensor=x, axis=1`.
    stable_positions: dict[str, int] = {}
    for key, order in reorders.items():
        target = renames.get(key, key)
        v2_params = _signature_params(v2_objs[target]) if target in v2_objs else None
        kr = keyword_renames.get(key, {})
        n = 0
        while v2_params and n < min(len(order), len(v2_params)) \
                and kr.get(order[n], order[n]) == v2_params[n]:
            n += 1
        stable_positions[key] = n
    # A rename X -> Y whose positional arguments do not all mean the same after it: X's TF1
    # order differs from Y's TF2 order (train.confusion_matrix's 4th is dtype, math's is
    # weights), or Y is itself a reordered TF1 name, so that a second run would read Y's
    # positionals in Y's TF1 order (batch_to_space_nd -> batch_to_space). X gets its TF1 order
    # and the prefix that keeps its meaning on both runs; the rest is spelled as keywords.
    added = []
    for key, target in sorted(renames.items()):
        if key in reorders or key not in v1_objs or target not in v2_objs:
            continue
        old_params = _signature_params(v1_objs[key])
        new_params = _signature_params(v2_objs[target])
        if not old_params or new_params is None:
            continue
        kr = keyword_renames.get(key, {})
        n = 0
        while n < min(len(old_params), len(new_params)) \
                and kr.get(old_params[n], old_params[n]) == new_params[n]:
            n += 1
        if target in reorders:
            n = min(n, stable_positions[target])
        if n < len(old_params):
            reorders[key] = old_params
            stable_positions[key] = n
            added.append(f"{key} -> {target}: {n} of {len(old_params)} positions stay")
    report["rename_reorders"] = added
    report["reorders_v2_entries"] = len(reorders_v2.reorders)
    report["manual_function_reorders"] = sorted(spec.manual_function_reorders)

    # TF1 keyword parameters that the TF2 callee does not accept even after keyword_renames /
    # removed_keywords (partition_strategy, seed2, merge_repeated, ...).  tf_upgrade_v2 handles
    # these with ad-hoc transformers; for us a call passing one must not be converted natively.
    unsupported: dict[str, list[str]] = {}
    compat_set = set(compat_only)
    for key in sorted(v1_names):
        if key in compat_set:
            continue
        target = renames.get(key, key if key in v2_names else None)
        if target is None or target not in v2_objs:
            continue
        old_obj, new_obj = v1_objs[key], v2_objs[target]
        if old_obj is new_obj or not callable(old_obj) or _is_module(old_obj):
            continue
        old_params, accepted = _all_params(old_obj, kwargs_ok=True), _all_params(new_obj)
        if not old_params or accepted is None:
            continue
        kr = keyword_renames.get(key, {})
        rm = set(removed_keywords.get(key, ()))
        bad = sorted(n for n in old_params if n not in rm and kr.get(n, n) not in accepted)
        if bad:
            unsupported[key] = bad
    report["reorder_keywords_not_accepted_by_tf2"] = sorted(
        f"{k}: {v}" for k, v in unsupported.items() if k in reorders)

    keras_version = f"tf_keras {tf_keras.__version__}"

    tables = {
        "generator": "tools/gen_api_tables.py",
        "tf_version": tf.__version__,
        "keras_version": keras_version,
        "v1_names": sorted(v1_names),
        "v2_names": sorted(v2_names),
        "tf1_only": sorted(tf1_only),
        "renames": dict(sorted(renames.items())),
        "compat_only": sorted(compat_only),
        "compat_renames": dict(sorted(compat_renames.items())),
        "keyword_renames": {k: dict(sorted(v.items())) for k, v in sorted(keyword_renames.items())},
        "removed_keywords": dict(sorted(removed_keywords.items())),
        "reorders": dict(sorted(reorders.items())),
        "reorders_stable_positions": dict(sorted(stable_positions.items())),
        "unsupported_keywords": dict(sorted(unsupported.items())),
    }
    _self_check(tables)
    return tables, report


def _self_check(tables: dict) -> None:
    def paths():
        for key in ("v1_names", "v2_names", "tf1_only", "compat_only"):
            yield from tables[key]
        for key in ("renames", "compat_renames", "keyword_renames", "removed_keywords",
                    "reorders", "unsupported_keywords"):
            yield from tables[key]
        yield from tables["renames"].values()
        yield from tables["compat_renames"].values()
    bad = [p for p in paths() if p.startswith("tf.")]
    if bad:
        raise SystemExit(f"paths with tf. prefix: {bad[:5]}")
    overlap = set(tables["renames"]) & set(tables["compat_only"])
    if overlap:
        raise SystemExit(f"both renamed and compat-only: {sorted(overlap)[:5]}")
    v2 = set(tables["v2_names"])
    bad = sorted(k for k, v in tables["renames"].items() if k in v2 or v not in v2)
    if bad:  # keys never TF2 paths, targets always TF2 paths => renaming is idempotent
        raise SystemExit(f"renames not TF1-only -> TF2: {bad[:5]}")


def counts(tables: dict) -> dict[str, int]:
    return {k: len(v) for k, v in sorted(tables.items()) if isinstance(v, (list, dict))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=OUT_PATH)
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if the output file differs")
    parser.add_argument("--report", action="store_true",
                        help="print the diagnostics (surprises in TF's tables) as JSON")
    args = parser.parse_args(argv)

    tables, report = build_tables()
    text = dumps(tables)
    if args.report:
        print(json.dumps(report, indent=1, sort_keys=True))
    for name, n in counts(tables).items():
        print(f"{name:18} {n}", file=sys.stderr)
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; run python tools/gen_api_tables.py",
                  file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.output.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, args.output)
    print(f"wrote {args.output} ({len(text.encode())} bytes, TF {tables['tf_version']})",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
