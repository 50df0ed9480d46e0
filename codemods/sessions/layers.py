"""`tf.layers` calls in graph code -> layer modules made once, and the emitted helpers.

A graph tensor becomes a function called on every run, so a layer inside it would make new
variables each time: the layer is made once before the function (with TF1's `dense`,
`dense_1`, ... name, so checkpoints still load) and the function calls it. The emitted classes
and functions (layers, RNN cells, `TF1RMSprop`, `add_summary`) are registered here, once per
file, under a name the file does not bind.

Before::

    h = tf.layers.dense(x, 16, activation=tf.nn.relu)

After::

    h_layer = Dense(16, activation=tf.nn.relu, name="dense")
    def h(x):
        return h_layer(x)
"""
from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from codemods.modules import LAYERS
from codemods.sessions.blocks import Refusal, _Block
from codemods.sessions.syntax import _referenced
from codemods.variables import Refusal as ArgumentRefusal, bound_arguments


class LayersMixin:
    """Layers made once, and the registry of emitted helpers."""

    def _layer(self, block: _Block, statement, name: str, call: cst.Call, path: str) -> None:
        """`h = tf.layers.dense(x, 16, name=...)` in graph code: the layer becomes a module
        made once (TF1's `dense`, `dense_1`, ... names; variables on its first call) and `h`
        a function calling it."""
        kind = LAYERS[path]
        try:
            args = bound_arguments(call, kind.params)
        except ArgumentRefusal as refusal:
            raise Refusal(f"tf.{path}: {refusal}", call) from None
        extra = set(args) - set(kind.passed) - {"inputs", "name"}
        if extra or "inputs" not in args:
            raise Refusal(f"tf.{path} with {', '.join(sorted(extra)) or 'no inputs'}", call)
        if self._makes_variables(args["inputs"]):
            raise Refusal(f"tf.{path} on an expression that makes variables", call)
        label = args.get("name")
        if label is not None and not isinstance(label, cst.SimpleString):
            raise Refusal(f"tf.{path} with a computed name", call)
        if label is None:
            n = block.layer_counts.get(kind.base_name, 0)
            block.layer_counts[kind.base_name] = n + 1
            label_code = f'"{kind.base_name}"' if n == 0 else f'"{kind.base_name}_{n}"'
        else:
            label_code = label.value
        if block.owner is not None:
            raise Refusal(f"tf.{path} in a model class", call)
        instance = block.fresh(f"{name}_layer")
        cls = self._layer_class(kind)
        ctor = ", ".join([*(self._module.code_for_node(args[k]) if i == 0 else
                            f"{k}={self._module.code_for_node(args[k])}"
                            for i, k in enumerate(p for p in kind.passed if p in args)),
                          f"name={label_code}"])
        block.layers[name] = (instance, args["inputs"], kind.cls)
        block.layer_instances[instance] = kind.cls
        block.variables.append(instance)
        self._layer_preludes[statement] = cst.parse_statement(f"{instance} = {cls}({ctor})\n")
        block.tensors[name] = block.params_of(_referenced(args["inputs"]))
        self._tensor_defs[statement] = name

    def _layer_class(self, kind) -> str:
        """The emitted class for a layer kind (once per file)."""
        if kind.cls not in self._layer_classes:
            cls = kind.cls if kind.cls not in self._all_names else \
                f"{kind.cls}_layer" if kind.cls.islower() else f"{kind.cls}Layer"
            self._layer_classes[kind.cls] = (cls, kind.template)
        return self._layer_classes[kind.cls][0]

    def _helper(self, block: _Block, helper: str, template: str) -> str:
        """Register an emitted class or function; its name (suffixed if the file binds the
        name: `tf.nn.rnn_cell.GRUCell` or `writer.add_summary` bind none)."""
        if helper not in self._layer_classes:
            taken = helper in self._bare_names
            self._layer_classes[helper] = (
                helper + ("_eager" if helper.islower() else "Eager") if taken else helper,
                template)
        block.helpers.add(helper)
        return self._layer_classes[helper][0]


@dataclass(frozen=True)
class _HelperKind:
    """An emitted helper function, registered like a layer class (`cls` is its name)."""
    cls: str
    template: str
