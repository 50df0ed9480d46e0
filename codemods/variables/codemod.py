"""The `variables` codemod: `tf.get_variable` in straight-line code that runs once.

That is module-level statements, `if` blocks, `with tf.device(...)` / `g.as_default()` /
session blocks, and the top level of a run-once `main()` (see `run_once`). A `with
tf.variable_scope("name"):` there becomes `tf.name_scope("name")`, which prefixes
`tf.Variable` names the same way:

    with tf.variable_scope("logreg"):
        w = tf.get_variable("w", [784, 10])
    ->
    with tf.name_scope("logreg"):
        w = tf.Variable(tf.keras.initializers.GlorotUniform()([784, 10], tf.float32), name="w")
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods import matching
from codemods.base import TFCodemod
from codemods.variables.arguments import Refusal
from codemods.variables.get_variable import convert_get_variable
from codemods.variables.initializers import InitializerCheck
from codemods.variables.run_once import run_once_functions

MAX_LINE = 99

#: Context managers whose body still runs once and does not change variable names.
_TRANSPARENT_WITH = frozenset({"device", "Session", "InteractiveSession"})


class _GetVariableCalls(cst.CSTVisitor):
    """get_variable calls in an expression statement, not inside a lambda or comprehension."""

    def __init__(self, codemod: TFCodemod):
        super().__init__()
        self.codemod = codemod
        self.calls: list[cst.Call] = []
        self.hidden: list[cst.Call] = []
        self._depth = 0

    def _enter(self, node) -> None:
        self._depth += 1

    def _leave(self, node) -> None:
        self._depth -= 1

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _enter
    leave_Lambda = leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = _leave

    def visit_Call(self, node: cst.Call) -> None:
        if self.codemod.tf_name(node.func) == "get_variable":
            (self.hidden if self._depth else self.calls).append(node)


class Variables(TFCodemod):
    """tf.get_variable(...) in code that runs once -> tf.Variable(init(shape, dtype), name=...)."""

    NAME = "variables"
    TRIGGERS = ("get_variable",)
    COMPOSABLE = False

    def prepare(self, tree: cst.Module) -> None:
        self._tf_alias = matching.tf_output_alias(tree)  # conversions are built here
        self._check = InitializerCheck(self, tree)
        self._replacements: dict[cst.Call, cst.BaseExpression] = {}
        self._collect(tree.body, None)
        for function in run_once_functions(self, tree):
            self._collect(function.body.body, function)

    def _collect(self, statements, function: Optional[cst.FunctionDef]) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                finder = _GetVariableCalls(self)
                statement.visit(finder)
                for call in finder.calls:
                    try:
                        self._replacements[call] = convert_get_variable(
                            self, call, self._check, function)
                    except Refusal as refusal:
                        self.warn(call, f"tf.get_variable not converted to tf.Variable: "
                                        f"{refusal}")
            elif isinstance(statement, cst.If):
                self._collect(statement.body.body, function)
                orelse = statement.orelse
                while orelse is not None:
                    self._collect(orelse.body.body, function)
                    orelse = getattr(orelse, "orelse", None)
            elif isinstance(statement, cst.With) and all(
                    self._transparent(item.item) for item in statement.items):
                self._collect(statement.body.body, function)
            elif isinstance(statement, cst.With) and all(
                    self._literal_scope(item) for item in statement.items):
                # run once, a plain scope only prefixes names: TF2's name_scope does that
                # for tf.Variable too (`logreg/w`)
                for item in statement.items:
                    call = item.item
                    self._replacements[call] = call.with_changes(
                        func=self.tf_attr("name_scope", like=call.func))
                self._collect(statement.body.body, function)

    def _literal_scope(self, item: cst.WithItem) -> bool:
        """`with tf.variable_scope("name"):`: a literal name, no options, not bound."""
        call = item.item
        return item.asname is None and isinstance(call, cst.Call) and \
            self.tf_name(call.func) == "variable_scope" and len(call.args) == 1 and \
            call.args[0].keyword is None and not call.args[0].star and \
            isinstance(call.args[0].value, cst.SimpleString)

    def _transparent(self, expr: cst.BaseExpression) -> bool:
        if not isinstance(expr, cst.Call):
            return False
        path = self.tf_name(expr.func)
        if path in _TRANSPARENT_WITH:
            return True
        return path is None and isinstance(expr.func, cst.Attribute) and \
            expr.func.attr.value == "as_default" and not expr.args

    def visit_Module(self, node: cst.Module) -> bool:
        self._unit = node.default_indent if isinstance(node.default_indent, str) else "    "
        self._depth = 0
        self._made: set = set()
        return bool(self._replacements)  # the alias was set (and maybe added) in prepare

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._depth += 1

    def leave_IndentedBlock(self, original: cst.IndentedBlock,
                            updated: cst.IndentedBlock) -> cst.IndentedBlock:
        self._depth -= 1
        return updated

    def visit_Call(self, node: cst.Call) -> bool:
        return node not in self._replacements

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        replacement = self._replacements.get(original)
        if replacement is None:
            return updated
        made = replacement.with_changes(lpar=original.lpar, rpar=original.rpar)
        self._made.add(made)
        return made

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        """A one-line statement our `tf.Variable(...)` made longer than 99 columns gets its
        arguments one per line, one indent deeper (`w = tf.Variable(\n    init,\n    name=..)`)."""
        code = cst.Module([]).code_for_node(updated.with_changes(leading_lines=[])).rstrip("\n")
        if "\n" in code or len(self._unit) * self._depth + len(code) <= MAX_LINE:
            return updated
        target = next((c for c in matching.calls_in(updated) if c in self._made), None)
        if target is None or len(target.args) < 2:
            return updated
        return matching.replace_call(updated, target,
                                     matching.hang_arguments(target, self._unit))
