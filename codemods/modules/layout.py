"""Line layout of rewritten code: lines the rewrite made too long break, aligned lines follow.

A statement our rewrite made longer than 99 columns breaks after the name of a layer module,
else between the arguments of a child module call, aligned under its opening parenthesis
(`GetterWrapping`):

    hidden = tf.layers.dense(inputs, units, activation=tf.nn.relu, use_bias=False,
                             name="hidden_layer_one")
    ->
    hidden = self.child(Dense, "hidden_layer_one",
                        units, activation=tf.nn.relu, use_bias=False)(inputs)

Argument lines that were aligned under the opening parenthesis of a call whose callee we
replaced move with it (`_realigned`). Lines the rewrite did not lengthen keep their breaks.
"""
from __future__ import annotations

import libcst as cst

from codemods import matching

MAX_LINE = 99
HANGING_FROM = 64  # a wrapped call whose arguments would start further right gets a hanging indent


class GetterWrapping:
    """The `_BodyRewriter` methods that break the lines it made too long."""

    def _wrap_getters(self, statement: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        """A line made too long by our rewrite breaks: after the name in `self.child(Dense,
        name, ...)`, else between the arguments of a child module call, aligned under the
        opening parenthesis. Lines the rewrite did not lengthen keep their breaks."""
        empty = cst.Module([])
        code = empty.code_for_node(statement.with_changes(leading_lines=[])).rstrip("\n")
        indent = len(self.codemod._indent()) * self.depth
        lines = code.split("\n")  # continuation lines are relative to the block, like the first
        if all(indent + len(line) <= MAX_LINE for line in lines):
            return statement
        found = matching.calls_in(statement)
        variable = next((c for c in found if c in self.keyed_variables), None)
        if variable is not None:  # `self.variable(name, lambda: tf.Variable(` + one per line
            leading = len(lines[0]) - len(lines[0].lstrip(" "))
            return matching.replace_call(statement, variable, matching.hang_arguments(
                variable, " " * leading + self.codemod._indent()))
        target = next((c for c in found if c in self.getters), None) or next(
            (c for c in found if c in self.module_calls and len(c.args) > 1), None)
        if target is None:
            return statement
        args = list(target.args)
        opening = target.whitespace_before_args
        if isinstance(opening, cst.ParenthesizedWhitespace):
            return self._break_after_name(statement, target, args, opening, indent)
        start = code.index(empty.code_for_node(target))
        line_start = code.rfind("\n", 0, start) + 1
        line_end = code.find("\n", start)
        if indent + len(code[line_start:line_end if line_end >= 0 else None]) <= MAX_LINE:
            return statement  # the long line is not the one we changed
        column = start - line_start + len(empty.code_for_node(target.func)) + 1
        if target in self.getters:
            if not isinstance(args[1].comma, cst.Comma) or \
                    not isinstance(args[1].comma.whitespace_after, cst.SimpleWhitespace):
                return statement
            args[1] = args[1].with_changes(comma=_line_break(column))
            return matching.replace_call(statement, target, target.with_changes(args=args))
        return self._spread_arguments(statement, target, args, code, line_start, indent, column)

    def _break_after_name(self, statement: cst.SimpleStatementLine, target: cst.Call,
                          args: list, opening: cst.ParenthesizedWhitespace,
                          indent: int) -> cst.SimpleStatementLine:
        """`self.child(\n    Dense, name, units, ...)`: break after the name if that line
        is too long."""
        head = cst.Module([]).code_for_node(target).split("\n")[1]
        if target not in self.getters or indent + len(head) <= MAX_LINE or \
                not isinstance(args[1].comma, cst.Comma) or \
                not isinstance(args[1].comma.whitespace_after, cst.SimpleWhitespace):
            return statement
        args[1] = args[1].with_changes(comma=cst.Comma(whitespace_after=opening))
        return matching.replace_call(statement, target, target.with_changes(args=args))

    def _spread_arguments(self, statement: cst.SimpleStatementLine, target: cst.Call,
                          args: list, code: str, line_start: int, indent: int,
                          column: int) -> cst.SimpleStatementLine:
        """A child module call on a line that is too long: the arguments on its opening line
        spread over lines as they fit, under the opening parenthesis (at `column`), or, when
        that is far to the right, from the next line one indent deeper."""
        empty = cst.Module([])
        one_line = all(isinstance(a.comma, (cst.Comma, cst.MaybeSentinel)) and not isinstance(
            getattr(a.comma, "whitespace_after", None), cst.ParenthesizedWhitespace)
            for a in args)
        hanging = None
        if one_line and indent + column > HANGING_FROM:
            # far to the right: the arguments start on the next line, one indent deeper
            leading = len(code[line_start:]) - len(code[line_start:].lstrip(" "))
            column = leading + len(self.codemod._indent())
            hanging = cst.ParenthesizedWhitespace(indent=True,
                                                  last_line=cst.SimpleWhitespace(" " * column))
            for index in range(len(args) - 1):
                args[index] = args[index].with_changes(comma=cst.Comma(
                    whitespace_after=cst.SimpleWhitespace(" ")))
        # the arguments on the opening line are spread over lines as they fit; later lines
        # keep their own breaks
        position = indent + column
        broke = False
        for index, arg in enumerate(args):
            width = len(empty.code_for_node(arg.with_changes(
                comma=cst.MaybeSentinel.DEFAULT))) + 1
            if index and position + width > MAX_LINE:
                args[index - 1] = args[index - 1].with_changes(comma=_line_break(column))
                position = indent + column
                broke = True
            position += width + 1
            comma = arg.comma
            if not (isinstance(comma, cst.Comma)
                    and isinstance(comma.whitespace_after, cst.SimpleWhitespace)):
                break  # the end of the opening line
        if not broke and hanging is None and one_line and len(args) > 1:
            # the arguments fit, what follows the call does not: it moves with the last one
            args[-2] = args[-2].with_changes(comma=_line_break(column))
        if hanging is not None:
            return matching.replace_call(statement, target, target.with_changes(
                whitespace_before_args=hanging, args=args))
        return matching.replace_call(statement, target, target.with_changes(args=args))

    def _wrapped(self, target: str, variable: cst.Call) -> cst.SimpleStatementLine:
        """`self.w = tf.Variable(...)`, one argument per line when it would be too long."""
        config = self.codemod._config()
        indent = config.default_indent if isinstance(config.default_indent, str) else "    "
        column = 3 * len(indent)  # class, method, `if`
        empty = cst.Module([])
        line = f"self.{target} = {empty.code_for_node(variable)}"
        if column + len(line) > MAX_LINE:
            inner = indent  # continuation lines are indented relative to the statement
            args = [empty.code_for_node(a.with_changes(comma=cst.MaybeSentinel.DEFAULT))
                    for a in variable.args]
            line = (f"self.{target} = {empty.code_for_node(variable.func)}(\n{inner}"
                    + f",\n{inner}".join(args) + ")")
        return cst.ensure_type(cst.parse_statement(line + "\n", config=config),
                               cst.SimpleStatementLine)


def _line_break(column: int) -> cst.Comma:
    """A comma ending the line, the next one starting at `column`."""
    return cst.Comma(whitespace_after=cst.ParenthesizedWhitespace(
        indent=True, last_line=cst.SimpleWhitespace(" " * column)))


def _realigned(before: cst.Call, after: cst.Call) -> cst.Call:
    """`after` (a call whose callee was replaced) with argument lines that were aligned
    under the opening parenthesis of `before` moved under its own."""
    if isinstance(before.whitespace_before_args, cst.ParenthesizedWhitespace):
        return after
    code = cst.Module([]).code_for_node
    shift = len(code(after.func)) - len(code(before.func))
    return after.with_changes(args=[_shifted(arg, shift) for arg in after.args]) \
        if shift else after


def _shifted(arg: cst.Arg, shift: int) -> cst.Arg:
    """`arg` with the line break after its comma indented `shift` columns further."""
    comma = arg.comma
    if not (isinstance(comma, cst.Comma)
            and isinstance(comma.whitespace_after, cst.ParenthesizedWhitespace)):
        return arg
    after = comma.whitespace_after
    column = max(len(after.last_line.value) + shift, 0)
    return arg.with_changes(comma=comma.with_changes(whitespace_after=after.with_changes(
        last_line=cst.SimpleWhitespace(" " * column))))
