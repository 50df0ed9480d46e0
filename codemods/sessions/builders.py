"""Functions that build a graph and return it, and graphs built again.

`def build_graph(): ...; return x, loss, train_op`, called only as `x, loss, train_op =
build_graph()` in session code, returns the specs and functions instead, and last a `tf.Module`
holding its variables (what a caller's Saver saves). `tf.reset_default_graph()` starts a new
generation of graph names: a name may be bound again after it.

Before::

    def build():
        x = tf.placeholder(tf.float32, [None])
        ...
        return x, train_op
    x, train_op = build()

After::

    def build():
        x_spec = tf.TensorSpec([None], tf.float32)
        ...
        graph = tf.Module()
        graph.w = w
        return x_spec, train_op, graph
    x, train_op, build_variables = build()
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods.sessions.blocks import DROPPED_CALLS, Refusal, _Block, _Step
from codemods.sessions.syntax import _param


class BuildersMixin:
    """Graph builder functions and reset_default_graph()."""

    @staticmethod
    def _returned_names(block: _Block) -> Optional[list]:
        """The names a function block ends returning (`return x, loss, train_op`), or None."""
        if block.function is None or not block.statements:
            return None
        last = block.statements[-1]
        if not (isinstance(last, cst.SimpleStatementLine) and len(last.body) == 1 and
                isinstance(last.body[0], cst.Return) and last.body[0].value is not None):
            return None
        value = last.body[0].value
        items = [e.value for e in value.elements] if isinstance(value, cst.Tuple) else [value]
        if not all(isinstance(i, cst.Name) for i in items):
            return None
        return [i.value for i in items]

    def _builder_return(self, block: _Block) -> Optional[list]:
        """`def build_graph(): ...; return x, y, loss, train_op`: a function that builds a
        graph and returns names of it, called only where graphs are built. Returns the names."""
        if block.sessions:
            return None
        names = self._returned_names(block)
        if names is None:
            return None
        graph = set(block.placeholders) | set(block.tensors) | set(block.steps)
        if not set(names) & (set(block.tensors) | set(block.steps)) or any(
                n not in graph and n not in block.variables for n in names):
            return None
        return names

    def _builder_statements(self, block: _Block) -> None:
        """The builder returns specs for its placeholders and, last, a `tf.Module` holding its
        variables and optimizers (what a caller's Saver saves)."""
        last = block.statements[-1]
        names = self._builder_return(block)
        holder = block.fresh("graph")
        owners = [*block.variables, *block.optimizers.values()]
        lines = [f"{holder} = {self._tf}.Module()"] + [
            f"{holder}.{_param(o)} = {o}" for o in owners]
        returned = [block.specs.get(n, n) for n in names] + [holder]
        statements = [cst.parse_statement(line + "\n") for line in lines]
        statements.append(cst.parse_statement(f"return {', '.join(returned)}\n"))
        statements[0] = statements[0].with_changes(leading_lines=last.leading_lines)
        block.replace[last] = statements
        kinds = []
        for n in names:
            if n in block.placeholders:
                kinds.append(("placeholder", n, None))
            elif n in block.tensors:
                kinds.append(("tensor", n, block.tensors[n]))
            elif n in block.steps:
                step = block.steps[n]
                loss = step.loss.value if isinstance(step.loss, cst.Name) else None
                kinds.append(("step", n, (step.params, loss)))
            else:
                kinds.append(("variable", n, None))
        self._builders[block.builder] = kinds

    def _built(self, block: _Block, statement, small) -> bool:
        """`x, y, loss, train_op = build_graph()`: the names take the builder's kinds, and the
        statement also receives the builder's variable holder."""
        value, target = small.value, small.targets[0].target
        if not (isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and
                value.func.value in self._builders):
            return False
        kinds = self._builders[value.func.value]
        targets = [e.value for e in target.elements] if isinstance(target, (cst.Tuple, cst.List)) \
            else [target]
        if len(targets) != len(kinds) or not all(isinstance(t, cst.Name) for t in targets):
            raise Refusal(f"{value.func.value}() unpacked into other names than it returns", small)
        self._single(statement, small)
        renamed = {name: t.value for (_, name, _), t in zip(kinds, targets)}
        for (kind, name, extra), t in zip(kinds, targets):
            mine = t.value
            block.bound[mine] = block.generation
            if kind == "placeholder":
                block.placeholders[mine] = None
            elif kind == "tensor":
                block.tensors[mine] = [renamed.get(p, p) for p in extra]
            elif kind == "step":
                params, loss = extra
                block.steps[mine] = _Step("", cst.Name(renamed.get(loss, "") or "_"),
                                          [renamed.get(p, p) for p in params])
            else:
                block.variables.append(mine)
        # one name per builder: a rebuilt graph's Checkpoint has the same keys as the first
        self._built_calls[value.func.value] = self._built_calls.get(value.func.value, 0) + 1
        holder = block.holders.get(value.func.value) or block.fresh(f"{value.func.value}_variables")
        block.holders[value.func.value] = holder
        if holder not in block.variables:
            block.variables.append(holder)
        self._extra_targets[statement] = holder
        elements = [cst.Element(t) for t in targets] + [cst.Element(cst.Name(holder))]
        block.replace[statement] = [statement.with_changes(body=[small.with_changes(
            targets=[cst.AssignTarget(cst.Tuple(elements, lpar=[], rpar=[]))])])]
        return True

    def _is_reset(self, statement) -> bool:
        return isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
            isinstance(statement.body[0], cst.Expr) and \
            isinstance(statement.body[0].value, cst.Call) and \
            self.tf_name(statement.body[0].value.func) in DROPPED_CALLS
