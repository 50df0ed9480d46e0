"""Encoder and (stacked) decoder cells, each in its own scope of one model function."""
import contextlib

import tensorflow as tf


class ScopedModule(tf.Module):
    """A tf.Module that keeps TF1's variable names: child modules and variables are made on
    first use, under the name scope current at that point, and found again by scope path."""

    def __init__(self, name=None):
        super().__init__(name=name)
        self.children = {}
        self.scope_path = ""

    def child(self, module_class, scope, *args, **kwargs):
        """The child module for `scope` under the current scope path, made on first use."""
        key = self.scope_path + scope
        if key not in self.children:
            self.children[key] = module_class(*args, name=scope, **kwargs)
        return self.children[key]

    @contextlib.contextmanager
    def scope(self, name):
        """A TF1 `variable_scope(name)` opened inside this module."""
        outer = self.scope_path
        self.scope_path = outer + name + "/"
        try:
            with tf.name_scope(name):
                yield
        finally:
            self.scope_path = outer

    def variable(self, name, make):
        """The variable `name` under the current scope path, made by `make()` on first use."""
        key = self.scope_path + name
        if key not in self.children:
            self.children[key] = make()
        return self.children[key]


class Dense(tf.Module):
    """TF1's `tf.layers.dense`: the same `kernel`/`bias` variables, made on the first call."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=None, trainable=True, name=None):
        super().__init__(name=name)
        self.units = units
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer or tf.keras.initializers.GlorotUniform()
        self.bias_initializer = bias_initializer or tf.zeros_initializer()
        self.trainable = trainable
        self.kernel = None
        self.bias = None

    @tf.Module.with_name_scope
    def __call__(self, inputs):
        inputs = tf.convert_to_tensor(inputs)
        if self.kernel is None:
            self.kernel = tf.Variable(
                self.kernel_initializer([inputs.shape[-1], self.units], inputs.dtype),
                name="kernel", trainable=self.trainable)
            if self.use_bias:
                self.bias = tf.Variable(self.bias_initializer([self.units], inputs.dtype),
                                        name="bias", trainable=self.trainable)
        if inputs.shape.rank == 2:
            outputs = tf.matmul(inputs, self.kernel)
        else:
            outputs = tf.tensordot(inputs, self.kernel, [[inputs.shape.rank - 1], [0]])
        if self.use_bias:
            outputs = tf.nn.bias_add(outputs, self.bias)
        return outputs if self.activation is None else self.activation(outputs)


class BasicRNNCell(tf.Module):
    """TF1's `tf.nn.rnn_cell.BasicRNNCell`: the same `kernel`/`bias` variables, made on the
    first call."""

    def __init__(self, num_units, activation=None, cell_name=None, name=None):
        super().__init__(name=name)
        self.num_units = num_units
        self.activation = activation or tf.tanh
        self.cell_name = cell_name or self.name
        self.kernel = None

    @property
    def state_size(self):
        return self.num_units

    def zero_state(self, batch_size, dtype):
        return tf.zeros([batch_size, self.num_units], dtype)

    @property
    def output_size(self):
        return self.num_units

    def make(self, name, shape, initializer, dtype):
        """A variable `<current name scope>/<cell name>/<name>`, named as one path: inside a
        tf.function a scope entered twice is numbered (`basic_lstm_cell_1`)."""
        return tf.Variable(initializer(shape, dtype), name=self.cell_name + "/" + name)

    def __call__(self, inputs, state):
        inputs = tf.convert_to_tensor(inputs)
        if self.kernel is None:
            width = inputs.shape[-1] + self.num_units
            self.kernel = self.make("kernel", [width, self.num_units],
                                    tf.keras.initializers.GlorotUniform(), inputs.dtype)
            self.bias = self.make("bias", [self.num_units], tf.zeros_initializer(),
                                  inputs.dtype)
        output = self.activation(tf.matmul(tf.concat([inputs, state], 1), self.kernel)
                                 + self.bias)
        return output, output


class MultiRNNCell(tf.Module):
    """TF1's `tf.nn.rnn_cell.MultiRNNCell`: runs its cells in turn, each in `cell_<i>` under
    `multi_rnn_cell`, where they make their variables."""

    def __init__(self, cells, cell_name=None, name=None):
        super().__init__(name=name)
        self.cells = list(cells)
        self.cell_name = cell_name or self.name

    @property
    def state_size(self):
        return tuple(cell.state_size for cell in self.cells)

    @property
    def output_size(self):
        return self.cells[-1].output_size

    def zero_state(self, batch_size, dtype):
        return tuple(cell.zero_state(batch_size, dtype) for cell in self.cells)

    def __call__(self, inputs, state):
        new_states = []
        with tf.name_scope(self.cell_name):
            for index, cell in enumerate(self.cells):
                with tf.name_scope("cell_%d" % index):
                    inputs, new_state = cell(inputs, state[index])
                new_states.append(new_state)
        return inputs, tuple(new_states)


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None,
                time_major=False, scope=None):
    """TF1's `tf.nn.dynamic_rnn`: `cell` runs over the time axis in the name scope `scope`
    (TF1's "rnn"), where it makes its variables. Past `sequence_length` the outputs are zero
    and the state is carried, as in TF1. Returns (outputs, final state)."""
    with tf.name_scope(scope or "rnn"):
        inputs = tf.convert_to_tensor(inputs)
        axis = 0 if time_major else 1
        steps = tf.unstack(inputs, axis=axis)
        state = initial_state
        if state is None:
            state = cell.zero_state(tf.shape(steps[0])[0], dtype or inputs.dtype)
        outputs = []
        for time, step in enumerate(steps):
            output, new_state = cell(step, state)
            if sequence_length is not None:
                alive = tf.expand_dims(time < tf.convert_to_tensor(sequence_length), 1)
                output = tf.where(alive, output, tf.zeros_like(output))
                new_state = tf.nest.map_structure(
                    lambda new, old: tf.where(alive, new, old), new_state, state)
            outputs.append(output)
            state = new_state
        return tf.stack(outputs, axis=axis), state


class Translate(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    def __call__(self, source, source_lengths, target, hidden=8, vocab=5):
        with self.scope("encoder"):
            enc_cell = self.child(BasicRNNCell, "basic_rnn_cell", hidden)
            _, enc_state = dynamic_rnn(enc_cell, source, sequence_length=source_lengths,
                                       dtype=tf.float32)
        with self.scope("decoder"):
            dec_cell = self.child(MultiRNNCell, "multi_rnn_cell", [
                BasicRNNCell(hidden, activation=tf.nn.relu),
                BasicRNNCell(hidden)])
            dec_out, _ = dynamic_rnn(dec_cell, target, initial_state=(enc_state, enc_state))
        return self.child(Dense, "logits", vocab)(dec_out)
