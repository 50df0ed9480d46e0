"""Plain CST helpers every part of the sessions rewrite shares.

The names an expression reads (`_referenced`) and a target binds (`_bound`), the calls in a node
(`_Calls`), how often names are read (`_NameUses`), the statements of a block in order
(`_statements_in_order`, `_statements`), and small builders of arguments (`_joined`,
`_numpy`). None of them knows about sessions: they take nodes and give names or nodes.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst
import libcst.matchers as cstm

from codemods import matching


_NO_SPACE = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                            whitespace_after=cst.SimpleWhitespace(""))


def _fill(template: cst.CSTNode, **nodes: cst.BaseExpression) -> cst.CSTNode:
    """Put expression nodes in place of the `__NAME__` names of a parsed template. The nodes
    keep their own layout: continuation lines stay indented relative to their new block."""

    class _Filler(cst.CSTTransformer):
        def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
            return nodes.get(original.value, updated)

    return template.visit(_Filler())


def _joined(args: list) -> list:
    out = []
    for i, arg in enumerate(args):
        last = i == len(args) - 1
        out.append(arg.with_changes(comma=cst.MaybeSentinel.DEFAULT if last else cst.Comma(
            whitespace_after=cst.SimpleWhitespace(" "))))
    return out


def _arg(call: cst.Call, keyword: str, position: Optional[int]) -> Optional[cst.Arg]:
    return matching.argument(call, keyword, position)


def _numpy(expr: cst.BaseExpression) -> cst.Call:
    if not isinstance(expr, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or expr.lpar:
        expr = expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    return cst.Call(cst.Attribute(expr, cst.Name("numpy")))


def _same(a: cst.BaseExpression, b: cst.BaseExpression) -> bool:
    return a.deep_equals(b)


def _key(expr: cst.BaseExpression) -> Optional[str]:
    """The name a graph value is bound to: `x`, or `self.x` in a model class."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and \
            expr.value.value == "self":
        return f"self.{expr.attr.value}"
    return None


def _key_expr(key: str) -> cst.BaseExpression:
    return matching.attribute_chain(key)


def _param(key: str) -> str:
    """The parameter a placeholder becomes: `self.x` -> `x`."""
    return key.rsplit(".", 1)[-1]


def _referenced(node: cst.CSTNode) -> set:
    finder = _Names()
    node.visit(finder)
    return finder.names


def _inside(statement, statements) -> bool:
    return any(s is statement for s in _statements_in_order(statements))


def _bodies(statements):
    """`statements` and the bodies of the `with` blocks among them, as lists."""
    yield list(statements)
    for statement in statements:
        if isinstance(statement, cst.With):
            yield from _bodies(statement.body.body)


def _statements_in_order(statements):
    for statement in statements:
        yield statement
        if isinstance(statement, cst.With):
            yield from _statements_in_order(statement.body.body)


class _NameUses(cst.CSTVisitor):
    """How often each of `names` is read (definitions excluded)."""

    def __init__(self, names: set):
        super().__init__()
        self.names = names
        self.uses: dict = {}

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        node.params.visit(self)
        node.body.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)  # `logits=logits`: the keyword is no read
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names:
            self.uses[node.value] = self.uses.get(node.value, 0) + 1


def _is_import(statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(small, (cst.Import, cst.ImportFrom)) for small in statement.body)


def _is_docstring(statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
        isinstance(statement.body[0], cst.Expr) and \
        isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _is_main_guard(statement) -> bool:
    """`if __name__ == "__main__":` (no else): its body runs once, like the module's."""
    if not isinstance(statement, cst.If) or statement.orelse is not None:
        return False
    test = statement.test
    return isinstance(test, cst.Comparison) and isinstance(test.left, cst.Name) and \
        test.left.value == "__name__" and len(test.comparisons) == 1 and \
        isinstance(test.comparisons[0].operator, cst.Equal) and \
        isinstance(test.comparisons[0].comparator, cst.SimpleString) and \
        test.comparisons[0].comparator.evaluated_value == "__main__"


def _statements(node: cst.CSTNode, skip=frozenset()):
    """Every statement in `node`, outermost first (compound ones before their bodies), not
    entering the statements in `skip`."""
    if node in skip:
        return
    yield node
    if isinstance(node, (cst.SimpleStatementLine,)):
        return
    body = getattr(node, "body", None)
    if isinstance(body, cst.BaseSuite) and isinstance(body, cst.IndentedBlock):
        for child in body.body:
            yield from _statements(child, skip)
    for attr in ("orelse", "finalbody"):
        other = getattr(node, attr, None)
        if other is not None:
            yield from _statements(other, skip)
    for handler in getattr(node, "handlers", ()) or ():
        yield from _statements(handler, skip)


def _header(statement: cst.CSTNode) -> Optional[cst.CSTNode]:
    """The expression part of a compound statement (`for x in <iter>`, `if <test>`)."""
    for attr in ("iter", "test", "items"):
        value = getattr(statement, attr, None)
        if isinstance(value, cst.CSTNode):
            return value
        if isinstance(value, (list, tuple)) and value:
            return cst.List([cst.Element(i.item) for i in value]) if False else value[0]
    return None


class _Names(cst.CSTVisitor):
    """Names read in an expression (not attribute names, keywords or lambda parameters)."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        key = _key(node)
        if key is not None:
            self.names.add(key)
        node.value.visit(self)
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


class _AssignedNames(cst.CSTVisitor):
    """The names a statement binds in its own scope: a nested function's or class's
    assignments are its locals (`def model(x): x = tf.unstack(x)` rebinds no graph tensor),
    unless it declares them `global` or `nonlocal`."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self.names |= _bound(node.target)

    def visit_For(self, node: cst.For) -> None:
        self.names |= _bound(node.target)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        inner = _AssignedNames()
        node.body.visit(inner)
        declared = {n.name.value for d in cstm.findall(node.body, cstm.Global() | cstm.Nonlocal())
                    for n in d.names}
        self.names |= inner.names & declared
        return False

    visit_ClassDef = visit_FunctionDef


def _bound(target: cst.BaseExpression) -> set:
    """The names an assignment target binds: not those read in `d[x] = ...`."""
    if isinstance(target, (cst.Tuple, cst.List)):
        return {n for e in target.elements for n in _bound(e.value)}
    if isinstance(target, cst.StarredElement):
        return _bound(target.value)
    if isinstance(target, cst.Subscript):
        return set()
    return _referenced(target)


class _Calls(cst.CSTVisitor):
    """Calls in a node (and with `attributes`, every attribute chain and name)."""

    def __init__(self, attributes: bool = False, shallow: bool = False):
        super().__init__()
        self.calls: list[cst.Call] = []
        self.attributes: list = []
        self._want_attributes = attributes
        self._shallow = shallow

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self._want_attributes:
            self.attributes.append(node)

    def visit_IndentedBlock(self, node) -> bool:
        return not self._shallow
