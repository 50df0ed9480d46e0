"""The TF API tables generated from TensorFlow's own metadata by tools/gen_api_tables.py.

They are data: the tool reads the JSON and never imports TensorFlow at run time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TABLES_PATH = Path(__file__).resolve().parent / "data" / "tf_api_tables.json"
#: TF2 names whose TF1 meaning differs (tools/gen_meaning_table.py).
MEANING_PATH = Path(__file__).resolve().parent / "data" / "tf1_meaning_differs.json"


@dataclass(frozen=True)
class ApiTables:
    tf_version: str
    renames: dict[str, str]
    keyword_renames: dict[str, dict[str, str]]
    reorders: dict[str, list[str]]
    stable_positions: dict[str, int]
    removed_keywords: dict[str, list[str]]
    unsupported_keywords: dict[str, list[str]]
    compat_renames: dict[str, str]
    tf1_only: frozenset[str]
    v2_names: frozenset[str]
    #: {path: {note, tf1_params, gone, moved, defaults, curated?}}: `tf.compat.v1.<path>` and
    #: `tf.<path>` both exist in TF 2.21 but a call means something else in TF2.
    tf1_meaning_differs: dict = None  # type: ignore[assignment]

    def is_tf1_only(self, path: str) -> bool:
        return path in self.tf1_only


@lru_cache(maxsize=1)
def api_tables() -> ApiTables:
    data = json.loads(TABLES_PATH.read_text(encoding="utf-8"))
    return ApiTables(
        tf_version=data["tf_version"],
        renames=data["renames"],
        keyword_renames=data["keyword_renames"],
        reorders=data["reorders"],
        stable_positions=data["reorders_stable_positions"],
        removed_keywords=data["removed_keywords"],
        unsupported_keywords=data["unsupported_keywords"],
        compat_renames=data["compat_renames"],
        tf1_only=frozenset(data["tf1_only"]),
        v2_names=frozenset(data["v2_names"]),
        tf1_meaning_differs=json.loads(MEANING_PATH.read_text(encoding="utf-8"))[
            "tf1_meaning_differs"] if MEANING_PATH.exists() else {},
    )
