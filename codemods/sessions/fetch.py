"""`sess.run`, `t.eval()` and `op.run()` -> calls of the converted functions.

What a session fetches becomes a call of its tensor's function with the fed values, and
`.numpy()` of it (variables and values computed once are read directly). A run that fetches a
training step with other values calls the step last (TF1 read the others in the same run,
before the update) and takes the loss the step returns; a run for effect calls each op. A
session passed to code this rewrite converts loses its argument there.

Before::

    _, c = sess.run([train_op, cost], feed_dict={X: x, Y: y})
    acc = accuracy.eval({X: tx, Y: ty})

After::

    c = train_op(x, y).numpy()
    acc = accuracy(tx, ty).numpy()
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods.sessions.blocks import INITIALIZERS, Refusal, _Block
from codemods.sessions.syntax import (_Calls, _arg, _header, _joined, _key, _key_expr, _numpy,
                                      _referenced, _same, _statements)


class FetchMixin:
    """Rewriting what sessions, tensors and ops run."""

    def _rewrite_uses(self, block: _Block, node: cst.CSTNode) -> None:
        for statement in _statements(node, skip=self._function_blocks):
            if statement in block.replace:
                continue
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
                new = self._statement_use(block, statement, statement.body[0])
                if new is not None:
                    block.replace[statement] = new
                    continue
            finder = _Calls(shallow=True)
            if isinstance(statement, cst.SimpleStatementLine):
                statement.visit(finder)
            else:
                _header(statement).visit(finder) if _header(statement) is not None else None
            for call in finder.calls:
                new = self._fetch_call(block, call)
                if new is None:
                    new = self._without_session_argument(block, call)
                if new is not None:
                    block.calls[call] = new
            attributes = _Calls(attributes=True, shallow=True)
            (statement if isinstance(statement, cst.SimpleStatementLine) else
             _header(statement) or cst.Pass()).visit(attributes)
            for attribute in attributes.attributes:
                saver = _key(attribute.value)
                if saver in block.savers and attribute.attr.value == "last_checkpoints":
                    managers = [m for (owner, _), (m, *_) in self._managers.items()
                                if owner == saver]
                    if len(managers) == 1:  # the paths it keeps, oldest first, as TF1's
                        block.calls[attribute] = cst.Attribute(_key_expr(managers[0]),
                                                               cst.Name("checkpoints"))

    def _without_session_argument(self, block: _Block, call: cst.Call) -> Optional[cst.BaseExpression]:
        """`Model(sess, 4)` -> `Model(4)` for a class that no longer takes a session;
        `tf.train.global_step(sess, gs)` -> `int(gs.numpy())`."""
        passed = [i for i, a in enumerate(call.args) if _key(a.value) in block.sessions]
        if not passed:
            return None
        if self.tf_name(call.func) == "train.global_step" and len(call.args) == 2 and \
                passed == [0] and _key(call.args[1].value) in block.variables:
            return cst.Call(cst.Name("int"), args=[cst.Arg(_numpy(call.args[1].value))])
        callee = call.func.value if isinstance(call.func, cst.Name) else \
            call.func.attr.value if isinstance(call.func, cst.Attribute) else None
        drop = block.callee_drops.get(callee) or self._session_callees.get(callee)
        if drop is None:
            if isinstance(call.func, cst.Attribute) and _key(call.func.value) in block.savers:
                return None
            raise Refusal("a session is passed to code this rewrite does not convert", call)
        index, keyword = drop
        args = [a for i, a in enumerate(call.args)
                if not ((a.keyword is None and i == index and i in passed) or
                        (a.keyword is not None and a.keyword.value == keyword))]
        if len(args) == len(call.args):
            raise Refusal("a session passed in an unexpected position", call)
        return call.with_changes(args=_joined(args))

    def _statement_use(self, block: _Block, statement, small) -> Optional[list]:
        value = small.value if isinstance(small, (cst.Expr, cst.Assign)) else None
        if not isinstance(value, cst.Call):
            return None
        func = value.func
        if isinstance(func, cst.Attribute) and _key(func.value) is not None:
            receiver, method = _key(func.value), func.attr.value
            if receiver in block.sessions and method == "close":
                return []
            if receiver in block.sessions and method == "run":
                fetches = _arg(value, "fetches", 0)
                if fetches is not None and self._only_initializers(block, fetches.value):
                    return []
                if isinstance(small, cst.Assign):
                    return self._run_with_step(block, statement, small, value)
                if fetches is not None and isinstance(small, cst.Expr):
                    return self._run_for_effect(block, statement, small, value, fetches.value)
            if receiver in block.initializers and method == "run":
                return []
        return None

    def _run_for_effect(self, block: _Block, statement, small, call, fetches) -> list:
        """`sess.run([op_a, op_b], fd)` as a statement: call each op; values are dropped."""
        items = [e.value for e in fetches.elements] if isinstance(fetches, (cst.List, cst.Tuple)) \
            else [fetches]
        feeds = self._feeds(block, call)
        new = []
        for item in items:
            key = _key(item)
            if key in block.steps:
                params = block.steps[key].params
            elif key in block.tensors:
                params = block.tensors[key]
            elif key in block.variables or key in block.eager:
                continue  # reading a value has no effect
            else:
                raise Refusal("a run for effect of something that is not a graph op here", call)
            new.append(cst.SimpleStatementLine([cst.Expr(
                self._call_with_feeds(block, key, params, feeds, call))]))
        if new:
            new[0] = new[0].with_changes(leading_lines=statement.leading_lines)
            new[-1] = new[-1].with_changes(trailing_whitespace=statement.trailing_whitespace)
        return new

    def _only_initializers(self, block: _Block, fetches) -> bool:
        items = [e.value for e in fetches.elements] if isinstance(fetches, (cst.List, cst.Tuple)) \
            else [fetches]
        return all((_key(i) in block.initializers) or
                   (isinstance(i, cst.Call) and self.tf_name(i.func) in INITIALIZERS)
                   for i in items)

    def _run_with_step(self, block, statement, small, call) -> Optional[list]:
        """`_, c = sess.run([train_op, cost], fd)`: the step returns the loss it minimised;
        the other fetches are read before the step, as TF1 read them in the same run."""
        fetches = _arg(call, "fetches", 0)
        target = small.targets[0].target
        if fetches is None or not isinstance(fetches.value, (cst.List, cst.Tuple)) or \
                not isinstance(target, (cst.Tuple, cst.List)):
            return None
        items = [e.value for e in fetches.value.elements]
        targets = [e.value for e in target.elements]
        step_items = [i for i, e in enumerate(items)
                      if _key(e) in block.steps]
        if not step_items:
            return None
        if len(step_items) > 1 or len(items) != len(targets) or \
                any(e.star if hasattr(e, "star") else False for e in fetches.value.elements):
            raise Refusal("a run of several training steps or unpacked fetches", call)
        feeds = self._feeds(block, call)
        step_name = _key(items[step_items[0]])
        step = block.steps[step_name]
        step_call = self._call_with_feeds(block, step_name, step.params, feeds, call)
        loss_target = None
        rest_targets, rest_values = [], []
        for i, (item, tgt) in enumerate(zip(items, targets)):
            if i == step_items[0]:
                if not (isinstance(tgt, cst.Name) and tgt.value == "_"):
                    raise Refusal("the value of a training op is used", call)
                continue
            if loss_target is None and _same(item, step.loss):
                loss_target = tgt
                continue
            rest_targets.append(tgt)
            rest_values.append(self._fetch(block, item, feeds, call))
        new = []
        if rest_values:
            new_target = rest_targets[0] if len(rest_targets) == 1 else cst.Tuple(
                [cst.Element(t) for t in rest_targets], lpar=[], rpar=[])
            new_value = rest_values[0] if len(rest_values) == 1 else cst.Tuple(
                [cst.Element(v) for v in rest_values], lpar=[], rpar=[])
            new.append(statement.with_changes(body=[small.with_changes(
                targets=[cst.AssignTarget(new_target)], value=new_value)]))
        if loss_target is not None:
            new.append(cst.SimpleStatementLine([cst.Assign(
                [cst.AssignTarget(loss_target)], _numpy(step_call))]))
        else:
            new.append(cst.SimpleStatementLine([cst.Expr(step_call)]))
        new[0] = new[0].with_changes(leading_lines=statement.leading_lines)
        new[-1] = new[-1].with_changes(trailing_whitespace=statement.trailing_whitespace)
        return new

    def _fetch_call(self, block: _Block, call: cst.Call) -> Optional[cst.BaseExpression]:
        func = call.func
        if not isinstance(func, cst.Attribute):
            if isinstance(func, cst.Name) and self.tf_name(func) is None and \
                    func.value in block.sessions:
                raise Refusal("a session is called", call)
            return None
        method = func.attr.value
        receiver = func.value
        rname = _key(receiver)
        if rname in block.sessions:
            if method != "run":
                raise Refusal(f"session method `{method}` has no TF2 equivalent here", call)
            fetches = _arg(call, "fetches", 0)
            if fetches is None:
                raise Refusal("sess.run() without fetches", call)
            for arg in call.args[1:]:
                if arg.keyword is not None and arg.keyword.value not in ("feed_dict",):
                    raise Refusal(f"sess.run(..., {arg.keyword.value}=) has no TF2 "
                                  f"equivalent", call)
            feeds = self._feeds(block, call)
            return self._fetch(block, fetches.value, feeds, call)
        if rname is not None and rname in block.savers:
            return self._saver_use(block, rname, method, call)
        if rname is not None and rname in block.writers:
            if method == "add_summary":
                return self._add_summary(block, call)
            if method not in ("flush", "close"):
                raise Refusal(f"summary writer method `{method}` has no TF2 equivalent here",
                              call)
            return None
        if method == "eval" and rname is not None and (
                rname in block.tensors or rname in block.eager or rname in block.variables):
            feeds = self._feeds(block, call, positional=0)
            return self._fetch(block, receiver, feeds, call)
        if method == "eval" and isinstance(receiver, cst.Call) and (
                self.tf_name(receiver.func) is not None or _referenced(receiver) & (
                    set(block.tensors) | set(block.variables) | set(block.placeholders))):
            # `global_step.assign(i).eval()`, `tf.argmax(p, 1).eval(...)`: the op's value
            feeds = self._feeds(block, call, positional=0)
            return self._fetch(block, receiver, feeds, call)
        if method == "run" and rname is not None and rname in block.steps:
            feeds = self._feeds(block, call, positional=0)
            return self._call_with_feeds(block, rname, block.steps[rname].params, feeds, call)
        return None

    def _fetch(self, block: _Block, fetch: cst.BaseExpression, feeds: dict,
               call: cst.Call) -> cst.BaseExpression:
        if isinstance(fetch, (cst.List, cst.Tuple)):
            return fetch.with_changes(elements=[
                e.with_changes(value=self._fetch(block, e.value, feeds, call))
                for e in fetch.elements])
        if isinstance(fetch, cst.Dict):
            return fetch.with_changes(elements=[
                e.with_changes(value=self._fetch(block, e.value, feeds, call))
                for e in fetch.elements])
        if _key(fetch) in block.steps:
            raise Refusal("a training op fetched with a value that is used", call)
        if _key(fetch) in block.initializers:
            raise Refusal("an initializer fetched with other values", call)
        if self._model_variable(block, fetch):
            return _numpy(fetch)
        if _key(fetch) in block.summary_tags:  # ((write, tag), value) pairs for add_summary
            block.fetched.add(_key(fetch))
            values = self._translate(block, fetch, feeds=feeds, anchor=call)
            pairs = cst.Call(cst.Name("zip"), args=_joined([
                cst.Arg(cst.Name(block.summary_tags[_key(fetch)])), cst.Arg(values)]))
            return cst.Call(cst.Name("list"), args=[cst.Arg(pairs)])
        refs = _referenced(fetch)
        unknown = {r for r in refs if r not in block.tensors and r not in block.eager
                   and r not in block.variables and r not in block.placeholders}
        if isinstance(fetch, cst.Call) and self.tf_name(fetch.func) is not None and \
                not refs & (set(block.tensors) | set(block.placeholders)) and \
                not self._makes_variables(fetch):
            return _numpy(fetch)  # `sess.run(tf.argmax(values, 1))` of fetched numpy values
        if not refs or unknown and not (refs & (set(block.tensors) | set(block.variables)
                                                | block.eager)):
            raise Refusal("a fetch this rewrite cannot follow", fetch)
        translated = self._translate(block, fetch, feeds=feeds, anchor=call)
        for name in refs & set(block.tensors):
            block.fetched.add(name)
        return _numpy(translated)

    def _model_variable(self, block: _Block, fetch: cst.BaseExpression) -> bool:
        """`model.w` where `model` is an instance of a converted model class and `w` one of
        its variables: fetching it is reading it."""
        if not (isinstance(fetch, cst.Attribute) and isinstance(fetch.value, cst.Name)):
            return False
        owner = block.instances.get(fetch.value.value)
        return owner is not None and f"self.{fetch.attr.value}" in owner.variables

    def _runs_graph(self, block: _Block, expr: cst.BaseExpression) -> bool:
        finder = _Calls()
        expr.visit(finder)
        for call in finder.calls:
            func = call.func
            if isinstance(func, cst.Attribute) and (
                    func.attr.value == "eval" or _key(func.value) in block.sessions or
                    _key(func.value) in block.savers):
                return True
        return False

    def _runs_initializer(self, block: _Block, call: cst.Call) -> bool:
        """`tf.global_variables_initializer().run()` or `init.run()`: variables are
        initialised when they are made in TF2, so the statement goes."""
        if not (isinstance(call.func, cst.Attribute) and call.func.attr.value == "run"):
            return False
        target = call.func.value
        return isinstance(target, cst.Call) and self.tf_name(target.func) in INITIALIZERS \
            or _key(target) in block.initializers
