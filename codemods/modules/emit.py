"""What a converted function becomes: its class, and the helper classes emitted before it.

    def block(x, scope):
        with tf.variable_scope(scope):
            w = tf.get_variable("w", [4, 4])
            return tf.matmul(x, w)
    ->
    class Block(tf.Module):
        def __init__(self, name=None):
            super().__init__(name=name)
            self.w = None

        @tf.Module.with_name_scope
        def __call__(self, x):
            if self.w is None:
                self.w = tf.Variable(
                    tf.keras.initializers.GlorotUniform()([4, 4], tf.float32),
                    name="w")
            w = self.w
            return tf.matmul(x, w)

`ScopedModule` (the base of modules with children, nested scopes or layers: `self.child`,
`self.scope`, `self.variable`) and the layer and RNN classes come from codemods.templates,
spelled with the file's TF alias, once per file before the first class that needs them;
`_with_import` adds the `import contextlib` / `import collections` they need.
"""
from __future__ import annotations

import libcst as cst

from codemods import matching, templates
from codemods.modules.candidate import _Candidate
from codemods.modules.layout import MAX_LINE
from codemods.modules.rewrite import _BodyRewriter

BASE_CLASS = "ScopedModule"


class Emitting:
    """The `Modules` methods that build the classes of the converted code."""

    def _helpers_for(self, candidate: _Candidate, emitted: set,
                     scope_methods: bool) -> list[cst.BaseStatement]:
        """The helper classes `candidate` needs that are not in `emitted` yet (added to it),
        in this order: the ScopedModule base, its layer classes, its RNN helpers."""
        helpers = []
        if candidate.scoped_base and BASE_CLASS not in emitted:
            helpers.append(self._base_class(candidate, scope_methods))
            emitted.add(BASE_CLASS)
        for kind, _ in candidate.layers.values():
            if kind.cls not in emitted:
                helpers.append(self._emitted(candidate, kind.template,
                                             cls=self._layer_classes[kind.cls]))
                emitted.add(kind.cls)
        for helper in self._rnn_helpers(candidate):
            if helper not in emitted:
                helpers.append(self._rnn_helper(candidate, helper))
                emitted.add(helper)
        return helpers

    def _module_class(self, candidate: _Candidate, converted: dict) -> cst.ClassDef:
        """The class that replaces the function or class of `candidate`, recorded for
        `verify`."""
        if candidate.owner is not None:
            node = self._converted_class(candidate, converted)
            self.record("class_to_module", cls=candidate.cls,
                        scope_param=candidate.scope_param)
            return node
        node = self._class(candidate, converted)
        self.record("function_to_module", function=candidate.name, cls=candidate.cls,
                    scope_param=candidate.scope_param,
                    reuse_param=candidate.reuse_param,
                    module_name_from="scope_param" if candidate.scope_param
                    else "literal",
                    default_name=candidate.scope_default.evaluated_value
                    if candidate.scope_default is not None else None)
        return node

    def _module_attr(self, candidate: _Candidate) -> cst.BaseExpression:
        like = candidate.scope_item.func if candidate.scope_item is not None else None
        return self.tf_attr("Module", like=like if isinstance(like, cst.Attribute) else None)

    def _base_class(self, candidate: _Candidate, scope_methods: bool) -> cst.BaseStatement:
        template = templates.BASE_TEMPLATE + (templates.SCOPE_METHODS if scope_methods else "")
        return self._emitted(candidate, template, base=BASE_CLASS)

    def _emitted(self, candidate: _Candidate, template: str, **names: str) -> cst.BaseStatement:
        """A helper class from `template`, spelled with the file's TF alias, placed before
        the first class that needs it."""
        module_attr = self._module_attr(candidate)
        module = cst.Module([]).code_for_node(module_attr)
        tf = cst.Module([]).code_for_node(module_attr.value) \
            if isinstance(module_attr, cst.Attribute) else "tf"
        node = cst.parse_statement(template.format(module=module, tf=tf, **names),
                                   config=self._config())
        self.helper(node)
        lead = (candidate.owner or candidate.function).leading_lines
        blank = [line for line in lead if line.comment is None]
        return node.with_changes(leading_lines=blank or [cst.EmptyLine(), cst.EmptyLine()])

    def _indent(self) -> str:
        indent = self._config().default_indent
        return indent if isinstance(indent, str) else "    "

    def _config(self) -> cst.PartialParserConfig:
        return self.context.wrapper.module.config_for_parsing if self.context.wrapper else \
            cst.PartialParserConfig()

    def _class(self, c: _Candidate, converted: dict) -> cst.ClassDef:
        default = cst.Module([]).code_for_node(c.scope_default) if c.scope_default else "None"
        lines = [f"def __init__(self, name={default}):", "    super().__init__(name=name)"]
        lines += [f"    self.{target} = None" for _, target in c.variables.values()]
        init = cst.parse_statement("\n".join(lines) + "\n", config=self._config())
        call_def = self._call_method(c, converted)
        base = cst.Name(BASE_CLASS) if c.scoped_base else self._module_attr(c)
        return cst.ClassDef(
            name=cst.Name(c.cls), bases=[cst.Arg(base)],
            body=cst.IndentedBlock([init, call_def.with_changes(leading_lines=[
                cst.EmptyLine(indent=False)])]),
            leading_lines=c.function.leading_lines)

    def _call_method(self, c: _Candidate, converted: dict) -> cst.FunctionDef:
        function = c.function
        rewriter = _BodyRewriter(self, c, converted)
        statements = []
        for statement in function.body.body:
            if statement is c.with_stmt:
                inner = [s.visit(rewriter) for s in c.with_stmt.body.body]
                flat = []
                for item in inner:
                    if isinstance(item, cst.RemovalSentinel):
                        continue  # `scope.reuse_variables()`
                    flat.extend(item.nodes if isinstance(item, cst.FlattenSentinel) else [item])
                if flat:
                    flat[0] = flat[0].with_changes(
                        leading_lines=[*c.with_stmt.leading_lines, *flat[0].leading_lines])
                statements.extend(flat)
            else:
                item = statement.visit(rewriter)
                statements.extend(item.nodes if isinstance(item, cst.FlattenSentinel)
                                  else [item])
        decorators = [cst.Decorator(cst.Attribute(value=self._module_attr(c),
                                                  attr=cst.Name("with_name_scope")))]
        if c.scope_item is None:
            decorators = []  # no scope of its own: its variables go in the caller's
        return function.with_changes(
            name=cst.Name("__call__"), params=_call_parameters(function, (c.scope_param, c.reuse_param),
                                    self._indent()),
            decorators=decorators, leading_lines=[],
            body=function.body.with_changes(body=statements))


