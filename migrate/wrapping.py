"""Wrap the long lines a migration wrote, the way black would, within the file's own limit.

One policy for every codemod: no line we write is longer than the file's limit (its longest
original line, or 99 when that is shorter). A statement holding such a line is printed again,
black-like:

- if it fits on one line, it is one line (a continuation the user had is joined);
- else the last bracket on its right-hand spine whose opening line and closing line fit is
  split: its content goes on lines of its own, one level deeper (`f(\n    a, b\n)`), all on
  one line if that fits, else one item per line with a trailing comma; an earlier bracket is
  tried when the opening line of a later one is still too long (`self.child(\n    ...\n)(x)`);
- a long operand chain inside brackets is split before its operators (`a\n+ b`);
- an assignment or `return` whose value has no bracket to split gets parentheses around it.

Only simple statements of one line of their own (assignments, `return`, expressions) and
decorators are wrapped, and only when they contain no comment. The new text must parse to the
same AST as before, else nothing is changed. Knows nothing about TensorFlow.
"""
from __future__ import annotations

import ast
from typing import Optional

import libcst as cst

INDENT = 4
DEFAULT_LIMIT = 99
#: Operators of one precedence: a chain of them is split before each (`**` is not split).
_FAMILIES = (
    (cst.Add, cst.Subtract),
    (cst.Multiply, cst.Divide, cst.FloorDivide, cst.Modulo, cst.MatrixMultiply),
    (cst.LeftShift, cst.RightShift), (cst.BitAnd,), (cst.BitXor,), (cst.BitOr,),
    (cst.And,), (cst.Or,),
)
_EMPTY = cst.Module([])


def code(node: cst.CSTNode) -> str:
    return _EMPTY.code_for_node(node)


class _Flatten(cst.CSTTransformer):
    """Every line break inside brackets becomes a space, or nothing next to a bracket."""

    def leave_ParenthesizedWhitespace(self, original, updated):
        return cst.SimpleWhitespace(" ")

    def leave_Comma(self, original, updated):
        return updated.with_changes(whitespace_before=cst.SimpleWhitespace(""),
                                    whitespace_after=cst.SimpleWhitespace(" "))

    def _tight(self, updated, *names):
        return updated.with_changes(**{n: cst.SimpleWhitespace("") for n in names})

    def leave_LeftParen(self, original, updated):
        return self._tight(updated, "whitespace_after")

    def leave_RightParen(self, original, updated):
        return self._tight(updated, "whitespace_before")

    leave_LeftSquareBracket = leave_LeftCurlyBrace = leave_LeftParen
    leave_RightSquareBracket = leave_RightCurlyBrace = leave_RightParen

    def leave_Call(self, original, updated):
        args = list(updated.args)
        if args and isinstance(args[-1].comma, cst.Comma):  # a trailing comma goes
            args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return self._tight(updated.with_changes(args=args), "whitespace_before_args",
                           "whitespace_after_func")

    def leave_Arg(self, original, updated):
        return self._tight(updated, "whitespace_after_arg")

    def leave_Dot(self, original, updated):
        return self._tight(updated, "whitespace_before", "whitespace_after")


def _items(node: cst.CSTNode) -> Optional[tuple[str, list, str, bool]]:
    """(open, [(prefix, node or None, text)], close, trailing comma allowed) of a bracket."""
    def arg(a: cst.Arg):
        prefix = f"{a.keyword.value}=" if a.keyword is not None else a.star
        return prefix, a.value, None

    if isinstance(node, cst.Call):
        return "(", [arg(a) for a in node.args], ")", True
    if isinstance(node, cst.Subscript):
        items = [("", e.slice.value, None) if isinstance(e.slice, cst.Index)
                 else ("", None, code(e.slice)) for e in node.slice]
        return "[", items, "]", len(items) > 1
    if isinstance(node, (cst.List, cst.Set, cst.Tuple)) and not (
            isinstance(node, cst.Tuple) and len(node.elements) < 2):
        items = [("*" if isinstance(e, cst.StarredElement) else "", e.value, None)
                 for e in node.elements]
        opening = {cst.List: "[", cst.Set: "{", cst.Tuple: "("}[type(node)]
        return opening, items, {"[": "]", "{": "}", "(": ")"}[opening], True
    if isinstance(node, cst.Dict):
        items = [(f"{code(e.key)}: ", e.value, None) if isinstance(e, cst.DictElement)
                 else ("**", e.value, None) for e in node.elements]
        return "{", items, "}", True
    return None


