"""Facts about functions a file imports from a module beside it (its source is given, never
read here): does calling one create TF variables?

The modules codemod refuses to turn a function into a tf.Module when its body calls an
imported helper that might create variables (they would be made again on every call). For a
helper whose module lies beside the file (`from utils import shape_list`), the source tells:
a syntactic check, deliberately conservative, since the other module's import forms are not
resolved here.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional

import libcst as cst

from codemods.matching import LIBRARY_MODULES

#: Words that may make or find variables, wherever they appear in the helper (as a name or an
#: attribute): `tf.get_variable`, `tf.layers.dense`, `slim.conv2d`, `self.add_weight`, ...
_VARIABLE_WORDS = frozenset({
    "get_variable", "Variable", "variable_scope", "make_template", "layers", "keras",
    "rnn_cell", "rnn", "contrib", "slim", "get_local_variable", "model_variable", "variable",
    "add_weight", "add_variable", "get_collection", "trainable_variables", "global_variables",
})
#: Modules whose functions never create TF variables (and TF itself, checked word by word).
_SAFE_MODULES = LIBRARY_MODULES | {"tensorflow"}


def makes_no_variables(source: str, function: str) -> bool:
    """True only if `function`, a module-level function of `source`, provably creates no
    variables: none of the words above in it or in the module-level functions it calls, and
    no use of a class or of a name imported from anything but the modules above."""
    module = _parsed(source)
    if module is None:
        return False
    functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
    if function not in functions:
        return False
    classes = {s.name.value for s in module.body if isinstance(s, cst.ClassDef)}
    unsafe_imports = _unsafe_imported_names(module)
    seen, pending = set(), [function]
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        words = _Words()
        functions[name].visit(words)
        if words.names & (_VARIABLE_WORDS | classes | unsafe_imports) or words.decorated:
            return False
        pending.extend(words.names & set(functions))
    return True


@lru_cache(maxsize=8)
def _parsed(source: str) -> Optional[cst.Module]:
    """A sibling module's tree, parsed once for all the names a file imports from it."""
    try:
        return cst.parse_module(source)
    except Exception:  # noqa: BLE001 - unparsable: nothing is provable
        return None


def _unsafe_imported_names(module: cst.Module) -> set[str]:
    names = set()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.ImportFrom):
                root = "." if small.relative else \
                    cst.Module([]).code_for_node(small.module).split(".")[0]
                if root in _SAFE_MODULES or isinstance(small.names, cst.ImportStar):
                    continue
                names |= {(a.asname.name if a.asname else a.name).value for a in small.names
                          if isinstance((a.asname.name if a.asname else a.name), cst.Name)}
            elif isinstance(small, cst.Import):
                for alias in small.names:
                    root = cst.Module([]).code_for_node(alias.name).split(".")[0]
                    if root not in _SAFE_MODULES:
                        bound = alias.asname.name if alias.asname else alias.name
                        names.add(cst.Module([]).code_for_node(bound).split(".")[0])
    return names


class _Words(cst.CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.decorated = False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)

    def visit_Decorator(self, node: cst.Decorator) -> None:
        self.decorated = True
