"""The last pass: make what the other codemods wrote read like hand-written code.

It runs only when an earlier pass changed the file, and it looks only at what they inserted
or changed (a line diff of the file as read against their output, `migrate.changes`): user
code elsewhere stays byte for byte. Each rule lives in a module of its own and knows nothing
about TensorFlow; this codemod only strings them together, in an order where each rule sees
the layout the earlier ones left:

1. `migrate.stale_imports`: imports the input used and the output no longer does go;
2. `migrate.placement`: helpers the codemods emitted go after the imports;
3. `migrate.import_groups`: standard-library imports we added join their group;
4. `migrate.wrapping`: long lines we wrote are wrapped black-like, within the file's limit;
5. `migrate.blank_lines`: PEP 8 blank lines around the definitions we wrote;
6. `migrate.stale_docs`: a warning where a docstring or comment names a removed parameter.
"""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from codemods.base import TFCodemod
from migrate import (blank_lines, import_groups, placement, stale_docs, stale_imports,
                     wrapping)
from migrate.changes import line_changes
from migrate.api import HELPERS_KEY, ORIGIN_KEY, ORIGIN_TREE_KEY, RECORD_KEY


def _positions(tree: cst.Module):
    return MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider)


class Tidy(TFCodemod):
    """Layout of what the migration wrote: stale imports dropped, helpers on top, imports
    grouped, long lines wrapped, blank lines around new definitions (PEP 8)."""

    NAME = "tidy"
    #: The engine skips this pass for a file no earlier pass changed.
    ONLY_IF_CHANGED = True
    METADATA_DEPENDENCIES = ()

    def visit_Module(self, node: cst.Module) -> bool:
        return False  # all the work is in `finish`, on the whole module

    def finish(self, tree: cst.Module) -> cst.Module:
        original = self.context.scratch.get(ORIGIN_KEY)
        code = self.source_code(tree)
        if original is None or code == original:
            return tree
        origin = self.context.scratch.get(ORIGIN_TREE_KEY)
        if origin is None:
            origin = MetadataWrapper(cst.parse_module(original), unsafe_skip_copy=True)
        before = blank_lines.violations(origin.module, origin.resolve(PositionProvider))
        renamed = {r["function"]: r["cls"] for r in self.context.scratch.get(RECORD_KEY, ())
                   if r.get("kind") == "function_to_module"}
        for node, message in stale_docs.stale_mentions(origin.module, tree, renamed):
            self.warn(node, message)

        written = line_changes(original, code).written
        positions = _positions(tree)
        first_lines = {s: positions[s].start.line for s in tree.body}
        new = stale_imports.drop_stale(tree, origin.module, self.context.filename or "")
        new = placement.hoist_helpers(new, self.context.scratch.get(HELPERS_KEY, set()))
        new = import_groups.group_stdlib(new, first_lines, written)
        if new is not tree:
            code = new.code
            positions = _positions(new)
        changes = line_changes(original, code)

        nodes = [n for n in positions if isinstance(n, (cst.SimpleStatementLine, cst.Decorator))]
        wrapped = wrapping.wrap(code, nodes, positions, changes.written,
                                wrapping.line_limit(original))
        if wrapped != code:
            new = cst.parse_module(wrapped)
            positions = _positions(new)
            changes = line_changes(original, wrapped)
        result = blank_lines.fix(new, positions, changes, before)
        return tree if result is not tree and result.code == self.source_code(tree) else result
