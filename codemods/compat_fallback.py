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
A file written against `tensorflow.compat.v2` is TF2 already and left as it is, but a name
that TF2 does not have (`tf.conj` under `import tensorflow.compat.v2 as tf`) is warned about,
with its TF2 spelling where the tables have one; so is `tf.X` in a file that binds no `tf`
(`import tensorflow` alone).
"""
from __future__ import annotations

import re
from functools import lru_cache

import libcst as cst
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

from codemods import matching
from codemods.api_tables import api_tables
from codemods.base import BEHAVIOUR_SWITCHES, TF1OnlyReferences, TFReferenceCodemod
from migrate.api import ORIGIN_TREE_KEY, SOURCE_KEY

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
    (("layers.",), "tf.layers was removed in TF2; not in a pattern the layers codemod "
                   "converts; tf.compat.v1.layers needs tf_keras and TF_USE_LEGACY_KERAS=1 "
                   "under TF 2.16+ (Keras 3)"),
    (("nn.rnn_cell.", "nn.static_rnn", "nn.dynamic_rnn", "nn.bidirectional_dynamic_rnn",
      "nn.static_bidirectional_rnn", "nn.static_state_saving_rnn"),
     "TF1 RNN cell API; tf.compat.v1.nn.rnn_cell needs tf_keras and TF_USE_LEGACY_KERAS=1 "
     "under TF 2.16+ (Keras 3)"),
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


#: API paths TF 2.21 no longer has in any spelling (no compat.v1 home either).
GONE = (
    ("estimator", "tf.estimator was removed in TF 2.16 (no compat.v1 home); port the model_fn "
                  "to a tf.Module and a custom training loop"),
    ("keras.estimator", "tf.keras.estimator was removed with tf.estimator in TF 2.16"),
    ("keras.experimental", "tf.keras.experimental is gone under Keras 3 (TF 2.16+)"),
    ("pywrap_tensorflow", "tf.pywrap_tensorflow is not part of the TF2 API"),
)
#: tf.contrib names with a documented TF2 home the upgrade tables lack.
CONTRIB_HOMES = {
    "contrib.framework.list_variables": "train.list_variables",
    "contrib.framework.load_checkpoint": "train.load_checkpoint",
    "contrib.framework.is_tensor": "is_tensor",
}
#: `tf.contrib.learn.ModeKeys.X` is the string it stands for.
MODE_KEYS = {"TRAIN": "train", "EVAL": "eval", "INFER": "infer"}
#: Keywords only the TF2 signature of a CHANGED_IN_TF2 name has: such a call is TF2 already.
TF2_KEYWORDS = {
    "summary.scalar": {"step", "data"}, "summary.histogram": {"step", "data", "buckets"},
    "summary.image": {"step", "data"}, "summary.audio": {"step", "data"},
    "summary.text": {"step", "data"}, "nn.ctc_loss": {"logits", "label_length", "logit_length"},
}


def missing_in_tf2(name: str) -> bool:
    """Is `tf.<name>` a name TF2 lacks in a module it has (`conj`, `nn.softmax_v9`)? Keras is
    not judged: the tables describe tf_keras there, not Keras 3."""
    tables = api_tables()
    if name in tables.v2_names or name.split(".")[0] in ("keras", "compat", "estimator") or \
            any(part.startswith("_") for part in name.split(".")):
        return False
    parent = name.rsplit(".", 1)[0] if "." in name else ""
    # an attribute of a function or class is no API path; a missing module reports itself
    return not parent or parent in _v2_modules()


@lru_cache(maxsize=1)
def _v2_modules() -> frozenset[str]:
    return frozenset(n.rsplit(".", 1)[0] for n in api_tables().v2_names if "." in n)


def gone_reason(path: str):
    for prefix, reason in GONE:
        if path == prefix or path.startswith(prefix + "."):
            return reason
    return None


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

    def visit_Call(self, node: cst.Call) -> None:
        passed = {a.keyword.value for a in node.args if a.keyword is not None}
        if passed:
            self._keywords[node.func] = passed

    def visit_Module(self, node: cst.Module) -> bool:
        self._keywords: dict = {}
        self._unbound_tf = None  # warned once: `tf.X` with no `tf` bound in the file
        self._in_import = False  # `import tf.contrib.layers as layers` names no reference
        return super().visit_Module(node)

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        root = node.value
        if self._unbound_tf is None and not self._in_import and isinstance(root, cst.Name) \
                and root.value == "tf" \
                and not self.get_metadata(QualifiedNameProvider, root, set()):
            code = self.context.scratch.get(SOURCE_KEY) or ""
            if re.search(r"^[ \t]*(import|from)[ \t]+tensorflow\b", code, re.M) and \
                    not re.search(r"\bimport[ \t]+\*", code):
                self._unbound_tf = node
                self.warn(node, f"tf.{node.attr.value}: this file binds no `tf` (it imports "
                                f"tensorflow without `as tf`), so this line fails with "
                                f"NameError and tfmigrate cannot tell what it refers to")
        return super().visit_Attribute(node)

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        self._in_import = False
        return updated

    def leave_ImportFrom(self, original: cst.ImportFrom,
                         updated: cst.ImportFrom) -> cst.ImportFrom:
        self._in_import = False
        return updated

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._in_import = True
        module = matching.dotted(node.module) if node.module is not None else None
        if module and module.startswith("tensorflow.python"):
            self.warn(node, f"{module} is TensorFlow's private implementation, not its API: "
                            f"it changes between releases without notice; use the public tf.* "
                            f"name")

    def visit_Import(self, node: cst.Import) -> None:
        self._in_import = True
        for alias in node.names:
            name = matching.dotted(alias.name) or ""
            if name.startswith("tensorflow.python"):
                self.warn(node, f"{name} is TensorFlow's private implementation, not its "
                                f"API: use the public tf.* name")

    def wants(self, path: str, node: cst.BaseExpression) -> bool:
        if path in BEHAVIOUR_SWITCHES:
            return False
        if path.startswith("compat.v2."):
            name = path[len("compat.v2."):]
            if missing_in_tf2(name):
                tables = api_tables()
                hint = f"; TF1's tf.{name} is tf.{tables.renames[name]} in TF2" \
                    if name in tables.renames else \
                    f"; TF1's is tf.compat.v1.{name}" if tables.is_tf1_only(name) else ""
                self.warn(node, f"tf.{name} does not exist in TF2 (this file imports "
                                f"tensorflow.compat.v2): the line fails under TF 2.21{hint}")
            return False
        if path == "contrib" or path.startswith("contrib."):
            return True
        if gone_reason(path) is not None:
            return True
        if path in CHANGED_IN_TF2 and self._keywords.get(node, set()) & \
                TF2_KEYWORDS.get(path, set()):
            return False  # a TF2 call (`tf.summary.scalar(..., step=s)`)
        if path in CHANGED_IN_TF2 and not self._tf1_file and not api_tables().is_tf1_only(path):
            if path.startswith(("metrics.", "losses.")):
                return True  # under Keras 3 these TF2 names do not exist at all
            self.warn(node, f"tf.{path}: if this is TF1 code, TF2's tf.{path} means something "
                            f"else ({reason_for(path)}); use tf.compat.v1.{path} or the TF2 "
                            f"signature")
            return False
        if not api_tables().is_tf1_only(path) and not (path in CHANGED_IN_TF2 and self._tf1_file):
            return False
        names = self.get_metadata(QualifiedNameProvider, node, set())
        return not matching.is_explicit_compat_v1(names, node, self._v1_aliases)

    def rewrite(self, path: str, original: cst.BaseExpression,
                updated: cst.BaseExpression) -> cst.BaseExpression:
        if path == "contrib" or path.startswith("contrib."):
            return self._contrib(path, original, updated)
        gone = gone_reason(path)
        if gone is not None:
            self.warn(original, f"tf.{path}: {gone}; this line fails under TF 2.21")
            return updated
        self.replaced(original)
        self.warn(original, f"tf.{path} kept as tf.compat.v1.{path}: {reason_for(path)}")
        return self.tf_attr(f"compat.v1.{path}", like=original)

    def _contrib(self, path: str, original: cst.BaseExpression,
                 updated: cst.BaseExpression) -> cst.BaseExpression:
        """tf.contrib is gone in TF2: use TF's own compat.v1 home for it, or say it breaks."""
        if path.startswith("contrib.learn.ModeKeys.") and path.rsplit(".", 1)[1] in MODE_KEYS:
            self.replaced(original)
            return cst.SimpleString(f'"{MODE_KEYS[path.rsplit(".", 1)[1]]}"')
        if path in CONTRIB_HOMES:
            self.replaced(original)
            return self.tf_attr(CONTRIB_HOMES[path], like=original)
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
