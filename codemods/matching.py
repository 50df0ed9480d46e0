"""Shared TensorFlow name matching, used by every codemod.

Names are matched through libcst's qualified-name metadata, never by the spelling `tf.`: the
same helpers serve `import tensorflow as tf`, `import tensorflow.compat.v1 as tf`,
`from tensorflow.compat import v1 as tf`, `import tensorflow as tf1`, a bare
`import tensorflow` and `from tensorflow import variable_scope`.
"""
from __future__ import annotations

import re
from typing import Iterable, Optional

import libcst as cst
from libcst.metadata import QualifiedName

TF_ROOT = "tensorflow"
_V1_PREFIX = "tensorflow.compat.v1."
_V1_PATH = "compat.v1."
_ROOT_PREFIX = "tensorflow."


def tf_api_path(qualified_names: Iterable[QualifiedName]) -> Optional[str]:
    """Map qualified names to a TF API path without the `tf.` prefix, or None if not TF.

    `tensorflow.compat.v1.X`, `tensorflow.X` and `tensorflow.compat.v1.compat.v1.X` all give
    `X`: they name the TF1 API the code was written against. `tensorflow.compat.v2.X` is
    already TF2 and is reported as `compat.v2.X`.
    """
    for qn in qualified_names:
        name = qn.name
        if not name.startswith(_ROOT_PREFIX):
            continue
        path = name[len(_ROOT_PREFIX):]
        while path.startswith(_V1_PATH):
            path = path[len(_V1_PATH):]
        return path
    return None


def is_explicit_compat_v1(qualified_names: Iterable[QualifiedName], node: cst.BaseExpression,
                          v1_aliases: frozenset[str]) -> bool:
    """True when `node` reaches `tensorflow.compat.v1` in a way that survives the import upgrade.

    `tf.compat.v1.Session` and `from tensorflow.compat.v1 import Session` are explicit;
    `tf.Session` under `import tensorflow.compat.v1 as tf` is not, because that `tf` is about to
    become plain `tensorflow`.
    """
    if not any(qn.name.startswith(_V1_PREFIX) for qn in qualified_names):
        return False
    spelled = dotted(node) or ""
    return ".compat.v1." in f".{spelled}." or root_name(node) not in v1_aliases


