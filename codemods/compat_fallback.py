"""The safety net: TF1-only symbols that no earlier codemod converted -> `tf.compat.v1.X`.

Every remaining reference to a TF1-only API path (per the generated tables), through any
import form, is spelled `tf.compat.v1.X`, and so is, in a file written against TF1, a name TF2
reuses with other semantics (`tf.summary.scalar`, `tf.losses.mean_squared_error`, ...) and reported with its line and the reason, so the
output is never worse than `tf_upgrade_v2`'s and every TF1 leftover is visible in review.
`tf.contrib.X` goes to TF's own `compat.v1` home where TF's upgrade tables name one; any
other contrib reference is left as it is, with a warning that it fails under TF2.
Leaves alone references that are already explicit (`tf.compat.v1.X`,
`from tensorflow.compat.v1 import X`) and the TF1 behaviour switches, which the import
upgrade decides about.
"""
from __future__ import annotations

import libcst as cst
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

from codemods import matching
from codemods.api_tables import api_tables
from codemods.base import (BEHAVIOUR_SWITCHES, ORIGIN_TREE_KEY, TF1OnlyReferences,
                           TFReferenceCodemod)

#: TF1 names that are also TF2 names but mean something else in TF2 (different arguments or
#: results). In a file written against TF1 they are kept as `tf.compat.v1.X`.
CHANGED_IN_TF2 = frozenset({
    "summary.scalar", "summary.histogram", "summary.image", "summary.audio", "summary.text",
    "losses.mean_squared_error", "losses.Reduction", "metrics.mean_absolute_error",
    "metrics.mean_squared_error", "data.Iterator", "saved_model.load", "nn.ctc_loss",
    "test.compute_gradient",
})


_REASONS = (
    (("Session", "InteractiveSession", "placeholder", "placeholder_with_default",
      "get_default_graph", "Graph", "reset_default_graph", "global_variables_initializer",
      "local_variables_initializer", "initialize_all_variables", "tables_initializer",
      "ConfigProto", "GPUOptions", "RunOptions", "RunMetadata"),
     "graph/session API; no eager rewrite applies at this site"),
    (("get_variable", "variable_scope", "AUTO_REUSE", "get_variable_scope", "VariableScope"),
     "variable-scope API outside a pattern the variables codemods convert"),
    (("assign", "assign_add", "assign_sub"),
     "not rewritten to a Variable.assign* method: validate_shape= or unpacked arguments"),
    (("layers.",), "tf.layers was removed in TF2; not in a pattern the layers codemod converts"),
    (("train.",), "TF1 training API; not in a pattern the optimizer/saver codemods convert"),
    (("summary.",), "TF1 summary API; TF2 summaries need a writer and a step"),
    (("losses.", "metrics."), "TF2 has a Keras function of that name with other semantics"),
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
    COMPOSABLE = True

    def prepare(self, tree: cst.Module) -> None:
        self._v1_aliases = matching.v1_module_aliases(tree)
        self._tf1_file = bool(self._v1_aliases)
        code = "" if self._tf1_file else self.source_code(tree)
        if any(path in code for path in CHANGED_IN_TF2):  # spelled `tf.summary.scalar`
            # decided on the file as the user wrote it: earlier passes may have converted its
            # TF1-only uses by now
            scan = TF1OnlyReferences()
            (self.context.scratch.get(ORIGIN_TREE_KEY) or self.context.wrapper).visit(scan)
            self._tf1_file = bool(scan.found)

    def wants(self, path: str, node: cst.BaseExpression) -> bool:
        if path in BEHAVIOUR_SWITCHES:
            return False
        if path == "contrib" or path.startswith("contrib."):
            return True
        if not api_tables().is_tf1_only(path) and not (path in CHANGED_IN_TF2 and self._tf1_file):
            return False
        names = self.get_metadata(QualifiedNameProvider, node, set())
        return not matching.is_explicit_compat_v1(names, node, self._v1_aliases)

    def rewrite(self, path: str, original: cst.BaseExpression,
                updated: cst.BaseExpression) -> cst.BaseExpression:
        if path == "contrib" or path.startswith("contrib."):
            return self._contrib(path, original, updated)
        self.replaced(original)
        self.warn(original, f"tf.{path} kept as tf.compat.v1.{path}: {reason_for(path)}")
        return self.tf_attr(f"compat.v1.{path}", like=original)

    def _contrib(self, path: str, original: cst.BaseExpression,
                 updated: cst.BaseExpression) -> cst.BaseExpression:
        """tf.contrib is gone in TF2: use TF's own compat.v1 home for it, or say it breaks."""
        target = api_tables().compat_renames.get(path)
        if target is not None:
            self.replaced(original)
            needs = " and needs tf_keras (TF_USE_LEGACY_KERAS=1) under Keras 3" \
                if ".rnn_cell." in f".{target}." or target.startswith("compat.v1.nn.static") \
                else ""
            self.warn(original, f"tf.{path} moved to tf.{target} (tf.contrib was removed in "
                                f"TF2){needs}")
            return self.tf_attr(target, like=original)
        self.warn(original, f"tf.{path}: tf.contrib was removed in TF2 and tfmigrate knows no "
                            "replacement; this line fails under TF2 until it is replaced")
        return updated
