"""Whether a graph tensor may become a function called many times.

A TF2 function runs its body on every call, where TF1 built the graph once: a tensor that makes
variables (layers, `tf.get_variable`, a local helper that does, or code this rewrite cannot
see) would make them again on every call, and one that reads a random tensor twice would draw
twice where TF1 drew once per run. Those refuse the block, as do graph definitions inside
loops, branches and nested functions. Instances of the file's `tf.Module` classes make their
variables once, like layers.

Refused (stays on compat.v1)::

    y = my_imported_helper(x)        # "`my_imported_helper` is not defined here and may
                                     # create variables"
    r = tf.random_normal([3]) + x
    z = tf.cond(tf.reduce_sum(r) > 0, lambda: r + 1, lambda: r)   # reads `r` twice
"""
from __future__ import annotations

import libcst as cst

from codemods import stateless_layers
from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.minimize import OPTIMIZERS
from codemods.sessions.syntax import _AssignedNames, _Calls, _NameUses, _inside, _is_main_guard


#: TF APIs that make variables: a graph tensor using them cannot become a function.
_VARIABLE_MAKERS = ("Variable", "get_variable", "layers.", "keras.", "contrib.layers.",
                    "contrib.slim.", "nn.rnn_cell.", "contrib.rnn.", "estimator.")
_RANDOM_OPS = ("random_normal", "random_uniform", "truncated_normal", "random.", "multinomial",
               "random_shuffle", "nn.dropout")
_PURE_BUILTINS = frozenset({"len", "int", "float", "range", "list", "tuple", "dict", "zip", "min",
                            "max", "abs", "sum", "round", "str", "bool", "enumerate", "sorted",
                            "isinstance", "map"})


class PurityMixin:
    """Checks that graph tensors can be recomputed freely."""

    def _makes_variables(self, expr: cst.BaseExpression) -> bool:
        finder = _Calls()
        expr.visit(finder)
        local = self._local_functions()
        return any(self._is_variable_maker(c) or (
            isinstance(c.func, cst.Name) and c.func.value in local and
            self._function_makes_variables(local[c.func.value], local, set()))
            for c in finder.calls)

    def _is_variable_maker(self, call: cst.Call) -> bool:
        path = self.tf_name(call.func)
        if path is None or path in stateless_layers.STATELESS_LAYERS:
            return False
        return path in ("Variable", "get_variable") or any(
            path.startswith(p) for p in _VARIABLE_MAKERS if p.endswith("."))

    def _random(self, expr: cst.BaseExpression) -> bool:
        finder = _Calls()
        expr.visit(finder)
        return any((self.tf_name(c.func) or "").startswith(_RANDOM_OPS) for c in finder.calls)

    def _tf_valued(self, expr: cst.BaseExpression) -> bool:
        return isinstance(expr, cst.Call) and self.tf_name(expr.func) is not None

    def _check_pure(self, block: _Block, expr: cst.BaseExpression) -> None:
        """A graph tensor becomes a function called many times: it must not make variables."""
        finder = _Calls()
        expr.visit(finder)
        local = self._local_functions()
        for call in finder.calls:
            if self._is_variable_maker(call):
                raise Refusal("a graph tensor that creates variables (layers) is recomputed "
                              "on every call in TF2", call)
            path = self.tf_name(call.func)
            if path in stateless_layers.STATELESS_LAYERS:
                # the input may be a tensor function: evaluating it twice (for its value, and
                # for its shape) makes no variable and gives the same shape
                reason = stateless_layers.refusal(call, path, input_may_be_expression=True)
                if reason is not None:
                    raise Refusal(reason, call)
            if path is not None:
                continue
            func = call.func
            if isinstance(func, cst.Name):
                if func.value in _PURE_BUILTINS or func.value in block.layer_instances:
                    continue  # a layer made once, before: calling it makes no variable
                if func.value in local:
                    if self._function_makes_variables(local[func.value], local, set()):
                        raise Refusal(f"`{func.value}` creates variables, and TF2 would "
                                      f"create them on every call", call)
                    continue
                raise Refusal(f"`{func.value}` is not defined here and may create variables",
                              call)

    def _find_module_classes(self) -> set:
        """Classes of this file that derive, directly or through one another, from
        `tf.Module`: their instances make variables on first use and find them again."""
        classes = {s.name.value: s for s in self._module.body if isinstance(s, cst.ClassDef)}
        modules: set = set()
        changed = True
        while changed:
            changed = False
            for name, cls in classes.items():
                if name not in modules and any(
                        self.tf_name(base.value) == "Module" or
                        (isinstance(base.value, cst.Name) and base.value.value in modules)
                        for base in cls.bases):
                    modules.add(name)
                    changed = True
        return modules

    def _local_functions(self) -> dict:
        return {s.name.value: s for s in self._module.body if isinstance(s, cst.FunctionDef)}

    def _function_makes_variables(self, function, local, seen) -> bool:
        if function.name.value in seen:
            return False
        seen.add(function.name.value)
        finder = _Calls()
        function.visit(finder)
        for call in finder.calls:
            if self._is_variable_maker(call):
                return True
            if isinstance(call.func, cst.Name) and call.func.value in local and \
                    self._function_makes_variables(local[call.func.value], local, seen):
                return True
        return False

    def _check_nested(self, block: _Block, statements) -> None:
        """Graph definitions are only understood at the block's own level."""
        graph = set(block.placeholders) | set(block.tensors) | set(block.steps)
        for statement in statements:
            if isinstance(statement, cst.With) or _is_main_guard(statement):
                self._check_nested(block, statement.body.body)
                continue
            if isinstance(statement, cst.SimpleStatementLine) or \
                    statement in self._function_blocks:
                continue
            finder = _Calls()
            statement.visit(finder)
            for call in finder.calls:
                path = self.tf_name(call.func)
                if path in ("placeholder", "train.Saver") or path in OPTIMIZERS or \
                        self._minimize_call(call) is not None:
                    raise Refusal(f"tf.{path or 'minimize'} inside a loop, branch or nested "
                                  f"function", call)
            assigned = _AssignedNames()
            statement.visit(assigned)
            clash = assigned.names & graph
            if clash:
                raise Refusal(f"`{sorted(clash)[0]}` is rebound inside a loop, branch or "
                              f"function", statement)

    def _check_random_reads(self, block: _Block) -> None:
        """TF1 drew a random tensor once per run; its TF2 function draws on every call. A
        tensor that reads one twice (`tf.cond(x > y, lambda: x + y, ...)`, or through two
        tensors built on it) would compare and add different draws: refused."""
        names = set(block.tensors)
        random = {n for n in names if n in block.values and self._random(block.values[n])}
        if not random:
            return
        memo: dict = {}

        def draws(name: str, seen: frozenset) -> dict:
            if name in memo:
                return memo[name]
            uses = _NameUses(names)
            block.values[name].visit(uses)
            total: dict = {}
            for other, count in uses.uses.items():
                if other == name or other in seen or other not in block.values:
                    continue
                if other in random:
                    total[other] = total.get(other, 0) + count
                for r, n in draws(other, seen | {name}).items():
                    total[r] = total.get(r, 0) + n * count
            memo[name] = total
            return total

        for statement, name in self._tensor_defs.items():
            if name in block.values and _inside(statement, block.statements):
                twice = sorted(r for r, n in draws(name, frozenset()).items() if n > 1)
                if twice:
                    raise Refusal(f"`{name}` reads the random `{twice[0]}` more than once: "
                                  f"TF1 drew it once per run, its TF2 function draws on every "
                                  f"call", statement)
