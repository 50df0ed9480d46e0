"""Graph names bound more than once, and tuples of graph tensors.

TF1 code rebinds names freely: `layer = tf.nn.relu(layer)` (the first binding is inlined into
the one reference to it), sections of an exercise sheet that bind `x` again (a new function,
as long as nothing built on the old one is read later), an initial value read only by its
`tf.Variable` (computed once, where it was), and `outputs, state = tf.nn.dynamic_rnn(...)` (one
function of the tuple, and a part function per name something reads).

Before::

    layer = tf.matmul(x, w) + b
    layer = tf.nn.relu(layer)

After::

    def layer(x):
        return tf.nn.relu(tf.matmul(x, w) + b)
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.syntax import (_AssignedNames, _NameUses, _bound, _fill, _inside,
                                      _referenced, _statements_in_order)
from migrate import fastvisit


class RebindingMixin:
    """Rebound graph names and tuple-valued graph tensors."""

    def _initial_values_only(self, block: _Block, statement, graph_refs) -> bool:
        """`W_init = tf.random_uniform(...)` read only by `W = tf.Variable(W_init)`: TF1 drew
        it once, when the initializer ran; it stays a value computed once, where it was."""
        for ref in graph_refs:
            if ref not in block.tensors or block.tensors[ref] or ref in block.layers or \
                    ref in self._parts or not self._random(block.values[ref]):
                return False
            readers = [s for s in _statements_in_order(block.statements)
                       if not isinstance(s, cst.With) and ref in _referenced(s)]
            if any(s is not statement and not self._binds(s, ref) for s in readers):
                return False
        for ref in graph_refs:
            old = [s for s, n in self._tensor_defs.items() if n == ref]
            for s in old:
                del self._tensor_defs[s]
            del block.tensors[ref]
        return True

    @staticmethod
    def _binds(statement, name: str) -> bool:
        return isinstance(statement, cst.SimpleStatementLine) and \
            isinstance(statement.body[0], cst.Assign) and \
            name in _bound(statement.body[0].targets[0].target) and \
            name not in _referenced(statement.body[0].value)

    def _rebinds(self, block: _Block, statement, name: str, value, graph_refs) -> bool:
        """`x = tf.constant(1)` ... `x = tf.constant(2)` (an exercise sheet's sections): the
        second function is defined after the first, as the name was bound, which is right as
        long as nothing built on the first `x` is read after it (checked at the end, in
        `_check_rebinds`) and the new one takes the same placeholders."""
        if not (graph_refs or self._random(value)) or name in block.layers or \
                name in self._parts:
            return False
        if block.params_of(_referenced(value)) != block.tensors[name]:
            return False
        dependents, changed = {name}, True
        while changed:
            changed = False
            for other, other_value in block.values.items():
                if other in block.tensors and other not in dependents and \
                        _referenced(other_value) & dependents:
                    dependents.add(other)
                    changed = True
        block.rebinds.append((statement, name, dependents - {name}))
        return True

    def _check_rebinds(self, block: _Block) -> None:
        """What was built on a tensor's first binding must not be read after the second."""
        ordered = list(_statements_in_order(block.statements))
        for statement, name, dependents in block.rebinds:
            start = next(i for i, s in enumerate(ordered) if s is statement)
            live = set(dependents)
            for later in ordered[start + 1:]:
                if isinstance(later, cst.With):
                    continue  # its body follows
                read = _referenced(later.body[0].value) if isinstance(
                    later, cst.SimpleStatementLine) and isinstance(later.body[0], cst.Assign) \
                    else _referenced(later)
                if read & live:
                    raise Refusal(f"`{sorted(read & live)[0]}` is built on the `{name}` bound "
                                  f"before and read after `{name}` is bound again", later)
                if isinstance(later, cst.SimpleStatementLine) and \
                        isinstance(later.body[0], cst.Assign):
                    live -= _bound(later.body[0].targets[0].target)  # rebound: a new one

    def _tuple_tensors(self, block: _Block, statement, small, graph_refs) -> bool:
        """`outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)` in graph code: the
        value becomes one function (`outputs_state(x)`) and each name its part
        (`outputs_state(x)[0]`), emitted only where something reads it and inlined into a
        rebinding (`outputs = tf.transpose(outputs, [1, 0, 2])`) like a plain tensor."""
        target, value = small.targets[0].target, small.value
        if not isinstance(target, (cst.Tuple, cst.List)) or not isinstance(value, cst.Call) \
                or not all(isinstance(e, cst.Element) and isinstance(e.value, cst.Name)
                           for e in target.elements):
            return False
        if self._minimize_call(value) is not None or self._apply_call(block, value) is not None:
            return False
        names = [e.value.value for e in target.elements]
        if len(set(names)) != len(names):
            raise Refusal("a graph tensor unpacked twice into one name", small)
        self._single(statement, small)
        self._check_pure(block, value)
        for part in names:
            if part in self._parts and not self._read_since(block, self._parts[part][0],
                                                             statement, part):
                del self._parts[part]  # `outputs, enc = ...` then `outputs, dec = ...`
                del block.tensors[part]
            for table in (block.placeholders, block.tensors, block.steps, block.savers):
                if part in table and block.bound.get(part) == block.generation:
                    raise Refusal(f"`{part}` is bound twice in graph code", small)
        joint = block.fresh("_".join(names))
        params = block.params_of(_referenced(value))
        block.tensors[joint] = params
        block.bound[joint] = block.generation
        block.values[joint] = value
        self._tensor_defs[statement] = joint
        for index, part in enumerate(names):
            block.tensors[part] = params
            block.bound[part] = block.generation
            block.values[part] = cst.Subscript(cst.Name(joint), [cst.SubscriptElement(
                cst.Index(cst.Integer(str(index))))])
            self._parts[part] = (statement, joint, index)
        return True

    @staticmethod
    def _read_since(block: _Block, first, last, name: str) -> bool:
        """Does a statement after `first`, up to and including `last`, read `name`?"""
        ordered = list(_statements_in_order(block.statements))
        start = next(i for i, s in enumerate(ordered) if s is first)
        end = next(i for i, s in enumerate(ordered) if s is last)
        return any(name in _referenced(s) for s in ordered[start + 1:end]
                   if isinstance(s, cst.SimpleStatementLine)) or \
            name in _referenced(last.body[0].value)

    def _part_functions(self, block: _Block, statement) -> list:
        """The functions of the parts of a tuple assignment that something still reads."""
        functions = []
        for part, (owner, joint, index) in list(self._parts.items()):
            if owner is not statement:
                continue
            if not any(part in _referenced(other) for other in _statements_in_order(
                    block.statements) if other is not statement and not (
                        isinstance(other, cst.With) and _inside(statement, [other]))):
                continue  # `_states` nothing reads: no function
            lines = self._header_lines(block, part, block.tensors[part], part in block.fetched)
            functions.append(_fill(cst.parse_statement(
                "\n".join([*lines, "    return __VALUE__"]) + "\n",
                config=self._module.config_for_parsing),
                __VALUE__=self._translate(block, block.values[part])))
        return functions

    def _inline_rebinding(self, block: _Block, statement, name: str,
                          value: cst.BaseExpression) -> Optional[cst.BaseExpression]:
        """`layer = tf.matmul(x, w) + b` then `layer = tf.nn.relu(layer)`: the first binding
        goes and its expression takes the place of the one reference to it, when nothing in
        between reads the name or rebinds what the expression reads. None otherwise."""
        old = [s for s, n in self._tensor_defs.items() if n == name]
        part = self._parts.get(name)
        if not old and part is not None:
            old = [part[0]]
        elif not old:
            return None
        ordered = list(_statements_in_order(block.statements))
        try:
            start = next(i for i, s in enumerate(ordered) if s is old[-1])
            end = next(i for i, s in enumerate(ordered) if s is statement)
        except StopIteration:
            return None
        old_value = block.values[name] if part is not None else \
            self._values.get(old[-1], old[-1].body[0].value)
        layer = block.layers.get(name)
        if layer is not None:  # `h = tf.layers.dense(x, ...)`, then `h = f(h)`: f(layer(x))
            if block.owner is not None:
                return None
            old_value = cst.Call(cst.Name(layer[0]), args=[cst.Arg(layer[1])])
        uses = _NameUses({name})
        value.visit(uses)
        if uses.uses.get(name) != 1:
            return None
        reads = _referenced(old_value)
        for between in ordered[start + 1:end]:
            assigned = _AssignedNames()
            between.visit(assigned)
            if name in _referenced(between) or assigned.names & reads:
                return None
        if part is not None:  # the tuple's function stays; this part is read through it
            del self._parts[name]
            del block.tensors[name]
            return fastvisit.transform(value, _Inline(name, old_value))
        self._single(old[-1], old[-1].body[0])
        del self._tensor_defs[old[-1]]
        del block.tensors[name]
        block.replace[old[-1]] = []
        if layer is not None:  # the layer is still made there, once; only its output moves
            del block.layers[name]
            block.replace[old[-1]] = [self._layer_preludes.pop(old[-1]).with_changes(
                leading_lines=old[-1].leading_lines)]
        self._inlined.add(old[-1])
        # rebuilt only above the replaced name, so the other nodes keep their metadata
        return fastvisit.transform(value, _Inline(name, old_value))


class _Inline(cst.CSTTransformer):
    """`name` -> `value` (parenthesized where an operator could bind differently)."""

    def __init__(self, name: str, value: cst.BaseExpression):
        super().__init__()
        self.name, self.value = name, value
        self._skip: set = set()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._skip.add(node.attr)

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword is not None:
            self._skip.add(node.keyword)

    def leave_Arg(self, original: cst.Arg, updated: cst.Arg) -> cst.Arg:
        if isinstance(original.value, cst.Name) and original.value.value == self.name:
            return updated.with_changes(value=self.value)  # an argument needs no parentheses
        return updated

    def leave_Name(self, original: cst.Name, updated: cst.Name) -> cst.BaseExpression:
        if original in self._skip or original.value != self.name:
            return updated
        if isinstance(self.value, (cst.Call, cst.Name, cst.Attribute, cst.Subscript)) or \
                self.value.lpar:
            return self.value
        return self.value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
