"""`tf.train.Saver` -> `tf.train.Checkpoint`, numbered saves -> a `CheckpointManager`.

The Checkpoint holds the variables (and optimizers) made before the Saver, or its `var_list`;
`save(sess, path)` writes the path, `save(..., global_step=s)` saves through a manager
numbered by `s` (made where the path's names are bound), and `restore(sess, path)` restores,
which also reads TF1 checkpoints by variable name.

Before::

    saver = tf.train.Saver()
    saver.save(sess, "ckpt/model", global_step=step)

After::

    saver = tf.train.Checkpoint(W=W, b=b, adam=adam)
    manager = tf.train.CheckpointManager(saver, 'ckpt', max_to_keep=5, checkpoint_name='model')
    manager.save(checkpoint_number=step)
"""
from __future__ import annotations

import libcst as cst

from codemods import matching
from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.syntax import (_AssignedNames, _Calls, _NO_SPACE, _arg, _key, _key_expr,
                                      _param, _referenced, _statements_in_order)


class SaverMixin:
    """Savers, their uses and checkpoint managers."""

    def _saver_use(self, block, saver, method, call) -> cst.BaseExpression:
        args = [a for a in call.args]
        if method == "save":
            path = _arg(call, "save_path", 1)
            step = _arg(call, "global_step", 2)
            if path is None or any(a.keyword is not None and a.keyword.value not in
                                   ("sess", "save_path", "global_step") for a in args):
                raise Refusal("Saver.save() with options this rewrite does not convert", call)
            if step is None and self._finds_latest():
                # `write` leaves the `checkpoint` state file alone: latest_checkpoint would
                # not see it. A manager numbers the file, so the same path cannot be read back.
                self._unnumbered_saves.add(self._module.code_for_node(path.value))
                manager = self._manager(block, saver, path.value, call)
                return cst.Call(cst.Attribute(_key_expr(manager), cst.Name("save")))
            if step is None:
                return cst.Call(cst.Attribute(_key_expr(saver), cst.Name("write")),
                                args=[path.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT,
                                                        comma=cst.MaybeSentinel.DEFAULT)])
            manager = self._manager(block, saver, path.value, call)
            return cst.Call(cst.Attribute(_key_expr(manager), cst.Name("save")), args=[
                cst.Arg(step.value, keyword=cst.Name("checkpoint_number"), equal=_NO_SPACE)])
        if method == "restore":
            path = _arg(call, "save_path", 1)
            if path is None or len(args) != 2:
                raise Refusal("Saver.restore() with options this rewrite does not convert", call)
            if self._module.code_for_node(path.value) in self._unnumbered_saves:
                raise Refusal("a checkpoint restored by the path it was saved to, while the "
                              "file also looks it up with latest_checkpoint", call)
            return cst.Call(cst.Attribute(_key_expr(saver), cst.Name("restore")), args=[
                path.with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT,
                                  comma=cst.MaybeSentinel.DEFAULT)])
        raise Refusal(f"Saver.{method}() has no TF2 equivalent here", call)

    def _finds_latest(self) -> bool:
        if self._latest is None:
            finder = _Calls(attributes=True)
            self._module.visit(finder)
            self._latest = any(self.tf_name(a) == "train.latest_checkpoint"
                               for a in finder.attributes)
        return self._latest

    def _manager(self, block, saver, path: cst.BaseExpression, call) -> str:
        key = (saver, self._module.code_for_node(path))
        if key in self._managers:
            return self._managers[key][0]
        if len([k for k in self._managers if k[0] == saver]):
            raise Refusal("one Saver saving numbered checkpoints under several paths", call)
        if block.owner is not None:
            raise Refusal("numbered saves from a model class (where would its manager live?)",
                          call)
        directory, basename = self._split_path(path, call)
        name = block.fresh("manager")
        self._managers[key] = (name, directory, basename, path)
        return name

    def _split_path(self, path: cst.BaseExpression, anchor) -> tuple[str, str]:
        code = self._module.code_for_node(path)
        if isinstance(path, cst.SimpleString) and "/" in path.evaluated_value:
            directory, _, base = path.evaluated_value.rpartition("/")
            return repr(directory or "/"), repr(base)
        if isinstance(path, cst.Call) and matching.dotted(path.func) == "os.path.join" and \
                len(path.args) == 2 and not any(a.star or a.keyword for a in path.args):
            return (self._module.code_for_node(path.args[0].value),
                    self._module.code_for_node(path.args[1].value))
        return f"os.path.dirname({code})", f"os.path.basename({code})"

    def _saver_statement(self, block: _Block, statement, name: str) -> list:
        call = block.savers[name]
        var_list = _arg(call, "var_list", 0)
        max_to_keep = _arg(call, "max_to_keep", 5)
        for arg in call.args:
            key = arg.keyword.value if arg.keyword else None
            if key not in (None, "var_list", "max_to_keep") or (key is None and arg is not var_list):
                raise Refusal(f"Saver({key or 'positional'}=...) has no TF2 equivalent here",
                              call)
        if var_list is not None:
            if not isinstance(var_list.value, (cst.List, cst.Tuple)) or not all(
                    isinstance(e.value, cst.Name) for e in var_list.value.elements):
                raise Refusal("a Saver var_list that is not a list of names", call)
            owners = [e.value.value for e in var_list.value.elements]
        else:
            owners = [v for v in self._defined_before(block, statement, block.variables)]
            owners += [o for o in self._defined_before(block, statement, block.optimizers)]
        if not owners:
            raise Refusal("a Saver with no variables to save", call)
        head = f"{name} = {self._tf}.train.Checkpoint("
        new = [cst.parse_statement(_wrapped(head, [f"{_param(o)}={o}" for o in owners],
                                            self._indent_of(block)) + "\n")]
        new[0] = new[0].with_changes(leading_lines=statement.leading_lines)
        for (saver, _), (manager, directory, basename, path) in self._managers.items():
            if saver != name:
                continue
            keep = self._module.code_for_node(max_to_keep.value) if max_to_keep else "5"
            line = cst.parse_statement(_wrapped(
                f"{manager} = {self._tf}.train.CheckpointManager(",
                [name, directory, f"max_to_keep={keep}", f"checkpoint_name={basename}"],
                self._indent_of(block)) + "\n")
            if directory.startswith("os.path"):
                self._needs_os = True
            anchor = self._last_definition(block, _referenced(path), statement)
            if anchor is statement:
                new.append(line)
            else:
                block.replace[anchor] = [*block.replace.get(anchor, [anchor]), line]
        return new

    def _last_definition(self, block: _Block, names: set, statement):
        """The latest block-level statement, at or after `statement`, binding one of `names`:
        where a statement using them can go."""
        found, seen = statement, False
        for s in _statements_in_order(block.statements):
            seen = seen or s is statement
            if seen and isinstance(s, cst.SimpleStatementLine):
                assigned = _AssignedNames()
                s.visit(assigned)
                if assigned.names & names:
                    found = s
        return found

    def _indent_of(self, block: _Block) -> str:
        """The indentation of the block's statements (for wrapping generated lines)."""
        if block.statements is self._module.body or not block.statements:
            return ""
        return self._module.default_indent * (2 if block.owner is not None else 1)

    def _defined_before(self, block: _Block, statement, names) -> list:
        order = {}
        for position, s in enumerate(_statements_in_order(block.statements)):
            order[s] = position
        limit = order.get(statement, 10 ** 9)
        found = []
        for s in _statements_in_order(block.statements):
            if order[s] >= limit or not isinstance(s, cst.SimpleStatementLine):
                continue
            if self._is_reset(s):
                found = []  # a fresh graph: only what is built after it is saved
            for small in s.body:
                if isinstance(small, cst.Assign) and _key(small.targets[0].target) is not None:
                    n = _key(small.targets[0].target)
                    if n in names and n not in found:
                        found.append(n)
            if s in self._extra_targets and self._extra_targets[s] in names and \
                    self._extra_targets[s] not in found:
                found.append(self._extra_targets[s])
            if s in self._layer_preludes:
                target = _key(self._layer_preludes[s].body[0].targets[0].target)
                if target in names and target not in found:
                    found.append(target)
            if s in self._step_preludes and self._step_preludes[s]:
                target = _key(self._step_preludes[s][0].body[0].targets[0].target)
                if target in names and target not in found:
                    found.append(target)
        return found


def _wrapped(head: str, items: list, indent: str, limit: int = 99) -> str:
    """`head` + items + `)`, on one line if it fits in `limit` columns, else filled onto
    continuation lines indented four spaces."""
    line = head + ", ".join(items) + ")"
    if len(indent) + len(line) <= limit:
        return line
    lines, current = [head], indent + "    "
    for i, item in enumerate(items):
        piece = item + (")" if i == len(items) - 1 else ",")
        if len(current) + len(piece) + 1 > limit and current.strip():
            lines.append(current.rstrip())
            current = indent + "    "
        current += piece + " "
    lines.append(current.rstrip())
    return ("\n" + "").join([lines[0], *[line[len(indent):] for line in lines[1:]]])