def _segments(node: cst.BaseExpression) -> list:
    """The flat text of `node` as text pieces and the brackets of its right-hand spine."""
    if node.lpar:
        inner = node.with_changes(lpar=[], rpar=[])
        if isinstance(inner, cst.Tuple) and _items(inner) is not None:
            return [("bracket", *_items(inner))]
        return [("bracket", "(", [("", inner, None)], ")", False)]
    if isinstance(node, cst.Call):
        return [*_segments(node.func), ("bracket", *_items(node))]
    if isinstance(node, cst.Subscript):
        return [*_segments(node.value), ("bracket", *_items(node))]
    if isinstance(node, cst.Attribute):
        return [*_segments(node.value), ("text", "." + node.attr.value)]
    if isinstance(node, (cst.List, cst.Set, cst.Dict)):
        return [("bracket", *_items(node))]
    return [("text", code(node))]


def _flat(segments: list) -> str:
    out = []
    for segment in segments:
        if segment[0] == "text":
            out.append(segment[1])
        else:
            _, opening, items, closing, _ = segment
            out.append(opening + _joined(items) + closing)
    return "".join(out)


def _joined(items: list) -> str:
    return ", ".join(p + (code(n) if n is not None else t) for p, n, t in items)


def _chain(node: cst.CSTNode) -> Optional[tuple[list, list]]:
    """Operands and operators of an unparenthesized chain of one precedence (`a + b - c`)."""
    if not isinstance(node, (cst.BinaryOperation, cst.BooleanOperation)) or node.lpar:
        return None
    family = next((f for f in _FAMILIES if isinstance(node.operator, f)), None)
    if family is None:
        return None
    operands, operators = [node.right], [code(node.operator).strip()]
    left = node.left
    while isinstance(left, type(node)) and not left.lpar and isinstance(left.operator, family):
        operands.append(left.right)
        operators.append(code(left.operator).strip())
        left = left.left
    operands.append(left)
    return operands[::-1], operators[::-1]


class _Printer:
    def __init__(self, limit: int) -> None:
        self.limit = limit

    def fits(self, col: int, text: str) -> bool:
        return col + len(text) <= self.limit

    def expression(self, prefix: str, node: cst.BaseExpression, suffix: str, col: int,
                   inside: bool, parenthesize: bool = False) -> list[str]:
        """Lines (indented) for `prefix node suffix` starting at column `col`."""
        flat = prefix + code(node) + suffix
        if self.fits(col, flat):
            return [" " * col + flat]
        chain = _chain(node)
        if inside and chain is not None:
            operands, operators = chain
            lines = self.expression(prefix, operands[0], "", col, True)
            for i, (operator, operand) in enumerate(zip(operators, operands[1:])):
                last = i == len(operators) - 1
                lines += self.expression(operator + " ", operand, suffix if last else "", col,
                                         True)
            return lines
        if inside and isinstance(node, cst.Tuple) and not node.lpar:
            items = [("", e.value, None) for e in node.elements]
            return self.items(prefix, items, suffix, col, True)
        segments = _segments(node)
        for k in range(len(segments) - 1, -1, -1):
            segment = segments[k]
            if segment[0] != "bracket" or not segment[2]:
                continue
            _, opening, items, closing, trailing = segment
            head = prefix + _flat(segments[:k]) + opening
            tail = closing + _flat(segments[k + 1:]) + suffix
            if self.fits(col, head) and self.fits(col, tail):
                body = self.body(items, col + INDENT, trailing)
                return [" " * col + head, *body, " " * col + tail]
        if parenthesize and not node.lpar:
            return [" " * col + prefix + "(",
                    *self.expression("", node, "", col + INDENT, True),
                    " " * col + ")" + suffix]
        return [" " * col + flat]

    def body(self, items: list, col: int, trailing: bool) -> list[str]:
        flat = _joined(items)
        if self.fits(col, flat):
            return [" " * col + flat]
        if len(items) == 1:
            prefix, node, text = items[0]
            if node is None:
                return [" " * col + prefix + text]
            return self.expression(prefix, node, "", col, True)
        return self.items("", items, "", col, trailing)

    def items(self, prefix: str, items: list, suffix: str, col: int,
              trailing: bool) -> list[str]:
        """One item per line, each followed by a comma (the last one when `trailing`)."""
        lines = [" " * col + prefix] if prefix else []
        for i, (p, node, text) in enumerate(items):
            comma = "," if trailing or i < len(items) - 1 else ""
            if node is None:
                lines.append(" " * col + p + text + comma)
            else:
                lines += self.expression(p, node, comma, col, True)
        if suffix:
            lines[-1] += suffix
        return lines


