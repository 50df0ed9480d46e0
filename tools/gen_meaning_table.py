#!/usr/bin/env python3
"""Generate codemods/data/tf1_meaning_differs.json: TF2 names whose TF1 meaning differs.

    python tools/gen_meaning_table.py           # writes the JSON
    python tools/gen_meaning_table.py --check   # exit 1 if the committed JSON is out of date

A path `X` is listed when `tf.compat.v1.X` and `tf.X` (TF 2.21, default Keras 3) both exist
but are different objects whose signatures differ: another positional order, parameters TF1
had that TF2 lacks, or a default that changed. `keras.initializers.X` is compared the same way,
TF1's being tf_keras' v1 initializer (what `tf.keras.initializers.X` was in TF 1.x) and TF2's
Keras 3's; `tf1_home` names the core `tf.compat.v1` path of the very TF1 object, which resolves
under Keras 3 too (`zeros_initializer` for `keras.initializers.Zeros`). `CURATED` adds the
differences no signature shows (gradients, return types, values, file formats), each measured
on TF 2.21: every TF1 call of such a name means something else in TF2. `NOTES` only explains a
signature difference in words. A default is not counted as changed when TF1 resolved it to the
TF2 value (`SAME_DEFAULTS`; `keepdims=None` was False) or when TF2 made the parameter required
where TF1's `None` only made room for a deprecated alias (`expand_dims(x, dim=1)`). Each entry
says what differs; the API layer reads it (never TensorFlow) so no such call passes unchanged
and unwarned.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "codemods" / "data" / "tf1_meaning_differs.json"
sys.path.insert(0, str(ROOT / "tools"))

#: Differences a signature does not show.
CURATED = {
    "nn.softmax_cross_entropy_with_logits":
        "gradients: TF1 did not back-propagate into labels, TF2 does (wrap labels in "
        "tf.stop_gradient)",
    "strings.split": "return type: TF1 returned a SparseTensor, TF2 a RaggedTensor "
                     "(.to_sparse() gives the TF1 value)",
    "image.resize": "values: TF2 resizes with half-pixel centers; bilinear, bicubic and "
                    "nearest give other pixel values than TF1's resize_images (up to 0.58 on "
                    "a 4x4 image)",
    "summary.scalar": "TF2 needs a default writer and a step; TF1 returned a Summary op",
    "summary.histogram": "TF2 needs a default writer and a step; TF1 returned a Summary op",
    "summary.image": "TF2 needs a default writer and a step; TF1 returned a Summary op",
    "summary.audio": "TF2 needs a default writer and a step; TF1 returned a Summary op",
    "summary.text": "TF2 needs a default writer and a step; TF1 returned a Summary op",
    "saved_model.load": "arguments: TF1 (sess, tags, export_dir), TF2 (export_dir, tags)",
    "nn.ctc_loss": "arguments: TF1 (labels, inputs, sequence_length) with sparse labels, "
                   "TF2 (labels, logits, label_length, logit_length)",
    "name_scope": "arguments: TF1 (name, default_name, values), TF2 (name)",
    "metrics.mean_absolute_error": "TF1 returned (value, update_op); TF2's is a Keras "
                                   "per-example function (absent under Keras 3)",
    "metrics.mean_squared_error": "TF1 returned (value, update_op); TF2's is a Keras "
                                  "per-example function (absent under Keras 3)",
    "losses.mean_squared_error": "TF1 reduced to a scalar; TF2's Keras loss averages the "
                                 "last axis only",
    "keras.models.save_model": "file format: TF1 wrote HDF5 whatever the file name; Keras 3 "
                               "picks the format from the extension (.h5 HDF5, .keras its own) "
                               "and raises ValueError for any other",
}
#: Plain words for a difference the signatures already show (the entry is not CURATED: only
#: calls that rely on the changed default or position differ).
NOTES = {
    "random_uniform_initializer": "defaults: TF1 U(0, 1), TF2 U(-0.05, 0.05)",
}
#: (path or "*", parameter, TF1 default, TF2 default) that mean the same: TF1 resolved its
#: default to TF2's value inside the function.
SAME_DEFAULTS = (
    ("*", "keepdims", None, False),  # reduce_*, moments: `keepdims = bool(keepdims)`
    ("*", "expand_nonconcat_dims", None, False),
    ("nn.softmax_cross_entropy_with_logits", "axis", None, -1),  # TF1 dim=-1
    ("nn.max_pool", "data_format", "NHWC", None),  # TF2: NHWC for a 4-D input, TF1's only
    ("nn.avg_pool", "data_format", "NHWC", None),
    ("nn.conv1d", "data_format", None, "NWC"),  # TF1: None meant NWC
    ("nn.conv2d", "dilations", [1, 1, 1, 1], None),  # TF2: None is 1 in every dimension
    ("nn.conv3d", "dilations", [1, 1, 1, 1, 1], None),
    ("nn.max_pool_with_argmax", "output_dtype", None, "int64"),  # TF1: Targmax or int64
    ("sparse.add", "threshold", None, 0),  # TF1: threshold or thresh or 0
)


def _params(obj):
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    return [(p.name, p.default) for p in sig.parameters.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
            and p.name != "self"]


def _same_default(a, b) -> bool:
    try:
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
                not isinstance(a, bool) and not isinstance(b, bool):
            return a == b  # 0 and 0.0
        return bool(a == b) and type(a) is type(b)
    except Exception:  # noqa: BLE001 - tensors, dtypes...
        return a is b


def _same_meaning(path: str, name: str, old, new, aliased: bool) -> bool:
    """A changed default that means the same: TF2 requires the parameter where TF1's `None`
    only made room for a deprecated alias (`aliased`: TF1 has parameters TF2 dropped), or TF1
    resolved its default to TF2's (`SAME_DEFAULTS`)."""
    if new is inspect.Parameter.empty:
        return aliased and old is None
    new = getattr(new, "name", new)  # tf.int64 -> "int64"
    return any(p in ("*", path) and n == name and _same_default(old, o1) and
               _same_default(new, o2) for p, n, o1, o2 in SAME_DEFAULTS)


