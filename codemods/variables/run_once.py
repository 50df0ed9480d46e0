"""Functions that run once: `main()` called by one statement at module level, or `app.run(main)`.

    def main():
        w = tf.get_variable("w", [3])     # runs once: can become a plain tf.Variable
    if __name__ == "__main__":
        main()

A function referenced any other way (called twice, passed as a value, decorated) may run more
than once, and a `tf.Variable` in it would be made anew on every call.
"""
from __future__ import annotations

import libcst as cst

from codemods import matching
from codemods.base import TFCodemod


def run_once_functions(codemod: TFCodemod, tree: cst.Module) -> list[cst.FunctionDef]:
    """Module-level functions referenced exactly once, by a call statement at module level
    (possibly under `if __name__ == "__main__":`) or as `app.run(main)`."""
    functions = {s.name.value: s for s in tree.body
                 if isinstance(s, cst.FunctionDef) and not s.decorators}
    if not functions:
        return []
    counter = _NameUses(set(functions))
    tree.visit(counter)
    starters: dict[str, int] = {}
    for statement in _module_level_statements(tree.body):
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        small = statement.body[0]
        if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Call):
            continue
        call = small.value
        if isinstance(call.func, cst.Name) and call.func.value in functions:
            starters[call.func.value] = starters.get(call.func.value, 0) + 1
        elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "run" \
                and len(call.args) == 1 and isinstance(call.args[0].value, cst.Name) \
                and call.args[0].value.value in functions \
                and (matching.dotted(call.func) or "").endswith("app.run"):
            starters[call.args[0].value.value] = starters.get(call.args[0].value.value, 0) + 1
    return [functions[name] for name, count in starters.items()
            if count == 1 and counter.uses.get(name, 0) == 1]


def _module_level_statements(statements):
    for statement in statements:
        yield statement
        if isinstance(statement, cst.If):
            yield from _module_level_statements(statement.body.body)


class _NameUses(cst.CSTVisitor):
    """How often each of `names` is used as a Name (definitions excluded)."""

    def __init__(self, names: set[str]):
        super().__init__()
        self.names = names
        self.uses: dict[str, int] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        node.params.visit(self)
        for decorator in node.decorators:
            decorator.visit(self)
        node.body.visit(self)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        for base in [*node.bases, *node.keywords, *node.decorators]:
            base.visit(self)
        node.body.visit(self)
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names:
            self.uses[node.value] = self.uses.get(node.value, 0) + 1