def dotted(expr: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` for a Name/Attribute chain, else None."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = dotted(expr.value)
        return f"{base}.{expr.attr.value}" if base else None
    return None


def attribute_chain(path: str) -> cst.BaseExpression:
    """Build the expression `a.b.c` from its dotted spelling."""
    parts = path.split(".")
    expr: cst.BaseExpression = cst.Name(parts[0])
    for part in parts[1:]:
        expr = cst.Attribute(value=expr, attr=cst.Name(part))
    return expr


def tf_output_alias(module: cst.Module) -> Optional[str]:
    """The name the migrated file binds to the top-level `tensorflow` package.

    `import tensorflow as tf` gives `tf` and a bare `import tensorflow` gives `tensorflow`.
    `import tensorflow.compat.v1 as tf` and `from tensorflow.compat import v1 as tf` also give
    `tf`: the import-upgrade codemod turns them into `import tensorflow as tf` at the end of the
    pipeline. None means the file has no module alias yet (only `from tensorflow import X`).
    """
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    name = dotted(alias.name)
                    if name == TF_ROOT or (name == "tensorflow.compat.v1" and alias.asname):
                        return alias.evaluated_alias or TF_ROOT
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                if small.module is not None and dotted(small.module) == "tensorflow.compat":
                    for alias in small.names:
                        if dotted(alias.name) == "v1":
                            return alias.evaluated_alias or "v1"
    return None


def v1_module_aliases(module: cst.Module) -> frozenset[str]:
    """Names bound to `tensorflow.compat.v1` itself at module level.

    These are the names the import upgrade rebinds to `tensorflow`, so every reference made
    through them must end up valid in the TF2 namespace.
    """
    names = set()
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Import):
                names.update(a.evaluated_alias for a in small.names
                             if dotted(a.name) == "tensorflow.compat.v1" and a.asname)
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                if small.module is not None and dotted(small.module) == "tensorflow.compat":
                    names.update(a.evaluated_alias or "v1" for a in small.names
                                 if dotted(a.name) == "v1")
    return frozenset(names)


def root_node(expr: cst.BaseExpression) -> cst.BaseExpression:
    """The leftmost node of an attribute chain: the `tf` Name of `tf.nn.relu`."""
    while isinstance(expr, cst.Attribute):
        expr = expr.value
    return expr


def root_name(expr: cst.BaseExpression) -> Optional[str]:
    """The leftmost name of an attribute chain: `tf` for `tf.nn.relu`."""
    root = root_node(expr)
    return root.value if isinstance(root, cst.Name) else None


def argument(call: cst.Call, keyword: str, position: Optional[int] = None) -> Optional[cst.Arg]:
    """The argument bound to `keyword` (or to positional slot `position`) in `call`."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg
    if position is not None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if position < len(positional):
            return positional[position]
    return None


def drop_unused_from_imports(module: cst.Module, names: set[str]) -> cst.Module:
    """Remove `from tensorflow... import X` aliases for `names` no longer used anywhere.

    Conservative and cheap (no scope analysis): a name counts as used if it still appears as a
    whole word anywhere outside its import, even in a string or comment.
    """
    body_text = module.code
    still_used = {n for n in names
                  if len(re.findall(rf"(?<![.\w]){re.escape(n)}\b", body_text)) > 1}
    unused = names - still_used
    if not unused:
        return module
    return module.visit(_DropFromImports(unused))


class _DropFromImports(cst.CSTTransformer):
    def __init__(self, names: set[str]):
        super().__init__()
        self.names = names

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom):
        if isinstance(updated.names, cst.ImportStar) or updated.module is None \
                or not (dotted(updated.module) or "").startswith(TF_ROOT):
            return updated
        kept = [a for a in updated.names if (a.evaluated_alias or dotted(a.name)) not in self.names]
        if len(kept) == len(updated.names):
            return updated
        if not kept:
            return cst.RemoveFromParent()
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(names=kept)

    def leave_SimpleStatementLine(self, original, updated):
        return cst.RemoveFromParent() if not updated.body else updated


def mentions_tensorflow(code: str) -> bool:
    """The engine's pre-filter: a file that never says `tensorflow` cannot import it."""
    return TF_ROOT in code


_TF_ROOT_BYTES = TF_ROOT.encode("ascii")


def mentions_tensorflow_bytes(data: bytes) -> bool:
    """`mentions_tensorflow` before decoding: source encodings Python accepts are ASCII
    supersets, and a notebook is UTF-8 JSON, so the name appears as these bytes or not at all."""
    return _TF_ROOT_BYTES in data


def camel_case(name: str) -> str:
    """`conv1d` -> `Conv1d`, `multihead_attn` -> `MultiheadAttn`, `_dense` -> `_Dense`."""
    lead = name[:len(name) - len(name.lstrip("_"))]
    return lead + "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def local_function_name(qualified_names: Iterable[QualifiedName]) -> Optional[str]:
    """The module-level name a reference resolves to (`conv1d`), if it is a local one."""
    for qn in qualified_names:
        if "." not in qn.name and qn.source.name == "LOCAL":
            return qn.name
    return None


def dimension_value(node: cst.Attribute) -> Optional[cst.BaseExpression]:
    """`x.shape[i].value` / `x.get_shape()[i].value` -> `x.shape[i]` (TF2 dimensions are ints
    or None, TF1 ones were `Dimension` objects), or None when `node` is not that pattern."""
    if node.attr.value != "value" or not isinstance(node.value, cst.Subscript):
        return None
    subscript = node.value
    base = subscript.value
    if isinstance(base, cst.Attribute) and base.attr.value == "shape":
        return subscript.with_changes(lpar=node.lpar, rpar=node.rpar)
    if isinstance(base, cst.Call) and not base.args and isinstance(base.func, cst.Attribute) \
            and base.func.attr.value == "get_shape":
        return subscript.with_changes(
            value=cst.Attribute(base.func.value, cst.Name("shape")),
            lpar=node.lpar, rpar=node.rpar)
    return None


def dimension_list(node: cst.ListComp) -> Optional[cst.BaseExpression]:
    """`[d.value for d in x.get_shape()]` / `... in x.shape]` -> `x.shape.as_list()`, or None."""
    loop = node.for_in
    if loop.ifs or loop.inner_for_in is not None or loop.asynchronous is not None or \
            not isinstance(loop.target, cst.Name) or not isinstance(node.elt, cst.Attribute):
        return None
    elt = node.elt
    if elt.attr.value != "value" or not (isinstance(elt.value, cst.Name)
                                          and elt.value.value == loop.target.value):
        return None
    shape = loop.iter
    if isinstance(shape, cst.Call) and not shape.args and isinstance(shape.func, cst.Attribute) \
            and shape.func.attr.value == "get_shape":
        shape = cst.Attribute(shape.func.value, cst.Name("shape"))
    elif not (isinstance(shape, cst.Attribute) and shape.attr.value == "shape"):
        return None
    return cst.Call(func=cst.Attribute(shape, cst.Name("as_list")), lpar=node.lpar,
                    rpar=node.rpar)


_CODE_NOISE = re.compile(
    r'(?P<string>(?:\b[A-Za-z]{1,2})?(?:"""[\s\S]*?"""' r"|'''[\s\S]*?'''"
    r'|"(?:\\[\s\S]|[^"\\\n])*"' r"|'(?:\\[\s\S]|[^'\\\n])*'))|#[^\n]*")
_IDENTIFIER = re.compile(r"[^\W\d]\w*")


def identifiers(code: str) -> set[str]:
    """Every identifier of `code` (and words of its f-strings): names a new binding must not
    take. Read off the text without comments and plain strings, as a tree walk costs fifty
    times more."""
    return set(_IDENTIFIER.findall(_CODE_NOISE.sub(_blank_noise, code)))


_NAME_OR_ATTRIBUTE = re.compile(r"(\.\s*)?\b([A-Za-z_][A-Za-z_0-9]*)")


def bare_identifiers(code: str) -> set[str]:
    """The identifiers of `code` that are not attribute names (`dynamic_rnn` in
    `tf.nn.dynamic_rnn` is not one): the names a new module-level binding would shadow."""
    text = _CODE_NOISE.sub(_blank_noise, code)
    return {m.group(2) for m in _NAME_OR_ATTRIBUTE.finditer(text) if m.group(1) is None}


def _blank_noise(match: re.Match) -> str:
    string = match.group("string")
    if string is not None and "f" in string[:string.find(string[-1])].lower():
        return string  # an f-string's expressions read names
    return " "


def count_names(tree: cst.CSTNode, name: str) -> int:
    """How many `Name` nodes in `tree` spell `name`, its definitions included (a use in a
    string, like `__all__`, is not counted)."""
    counter = _NameCounter(name)
    tree.visit(counter)
    return counter.count


class _NameCounter(cst.CSTVisitor):
    def __init__(self, name: str):
        super().__init__()
        self.name, self.count = name, 0

    def visit_Name(self, node: cst.Name) -> None:
        self.count += node.value == self.name


#: Modules whose functions never create TF variables.
LIBRARY_MODULES = frozenset({
    "numpy", "math", "functools", "itertools", "collections", "typing", "re", "os", "sys",
    "json", "copy", "abc", "enum", "six", "random", "string", "operator", "__future__",
})


class _Calls(cst.CSTVisitor):
    """Collects calls (a class of its own, not one per `calls_in`: a visitor class is
    inspected once by the traversal, so a new class on every call paid that every time)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[cst.Call] = []

    def visit_Call(self, call: cst.Call) -> None:
        self.found.append(call)


def calls_in(node: cst.CSTNode) -> list[cst.Call]:
    """Every call under `node`, outermost first."""
    collector = _Calls()
    node.visit(collector)
    return collector.found


def replace_call(node: cst.CSTNode, target: cst.Call, replacement: cst.Call):
    """`node` with the call `target` (by identity) replaced by `replacement`."""

    class _Replace(cst.CSTTransformer):
        def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.Call:
            return replacement if original is target else updated

    return node.visit(_Replace())


def hang_arguments(call: cst.Call, column: str) -> cst.Call:
    """`call` with each argument on a line of its own, indented by `column` (relative to the
    statement's block): `tf.Variable(\n    init,\n    name="w")`."""
    def line() -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(indent=True, last_line=cst.SimpleWhitespace(column))

    last = len(call.args) - 1
    return call.with_changes(
        whitespace_before_args=line(),
        args=[a.with_changes(comma=cst.MaybeSentinel.DEFAULT if i == last
                             else cst.Comma(whitespace_after=line()))
              for i, a in enumerate(call.args)])
