"""feed_dicts -> the arguments of the functions that replace the fetched tensors.

A literal `{X: a, Y: b}` gives each placeholder's value, passed in parameter order (or by
keyword in feed order when two values make calls, so side effects keep their order). A feed
dict built ahead (`fd = {x: a}`) or returned by a helper (`def feed(train): return {...}`) is
keyed by parameter names instead and indexed (`fd["x"]`) or spread (`f(**feed(True))`). A fed
value put where the placeholder stood is converted to the placeholder's dtype, as TF1 did.

Before::

    def feed(train):
        return {x: batch(train), keep: 0.5 if train else 1.0}
    sess.run(train_op, feed_dict=feed(True))

After::

    def feed(train):
        return {"x": batch(train), "keep": 0.5 if train else 1.0}
    train_op(**feed(True))
"""
from __future__ import annotations

from typing import Optional

import libcst as cst
import libcst.matchers as cstm

from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.syntax import (_NO_SPACE, _arg, _joined, _key, _param, _referenced, _same,
                                      _statements)


class FeedsMixin:
    """Reading feed_dicts and calling converted tensors with them."""

    def _feeds(self, block: _Block, call: cst.Call, positional: int = 1) -> dict:
        feed = _arg(call, "feed_dict", positional)
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "session":
                if _key(arg.value) not in block.sessions:
                    raise Refusal("eval() in another session", call)
        if feed is None:
            return {}
        if isinstance(feed.value, cst.Dict):
            return self._literal_feeds(block, feed.value)
        built = self._built_feeds(block, feed.value)
        if built is None:
            raise Refusal("a feed_dict that is not a dict of placeholders built here", feed.value)
        dicts, uniform = built
        keys = [k for k in block.placeholders if all(k in d for d in dicts)]
        if isinstance(feed.value, cst.Name):  # `fd = {x: a}` ... `feed_dict=fd`
            values = {k: cst.Subscript(feed.value, [cst.SubscriptElement(cst.Index(
                cst.SimpleString(f'"{_param(k)}"')))]) for k in keys}
        else:  # `feed_dict=feed(batch)`: only ever spread, `f(**feed(batch))`
            values = {k: None for k in keys}
        return _BuiltFeeds(values, spread=feed.value, uniform=uniform)

    @staticmethod
    def _literal_feeds(block: _Block, literal: cst.Dict) -> dict:
        feeds = {}
        for element in literal.elements:
            if not isinstance(element, cst.DictElement) or \
                    _key(element.key) not in block.placeholders:
                raise Refusal("a feed_dict key that is not a placeholder defined here", literal)
            feeds[_key(element.key)] = element.value
        return feeds

    def _built_feeds(self, block: _Block, value: cst.BaseExpression) -> Optional[tuple]:
        """A feed_dict built elsewhere: a name every assignment of which (in this block) is a
        dict literal of placeholders or a call of a feed helper, or a call of a feed helper
        (a function of this block or module whose every `return` is such a literal). The
        literals' keys become the parameter names (`{"x": a}`), so the dict can be spread into
        the functions that replace the fetched tensors. Returns (the literals' key sets,
        whether they all have the same keys), or None."""
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name):
            literals = self._feed_helper(block, value.func.value)
        elif isinstance(value, cst.Name):
            literals = []
            for top in block.statements:
                for statement in _statements(top, skip=self._function_blocks):
                    if not isinstance(statement, cst.SimpleStatementLine):
                        continue
                    for small in statement.body:
                        if not (isinstance(small, (cst.Assign, cst.AnnAssign, cst.AugAssign))
                                and any(_same(t, value) for t in _targets(small))):
                            continue
                        found = small.value if isinstance(small, cst.Assign) else None
                        if isinstance(found, cst.Dict):
                            literals.append(found)
                        elif isinstance(found, cst.Call) and isinstance(found.func, cst.Name):
                            helper = self._feed_helper(block, found.func.value)
                            if helper is None:
                                return None
                            literals.extend(helper)
                        else:
                            return None
        else:
            return None
        if not literals:
            return None
        key_sets = []
        for literal in literals:
            feeds = self._literal_feeds(block, literal)
            block.calls[literal] = literal.with_changes(elements=[
                e.with_changes(key=cst.SimpleString(f'"{_param(_key(e.key))}"'))
                for e in literal.elements])
            key_sets.append(set(feeds))
        return key_sets, all(k == key_sets[0] for k in key_sets)

    def _feed_helper(self, block: _Block, name: str) -> Optional[list]:
        """The dict literals returned by `def name(...)`, a function defined in this block
        whose every `return` returns one; None for anything else."""
        for statement in block.statements:
            if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
                returns = _Returns()
                statement.body.visit(returns)
                if returns.values and all(isinstance(v, cst.Dict) for v in returns.values):
                    return returns.values
                return None
        return None

    def _fed_value(self, block: _Block, name: str, value: cst.BaseExpression):
        """A value fed to placeholder `name`, put where the placeholder stood in an
        expression: TF1 converted it to the placeholder's dtype (a float64 numpy array fed to
        a float32 placeholder became float32), so the conversion is spelled out."""
        dtype = _arg(block.placeholders[name], "dtype", 0)
        if dtype is None:
            return value
        return cst.Call(self._parse_expr(f"{self._tf}.convert_to_tensor"), args=[
            cst.Arg(value, comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
            cst.Arg(self._dtype(dtype.value), keyword=cst.Name("dtype"), equal=_NO_SPACE)])

    def _call_with_feeds(self, block, name, params, feeds, anchor) -> cst.Call:
        missing = [p for p in params if p not in feeds]
        if missing:
            raise Refusal(f"`{name}` needs `{missing[0]}`, which is not fed", anchor)
        block.fetched.add(name)
        if isinstance(feeds, _BuiltFeeds) and params:
            feeds.spend(anchor)
            if feeds.uniform and set(params) == set(feeds):
                return cst.Call(self._callee(block, name),
                                args=[cst.Arg(feeds.spread, star="**")])
            if any(feeds[p] is None for p in params):
                raise Refusal(f"`{name}` takes only some of the values the feed_dict helper "
                              f"returns", anchor)
        if isinstance(feeds, _BuiltFeeds):
            return cst.Call(self._callee(block, name),
                            args=_joined([cst.Arg(feeds[p]) for p in params]))
        return cst.Call(self._callee(block, name), args=_joined(_fed_arguments(feeds, params,
                                                                               anchor)))


class _BuiltFeeds(dict):
    """The fed values of a feed_dict built elsewhere (a name or a helper's call): placeholder
    key -> `fd["x"]`, or None where only spreading `**feed(...)` can pass it."""

    def __init__(self, values: dict, spread: cst.BaseExpression, uniform: bool):
        super().__init__(values)
        self.spread, self.uniform, self.spent = spread, uniform, False

    def spend(self, anchor) -> None:
        """A helper's call may be made once: a second call could feed another batch."""
        if self.spent and isinstance(self.spread, cst.Call):
            raise Refusal("one feed_dict helper call feeds several fetches", anchor)
        self.spent = True


class _Returns(cst.CSTVisitor):
    """The values a function returns (not those of functions nested in it)."""

    def __init__(self):
        super().__init__()
        self.values: list = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False

    def visit_Return(self, node: cst.Return) -> None:
        self.values.append(node.value)


def _fed_arguments(feeds: dict, params: list, anchor) -> list:
    """The call's arguments for a literal feed_dict, evaluated as the dict was: Python
    evaluates `{X: next_x(), z: noise()}` left to right, and a fed value with side effects
    (a random draw, an iterator's next batch) must keep its place. In parameter order unless
    two values make calls in another order, which keyword arguments in feed order keep; a
    value that makes a call and that no parameter takes would no longer run at all."""
    calls = {key for key, value in feeds.items() if cstm.findall(value, cstm.Call())}
    for key in feeds:
        if key in calls and key not in params:
            raise Refusal(f"the fed value of `{_param(key)}` makes a call that the fetch "
                          f"does not need, and it would no longer run", feeds[key])
    in_feed_order = [key for key in feeds if key in params]
    if len(calls) < 2 or in_feed_order == list(params):
        return [cst.Arg(feeds[p]) for p in params]
    return [cst.Arg(feeds[key], keyword=cst.Name(_param(key)), equal=_NO_SPACE)
            for key in in_feed_order]


def _is_feed_literal(block: _Block, value: cst.BaseExpression) -> bool:
    """`{x: a, y: b}` keyed by placeholders, with values that are not graph tensors."""
    if not isinstance(value, cst.Dict) or not value.elements:
        return False
    graph = set(block.placeholders) | set(block.tensors) | set(block.steps)
    return all(isinstance(e, cst.DictElement) and _key(e.key) in block.placeholders and
               not _referenced(e.value) & graph for e in value.elements)


def _targets(small) -> list:
    """What an assignment statement binds."""
    if isinstance(small, cst.Assign):
        return [t.target for t in small.targets]
    return [small.target]
