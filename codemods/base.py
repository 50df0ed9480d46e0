"""The base every tfmigrate codemod derives from.

A codemod is a libcst `Codemod` and a plain `CSTTransformer` (plain, not matcher-decorated:
per-node dispatch is the hot path): it sees one parsed module and its metadata, never files or
processes. What it wants to tell the user goes through `warn`, and what it
renamed (function -> class, scope -> module name) through `record`; the engine collects both
from the shared `CodemodContext.scratch`.
"""
from __future__ import annotations

from typing import ClassVar, Optional

import libcst as cst
from libcst.codemod import Codemod
from libcst.codemod.visitors import AddImportsVisitor
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

from codemods import matching
from codemods.api_tables import api_tables
from migrate.api import HELPERS_KEY, RECORD_KEY, SOURCE_KEY, WARNINGS_KEY

CLAIMS_KEY = "tfmigrate.claims"


class TFCodemod(Codemod, cst.CSTTransformer):
    """A codemod with TensorFlow-aware name matching and line-numbered warnings."""

    NAME: ClassVar[str] = ""
    #: False when the rewrite can change behaviour in ways the tool cannot prove (listed as unsafe).
    SAFE: ClassVar[bool] = True
    #: Cheap textual pre-check: the codemod is skipped unless one of these substrings occurs.
    #: Sound because a qualified name's last component always appears in the source text.
    TRIGGERS: ClassVar[tuple[str, ...]] = ()
    #: True when the codemod can share one traversal with its composable neighbours: it reads
    #: metadata of original nodes only and claims the nodes it will replace (see `claim`).
    COMPOSABLE: ClassVar[bool] = False

    #: Positions are resolved lazily, only for files that get a warning (see `position`).
    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self, context) -> None:
        Codemod.__init__(self, context)
        cst.CSTTransformer.__init__(self)
        self._imported_names_replaced: set[str] = set()

    def transform_module_impl(self, tree: cst.Module) -> cst.Module:
        self.prepare(tree)
        return self.finish(tree.visit(self))

    def prepare(self, tree: cst.Module) -> None:
        """Look at the whole module before the traversal (metadata is resolved by now)."""

    def finish(self, tree: cst.Module) -> cst.Module:
        """Tidy up after the traversal: drop `from tensorflow import X` left unused."""
        if self._imported_names_replaced:
            tree = matching.drop_unused_from_imports(tree, self._imported_names_replaced)
        return tree

    # -- claims: who rewrites a node when several codemods share a traversal ---------------
    def claim(self, node: cst.CSTNode) -> None:
        """Say, while visiting top-down, that this codemod will replace `node` (an original)."""
        self.context.scratch.setdefault(CLAIMS_KEY, set()).add(node)

    def claimed(self, node: cst.CSTNode) -> bool:
        return node in self.context.scratch.get(CLAIMS_KEY, ())

    @classmethod
    def may_apply(cls, code: str) -> bool:
        return not cls.TRIGGERS or any(t in code for t in cls.TRIGGERS)

    @classmethod
    def summary(cls) -> str:
        return (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else cls.NAME

    def source_code(self, tree: cst.Module) -> str:
        """The code `tree` prints, without printing it again when the engine has it."""
        return self.context.scratch.get(SOURCE_KEY) or tree.code

    # -- matching -------------------------------------------------------------------------
    def tf_name(self, node: cst.CSTNode) -> Optional[str]:
        """The TF1 API path `node` refers to ("get_variable", "train.Saver"), through any alias."""
        return matching.tf_api_path(self.get_metadata(QualifiedNameProvider, node, set()))

    # -- emitting ------------------------------------------------------------------------
    def visit_Module(self, node: cst.Module) -> bool:
        self._tf_alias = matching.tf_output_alias(node)
        return True

    def tf_attr(self, path: str, like: Optional[cst.BaseExpression] = None) -> cst.BaseExpression:
        """`tf.<path>` spelled with the name the migrated file will bind to `tensorflow`.

        With `like` (an original TF reference), reuse the module alias that reference was
        written with, so `tf1.log` becomes `tf1.math.log` in a file that also has `tf`.
        """
        root = matching.root_node(like) if isinstance(like, cst.Attribute) else None
        if isinstance(root, cst.Name):
            bound = {q.name for q in self.get_metadata(QualifiedNameProvider, root, set())}
            if bound & {matching.TF_ROOT, "tensorflow.compat.v1"}:
                return matching.attribute_chain(f"{root.value}.{path}")
        if self._tf_alias is None:
            AddImportsVisitor.add_needed_import(self.context, matching.TF_ROOT, asname="tf")
            self._tf_alias = "tf"
        return matching.attribute_chain(f"{self._tf_alias}.{path}")

    def replaced(self, original: cst.CSTNode) -> None:
        """Note that `original` (a TF reference) was rewritten: drop its import if now unused."""
        if isinstance(original, cst.Name):  # bound by `from tensorflow... import name`
            self._imported_names_replaced.add(original.value)

    # -- reporting ------------------------------------------------------------------------
    def warn(self, node: cst.CSTNode, message: str) -> None:
        """Report something the user must look at, anchored at `node` (of the tree given).

        The engine turns the node into `path:line:col` once per pass, for all warnings at once.
        """
        self.context.scratch.setdefault(WARNINGS_KEY, []).append(
            {"node": node, "codemod": self.NAME, "message": message})

    def helper(self, statement: cst.BaseStatement) -> None:
        """Say that the top-level `statement` is a helper this codemod emitted (a layer class,
        a base class, `X = collections.namedtuple(...)`): the final layout pass puts helpers
        after the imports. They are known by the name they define."""
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            names = [statement.name.value]
        else:
            names = [t.target.value for small in getattr(statement, "body", ())
                     if isinstance(small, cst.Assign) for t in small.targets
                     if isinstance(t.target, cst.Name)]
        self.context.scratch.setdefault(HELPERS_KEY, set()).update(names)

    def record(self, kind: str, **details: object) -> None:
        """Add an entry to the file's machine-readable migration record."""
        self.context.scratch.setdefault(RECORD_KEY, []).append({"kind": kind, **details})


class TFReferenceCodemod(TFCodemod):
    """A codemod that rewrites whole TF references: the longest `tf.a.b` chain or bare name.

    Subclasses say which API paths they want (`wants`) and what to put instead (`rewrite`).
    Matching the longest chain first means `tf.spectral.fft` is handled as one symbol rather
    than as the module `tf.spectral` followed by an attribute.
    """

    def wants(self, path: str, node: cst.BaseExpression) -> bool:
        raise NotImplementedError

    def rewrite(self, path: str, original: cst.BaseExpression,
                updated: cst.BaseExpression) -> cst.BaseExpression:
        raise NotImplementedError

    def visit_Module(self, node: cst.Module) -> bool:
        self._matched: dict[cst.CSTNode, str] = {}
        return super().visit_Module(node)

    def _visit_reference(self, node: cst.BaseExpression) -> bool:
        if self.claimed(node):
            # another codemod rewrites this reference: its inner chain (`tf.contrib`) is not a
            # reference of its own
            return matching.dotted(node) is None
        path = self.tf_name(node)
        if path and self.wants(path, node):
            self._matched[node] = path
            return False
        return True

    def _leave_reference(self, original: cst.BaseExpression,
                         updated: cst.BaseExpression) -> cst.BaseExpression:
        path = self._matched.pop(original, None)
        return updated if path is None else self.rewrite(path, original, updated)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        # `tf.log = ...` patches TensorFlow itself: not ours to rename; but a TF name inside a
        # target (`_registry[tf.get_default_graph()][k] = v`) is an ordinary reference
        return matching.dotted(node.target) is None

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return self._visit_reference(node)

    def leave_Attribute(self, original: cst.Attribute,
                        updated: cst.Attribute) -> cst.BaseExpression:
        return self._leave_reference(original, updated)

    def visit_Name(self, node: cst.Name) -> bool:
        return self._visit_reference(node)

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        return self._leave_reference(original, updated)


#: TF1 switches between graph and eager behaviour: the import upgrade decides about them.
BEHAVIOUR_SWITCHES = frozenset({
    "disable_v2_behavior", "enable_v2_behavior", "disable_eager_execution",
    "enable_eager_execution", "disable_resource_variables", "enable_resource_variables",
    "disable_v2_tensorshape", "enable_v2_tensorshape", "disable_control_flow_v2",
    "enable_control_flow_v2",
})


class TF1OnlyReferences(cst.CSTVisitor):
    """Collect references that need TF1: TF1-only API paths and explicit `compat.v1` spellings.

    Only the longest chain of each reference counts. Run it through the codemod's own `context.wrapper` so it reuses the resolved metadata.
    """

    METADATA_DEPENDENCIES = (QualifiedNameProvider,)

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, cst.CSTNode]] = []

    def _reference(self, node: cst.BaseExpression) -> bool:
        path = matching.tf_api_path(self.get_metadata(QualifiedNameProvider, node, set()))
        if path is None:
            return True
        if path in BEHAVIOUR_SWITCHES:
            return False
        if api_tables().is_tf1_only(path) or ".compat.v1." in f".{matching.dotted(node)}.":
            self.found.append((path, node))
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return self._reference(node)

    def visit_Name(self, node: cst.Name) -> bool:
        return self._reference(node)
