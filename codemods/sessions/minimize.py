"""Training ops -> a `tf.function` GradientTape step with the Keras optimizer.

`opt.minimize(loss, global_step=gs, var_list=vs)` and `compute_gradients`/`tf.gradients` ...
`apply_gradients` pipelines (clipping, `tvars = tf.trainable_variables()`) become one step that
records the loss on a tape, applies the gradients with the Keras optimizer made with TF1's
hyper-parameters (defaults that differ made explicit), increments the global step and returns
the loss. A learning rate decayed on the global step becomes the Keras schedule, passed as a
callable rate.

Before::

    train_op = tf.train.AdamOptimizer(0.01).minimize(cost, global_step=gs)

After::

    adam = tf.keras.optimizers.Adam(0.01, epsilon=1e-08)
    @tf.function(input_signature=[X_spec, Y_spec])
    def train_op(X, Y):
        with tf.GradientTape() as tape:
            loss = cost(X, Y)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss, variables)
        adam.apply_gradients(zip(gradients, variables))
        gs.assign_add(1)
        return loss
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods import templates
from codemods.sessions.blocks import Refusal, _Block, _Step
from codemods.sessions.syntax import (_Calls, _NO_SPACE, _arg, _bound, _fill, _joined, _key,
                                      _key_expr, _referenced)


#: TF1 optimizer -> (Keras optimizer, TF1 parameters in order, TF1 -> Keras keyword renames,
#: TF1 defaults to make explicit because Keras' differ).
OPTIMIZERS = {
    "train.GradientDescentOptimizer": ("SGD", ("learning_rate", "use_locking", "name"), {}, {}),
    "train.MomentumOptimizer": ("SGD", ("learning_rate", "momentum", "use_locking", "name",
                                        "use_nesterov"), {"use_nesterov": "nesterov"}, {}),
    "train.AdamOptimizer": ("Adam", ("learning_rate", "beta1", "beta2", "epsilon", "use_locking",
                                     "name"), {"beta1": "beta_1", "beta2": "beta_2"},
                            {"epsilon": "1e-08"}),
    "train.AdagradOptimizer": ("Adagrad", ("learning_rate", "initial_accumulator_value",
                                           "use_locking", "name"), {}, {}),
    "train.RMSPropOptimizer": ("RMSprop", ("learning_rate", "decay", "momentum", "epsilon",
                                           "use_locking", "centered", "name"),
                               {"decay": "rho"}, {"epsilon": "1e-10"}),
    "train.AdadeltaOptimizer": ("Adadelta", ("learning_rate", "rho", "epsilon", "use_locking",
                                             "name"), {}, {"epsilon": "1e-08"}),
}
_DROPPED_OPTIMIZER_ARGS = ("use_locking", "name")
#: Where the Keras optimizer does not start from TF1's state: an emitted subclass that does.
_OPTIMIZER_HELPERS = {"train.RMSPropOptimizer": ("TF1RMSprop", templates.TF1_RMSPROP)}
#: TF1 learning-rate decay of the global step -> (Keras schedule, TF1 parameters in order).
#: The TF1 call is a tensor of the step; `Schedule(<the rest>)(step)` computes the same.
DECAYS = {
    "train.exponential_decay": ("ExponentialDecay", ("learning_rate", "global_step",
                                                     "decay_steps", "decay_rate", "staircase")),
    "train.inverse_time_decay": ("InverseTimeDecay", ("learning_rate", "global_step",
                                                      "decay_steps", "decay_rate", "staircase")),
    "train.polynomial_decay": ("PolynomialDecay", ("learning_rate", "global_step", "decay_steps",
                                                   "end_learning_rate", "power", "cycle")),
    "train.piecewise_constant": ("PiecewiseConstantDecay", ("x", "boundaries", "values")),
    "train.cosine_decay": ("CosineDecay", ("learning_rate", "global_step", "decay_steps",
                                           "alpha")),
}


class MinimizeMixin:
    """Optimizers, gradients and the training step."""

    def _minimize_call(self, value) -> Optional[cst.Call]:
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and \
                value.func.attr.value == "minimize":
            return value
        return None

    def _step(self, block: _Block, statement, name: str, call: cst.Call) -> None:
        receiver = call.func.value
        if _key(receiver) in block.optimizers:
            optimizer = block.optimizers[_key(receiver)]
            prelude = []
        elif isinstance(receiver, cst.Call) and self.tf_name(receiver.func) in OPTIMIZERS:
            self._check_plain(block, receiver, _referenced(receiver) & (
                set(block.placeholders) | set(block.tensors) | set(block.steps)))
            keras = self._keras_optimizer(block, receiver)
            optimizer = block.fresh(OPTIMIZERS[self.tf_name(receiver.func)][0].lower())
            if block.owner is not None:
                optimizer = f"self.{optimizer}"
            prelude = [cst.SimpleStatementLine([cst.Assign(
                [cst.AssignTarget(_key_expr(optimizer))], keras)],
                leading_lines=statement.leading_lines)]
            block.optimizers[optimizer] = optimizer
        else:
            raise Refusal("minimize() on an optimizer this rewrite does not know", call)
        bound = {}
        for i, arg in enumerate(call.args):
            if arg.star:
                raise Refusal("minimize() with unpacked arguments", call)
            key = arg.keyword.value if arg.keyword else ("loss", "global_step", "var_list")[i] \
                if i < 3 else None
            bound[key] = arg.value
        extra = set(bound) - {"loss", "global_step", "var_list", "name"}
        if extra or "loss" not in bound:
            raise Refusal(f"minimize() with {', '.join(sorted(extra)) or 'no loss'}", call)
        loss = bound["loss"]
        refs = _referenced(loss)
        self._check_pure(block, loss)
        step = _Step(optimizer, loss, block.params_of(refs), bound.get("var_list"),
                     bound.get("global_step"),
                     collections=self._collections(block, bound.get("var_list"), call))
        if step.global_step is not None and _referenced(step.global_step) - set(block.variables):
            raise Refusal("a global_step that is not a variable made here", call)
        block.steps[name] = step
        self._step_defs[statement] = name
        self._step_preludes[statement] = prelude

    def _gradient_source(self, block: _Block, value) -> Optional[tuple]:
        """`opt.compute_gradients(loss, var_list=vs)` or `tf.gradients(loss, vs)`, the value
        or a call in it: (kind, loss, variables or None, the call)."""
        finder = _Calls()
        value.visit(finder)
        found = [found for found in (self._gradient_call(block, c) for c in finder.calls)
                 if found is not None]
        if len(found) > 1:
            raise Refusal("several gradient computations in one statement", value)
        return found[0] if found else None

    def _gradient_call(self, block: _Block, value: cst.Call) -> Optional[tuple]:
        if isinstance(value.func, cst.Attribute) and value.func.attr.value == "compute_gradients":
            if _key(value.func.value) not in block.optimizers:
                raise Refusal("compute_gradients() on an optimizer this rewrite does not know",
                              value)
            order = ("loss", "var_list")
        elif self.tf_name(value.func) == "gradients":
            order = ("ys", "xs")
        else:
            return None
        bound = {}
        for i, arg in enumerate(value.args):
            key = arg.keyword.value if arg.keyword else order[i] if i < 2 and not arg.star \
                else None
            if key not in order:
                raise Refusal(f"{self._module.code_for_node(value.func)}() with arguments "
                              f"GradientTape.gradient does not take", value)
            bound[key] = arg.value
        if order[0] not in bound:
            raise Refusal("gradients of no loss", value)
        return ("pairs" if order[0] == "loss" else "gradients", bound[order[0]],
                bound.get(order[1]), value)

    def _gradient_statement(self, block: _Block, statement, small) -> bool:
        """Statements from a gradient computation up to `apply_gradients` (clipping, scaling,
        `tvars = tf.trainable_variables()`) move into the training step they feed."""
        if not isinstance(small, cst.Assign) or len(small.targets) != 1:
            return False
        value = small.value
        if self._minimize_call(value) is not None:
            return False  # `opt.minimize(loss, var_list=d_vars)`: a step of its own
        source = self._gradient_source(block, value)
        variables = isinstance(value, cst.Call) and not value.args and \
            self.tf_name(value.func) == "trainable_variables"
        reads = _referenced(value) & block.grad_names
        if source is None and not variables and not reads:
            return False
        if self._apply_call(block, value) is not None:
            return False
        self._single(statement, small)
        if source is not None:
            self._check_pure(block, source[1])
        block.grad_chain.append((statement, small, source, variables))
        block.grad_names |= _bound(small.targets[0].target)
        block.replace[statement] = []  # it moves into the step
        return True

    def _apply_call(self, block: _Block, value) -> Optional[cst.Call]:
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and \
                value.func.attr.value == "apply_gradients" and \
                _referenced(value) & block.grad_names:
            return value
        return None

    def _applied_step(self, block: _Block, statement, name: str, call: cst.Call) -> None:
        """`train_op = opt.apply_gradients(grads_and_vars, global_step=gs)` after a gradient
        computation: one step that records the loss on a tape and runs the same statements."""
        receiver = _key(call.func.value)
        if receiver not in block.optimizers:
            raise Refusal("apply_gradients() on an optimizer this rewrite does not know", call)
        bound = {}
        for i, arg in enumerate(call.args):
            key = arg.keyword.value if arg.keyword else \
                ("grads_and_vars", "global_step", "name")[i] if i < 3 and not arg.star else None
            if key not in ("grads_and_vars", "global_step", "name"):
                raise Refusal("apply_gradients() with unexpected arguments", call)
            bound[key] = arg.value
        sources = [entry[2] for entry in block.grad_chain if entry[2] is not None]
        if len(sources) != 1:
            raise Refusal("apply_gradients() of gradients of several losses" if sources else
                          "apply_gradients() of gradients not computed here", call)
        loss = sources[0][1]
        refs = _referenced(loss)
        for entry in block.grad_chain:
            refs |= _referenced(entry[1].value) - block.grad_names
        step = _Step(block.optimizers[receiver], loss, block.params_of(refs), None,
                     bound.get("global_step"), chain=list(block.grad_chain),
                     applied=bound["grads_and_vars"])
        if step.global_step is not None and _referenced(step.global_step) - set(block.variables):
            raise Refusal("a global_step that is not a variable made here", call)
        block.grad_chain = []
        block.steps[name] = step
        self._step_defs[statement] = name
        self._step_preludes[statement] = []

    def _collections(self, block: _Block, var_list, call) -> list:
        """The statements a minimize's var_list reads from `tf.trainable_variables()` (and
        filters of it: a GAN's `d_vars = [v for v in t_vars if v.name.startswith("d")]`).
        TF2 makes the variables on the first step, so the list is made in the step from the
        variables the tape saw (the loss's trainable variables, which is what TF1's minimize
        kept of the list: the others get no gradient)."""
        if var_list is None or not _referenced(var_list) & block.grad_names:
            return []
        needed, entries = set(_referenced(var_list)), []
        for entry in reversed(block.grad_chain):
            statement, small, source, _ = entry
            if not _bound(small.targets[0].target) & needed:
                continue
            if source is not None:
                raise Refusal("a minimize() var_list made from gradients", call)
            needed |= _referenced(small.value)
            entries.insert(0, entry)
            block.collected.add(statement)
        return entries

    def _chain_statements(self, block: _Block, step: _Step, local: dict,
                          chain: Optional[list] = None) -> list:
        """The gradient statements as they run in the step, on the tape's loss."""
        tape, loss = local["tape"], local["loss"]
        statements = []
        for statement, small, source, variables in (step.chain if chain is None else chain):
            comments = [line for line in statement.leading_lines if line.comment is not None]
            if variables:
                target = self._module.code_for_node(small.targets[0].target)
                statements.append(cst.parse_statement(
                    f"{target} = {tape}.watched_variables()\n").with_changes(
                    leading_lines=comments))
                continue
            moved = statement
            if source is not None:
                kind, _, xs, call = source
                xs = self._module.code_for_node(xs) if xs is not None else \
                    f"{tape}.watched_variables()"
                if kind == "gradients":
                    new = self._parse_expr(f"{tape}.gradient({loss}, {xs})")
                else:
                    names = local["variables"]
                    statements.append(cst.parse_statement(f"{names} = {xs}\n").with_changes(
                        leading_lines=comments))
                    comments = []
                    new = self._parse_expr(f"list(zip({tape}.gradient({loss}, {names}), "
                                           f"{names}))")
                moved = moved.deep_replace(call, new)
            moved = self._translate(block, moved)
            statements.append(moved.with_changes(leading_lines=comments))
        return statements

    def _keras_optimizer(self, block: _Block, call: cst.Call) -> cst.Call:
        path = self.tf_name(call.func)
        keras, order, renames, defaults = OPTIMIZERS[path]
        args, given = [], set()
        for i, arg in enumerate(call.args):
            if arg.star:
                raise Refusal("an optimizer with unpacked arguments", call)
            key = arg.keyword.value if arg.keyword else order[i]
            given.add(key)
            if key in _DROPPED_OPTIMIZER_ARGS:
                continue
            if key == "learning_rate" and arg.keyword is None and i == 0:
                args.append(arg.with_changes(comma=cst.MaybeSentinel.DEFAULT))
                continue
            args.append(cst.Arg(arg.value, keyword=cst.Name(renames.get(key, key)),
                                equal=_NO_SPACE))
        for key, value in defaults.items():
            if key not in given:
                args.append(cst.Arg(cst.Float(value), keyword=cst.Name(renames.get(key, key)),
                                    equal=_NO_SPACE))
        if path in _OPTIMIZER_HELPERS:
            return cst.Call(cst.Name(self._helper(block, *_OPTIMIZER_HELPERS[path])),
                            args=_joined(args))
        return cst.Call(self._parse_expr(f"{self._tf}.keras.optimizers.{keras}"),
                        args=_joined(args))

    def _check_plain(self, block: _Block, expr, graph_refs) -> None:
        if not graph_refs:
            return
        rate = _arg(expr, "learning_rate", 0)
        if rate is not None and isinstance(rate.value, cst.Name) and \
                graph_refs == {rate.value.value} and block.tensors.get(rate.value.value) == []:
            if self.tf_name(expr.func) == "train.MomentumOptimizer":
                raise Refusal("MomentumOptimizer with a changing learning rate: Keras SGD folds "
                              "the rate into its momentum, TF1 applied it to the whole "
                              "accumulator", expr)
            return  # a schedule of the global step: its function is the Keras callable rate
        raise Refusal("an optimizer whose hyper-parameters are graph tensors", expr)

    def _decay_schedule(self, call: cst.Call) -> Optional[cst.Call]:
        """`tf.train.exponential_decay(lr, gs, 100, 0.9, staircase=True)` ->
        `tf.keras.optimizers.schedules.ExponentialDecay(lr, decay_steps=100, decay_rate=0.9,
        staircase=True)(gs)`; None when the call has other arguments."""
        schedule, order = DECAYS[self.tf_name(call.func)]
        bound = {}
        for i, arg in enumerate(call.args):
            key = arg.keyword.value if arg.keyword else order[i] if i < len(order) and \
                not arg.star else None
            if key not in order and key != "name":
                return None
            bound[key] = arg.value
        step_key = order[1] if order[0] == "learning_rate" else order[0]
        if step_key not in bound:
            return None
        args = []
        for key in order:
            if key == step_key or key not in bound:
                continue
            keyword = None if key == "learning_rate" else cst.Name(key)
            args.append(cst.Arg(bound[key], keyword=keyword,
                                equal=_NO_SPACE if keyword else cst.MaybeSentinel.DEFAULT))
        maker = cst.Call(self._parse_expr(f"{self._tf}.keras.optimizers.schedules.{schedule}"),
                         args=_joined(args))
        if len(self._module.code_for_node(maker)) > 70:  # `return ...` of a function: wrap
            maker = maker.with_changes(whitespace_before_args=cst.ParenthesizedWhitespace(
                indent=True, last_line=cst.SimpleWhitespace(" " * 4)))
        return cst.Call(maker, args=[cst.Arg(bound[step_key])])

    def _step_statements(self, block: _Block, statement, name: str) -> list:
        step = block.steps[name]
        tf = self._tf
        loss = self._translate(block, step.loss)
        local = {n: block.fresh(f"{n}_value" if n == "loss" else n) if n in block.taken else n
                 for n in ("tape", "loss", "variables", "gradients")}
        block.taken |= set(local.values())
        variables = f"tape.watched_variables()" if step.var_list is None else \
            self._module.code_for_node(step.var_list)
        lines = [*self._header_lines(block, name, step.params, True),
                 f"    with {tf}.GradientTape() as {local['tape']}:",
                 f"        {local['loss']} = __LOSS__"]
        if step.chain:
            lines += ["    __CHAIN__", f"    {step.optimizer}.apply_gradients(__APPLIED__)"]
        else:
            lines += ["    __CHAIN__"] if step.collections else []
            lines += [f"    {local['variables']} = {variables.replace('tape', local['tape'], 1)}",
                      f"    {local['gradients']} = {local['tape']}.gradient({local['loss']}, "
                      f"{local['variables']})",
                      f"    {step.optimizer}.apply_gradients(zip({local['gradients']}, "
                      f"{local['variables']}))"]
        if step.global_step is not None:
            lines.append(f"    {self._module.code_for_node(step.global_step)}.assign_add(1)")
        lines.append(f"    return {local['loss']}")
        function = _fill(cst.parse_statement("\n".join(lines) + "\n",
                                             config=self._module.config_for_parsing),
                         __LOSS__=loss,
                         **({"__APPLIED__": step.applied} if step.chain else {}))
        if step.chain or step.collections:
            body = list(function.body.body)
            at = next(i for i, s in enumerate(body) if isinstance(s, cst.SimpleStatementLine)
                      and isinstance(s.body[0], cst.Expr) and
                      isinstance(s.body[0].value, cst.Name) and
                      s.body[0].value.value == "__CHAIN__")
            body[at:at + 1] = self._chain_statements(
                block, step, local, None if step.chain else step.collections)
            function = function.with_changes(body=function.body.with_changes(body=body))
        prelude = self._step_preludes.get(statement, [])
        if block.owner is not None:
            block.methods.append(function)
            return prelude
        if prelude:
            return [*prelude, function]
        return [function.with_changes(leading_lines=statement.leading_lines)]