def _is_docstring(statement: cst.BaseStatement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
        isinstance(statement.body[0], cst.Expr) and \
        isinstance(statement.body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _with_import(body: list, module: str) -> list:
    """`body` with `import <module>` before its first import, unless it is imported."""
    for statement in body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Import) and any(
                        matching.dotted(a.name) == module and a.asname is None
                        for a in small.names):
                    return body
    index = next((i for i, s in enumerate(body) if isinstance(s, cst.SimpleStatementLine)
                  and isinstance(s.body[0], (cst.Import, cst.ImportFrom))
                  and not (isinstance(s.body[0], cst.ImportFrom)
                           and matching.dotted(s.body[0].module) == "__future__")), None)
    statement = cst.parse_statement(f"import {module}\n")
    if index is None:
        index = 1 if body and _is_docstring(body[0]) else 0
        return [*body[:index], statement, *body[index:]]
    first = body[index]
    return [*body[:index], statement.with_changes(leading_lines=first.leading_lines),
            first.with_changes(leading_lines=[]), *body[index + 1:]]


def _call_parameters(function: cst.FunctionDef, dropped: tuple,
                     indent: str = "    ") -> cst.Parameters:
    """`self` plus the function's parameters without the scope one, as written, wrapped
    under the opening parenthesis when the header would be too long."""
    def code(param: cst.Param) -> str:
        return cst.Module([]).code_for_node(param.with_changes(
            comma=cst.MaybeSentinel.DEFAULT, whitespace_after_param=cst.SimpleWhitespace("")))

    params = function.params
    keep = lambda ps: [code(p) for p in ps if p.name.value not in dropped]  # noqa: E731
    parts = ["self"]
    posonly = keep(params.posonly_params)
    if posonly:
        parts += [*posonly, "/"]
    parts += keep(params.params)
    kwonly = keep(params.kwonly_params)
    if kwonly:
        parts += ["*", *kwonly]
    opening = f"{indent}def __call__("
    lines = [opening + parts[0]]
    for part in parts[1:]:
        if len(lines[-1]) + len(part) + 4 > MAX_LINE:
            lines[-1] += ","
            lines.append(" " * (len(opening) - len(indent)) + part)  # libcst adds the indent
        else:
            lines[-1] += ", " + part
    header = "\n".join(lines)[len(indent):] + "):\n    pass\n"
    return cst.ensure_type(cst.parse_statement(header), cst.FunctionDef).params
