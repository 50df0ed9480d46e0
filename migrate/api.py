"""The contract between the engine and the codemods: what a codemod class provides, the
scratch keys of the `CodemodContext` the engine fills for every pass, and the shapes of the
warnings and record entries a codemod leaves there.

Codemods import these names from here, not from the engine, so the engine can change how it
runs passes without the codemods knowing. Nothing here imports libcst at run time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, TypedDict

if TYPE_CHECKING:
    import libcst as cst
    from libcst.codemod import CodemodContext

#: Codemods append {"node", "codemod", "message"}; the engine adds line/col of the node.
WARNINGS_KEY = "tfmigrate.warnings"
RECORD_KEY = "tfmigrate.record"
#: Names of the codemods of a pass that changed something (set by the codemods).
CHANGED_KEY = "tfmigrate.changed"
#: The code a pass starts from (what its tree prints), so no codemod has to print it again.
SOURCE_KEY = "tfmigrate.source"
#: The file as it was read, before any pass: what "the user wrote" means to every pass alike.
ORIGIN_KEY = "tfmigrate.origin"
#: That file's tree, in the metadata wrapper of the first pass (its metadata resolved once).
ORIGIN_TREE_KEY = "tfmigrate.origin_tree"
#: {module as imported (`utils`, `.layers`): its source}, for the modules beside the file.
IMPORTS_KEY = "tfmigrate.imports"
#: {name defined here: a file of the run that imports it}, to keep names others call.
IMPORTERS_KEY = "tfmigrate.importers"
#: Names of the top-level helper definitions the codemods emitted (one set for all passes),
#: so that a final layout pass can put them after the imports.
HELPERS_KEY = "tfmigrate.helpers"


class Codemod(Protocol):
    """What the engine needs of a codemod class (libcst `Codemod` subclasses satisfy it)."""

    NAME: str

    @classmethod
    def may_apply(cls, code: str) -> bool: ...

    def __init__(self, context: CodemodContext) -> None: ...

    def transform_module_impl(self, tree: cst.Module) -> cst.Module: ...

    # composable codemods (COMPOSABLE = True) also provide:
    def prepare(self, tree: cst.Module) -> None: ...

    def finish(self, tree: cst.Module) -> cst.Module: ...


class PendingWarning(TypedDict):
    """What a codemod appends under WARNINGS_KEY: the node is placed by the engine."""

    node: "cst.CSTNode"
    codemod: str
    message: str


class Warning(TypedDict, total=False):
    """A warning as the engine returns it (Migration.warnings, FileResult.warnings):
    1-based line and column in the file as read; `cell` for a notebook."""

    line: int
    col: int
    codemod: str
    message: str
    cell: int


class RecordEntry(TypedDict, total=False):
    """One entry of a file's machine-readable migration record (RECORD_KEY): `kind` says
    what happened (`rename`, `module`, `session`, ...); the other keys depend on it."""

    kind: str
