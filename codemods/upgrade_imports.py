"""The last step: make the file a TF2 file.

Rewrites `import tensorflow.compat.v1 as tf` and `from tensorflow.compat import v1 as tf` into
`import tensorflow as tf` (earlier codemods spelled every TF1-only leftover `tf.compat.v1.X`, so
each reference stays valid). Removes `disable_v2_behavior()`, `disable_eager_execution()` and
`enable_eager_execution()` calls once no TF1-only API remains. Refuses to remove them while any
remains: the call is kept (as `tf.compat.v1.disable_v2_behavior()`) with a warning naming the
first leftover, because the leftover graph-mode code would break in eager mode. It is also kept
in an entry point that imports a module beside it holding graph-mode code (`train.py` switching
the mode for `model.py`).
"""
from __future__ import annotations

import re
from typing import Union

import libcst as cst
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

from codemods import matching
from codemods.base import BEHAVIOUR_SWITCHES, TFCodemod
from codemods.graph_mode import graph_references
from codemods.residue import tf1_references
from migrate.api import IMPORTS_KEY

REMOVABLE_SWITCHES = frozenset({"disable_v2_behavior", "disable_eager_execution",
                                "enable_eager_execution", "enable_v2_behavior",
                                "enable_resource_variables"})


#: A v1 module import or a behaviour switch call: the only files this pass can change.
_WORTH_A_PASS = re.compile(r"compat\.v1\s+as\b|compat\s+import\s+v1\b|"
                           r"(_behavior|eager_execution|resource_variables)\s*\(")


class UpgradeImports(TFCodemod):
    """import tensorflow.compat.v1 as tf -> import tensorflow as tf; drop disable_v2_behavior()."""

    NAME = "upgrade_imports"
    COMPOSABLE = True  # last of the pipeline: `finish` sees every other codemod's result

    @classmethod
    def may_apply(cls, code: str) -> bool:
        return _WORTH_A_PASS.search(code) is not None

    def prepare(self, tree: cst.Module) -> None:
        self._v1_aliases = matching.v1_module_aliases(tree)
        #: switch statements as they now stand in the new tree, with their original and path
        self._switches: list[tuple[cst.SimpleStatementLine, cst.SimpleStatementLine, str]] = []

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        names = [a.with_changes(name=cst.Name(matching.TF_ROOT))
                 if matching.dotted(a.name) == "tensorflow.compat.v1" and a.asname else a
                 for a in updated.names]
        return updated.with_changes(names=names)

    def leave_ImportFrom(self, original: cst.ImportFrom,
                         updated: cst.ImportFrom) -> Union[cst.ImportFrom, cst.Import]:
        if updated.module is None or matching.dotted(updated.module) != "tensorflow.compat" \
                or isinstance(updated.names, cst.ImportStar):
            return updated
        if len(updated.names) != 1 or matching.dotted(updated.names[0].name) != "v1":
            return updated
        alias = updated.names[0].evaluated_alias or "v1"
        return cst.Import(names=[cst.ImportAlias(
            name=cst.Name(matching.TF_ROOT),
            asname=cst.AsName(name=cst.Name(alias)))])

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> Union[cst.SimpleStatementLine, cst.RemovalSentinel]:
        if len(original.body) != 1 or not isinstance(original.body[0], cst.Expr):
            return updated
        call = original.body[0].value
        if not isinstance(call, cst.Call) or call.args:
            return updated
        path = self.tf_name(call.func)
        if path not in REMOVABLE_SWITCHES:
            return updated
        if path.startswith("enable_"):
            return cst.RemoveFromParent()  # TF2 behaviour is the default
        # Spell it the TF2 way now; `finish` removes it if no TF1 code is left.
        names = self.get_metadata(QualifiedNameProvider, call.func, set())
        if not matching.is_explicit_compat_v1(names, call.func, self._v1_aliases) \
                and ".compat.v1." not in f".{matching.dotted(call.func)}.":
            new_call = updated.body[0].value.with_changes(
                func=self.tf_attr(f"compat.v1.{path}", like=call.func))
            updated = updated.with_changes(body=[updated.body[0].with_changes(value=new_call)])
        self._switches.append((updated, original, path))
        return updated

    def finish(self, tree: cst.Module) -> cst.Module:
        tree = super().finish(tree)
        if not self._switches:
            return tree
        leftovers = [r for r in tf1_references(tree.code)
                     if r["path"].rsplit(".", 1)[-1] not in BEHAVIOUR_SWITCHES]
        graph_modules = self._graph_code_imported()
        if not leftovers and not graph_modules:
            return tree.visit(_RemoveStatements({id(new) for new, _, _ in self._switches}))
        if not leftovers:
            for _, original, path in self._switches:
                self.warn(original, f"TF1 behaviour kept ({path}): the imported module "
                                    f"{graph_modules[0]} still builds graph code")
            return tree
        first = leftovers[0]["message"]
        for _, original, path in self._switches:
            self.warn(original, f"TF1 behaviour kept ({path}): {len(leftovers)} TF1 API "
                                f"reference(s) remain, first {first}")
        return tree


    def _graph_code_imported(self) -> list[str]:
        """The modules beside this file that it imports and that hold graph-mode code: an
        entry point's switch is what makes their code run, so it stays."""
        imports = self.context.scratch.get(IMPORTS_KEY) or {}
        return sorted(name for name, source in imports.items() if graph_references(source))


class _RemoveStatements(cst.CSTTransformer):
    """Remove the given statement nodes (by identity) wherever they stand."""

    def __init__(self, ids: set[int]) -> None:
        super().__init__()
        self.ids = ids

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> bool:
        return False

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine):
        return cst.RemoveFromParent() if id(original) in self.ids else updated