def _statement_parts(statement: cst.SimpleStatementLine) -> Optional[tuple]:
    """(prefix, expression, may parenthesize) of a simple statement we know how to wrap."""
    if len(statement.body) != 1:
        return None
    small = statement.body[0]
    if isinstance(small, cst.Assign):
        prefix = "".join(code(t.target) + " = " for t in small.targets)
        return prefix, small.value, True
    if isinstance(small, cst.AugAssign):
        return f"{code(small.target)} {code(small.operator).strip()} ", small.value, True
    if isinstance(small, cst.AnnAssign) and small.value is not None:
        return f"{code(small.target)}: {code(small.annotation.annotation)} = ", small.value, True
    if isinstance(small, cst.Return) and small.value is not None:
        return "return ", small.value, True
    if isinstance(small, cst.Expr):
        return "", small.value, False
    return None


class _HasComment(cst.CSTVisitor):
    found = False

    def visit_Comment(self, node: cst.Comment) -> None:
        self.found = True


def _commented(node: cst.CSTNode) -> bool:
    finder = _HasComment()
    node.visit(finder)
    return finder.found


def wrapped_lines(node: cst.CSTNode, col: int, limit: int) -> Optional[list[str]]:
    """New lines for a statement or decorator starting at column `col`, or None."""
    if isinstance(node, cst.Decorator):
        if _commented(node.decorator):
            return None
        expression = node.decorator.visit(_Flatten())
        return _Printer(limit).expression("@", expression, "", col, False)
    if not isinstance(node, cst.SimpleStatementLine) or node.trailing_whitespace.comment or \
            _commented(node.with_changes(leading_lines=[])):
        return None
    parts = _statement_parts(node)
    if parts is None:
        return None
    prefix, expression, parenthesize = parts
    expression = expression.visit(_Flatten())
    return _Printer(limit).expression(prefix, expression, "", col, False, parenthesize)


def line_limit(original: str) -> int:
    """The file's own limit: its longest original line, or 99 when that is shorter."""
    return max([DEFAULT_LIMIT, *(len(line) for line in original.splitlines())])


def wrap(text: str, nodes: list, positions, written: set[int], limit: int) -> str:
    """`text` with every statement or decorator of `nodes` that has a written line longer
    than `limit` printed again. `positions`: node -> its code range in `text`."""
    lines = text.splitlines(True)
    long = {i + 1 for i, line in enumerate(lines)
            if len(line.rstrip("\r\n")) > limit and i + 1 in written}
    if not long:
        return text
    splices = []
    for node in nodes:
        where = positions[node]
        first, last = where.start.line, where.end.line
        if not any(first <= line <= last for line in long):
            continue
        indent = lines[first - 1][:where.start.column]
        if indent.strip():
            continue
        new = wrapped_lines(node, len(indent), limit)
        if new is None or any(len(line) > limit for line in new) and \
                max(map(len, new)) >= max(len(lines[i - 1].rstrip("\r\n"))
                                          for i in range(first, last + 1)):
            continue
        ending = lines[last - 1][len(lines[last - 1].rstrip("\r\n")):] or "\n"
        splices.append((first, last, [indent + line[len(indent):] + ending for line in new]))
    if not splices:
        return text
    for first, last, new in sorted(splices, reverse=True):
        lines[first - 1:last] = new
    result = "".join(lines)
    try:
        same = ast.dump(ast.parse(result)) == ast.dump(ast.parse(text))
    except SyntaxError:
        same = False
    return result if same else text
