"""TF1 `Dimension` reads -> TF2 dimensions, which are plain ints (or None).

Rewrites `x.shape[i].value` and `x.get_shape()[i].value` to `x.shape[i]`, and the list of all
of them, `[d.value for d in x.get_shape()]` (or `x.shape`), to `x.shape.as_list()`. In TF2
`.value` on a dimension raises AttributeError, so leaving these breaks the migrated code.

Refuses nothing it matches; anything else with `.value` (a variable's, a dict entry's) is left.
"""
from __future__ import annotations

import libcst as cst

from codemods import matching
from codemods.base import TFCodemod


class DimensionValues(TFCodemod):
    """x.shape[i].value / x.get_shape()[i].value (TF1 Dimension) -> x.shape[i]."""

    NAME = "dimension_values"
    TRIGGERS = (".value",)
    COMPOSABLE = True

    def leave_Attribute(self, original: cst.Attribute,
                        updated: cst.Attribute) -> cst.BaseExpression:
        shape = matching.dimension_value(updated)
        return updated if shape is None else shape

    def leave_ListComp(self, original: cst.ListComp,
                       updated: cst.ListComp) -> cst.BaseExpression:
        shape = matching.dimension_list(updated)
        return updated if shape is None else shape
