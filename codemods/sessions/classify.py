"""The statement classifier: what each graph-level statement of a block is.

Every simple statement at the block's level is sorted into what it defines (a placeholder, a
graph tensor, a session, an optimizer, a training step, a Saver, variables, a layer, an RNN
cell, a summary, a ConfigProto) or does (initializer runs, `reset_default_graph()`), recorded
in the block for the rewriting that follows. Anything that needs graph machinery this rewrite
does not convert (queues, `tf.data`, several graphs, ...) refuses the block here, before a
single statement is rewritten. `_classify_small` dispatches on the statement's kind (a call,
an attribute assignment, an assignment to a name); what an assignment binds is a session
object (`_session_object`: placeholder, session, optimizer, Saver, ...) or a graph value
(`_graph_value`: training step, layer, cell, variables, graph tensor).

Before::

    x = tf.placeholder(tf.float32, [None, 3])
    w = tf.Variable(tf.zeros([3, 1]))
    y = tf.matmul(x, w)

After (classified: placeholder `x`, variable `w`, graph tensor `y` of `x`; emitted later)::

    x_spec = tf.TensorSpec([None, 3], tf.float32)
    w = tf.Variable(tf.zeros([3, 1]), name="Variable")
    def y(x):
        return tf.matmul(x, w)
"""
from __future__ import annotations

import libcst as cst

from codemods import matching
from codemods.modules import LAYERS
from codemods.sessions import rnn
from codemods.sessions.blocks import DROPPED_CALLS, INITIALIZERS, Refusal, SESSIONS, _Block
from codemods.sessions.feeds import _is_feed_literal
from codemods.sessions.minimize import DECAYS, OPTIMIZERS
from codemods.sessions.syntax import _Calls, _key, _referenced
from codemods.variables import Refusal as ArgumentRefusal, convert_get_variable


GLOBAL_STEP_MAKERS = frozenset({"train.get_or_create_global_step", "train.create_global_step"})
#: TF APIs that say the script needs graph machinery this codemod does not rewrite.
_BLOCKERS = ("summary.", "train.Supervisor", "train.MonitoredTrainingSession", "train.start_queue_runners",
             "train.Coordinator", "train.string_input_producer", "train.batch", "train.shuffle_batch",
             "FIFOQueue", "RandomShuffleQueue", "get_default_graph", "get_default_session",
             "Graph", "py_func", "train.import_meta_graph", "saved_model.", "data.")


