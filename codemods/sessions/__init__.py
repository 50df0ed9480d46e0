"""Session-driven TF1 scripts -> eager TF2: functions of the fed values, a GradientTape step,
tf.train.Checkpoint.

A TF1 script builds a graph once and drives it through a `tf.Session`. In a block of
straight-line graph code (the module body, or the body of a `main()`-style function):

- `X = tf.placeholder(dtype, shape)` becomes `X_spec = tf.TensorSpec(shape, dtype)`;
- every graph tensor that depends on a placeholder or a variable (`cost = ...`) becomes a
  function of the placeholders it needs, `def cost(X, Y): return ...`, and references to other
  such tensors become calls (`pred(X)`). Functions a session fetches are `@tf.function`s with
  the placeholders' `input_signature`, so fed values are converted as a feed_dict converted them;
- `opt.minimize(loss, global_step=gs, var_list=vs)` becomes a `@tf.function` step with
  `tf.GradientTape`, a Keras optimizer with TF1's hyper-parameters (defaults that differ made
  explicit), `gs.assign_add(1)`, returning the loss;
- `sess.run(fetches, feed_dict={X: a})`, `t.eval(feed_dict)` and `op.run(feed_dict)` become
  calls (`cost(a).numpy()`); fetched variables and eager tensors become `.numpy()`;
- `tf.Session()`, `with tf.Session() as sess:` (body dedented), `sess.close()`, initializer
  runs, `tf.reset_default_graph()` and `ConfigProto` options with a TF2 equivalent go away;
- `tf.train.Saver(...)` becomes `tf.train.Checkpoint(<variable owners>, optimizer)`;
  `saver.save(sess, path)` -> `.write(path)`, `save(..., global_step=s)` -> a
  `tf.train.CheckpointManager` numbered by `s`, `saver.restore(sess, path)` -> `.restore(path)`
  (which also reads TF1 checkpoints by name);
- unnamed module-level `tf.Variable`s get TF1's names (`Variable`, `Variable_1`, ...) so old
  checkpoints still load by name;
- an instance of the file's `tf.Module` classes (`model_module = Model(name="model")`, as
  codemods.modules makes it for a scoped model function) is made once, like a layer, and RNN
  cells and `dynamic_rnn`/`static_rnn` over them become the emitted eager cells and drivers
  (codemods.sessions.rnn), also in a module-level `with tf.variable_scope("s"):` block;
- `outputs, state = <graph expression>` is one function and a part function per name read;
  a tensor bound again is a new function when nothing built on the old one is read later;
- `print(t)` and `t.shape`/`t.dtype` while building read the traced output of `t`'s function;
  a minimize `var_list` filtered from `tf.trainable_variables()` is made in the step from the
  tape's variables; `tf.train.RMSPropOptimizer` becomes `TF1RMSprop` (mean squares start at 1).

Refuses the whole block (it stays on compat.v1, with a warning saying why) when anything in it
cannot be converted exactly: placeholders or graph tensors defined in loops or nested
functions, a graph tensor that may create variables (layers, imported helpers), feeds that are
not dict literals of placeholders, tensors passed where a session is not the receiver,
summaries other than scalar and histogram ones (codemods.sessions.summaries), queues,
`partial_run`, several graphs, and optimizers or savers it does not know,
a random tensor read twice in one run (TF1 drew it once), and fed values that make calls the
fetch does not need (they would no longer run; those it needs keep the feed_dict's order).

The package, one module per construct (`Sessions` combines their mixins):

- `codemod`: the `Sessions` class, `prepare` (which analyses each block) and the libcst hooks;
- `blocks`: which blocks are session code, their sessions and graph-level statements, `_Block`;
- `classify`: what each graph-level statement defines or does;
- `specs`: placeholders -> specs, symbolic reads (`print(t)`, `t.shape`);
- `feeds`, `fetch`: feed_dicts, and what `sess.run`/`eval`/`run` fetch;
- `minimize`: optimizers, gradients, decay schedules and the GradientTape step;
- `saver`: Saver -> Checkpoint and CheckpointManager;
- `rebinding`: names bound again, tuples of graph tensors;
- `purity`: whether a tensor may be recomputed (no variables, random reads once);
- `layers`, `rnn`, `summaries`: tf.layers, RNN cells and summaries in graph code;
- `variable_names`, `builders`, `checks`: TF1 variable names, graph builder functions and
  `reset_default_graph()`, the last checks on a block;
- `emit`, `syntax`: emitting tensor functions and layout; plain CST helpers.
"""
from codemods.sessions.blocks import DROPPED_CALLS, INITIALIZERS, SESSIONS, Refusal
from codemods.sessions.classify import GLOBAL_STEP_MAKERS
from codemods.sessions.codemod import GRAPH_MODE_SWITCHES, Sessions
from codemods.sessions.minimize import DECAYS, OPTIMIZERS

__all__ = ["Sessions", "Refusal", "OPTIMIZERS", "DECAYS", "INITIALIZERS", "SESSIONS",
           "GLOBAL_STEP_MAKERS", "DROPPED_CALLS", "GRAPH_MODE_SWITCHES"]
