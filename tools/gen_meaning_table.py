#!/usr/bin/env python3
"""Generate codemods/data/tf1_meaning_differs.json: TF2 names whose TF1 meaning differs.

    python tools/gen_meaning_table.py           # writes the JSON
    python tools/gen_meaning_table.py --check   # exit 1 if the committed JSON is out of date

A path `X` is listed when `tf.compat.v1.X` and `tf.X` (TF 2.21, default Keras 3) both exist
but are different objects whose signatures differ: another positional order, parameters TF1
had that TF2 lacks, or a default that changed. `CURATED` adds the differences no signature
shows (gradients, return types, values), each measured on TF 2.21. Each entry says what
differs; the API layer reads it (never TensorFlow) so no such call passes unchanged and
unwarned.
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
    "random_uniform_initializer": "defaults: TF1 U(0, 1), TF2 U(-0.05, 0.05)",
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
}


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
        return bool(a == b) and type(a) is type(b)
    except Exception:  # noqa: BLE001 - tensors, dtypes...
        return a is b


def build() -> dict:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    # Keras 3's lazy modules cannot be listed; keras.* paths are skipped below anyway, and
    # tf_keras is what tf.compat.v1 code used.
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
        p1, p2 = _params(old), _params(new)
        if not p1 or p2 is None:
            continue
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
                   and not _same_default(d, d2[n])]
        if changed:
            notes.append("defaults changed: " + ", ".join(
                f"{n} {p1[names1.index(n)][1]!r} -> {d2[n]!r}" for n in changed))
        if notes:
            table[path] = {"note": "; ".join(notes), "tf1_params": names1, "gone": gone,
                           "moved": moved, "defaults": changed, "tf2_params": names2}
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
