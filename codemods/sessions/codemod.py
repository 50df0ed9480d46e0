"""The `Sessions` codemod: the mixins assembled, `prepare`, and the libcst hooks.

`prepare` analyses every candidate block of the file before the traversal (all blocks convert,
or none do: they share sessions and models) and records what to replace; the `leave_*` hooks
then put the replacements in: statements, calls, flattened `with` blocks, model classes made
`tf.Module`s, and the emitted helper classes after the imports.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst
from libcst.codemod.visitors import AddImportsVisitor

from codemods import matching
from codemods.base import TFCodemod
from codemods.sessions.blocks import BlocksMixin, Refusal, _Block, _NotSessionCode
from codemods.sessions.builders import BuildersMixin
from codemods.sessions.checks import ChecksMixin
from codemods.sessions.classify import ClassifyMixin
from codemods.sessions.emit import EmitMixin, _collapse
from codemods.sessions.feeds import FeedsMixin
from codemods.sessions.fetch import FetchMixin
from codemods.sessions.layers import LayersMixin
from codemods.sessions.minimize import MinimizeMixin
from codemods.sessions.purity import PurityMixin
from codemods.sessions.rebinding import RebindingMixin
from codemods.sessions.rnn import RNNCellsMixin
from codemods.sessions.saver import SaverMixin
from codemods.sessions.specs import SpecsMixin
from codemods.sessions.summaries import SummariesMixin
from codemods.sessions.syntax import (_NO_SPACE, _NameUses, _inside, _is_docstring, _is_import,
                                      _statements_in_order)
from codemods.sessions.variable_names import VariableNamesMixin
from codemods.variables import InitializerCheck


GRAPH_MODE_SWITCHES = frozenset({"disable_v2_behavior", "disable_eager_execution"})


class Sessions(BlocksMixin, ClassifyMixin, SummariesMixin, RNNCellsMixin, LayersMixin, SpecsMixin,
               RebindingMixin, PurityMixin, MinimizeMixin, VariableNamesMixin, FetchMixin,
               FeedsMixin, SaverMixin, BuildersMixin, ChecksMixin, EmitMixin, TFCodemod):
    """tf.Session scripts -> eager functions, tf.function GradientTape steps, tf.train.Checkpoint.

    Placeholders, sess.run/eval, minimize, Saver, model classes holding a session.
    """

    NAME = "sessions"
    SAFE = False
    TRIGGERS = ("Session", "placeholder", "Saver", "initializer", "reset_default_graph",
                "minimize")
    COMPOSABLE = False

    def prepare(self, tree: cst.Module) -> None:
        self._tensor_defs: dict = {}
        self._parts: dict = {}  # name unpacked from a graph tuple -> (statement, joint, index)
        self._cell_statements: dict = {}  # RNN cell made once -> (statement, small, value)
        self._vscope_of: dict = {}  # statement in `with tf.variable_scope("s"):` -> "s"
        self._nscope_of: dict = {}  # statement in name (or variable) scopes -> their path
        self._driver_scopes: dict = {}  # RNN driver call there -> the variable scope
        self._renamed_cells: dict = {}  # cell name a dropout wrapper took -> the cell's name
        self._step_defs: dict = {}
        self._step_preludes: dict = {}
        self._placeholder_defs: dict = {}
        self._saver_defs: dict = {}
        self._managers: dict = {}
        self._named: dict = {}
        self._extra_targets: dict = {}  # `... = build_graph()` -> the holder name it gains
        self._layer_preludes: dict = {}  # tensor statement -> the layer instance made before it
        self._layer_classes: dict = {}   # layer kind -> (emitted class name, template)
        self._name_params: set = set()  # variable helpers that get a `name=None` parameter
        self._unnumbered_saves: set = set()  # paths saved through a manager without a number
        self._latest: Optional[bool] = None  # does the file call tf.train.latest_checkpoint?
        self._leading: dict = {}  # statement -> comment lines carried over from a removed one
        self._values: dict = {}  # tensor statement -> the TF2 expression its function returns
        self._emptied: set = set()  # build methods whose statements all went
        self._inlined: set = set()  # tensor bindings inlined into the next binding of the name
        self._needs_os = False
        self._tf_alias = matching.tf_output_alias(tree)
        self._module = tree
        self._check = InitializerCheck(self, tree)
        self._module_classes = self._find_module_classes()
        self._bare_names = matching.bare_identifiers(self.source_code(tree))
        taken = matching.identifiers(self.source_code(tree))
        self._all_names = set(taken)
        self._blocks = []
        self._replace, self._flatten, self._calls = {}, set(), {}
        self._classes: dict = {}    # original ClassDef -> its block
        self._param_drops: dict = {}  # FunctionDef -> session parameter it loses
        self._class_blocks: dict = {}  # converted class name -> its block
        self._session_callees: dict = {}  # function/class name -> dropped session parameter
        self._builders: dict = {}  # function name -> what each returned position is
        self._built_calls: dict = {}  # builder -> calls converted as `... = builder()`
        for statements, owner, function in self._candidate_blocks(tree):
            block = _Block(list(statements), taken=set(taken), owner=owner,
                           function=function)
            marks = (dict(self._tensor_defs), dict(self._step_defs), dict(self._placeholder_defs),
                     dict(self._saver_defs), dict(self._managers), dict(self._named))
            try:
                if owner is not None:
                    self._session_parameters(block, owner)
                self._analyse_block(block)
            except _NotSessionCode:
                (self._tensor_defs, self._step_defs, self._placeholder_defs, self._saver_defs,
                 self._managers, self._named) = marks
                continue
            except Refusal as refusal:
                # blocks of one file share sessions and models: all are converted or none
                anchor = refusal.args[1] if len(refusal.args) > 1 else None
                self.warn(anchor if anchor is not None else statements[0],
                          f"session code left on tf.compat.v1: {refusal.args[0]}")
                self._blocks, self._classes, self._param_drops = [], {}, {}
                self._name_params = set()
                self._replace, self._flatten, self._calls = {}, set(), {}
                self._needs_os = False
                break
            if block.owner is not None:
                self._classes[block.owner] = block
                self._class_blocks[block.owner.name.value] = block
            self._session_callees.update(block.callee_drops)
            self._param_drops.update(block.param_drops)
            if block.replace or block.calls or block.flatten:
                self._blocks.append(block)
                taken |= block.taken
                self._replace.update(block.replace)
                self._flatten |= block.flatten
                self._calls.update(block.calls)
        if self._blocks and self._builders:
            uses = _NameUses(set(self._builders))
            tree.visit(uses)
            stray = [b for b in self._builders if uses.uses.get(b, 0) != self._built_calls.get(b, 0)]
            if stray:  # its callers would not expect the extra value it now returns
                function = next(f for f in tree.body if isinstance(f, cst.FunctionDef)
                                and f.name.value == stray[0])
                self.warn(function, f"session code left on tf.compat.v1: `{stray[0]}` builds a "
                                    f"graph and is used other than by `... = {stray[0]}()` in "
                                    f"session code")
                self._blocks, self._classes, self._param_drops = [], {}, {}
                self._replace, self._flatten, self._calls = {}, set(), {}
                self._name_params, self._needs_os = set(), False
        self._init_owner = {self._init_of(c): c for c, b in self._classes.items()
                            if b in self._blocks}
        if self._blocks:
            self._drop_graph_mode_switches(tree)
        for block in self._blocks:
            for node, message in block.notes:
                self.warn(node, message)
        if self._needs_os:
            AddImportsVisitor.add_needed_import(self.context, "os")
        if any("LSTMStateTuple" in block.helpers for block in self._blocks):
            AddImportsVisitor.add_needed_import(self.context, "collections")

    def _drop_graph_mode_switches(self, tree: cst.Module) -> None:
        """The converted code runs eagerly: `disable_v2_behavior()` would break it."""
        for statement in tree.body:
            if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1 and \
                    isinstance(statement.body[0], cst.Expr) and \
                    isinstance(statement.body[0].value, cst.Call) and \
                    self.tf_name(statement.body[0].value.func) in GRAPH_MODE_SWITCHES:
                self._replace[statement] = []

    def _analyse_block(self, block: _Block) -> None:
        graph_statements = self._classify_block(block)
        for call in block.session_calls:
            self._check_session_args(block, call)
        for name in block.placeholders:
            if block.owner is None:
                block.specs[name] = block.fresh(f"{name}_spec")
        if block.printed and block.owner is not None:
            raise Refusal("a placeholder printed in a model class", block.printed[0])
        self._print_specs(block)
        self._check_nested(block, block.statements)
        self._name_variables(block, graph_statements)
        for statement in block.statements:
            self._rewrite_uses(block, statement)
        self._symbolic_statements(block)  # after the runs: they say which tensors are fetched
        if block.owner is not None:
            for statement in block.owner.body.body:
                if statement is not self._init_of(block.owner):
                    self._rewrite_uses(block, statement)
        self._emit_definitions(block)
        if block.builder is not None:
            self._builder_statements(block)
        self._check_rebinds(block)
        self._check_random_reads(block)
        block.grad_chain = [e for e in block.grad_chain if e[0] not in block.collected]
        if block.grad_chain:
            raise Refusal("gradients that no apply_gradients() applies", block.grad_chain[0])
        if block.owner is not None:
            for helper, call in self._helpers.items():
                if any(helper is s for s in block.owner.body.body) and all(
                        _is_docstring(s) or block.replace.get(s) == [] for s in helper.body.body):
                    block.replace[call] = []  # a build method left with nothing goes
                    self._emptied.add(helper)
        self._check_leftovers(block)
        self._check_reinitialisation(block)
        self._carry_lines(block)

    def _classify_block(self, block: _Block) -> list:
        """Classify the block's graph-level statements (which it returns). A block that
        neither runs a graph nor returns one is no session code; otherwise the first
        refusal met is raised once every statement was seen."""
        graph_statements = list(self._graph_level(block, block.statements))
        self._find_sessions(block, block.statements)
        if not block.sessions and self._returned_names(block) is None:
            raise _NotSessionCode()  # nothing here runs a graph or returns one: skip the rest
        refusal = None
        for statement in graph_statements:
            try:
                self._classify(block, statement)
            except Refusal as found:
                refusal = refusal or found
        returned = self._builder_return(block)
        if not block.sessions and returned is None:
            # graph code nothing here runs (a library defining tensors for its importers):
            # turning its tensors into functions would change what it exports
            raise _NotSessionCode()
        if refusal is not None:
            raise refusal
        if returned is not None:
            block.builder = block.function.name.value
        return graph_statements

    def _emit_definitions(self, block: _Block) -> None:
        """The TF2 statements of what the block defines: training steps, tensor functions
        (or a model class's methods), specs, checkpoints, and named variables' calls."""
        for statement in _statements_in_order(block.statements):
            if statement in block.replace:
                continue
            if statement in self._step_defs:
                block.replace[statement] = self._step_statements(
                    block, statement, self._step_defs[statement])
            elif statement in self._tensor_defs:
                function = self._tensor_function(block, statement, self._tensor_defs[statement])
                parts = self._part_functions(block, statement)
                if parts and block.owner is not None:
                    raise Refusal("a tuple of graph tensors in a model class", statement)
                if parts:
                    block.replace[statement] = [function, *parts]
                elif block.owner is None and statement in self._layer_preludes:
                    prelude = self._layer_preludes[statement].with_changes(
                        leading_lines=function.leading_lines)
                    block.replace[statement] = [prelude, function.with_changes(leading_lines=[])]
                elif block.owner is None:
                    block.replace[statement] = [function]
                else:
                    block.methods.append(function)
                    block.replace[statement] = []
            elif statement in self._placeholder_defs:
                block.replace[statement] = [] if block.owner is not None else [
                    self._spec_statement(block, statement, self._placeholder_defs[statement])]
        for statement, name in self._saver_defs.items():
            if statement in block.replace or not _inside(statement, block.statements):
                continue
            block.replace[statement] = self._saver_statement(block, statement, name)
        for call, named in self._named.items():
            block.calls.setdefault(call, named)

    def visit_Module(self, node: cst.Module) -> bool:
        return bool(self._blocks)

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        """The layer classes the converted graph code uses, after the imports."""
        used = {kind for block in self._blocks for kind in block.layer_instances.values()
                if kind in self._layer_classes} | \
            {kind for block in self._blocks for kind in block.helpers}
        if not used:
            return updated
        classes = []
        for kind in sorted(used):
            cls, template = self._layer_classes[kind]
            state = self._layer_classes.get("LSTMStateTuple", ("LSTMStateTuple",))[0]
            node = cst.parse_statement(template.format(
                cls=cls, module=f"{self._tf}.Module", tf=self._tf, state=state,
                spelling=f"tf.nn.rnn_cell.{kind}", pad=" " * (len(cls) + 5)),
                config=self._module.config_for_parsing)
            classes.append(node.with_changes(leading_lines=[cst.EmptyLine(), cst.EmptyLine()]))
        body = list(updated.body)
        at = 0
        for i, statement in enumerate(body):
            if _is_docstring(statement) or _is_import(statement):
                at = i + 1
            else:
                break
        following = body[at:]
        if following:
            following[0] = following[0].with_changes(leading_lines=[
                cst.EmptyLine(), cst.EmptyLine(),
                *[line for line in following[0].leading_lines if line.comment is not None]])
        return updated.with_changes(body=[*body[:at], *classes, *following])

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        new = self._calls.get(original)
        if new is None:
            return updated
        if original in self._named:
            return updated.with_changes(args=new.args)
        return new.with_changes(lpar=original.lpar, rpar=original.rpar) \
            if not isinstance(new, cst.Call) or not original.lpar else new

    def _with_carried(self, original, updated):
        carried = self._leading.get(original)
        if carried is None:
            return updated
        return updated.with_changes(leading_lines=_collapse(carried, updated.leading_lines))

    def leave_For(self, original, updated):
        return self._with_carried(original, updated)

    def leave_If(self, original, updated):
        return self._with_carried(original, updated)

    def leave_Attribute(self, original: cst.Attribute, updated: cst.Attribute):
        new = self._calls.get(original)
        return updated if new is None else new

    def leave_Dict(self, original: cst.Dict, updated: cst.Dict):
        new = self._calls.get(original)  # a feed_dict literal keyed by parameter names
        return updated if new is None else updated.with_changes(elements=[
            u.with_changes(key=n.key) for u, n in zip(updated.elements, new.elements)])

    def leave_SimpleStatementLine(self, original, updated):
        new = self._replace.get(original)
        if original in self._leading:
            if new is None:
                return self._with_carried(original, updated)
            new = [self._with_carried(original, new[0]), *new[1:]] if new else new
        if new is None:
            return updated
        if not new:
            return cst.RemoveFromParent()
        if len(new) == 1:
            return new[0]
        return cst.FlattenSentinel(new)

    def leave_With(self, original: cst.With, updated: cst.With):
        updated = self._with_carried(original, updated)
        if original not in self._flatten:
            return updated
        body = list(updated.body.body)
        if not body:
            return cst.RemoveFromParent()
        body[0] = body[0].with_changes(leading_lines=_collapse(
            updated.leading_lines, body[0].leading_lines))
        return cst.FlattenSentinel(body)

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef):
        if original in self._emptied:
            return cst.RemoveFromParent()
        if original in self._name_params:
            params = list(updated.params.params)
            if params:
                params[-1] = params[-1].with_changes(comma=cst.Comma(
                    whitespace_after=cst.SimpleWhitespace(" ")))
            params.append(cst.Param(cst.Name("name"), default=cst.Name("None"),
                                    equal=_NO_SPACE))
            updated = updated.with_changes(params=updated.params.with_changes(params=params))
        dropped = self._param_drops.get(original)
        if dropped is not None:
            params = [p for p in updated.params.params if p.name.value != dropped]
            if params:
                params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            updated = updated.with_changes(params=updated.params.with_changes(params=params))
        owner = self._init_owner.get(original)
        if owner is None:
            return updated
        block = self._classes[owner]
        params = [p for p in updated.params.params if p.name.value not in block.session_params]
        params[-1] = params[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        body = list(updated.body.body)
        at = 1 if body and _is_docstring(body[0]) else 0
        body.insert(at, cst.parse_statement("super().__init__()\n"))
        return updated.with_changes(params=updated.params.with_changes(params=params),
                                    body=updated.body.with_changes(body=body))

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef):
        block = self._classes.get(original)
        if block is None or block not in self._blocks:
            return updated
        body = list(updated.body.body)
        at = next(i for i, s in enumerate(original.body.body) if s is self._init_of(original))
        methods = [m.with_changes(leading_lines=[cst.EmptyLine(indent=False)])
                   for m in block.methods]
        body[at + 1:at + 1] = methods
        base = cst.Arg(self._parse_expr(f"{self._tf}.Module"))
        return updated.with_changes(body=updated.body.with_changes(body=body), bases=[base],
                                    lpar=cst.LeftParen(), rpar=cst.RightParen())

    def leave_IndentedBlock(self, original, updated):
        if not updated.body:
            return updated.with_changes(body=[cst.SimpleStatementLine([cst.Pass()])])
        return updated