class ClassifyMixin:
    """Sorting each graph-level statement into what it defines."""

    def _classify(self, block: _Block, statement: cst.CSTNode) -> None:
        if isinstance(statement, (cst.With, cst.If, cst.For, cst.While, cst.Try,
                                  cst.FunctionDef, cst.ClassDef)):
            return  # with: walked by _graph_level; the others are checked by _check_nested
        if not isinstance(statement, cst.SimpleStatementLine):
            return
        for small in statement.body:
            self._classify_small(block, statement, small)

    def _classify_small(self, block: _Block, statement, small) -> None:
        self._in_variable_scope(statement, small)
        if self._summary_statement(block, statement, small) or \
                self._graph_statement(block, statement, small):
            return
        self._refuse_blockers(small)
        if isinstance(small, cst.Expr) and self._prints_placeholders(block, small.value):
            block.printed.append(small.value)
            return
        if self._symbolic_statement(block, statement, small):
            return
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            self._call_statement(block, statement, small)
        elif isinstance(small, cst.Assign) and \
                isinstance(small.targets[0].target, cst.Attribute) and \
                _key(small.targets[0].target) is None:
            self._attribute_assignment(block, statement, small)
        elif isinstance(small, cst.Return):
            return  # a builder's (see _builder_return); any other is caught as a leftover
        elif not isinstance(small, cst.Assign) or len(small.targets) != 1:
            names = _referenced(small)
            if names & (set(block.placeholders) | set(block.tensors)):
                raise Refusal("a graph tensor is rebound by an augmented or tuple assignment",
                              small)
        else:
            self._assignment(block, statement, small)

    def _graph_statement(self, block: _Block, statement, small) -> bool:
        """`graph = tf.Graph()` (the one graph the script builds) and `graph.finalize()`: they
        go. False for any other statement."""
        if self._graph_binding(statement) is not None:
            if len(block.graphs) > 1:
                raise Refusal("several graphs", small)
            block.replace[statement] = []
            return True
        if isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) and \
                isinstance(small.value.func, cst.Attribute) and \
                small.value.func.attr.value == "finalize" and not small.value.args and \
                _key(small.value.func.value) in block.graphs:
            self._single(statement, small)
            block.replace[statement] = []  # nothing is added to an eager program's graph
            return True
        return False

    def _call_statement(self, block: _Block, statement, small) -> None:
        """A call as a statement: `tf.reset_default_graph()` and initializer runs go."""
        call = small.value
        path = self.tf_name(call.func)
        if path in DROPPED_CALLS:
            block.replace[statement] = []
            self._single(statement, small)
            block.generation += 1  # a rebuilt graph may bind the same names again
        elif path in INITIALIZERS or self._runs_initializer(block, call):
            self._single(statement, small)
            block.replace[statement] = []

    def _attribute_assignment(self, block: _Block, statement, small) -> None:
        """`config.gpu_options.allow_growth = True` (a ConfigProto's option); a graph tensor
        stored in another attribute is refused."""
        target = matching.dotted(small.targets[0].target) or ""
        head = target.split(".")[0]
        if head in block.configs:
            self._config_attribute(block, statement, small, target)
        elif _referenced(small.value) & (set(block.placeholders) | set(block.tensors)):
            raise Refusal("a graph tensor stored in an attribute", small)

    def _assignment(self, block: _Block, statement, small) -> None:
        """`name = value` (one target): what the value defines, bound to the name."""
        if self._built(block, statement, small) or \
                self._gradient_statement(block, statement, small):
            return
        target = small.targets[0].target
        value = small.value
        if self._runs_graph(block, value) or _is_feed_literal(block, value):
            # a value computed by a session is a plain Python value; a feed_dict built ahead
            # of its runs: its keys become parameter names
            return
        refs = _referenced(value)
        graph_refs = refs & (set(block.placeholders) | set(block.tensors) | set(block.steps))
        name = _key(target)
        if name is None:
            if graph_refs and not self._tuple_tensors(block, statement, small, graph_refs):
                raise Refusal("a graph tensor assigned to something other than a name", small)
            return
        if isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and \
                isinstance(target, cst.Name):
            owner = self._class_blocks.get(value.func.value)
            if owner is not None:
                block.instances[target.value] = owner
        if isinstance(value, cst.Name) and value.value in block.session_params:
            self._single(statement, small)
            block.sessions.add(name)  # `self.sess = sess`: the model computes directly now
            block.replace[statement] = []
            return
        if name in block.tensors and block.bound.get(name) == block.generation and \
                isinstance(target, cst.Name) and name in refs and \
                not block.values[name].deep_equals(value):
            merged = self._inline_rebinding(block, statement, name, value)
            if merged is not None:  # `h = f(x)` ... `h = g(h)`: one tensor, `h = g(f(x))`
                value = self._values[statement] = merged
                refs = _referenced(value)
                graph_refs = refs & (set(block.placeholders) | set(block.tensors) |
                                     set(block.steps))
        self._check_bound_once(block, statement, small, name, value, refs, graph_refs)
        block.bound[name] = block.generation
        block.values[name] = value
        before = block.tensors[name] if name in block.tensors else \
            block.steps[name].params if name in block.steps else None
        if not self._session_object(block, statement, small, name, value, graph_refs):
            self._graph_value(block, statement, small, name, value, refs, graph_refs)
        after = block.tensors[name] if name in block.tensors else \
            block.steps[name].params if name in block.steps else None
        if before is not None and after != before:
            raise Refusal(f"`{name}` is rebuilt with other placeholders", small)
        elif self._tf_valued(value):
            block.eager.add(name)

    def _check_bound_once(self, block: _Block, statement, small, name: str, value, refs,
                          graph_refs) -> None:
        """A graph name is bound once per graph, but for the same tensor built again or a
        tensor rebound as `_rebinds` allows."""
        for table in (block.placeholders, block.tensors, block.steps, block.savers):
            if name in table and block.bound.get(name) == block.generation and \
                    not (name in block.tensors and block.values[name].deep_equals(value)):
                # the same tensor built again (a second session block) is the same function
                if table is block.tensors and name not in refs and self._rebinds(
                        block, statement, name, value, graph_refs):
                    continue
                raise Refusal(f"`{name}` is bound twice in graph code", small)

    def _session_object(self, block: _Block, statement, small, name: str, value,
                        graph_refs) -> bool:
        """`name = <placeholder, session, initializer, ConfigProto, optimizer, global step or
        Saver>`: recorded (and the statement replaced where it changes). False for any other
        value."""
        path = self.tf_name(value.func) if isinstance(value, cst.Call) else None
        if path == "placeholder":
            self._single(statement, small)
            block.placeholders[name] = value
            self._placeholder_defs[statement] = name
        elif path in SESSIONS:
            self._single(statement, small)
            self._check_session_args(block, value)
            block.sessions.add(name)
            block.replace[statement] = []
        elif path in INITIALIZERS:
            self._single(statement, small)
            block.initializers.add(name)
            block.replace[statement] = []
        elif path == "ConfigProto":
            self._single(statement, small)
            block.configs.add(name)
            calls = self._config_calls(value)
            block.replace[statement] = [calls[0].with_changes(
                leading_lines=statement.leading_lines), *calls[1:]] if calls else []
        elif path in OPTIMIZERS:
            self._single(statement, small)
            self._check_plain(block, value, graph_refs)
            block.optimizers[name] = name
            block.replace[statement] = [statement.with_changes(
                body=[small.with_changes(value=self._keras_optimizer(block, value))])]
        elif path in GLOBAL_STEP_MAKERS:
            self._single(statement, small)
            block.variables.append(name)
            block.replace[statement] = [statement.with_changes(body=[small.with_changes(
                value=self._parse_expr(f"{self._tf}.Variable(0, name=\"global_step\", "
                                       f"trainable=False, dtype={self._tf}.int64)"))])]
        elif path == "train.Saver":
            self._single(statement, small)
            block.savers[name] = value
            self._saver_defs[statement] = name
        else:
            return False
        return True

    def _graph_value(self, block: _Block, statement, small, name: str, value, refs,
                     graph_refs) -> None:
        """`name = <training step, layer, RNN cell, module instance, variables or graph
        tensor>`: recorded, to be emitted as its TF2 counterpart. Anything else is a plain
        Python value."""
        target = small.targets[0].target
        path = self.tf_name(value.func) if isinstance(value, cst.Call) else None
        if self._minimize_call(value) is not None:
            self._single(statement, small)
            self._step(block, statement, name, value)
        elif self._apply_call(block, value) is not None:
            self._single(statement, small)
            self._applied_step(block, statement, name, value)
        elif isinstance(value, cst.Call) and path in LAYERS and graph_refs:
            self._single(statement, small)
            self._layer(block, statement, name, value, path)
        elif block.owner is None and isinstance(target, cst.Name) and (
                isinstance(value, cst.Call) and path in rnn.CELL_PATHS or
                rnn.is_cell_list(value, self.tf_name)):
            self._single(statement, small)
            self._cell(block, statement, small, name, graph_refs)
        elif isinstance(value, cst.Call) and isinstance(value.func, cst.Name) and \
                value.func.value in self._module_classes and not graph_refs and \
                isinstance(target, cst.Name):
            # `model_module = Model(name="model")` (a converted scoped function, or the user's
            # own tf.Module): made once, it makes its variables on its first call, like a layer
            block.layer_instances[name] = value.func.value
            block.variables.append(name)
        elif self._makes_variables(value):
            if graph_refs and not self._initial_values_only(block, statement, graph_refs):
                raise Refusal(f"`{name}` makes variables from graph tensors", small)
            block.variables.append(name)
            if block.owner is not None and path == "get_variable":
                # the class becomes a tf.Module whose constructor makes its variables once
                try:
                    block.calls[value] = convert_get_variable(
                        self, value, self._check, self._init_of(block.owner))
                except ArgumentRefusal as refusal:
                    self.warn(value, f"tf.get_variable not converted to tf.Variable: {refusal}")
        elif graph_refs or refs & set(block.variables) or self._random(value):
            self._single(statement, small)
            self._check_pure(block, value)
            if path in DECAYS:
                schedule = self._decay_schedule(value)
                if schedule is None:
                    raise Refusal(f"tf.{path} with arguments its Keras schedule does not take",
                                  value)
                self._values[statement] = schedule
            block.tensors[name] = block.params_of(refs)
            self._tensor_defs[statement] = name

    def _single(self, statement, small) -> None:
        if len(statement.body) != 1:
            raise Refusal("several statements on one line with graph code", small)

    def _refuse_blockers(self, node: cst.CSTNode) -> None:
        finder = _Calls(attributes=True)
        node.visit(finder)
        for ref in finder.attributes:
            path = self.tf_name(ref)
            if path and any(path == b or (b.endswith(".") and path.startswith(b))
                            for b in _BLOCKERS):
                raise Refusal(f"tf.{path} needs graph machinery this rewrite does not convert",
                              ref)
        for call in finder.calls:
            if isinstance(call.func, cst.Attribute) and call.func.attr.value == "partial_run":
                raise Refusal("partial_run has no TF2 equivalent", call)
