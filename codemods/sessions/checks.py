"""The last checks on a converted block: nothing left dangling, no second initialisation.

Every use of a placeholder, graph tensor, step, session or saver must have been rewritten; one
that was not (passed to other code, read through an object this rewrite does not follow)
refuses the block. So does a second session that runs the initializer again without restoring:
TF1 started its variables afresh, TF2 variables are initialised once.

Refused (stays on compat.v1, "`cost` is used where this rewrite cannot follow it")::

    cost = tf.reduce_sum(x)
    report(cost)           # a graph tensor handed to code that is not converted
    with tf.Session() as sess:
        print(sess.run(cost, {x: a}))
"""
from __future__ import annotations

import libcst as cst

from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.syntax import _AssignedNames, _Calls, _key, _statements


class ChecksMixin:
    """Whole-block checks after the rewrite is planned."""

    def _check_leftovers(self, block: _Block) -> None:
        """Every use of a placeholder, graph tensor, step, session or saver must have been
        rewritten; one that was not (passed to other code, fetched through an object this
        rewrite does not follow) would be left dangling."""
        graph = set(block.placeholders) | set(block.tensors) | set(block.steps) | \
            block.initializers | block.sessions | set(block.savers) | block.graphs | \
            block.grad_names
        scope = block.owner.body.body if block.owner is not None else block.statements
        finder = _Leftovers(graph, block, self._function_blocks - {block.owner})
        for statement in scope:
            statement.visit(finder)
        if finder.found:
            key, node = finder.found[0]
            raise Refusal(f"`{key}` is used where this rewrite cannot follow it", node)

    def _check_reinitialisation(self, block: _Block) -> None:
        """A second session that runs the initializer starts TF1's variables afresh unless it
        restores them; TF2 variables are initialised once, so that cannot be dropped."""
        initialising = 0
        ordered = [s for top in block.statements for s in _statements(top, self._function_blocks)
                   if s in block.flatten]
        for statement in ordered:
            finder = _Calls()
            statement.visit(finder)
            runs_init = any(self._only_initializers(block, c.args[0].value) for c in finder.calls
                            if c.args and isinstance(c.func, cst.Attribute)
                            and c.func.attr.value == "run" and _key(c.func.value) in block.sessions)
            restores = any(isinstance(c.func, cst.Attribute) and c.func.attr.value == "restore"
                           for c in finder.calls)
            if runs_init:
                initialising += 1
                if initialising > 1 and not restores and block.generation == 0:
                    raise Refusal("a second session initialises the variables again without "
                                  "restoring them", statement)


class _Leftovers(cst.CSTVisitor):
    """References to graph names outside the statements and calls a block rewrites."""

    def __init__(self, graph: set, block: _Block, skip: set):
        super().__init__()
        self.graph, self.block, self.skip = graph, block, skip
        self.found: list = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node in self.block.replace or node in self.block.calls or node in self.skip:
            return False
        if isinstance(node, cst.With) and node in self.block.flatten:
            for child in node.body.body:
                child.visit(self)
            return False
        if isinstance(node, cst.Param) or isinstance(node, cst.AssignTarget):
            return False
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            # a function's own parameters and assignments shadow the module's graph names
            params = {p.name.value for p in node.params.params + node.params.kwonly_params +
                      node.params.posonly_params}
            assigned = _AssignedNames()
            node.body.visit(assigned) if isinstance(node, cst.FunctionDef) else None
            inner = _Leftovers(self.graph - params - assigned.names, self.block, self.skip)
            node.body.visit(inner)
            self.found.extend(inner.found)
            return False
        key = _key(node) if isinstance(node, (cst.Name, cst.Attribute)) else None
        if key is not None and key in self.graph:
            self.found.append((key, node))
            return False
        if isinstance(node, cst.Attribute):
            node.value.visit(self)
            return False
        return True
