"""Scoped layer functions -> `tf.Module` subclasses, Sonnet-2 style.

A module-level function whose body opens `with tf.variable_scope(<scope param or literal>
[, reuse=...]):` and creates its variables there with `NAME = tf.get_variable(...)` statements
(at the top level of that block), or by calling other such functions, becomes::

    class Conv1d(tf.Module):
        def __init__(self, name=None):          # the scope becomes the module name
            super().__init__(name=name)
            self.w = None

        @tf.Module.with_name_scope
        def __call__(self, x, nf):               # every other parameter, in order
            if self.w is None:                   # created on the first call: shapes may
                self.w = tf.Variable(...)        # depend on the inputs
            w = self.w

Calls to other converted functions become child modules, made on first use inside the
parent's name scope and kept in `self.children` under their scope name (`self.child(Block,
'h%d' % i)(h)`), so every TF1 variable name (`model/h0/attn/c_attn/w`) is reproduced and
`reuse=True` / `tf.AUTO_REUSE` is calling the same instance again. Those classes derive from a
small `ScopedModule` base emitted once per file. `x.shape[i].value` becomes `x.shape[i]`.

Inside a converted body, a nested `with tf.variable_scope(x):` becomes `with self.scope(x):`
and a `get_variable` there (or in a loop) becomes `self.variable(name, lambda: tf.Variable(...))`,
found again by its scope path on later calls. `tf.layers.dense(x, n, name=...)` becomes
`self.child(Dense, name, n, ...)(x)`, a small emitted module with TF1's `kernel`/`bias`
variables; unnamed ones get TF1's `dense`, `dense_1`, ... by their order in the scope. `tf.layers.conv2d`,
`conv2d_transpose` and `batch_normalization` likewise become `Conv2D`, `Conv2DTranspose` and
`BatchNormalization` modules (`training=` moves to the module call: `bn(x, training=t)`; in
training mode it updates the moving averages itself, which TF1 left to UPDATE_OPS; renorm and
virtual batches are refused), and `tf.contrib.layers.layer_norm` a `LayerNorm` module with
contrib's `beta`/`gamma` (renamed `LayerNormLayer` when a converted function is `layer_norm`).
`tf.layers.flatten(x)`, `tf.contrib.layers.flatten(x)`, `tf.layers.dropout(x, rate,
training=t)` and `tf.layers.max_pooling2d`/`average_pooling2d`, which make no variables, become
`tf.reshape(...)`, `tf.nn.dropout(x, rate=r) if t else x` (TF1's default is not training) and
`tf.nn.max_pool2d`/`avg_pool2d`. A layer named by a plain name that may be None when it runs
(`scope=name`) gets `name if name is not None else "LayerNorm"`, TF1's default, which is only
right when nothing else in that scope may take the same default (else refused: TF1 numbers
them). Initializer factories whose every use is an initializer of converted code (BERT's
`create_initializer`) return the TF2 initializer (`tf.keras.initializers.TruncatedNormal`).

RNN cells (`tf.nn.rnn_cell` / `tf.contrib.rnn` `BasicLSTMCell`, `LSTMCell` without peepholes,
clipping or projection, `GRUCell`, `BasicRNNCell`) become child modules made once
(`self.child(LSTMCell, "lstm_cell", n)`) that make TF1's variables when first run, and
`tf.nn.dynamic_rnn` / `bidirectional_dynamic_rnn` over them become emitted eager functions of
the same names and signatures (`rnn/lstm_cell/kernel`, `bidirectional_rnn/fw/...`;
`sequence_length` zeroes outputs and carries the state as TF1 did); `LSTMStateTuple` becomes an
emitted namedtuple; `MultiRNNCell([LSTMCell(n) for _ in range(k)])` becomes one child holding
cells made with it (`rnn/multi_rnn_cell/cell_0/lstm_cell/kernel`). Other RNN drivers
(`static_rnn`, ...) and cells passed in from elsewhere are refused. `DropoutWrapper(cell,
input_keep_prob=.., output_keep_prob=..)` becomes an emitted wrapper made on every call (so a
fed keep probability stays live) around the cell made once; refused inside a MultiRNNCell list
or with state or variational dropout.

A function that makes variables without a scope of its own (BERT's `embedding_lookup`), or in
several scopes it opens one after another, becomes a module without a name scope, so its
variables land in the caller's scope; it is converted only when converted modules are its only
callers, and otherwise left alone without a warning. One that nothing in the file calls and
that is made only of calls to converted functions (a model's entry point, `gan_logits(z, x)`)
becomes such a module too. `with tf.variable_scope(s) as scope:` is accepted when `scope` is
only used for `scope.reuse_variables()` statements in that block: they go, since the calls
after them get the same child instances; a variable or layer made directly after one is refused.

`variable_scope(name, default_name="d")` in a function: calls that pass no name (or None)
get TF1's numbered names, `d`, `d_1`, ..., in call order (arguments first) per scope.

A class whose `__init__` opens `with tf.variable_scope(scope[, default_name=...]):` (BERT's
`BertModel`) derives from `ScopedModule`: `super().__init__(name=scope)` comes first and the
scope becomes `with self.name_scope:`; its callers are unchanged (`class_to_module` record).
Its methods that make variables are converted with it when they run only inside that scope
(called as `self.m(...)` from the scope block or from one another, like the siamese
`self.network(x)` -> `self.fc_layer(...)`): their `get_variable`s become
`self.variable(name, ...)`, found again by scope path, so the second tower after
`scope.reuse_variables()` reuses the first one's weights.

Call sites at module level that all use the same literal scope (or the default) get one
instance, created before the first of them: `model_module = Model(name='model')`. Each
conversion is recorded (`function_to_module`) so `tfmigrate verify --call` can translate calls.

Across files: a helper imported from a module beside the file (`from utils import
shape_list`) is read (the engine passes the sources of such modules) and accepted inside a
converted body when it provably makes no variables (codemods.imported); and a function that
another file of the run imports stays a function, since that file would still call it as one.

Refuses, with a warning naming the reason, and leaves the function for the compat fallback:
any other use of the function (passed as a value, called from a function that is not converted,
imported by another file of the run,
called at module level with differing or computed scopes), a `get_variable` it cannot convert
(see codemods.variables) or that is not an assignment statement at the top of the scope block,
other variable APIs in the body (`tf.Variable`, `tf.layers` other than those above, nested
`variable_scope` with options, collections), unnamed layers in loops, classes with base
classes or members tf.Module reserves, calls to imported or local functions that may create variables, a scope
parameter used for anything else, a non-literal `default_name`, `initializer`/other scope
options, `as scope` used for more than `reuse_variables()`, calls left to `default_name` in
loops (or twice at module level), layers named by a parameter in loops, pooling with a
computed data format, and names that would collide.

The package, one module per construct: `codemod` (the `Modules` codemod: the order of the
analysis, the rewrite of the file), `candidate` (what is known about one function or class),
`creators` (which functions make variables), `scope` (the variable scope a function opens,
its signature, reuse), `scan` (what a body uses), `default_name` (TF1's numbered default
names), `layers` (tf.layers), `rnn_cells` (RNN cells and drivers), `model_class` (classes
whose `__init__` opens a scope), `call_sites` (where converted functions are called from),
`initializers` (initializer factories), `rewrite` (the converted body), `emit` (the class a
function becomes, the emitted helpers) and `layout` (line breaks of rewritten code).
"""
from codemods.modules.codemod import Modules
from codemods.modules.layers import LAYERS
from codemods.modules.rnn_cells import (_WRAPPER_KEPT, _WRAPPER_PARAMS, CELLS, RNN_FUNCTIONS,
                                        WRAPPERS)

__all__ = ["CELLS", "LAYERS", "Modules", "RNN_FUNCTIONS", "WRAPPERS", "_WRAPPER_KEPT",
           "_WRAPPER_PARAMS"]
