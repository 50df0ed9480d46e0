"""TF1 symbols that have a native TF2 home -> their TF2 names.

Rewrites every reference, through any import form, whose TF1 API path the generated tables
map to a TF2 path: `tf.log` -> `tf.math.log`, `tf.random_normal` -> `tf.random.normal`,
`tf.set_random_seed` -> `tf.random.set_seed`, `from tensorflow import rsqrt` -> `tf.math.rsqrt`.
Refuses assignment targets (`tf.log = ...` patches TF itself) and anything not in the table.
"""
from __future__ import annotations

import libcst as cst

from codemods.api_tables import api_tables
from codemods.base import TFReferenceCodemod


class SymbolRenames(TFReferenceCodemod):
    """tf.log -> tf.math.log and every other TF1 name with a native TF2 home."""

    NAME = "symbol_renames"
    TRIGGERS = ("tensorflow",)
    COMPOSABLE = True

    def wants(self, path: str, node: cst.BaseExpression) -> bool:
        return path in api_tables().renames

    def rewrite(self, path: str, original: cst.BaseExpression,
                updated: cst.BaseExpression) -> cst.BaseExpression:
        self.replaced(original)
        return self.tf_attr(api_tables().renames[path], like=original)
