"""The safety net: TF1-only symbols that no earlier codemod converted -> `tf.compat.v1.X`.

Every remaining reference to a TF1-only API path (per the generated tables), through any
import form, is spelled `tf.compat.v1.X` and reported with its line and the reason, so the
output is never worse than `tf_upgrade_v2`'s and every TF1 leftover is visible in review.
Leaves alone references that are already explicit (`tf.compat.v1.X`,
`from tensorflow.compat.v1 import X`) and the TF1 behaviour switches, which the import
upgrade decides about.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import QualifiedNameProvider

from codemods import matching
from codemods.api_tables import api_tables
from codemods.base import TFReferenceCodemod

BEHAVIOUR_SWITCHES = frozenset({
    "disable_v2_behavior", "enable_v2_behavior", "disable_eager_execution",
    "enable_eager_execution", "disable_resource_variables", "enable_resource_variables",
    "disable_v2_tensorshape", "enable_v2_tensorshape", "disable_control_flow_v2",
    "enable_control_flow_v2",
})

_REASONS = (
    (("Session", "InteractiveSession", "placeholder", "placeholder_with_default",
      "get_default_graph", "Graph", "reset_default_graph", "global_variables_initializer",
      "local_variables_initializer", "initialize_all_variables", "tables_initializer",
      "ConfigProto", "GPUOptions", "RunOptions", "RunMetadata"),
     "graph/session API; no eager rewrite applies at this site"),
    (("get_variable", "variable_scope", "AUTO_REUSE", "get_variable_scope", "VariableScope"),
     "variable-scope API outside a pattern the variables codemods convert"),
    (("layers.",), "tf.layers was removed in TF2; not in a pattern the layers codemod converts"),
    (("train.",), "TF1 training API; not in a pattern the optimizer/saver codemods convert"),
    (("summary.",), "TF1 summary API; TF2 summaries need a writer and a step"),
    (("logging.", "app.", "flags.", "gfile."), "TF1 utility module; kept as is"),
)


def reason_for(path: str) -> str:
    for prefixes, reason in _REASONS:
        if any(path == p or (p.endswith(".") and path.startswith(p)) for p in prefixes):
            return reason
    return "no native TF2 equivalent"


class CompatFallback(TFReferenceCodemod):
    """Remaining TF1-only symbols -> tf.compat.v1.X, each with a warning and the reason."""

    NAME = "compat_fallback"
    TRIGGERS = ("tensorflow",)

    def visit_Module(self, node: cst.Module) -> bool:
        self._v1_aliases = matching.v1_module_aliases(node)
        return super().visit_Module(node)

    def wants(self, path: str, node: cst.BaseExpression) -> bool:
        if path in BEHAVIOUR_SWITCHES or not api_tables().is_tf1_only(path):
            return False
        names = self.get_metadata(QualifiedNameProvider, node, set())
        return not matching.is_explicit_compat_v1(names, node, self._v1_aliases)

    def rewrite(self, path: str, original: cst.BaseExpression,
                updated: cst.BaseExpression) -> cst.BaseExpression:
        self.replaced(original)
        self.warn(original, f"tf.{path} kept as tf.compat.v1.{path}: {reason_for(path)}")
        return self.tf_attr(f"compat.v1.{path}", like=original)
