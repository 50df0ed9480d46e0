"""What the analysis knows about one function or class `modules` may convert: `_Candidate`.

One is made per module-level function that makes variables and per class whose `__init__`
opens a variable scope. The scans fill it in (its variables, child calls, layers, cells,
nested scopes, ...) and any check may `refuse` it; the first reason given is the one the
warning shows. Also here: the attribute names a tf.Module already uses (`_RESERVED`), and the
two small tests every part makes of scope names and arguments (`_identifier`, `_is_none`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

#: Attribute names a tf.Module (or our ScopedModule) already uses.
_RESERVED = frozenset({"name", "name_scope", "variables", "trainable_variables",
                       "non_trainable_variables", "submodules", "with_name_scope", "children",
                       "child", "self"})


@dataclass(eq=False)
class _Candidate:
    function: cst.FunctionDef  # the function, or the `__init__` of a converted class
    name: str
    cls: str
    scope_item: Optional[cst.Call]  # None: it opens no scope; its variables use the caller's
    with_stmt: Optional[cst.With]
    scope_param: Optional[str]
    scope_default: Optional[cst.SimpleString]  # the module name when no scope is passed
    scope_index: Optional[int]  # positional slot of the scope parameter
    reuse_param: Optional[str] = None  # a parameter only passed on as `reuse=`: dropped
    reuse_index: Optional[int] = None
    variables: dict = field(default_factory=dict)  # statement -> (call, target name)
    children: dict = field(default_factory=dict)  # call -> callee name
    calls: set = field(default_factory=set)  # other local functions called
    keyed: set = field(default_factory=set)  # get_variable calls in nested scopes or loops
    layers: dict = field(default_factory=dict)  # tf.layers call -> (_LayerKind, name)
    cells: dict = field(default_factory=dict)  # RNN cell call -> (_CellKind, key, numbered)
    inner_cells: dict = field(default_factory=dict)  # cells made inside a MultiRNNCell list
    wrappers: set = field(default_factory=set)  # DropoutWrapper calls
    rnns: dict = field(default_factory=dict)  # dynamic_rnn call -> its TF1 path
    state_tuples: set = field(default_factory=set)  # LSTMStateTuple references
    nested: dict = field(default_factory=dict)  # nested `with variable_scope(x)` -> x
    stateless: dict = field(default_factory=dict)  # tf.layers.flatten/dropout call -> args
    owner: Optional[cst.ClassDef] = None  # the class whose `__init__` opens the scope
    numbered: bool = False  # `variable_scope(name, default_name=d)`: unnamed calls get d, d_1...
    child_names: dict = field(default_factory=dict)  # child call -> its numbered module name
    scope_records: list = field(default_factory=list)  # see _BodyScanner._new_scope
    reuse_stmts: set = field(default_factory=set)  # `scope.reuse_variables()`: dropped
    methods: list = field(default_factory=list)  # a class's variable-making methods
    refused: Optional[str] = None
    anchor: Optional[cst.CSTNode] = None  # where the refusal warning points
    silent: bool = False  # a scope-less helper that is simply left alone: no warning
    caller_numbered: bool = False  # unnamed cells numbered as if the file's only RNN ran them

    @property
    def block(self) -> list:
        """The statements that run inside the module's scope."""
        return list(self.with_stmt.body.body if self.with_stmt else self.function.body.body)

    @property
    def scoped_base(self) -> bool:
        """Does the class derive from the emitted ScopedModule (it has children)?"""
        return bool(self.children or self.keyed or self.layers or self.nested or self.owner
                    or self.cells)

    @property
    def scope_methods(self) -> bool:
        return bool(self.keyed or self.nested)

    def refuse(self, reason: str, anchor: Optional[cst.CSTNode] = None) -> None:
        if self.refused is None:
            self.refused, self.anchor = reason, anchor


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _identifier(string: cst.SimpleString) -> bool:
    value = string.evaluated_value
    return isinstance(value, str) and value.isidentifier()