def _kwargs(obj) -> bool:
    try:
        return any(p.kind == p.VAR_KEYWORD for p in inspect.signature(obj).parameters.values())
    except (TypeError, ValueError):
        return False


def _entry(path: str, old, new) -> dict | None:
    """What differs between calling TF1's `old` and TF2's `new` under one name, or None."""
    p1, p2 = _params(old), _params(new)
    if not p1 or p2 is None:
        return None
    names1, names2 = [n for n, _ in p1], [n for n, _ in p2]
    notes = []
    gone = [n for n in names1 if n not in names2]
    if gone:
        notes.append(f"TF1 parameters TF2 lacks: {', '.join(gone)}")
    moved = [n for i, n in enumerate(names1) if n in names2 and names2.index(n) != i]
    if moved:
        notes.append(f"positions moved: {', '.join(moved)}")
    d2 = dict(p2)
    changed = [n for n, d in p1 if n in d2 and d is not inspect.Parameter.empty
               and not _same_default(d, d2[n]) and not _same_meaning(path, n, d, d2[n], bool(gone))]
    if changed:
        notes.append("defaults changed: " + ", ".join(
            f"{n} {p1[names1.index(n)][1]!r} -> {d2[n]!r}" for n in changed))
    if not notes:
        return None
    entry = {"note": "; ".join(notes), "tf1_params": names1, "gone": gone, "moved": moved,
             "defaults": changed, "tf2_params": names2}
    if _kwargs(old):
        entry["tf1_kwargs"] = True
    return entry


def _keras_initializers(v1: dict) -> dict[str, dict]:
    """`keras.initializers.X`: tf_keras' v1 initializer (TF1's) against Keras 3's (TF2's)."""
    import keras  # Keras 3, whatever TF_USE_LEGACY_KERAS says about tf.keras
    homes: dict[int, list[str]] = {}
    for path, obj in v1.items():
        if not path.startswith(("keras.", "compat.")) and "initializer" in path:
            homes.setdefault(id(obj), []).append(path)
    table = {}
    for path, old in sorted(v1.items()):
        if not path.startswith("keras.initializers.") or path.count(".") != 2:
            continue
        new = getattr(keras.initializers, path.rsplit(".", 1)[1], None)
        if new is None or not isinstance(old, type):
            continue  # not in Keras 3: the rename tables send it to compat.v1
        entry = _entry(path, old, new)
        if entry is None:
            continue
        home = sorted(homes.get(id(old), ()), key=lambda p: (not p.endswith("_initializer"), p))
        if home:  # the core TF1 object itself, e.g. init_ops.Zeros = tf.zeros_initializer
            entry["tf1_home"] = home[0]
        table[path] = entry
    return table


def build() -> dict:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # Keras 3's lazy modules cannot be listed: tf.keras is tf_keras here, which is what
    # tf.compat.v1 code used; Keras 3 is imported as `keras` for the initializers' TF2 side.
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import warnings
    warnings.simplefilter("ignore")
    import tensorflow as tf
    from gen_api_tables import walk_api

    stops = {tf.compat.v1.__name__, tf.compat.v2.__name__, tf.__name__}
    v1 = walk_api(tf.compat.v1, stops, [])
    v2 = walk_api(tf.compat.v2, stops, [])
    table: dict[str, dict] = {}
    for path in sorted(set(v1) & set(v2)):
        if path.startswith(("keras.", "compat.", "raw_ops.")):
            continue
        old, new = v1[path], v2[path]
        if old is new or not callable(old) or inspect.ismodule(old):
            continue
        entry = _entry(path, old, new)
        if entry is not None:
            table[path] = entry
    table.update(_keras_initializers(v1))
    for path, note in NOTES.items():
        table[path]["note"] = note + "; " + table[path]["note"]
    for path, note in CURATED.items():
        entry = table.setdefault(path, {"note": "", "tf1_params": [], "gone": [], "moved": [],
                                        "defaults": [], "tf2_params": []})
        entry["note"] = note + (f"; {entry['note']}" if entry["note"] else "")
        entry["curated"] = True
    return {"generator": "tools/gen_meaning_table.py", "tf_version": tf.__version__,
            "tf1_meaning_differs": dict(sorted(table.items()))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    data = build()
    lines = [f'{json.dumps(k)}:{json.dumps(v, sort_keys=True)}'
             for k, v in data.pop("tf1_meaning_differs").items()]
    text = json.dumps(data, sort_keys=True)[:-1] + ',\n"tf1_meaning_differs":{\n' + \
        ",\n".join(lines) + "\n}}\n"
    if args.check:
        return 0 if OUT.exists() and OUT.read_text() == text else 1
    OUT.write_text(text)
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
