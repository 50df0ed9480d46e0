"""Which of the file's functions make variables: directly, through local callees, or maybe.

A module-level function that uses `tf.get_variable`, `tf.Variable`, `tf.make_template`,
`tf.layers.*` or an RNN cell makes variables, and so does one calling such a function
(`_variable_creators`, a fixpoint over the file). A name imported from a user module may
make them too, unless the module's source beside the file shows it does not (`from utils
import shape_list`, see codemods.imported):

    def logits(x):                 # may make variables (through `dense` from layers_util):
        return dense(x, 10)        # a candidate only if it opened a variable scope itself
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst
from codemods.names import TFQualifiedNameProvider as QualifiedNameProvider

from codemods import matching
from codemods.imported import makes_no_variables

if TYPE_CHECKING:
    from codemods.modules.codemod import Modules

_LIBRARY_MODULES = matching.LIBRARY_MODULES


class VariableCreators:
    """The `Modules` methods that say which functions make variables."""

    def imported_may_create(self, node: cst.BaseExpression, names) -> bool:
        """Is `node` (with qualified `names`) a name imported from a module other than the
        standard libraries, which may create variables unless its source beside the file
        shows it does not?"""
        return isinstance(node, cst.Name) and node.value in self._imported and any(
            q.name.split(".")[0] not in _LIBRARY_MODULES for q in names) \
            and not self.imported_makes_no_variables(node.value)

    def imported_makes_no_variables(self, name: str) -> bool:
        """Is `name`, imported from a module beside the file, a function that provably
        creates no variables (see codemods.imported)?"""
        if name not in self._pure:
            module, original = self._siblings.get(name, (None, None))
            source = self._sibling_sources.get(module) if module is not None else None
            self._pure[name] = source is not None and makes_no_variables(source, original)
        return self._pure[name]

    def _variable_creators(self) -> set[str]:
        """Local functions that create variables, or may (through an imported helper),
        directly or through local callees. Those that only may are kept in
        `self._maybe_creators`: they become candidates only if they open a scope."""
        direct, calls, maybe = set(), {}, set()
        self._maybe_why: dict[str, str] = {}
        for name, function in self._functions.items():
            finder = _Creates(self, set(self._functions))
            function.visit(finder)
            if finder.creates:
                direct.add(name)
            elif finder.maybe:
                maybe.add(name)
                self._maybe_why[name] = finder.maybe
            calls[name] = finder.calls
        definite = set(direct)
        changed = True
        while changed:
            changed = False
            for name, callees in calls.items():
                if name not in definite and callees & definite:
                    definite.add(name)
                    changed = True
        direct |= maybe
        changed = True
        while changed:
            changed = False
            for name, callees in calls.items():
                if name not in direct and callees & direct:
                    direct.add(name)
                    changed = True
        self._maybe_creators = direct - definite
        return direct


class _Creates(cst.CSTVisitor):
    """Does a function create variables itself, and which local functions does it call?"""

    def __init__(self, codemod: Modules, functions: set[str]):
        super().__init__()
        self.codemod = codemod
        self.functions = functions
        self.creates = False
        self.maybe = ""  # an imported helper it calls, which may create variables
        self.calls: set[str] = set()

    def _reference(self, node: cst.BaseExpression) -> bool:
        path = self.codemod.tf_name(node)
        if path is not None:
            if path in ("get_variable", "Variable", "make_template") \
                    or path.startswith(("layers.", "keras.layers.", "contrib.layers.",
                                        "nn.rnn_cell.", "contrib.rnn.")) and \
                    not path.endswith("_initializer"):
                self.creates = True
            return False
        if isinstance(node, cst.Name) and node.value in self.functions:
            self.calls.add(node.value)
        elif self.codemod.imported_may_create(
                node, self.codemod.get_metadata(QualifiedNameProvider, node, set())):
            self.maybe = self.maybe or node.value  # an imported helper may make variables: decided later
        return True

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        return self._reference(node)

    def visit_Name(self, node: cst.Name) -> bool:
        return self._reference(node)


def _sibling_functions(tree: cst.Module) -> dict[str, tuple[str, str]]:
    """{bound name: (module as written, its name there)} of `from M import f [as g]` at
    module level: the candidates for a look into a sibling module's source."""
    found = {}
    for statement in tree.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                module = "." * len(small.relative) + (
                    matching.dotted(small.module) or "" if small.module else "")
                for alias in small.names:
                    name = matching.dotted(alias.name)
                    if name and "." not in name:
                        found[alias.evaluated_alias or name] = (module, name)
    return found


def _imported_user_names(tree: cst.Module) -> set[str]:
    """Names bound by imports at module level (any module; filtered by qualified name)."""
    names = set()
    for statement in tree.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)) and \
                        not isinstance(small.names, cst.ImportStar):
                    for alias in small.names:
                        bound = alias.evaluated_alias or matching.dotted(alias.name) or ""
                        names.add(bound.split(".")[0])
    return names
