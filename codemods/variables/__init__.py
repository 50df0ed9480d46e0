"""`tf.get_variable` -> `tf.Variable` where the code runs once.

Rewrites `tf.get_variable(name, shape, dtype, initializer, trainable=...)` into
`tf.Variable(<initializer>(shape, dtype), name=name, trainable=...)` in module-level
straight-line code (also inside `if` blocks and `with tf.device(...)` / `g.as_default()`) and
in the top level of a `main()`-style function: one that is referenced exactly once, by a call
statement at module level or by `app.run(main)`. `codemods.modules` uses `convert_get_variable`
for the variables of the functions it turns into `tf.Module`s.

The initializer is always called with `(shape, dtype)` (TF2's `tf.constant_initializer(0)([n])`
would be int32). No initializer means TF1's default: glorot-uniform for floats, zeros for
integers and bools. `tf.truncated_normal_initializer` becomes
`tf.keras.initializers.TruncatedNormal` (TF1's default stddev 1.0 made explicit),
`tf.glorot_uniform_initializer()` and `tf.contrib.layers.xavier_initializer()` become
`tf.keras.initializers.GlorotUniform()`. A value initializer without shape gives
`tf.Variable(value, name=...)`.

Refuses (leaves the call for the compat fallback, with a warning saying why):
`regularizer`, `partitioner`, `custom_getter`, `caching_device`, `validate_shape`,
`use_resource` other than True, collections other than the standard ones (or that would
change trainability), an initializer it cannot prove callable, an unknown dtype without
initializer, unpacked arguments, and any `get_variable` inside a loop, a scope or a function
that may run more than once.

The package: `arguments` (binding and building call arguments, `Refusal`; shared with the
other codemods), `bindings` (names a block binds once, a function's returns),
`initializers` (which expressions are TF initializers, their TF2 spelling), `get_variable`
(one call -> `tf.Variable`), `run_once` (functions that run once) and `codemod` (the
`Variables` codemod).
"""
from codemods.variables.arguments import Refusal, bound_arguments, join_args, kwarg
from codemods.variables.codemod import Variables
from codemods.variables.get_variable import GET_VARIABLE_PARAMS, convert_get_variable
from codemods.variables.initializers import MAPPED_INITIALIZERS, InitializerCheck
from codemods.variables.run_once import run_once_functions

__all__ = ["GET_VARIABLE_PARAMS", "MAPPED_INITIALIZERS", "InitializerCheck", "Refusal",
           "Variables", "bound_arguments", "convert_get_variable", "join_args", "kwarg",
           "run_once_functions"]
