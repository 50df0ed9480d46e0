"""An encoder-decoder and a sequence summary built from TF1's RNN cells, each in its scope."""
import collections

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


LSTMStateTuple = collections.namedtuple("LSTMStateTuple", ["c", "h"])


class LSTMCell(tf.Module):
    """TF1's `tf.nn.rnn_cell.LSTMCell`: the same `kernel`/`bias` variables, made on the
    first call."""

    def __init__(self, num_units, forget_bias=1.0, activation=None, initializer=None,
                 cell_name=None, name=None):
        super().__init__(name=name)
        self.num_units = num_units
        self.forget_bias = forget_bias
        self.activation = activation or tf.tanh
        self.initializer = initializer or tf.keras.initializers.GlorotUniform()
        self.cell_name = cell_name or self.name
        self.kernel = None
        self.bias = None

    @property
    def state_size(self):
        return LSTMStateTuple(self.num_units, self.num_units)

    def zero_state(self, batch_size, dtype):
        zeros = tf.zeros([batch_size, self.num_units], dtype)
        return LSTMStateTuple(zeros, zeros)

    @property
    def output_size(self):
        return self.num_units

    def make(self, name, shape, initializer, dtype):
        """A variable `<current name scope>/<cell name>/<name>`, named as one path: inside a
        tf.function a scope entered twice is numbered (`basic_lstm_cell_1`)."""
        return tf.Variable(initializer(shape, dtype), name=self.cell_name + "/" + name)

    def __call__(self, inputs, state):
        inputs = tf.convert_to_tensor(inputs)
        c, h = state
        if self.kernel is None:
            width = inputs.shape[-1] + self.num_units
            self.kernel = self.make("kernel", [width, 4 * self.num_units], self.initializer,
                                    inputs.dtype)
            self.bias = self.make("bias", [4 * self.num_units], tf.zeros_initializer(),
                                  inputs.dtype)
        gates = tf.matmul(tf.concat([inputs, h], 1), self.kernel) + self.bias
        i, j, f, o = tf.split(gates, 4, axis=1)
        new_c = c * tf.sigmoid(f + self.forget_bias) + tf.sigmoid(i) * self.activation(j)
        new_h = self.activation(new_c) * tf.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


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


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None,
                              initial_state_fw=None, initial_state_bw=None, dtype=None,
                              time_major=False, scope=None):
    """TF1's `tf.nn.bidirectional_dynamic_rnn`: the forward cell runs in `scope/fw` (TF1's
    "bidirectional_rnn"), the backward one over the reversed sequences in `scope/bw`.
    Returns ((outputs_fw, outputs_bw), (state_fw, state_bw))."""
    with tf.name_scope(scope or "bidirectional_rnn"):
        time_axis, batch_axis = (0, 1) if time_major else (1, 0)

        def reverse(tensor):
            if sequence_length is None:
                return tf.reverse(tensor, [time_axis])
            return tf.reverse_sequence(tensor, sequence_length, seq_axis=time_axis,
                                       batch_axis=batch_axis)

        outputs_fw, state_fw = dynamic_rnn(cell_fw, inputs, sequence_length,
                                           initial_state_fw, dtype, time_major, scope="fw")
        outputs_bw, state_bw = dynamic_rnn(cell_bw, reverse(inputs), sequence_length,
                                           initial_state_bw, dtype, time_major, scope="bw")
        return (outputs_fw, reverse(outputs_bw)), (state_fw, state_bw)


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


class BasicLSTMCell(tf.Module):
    """TF1's `tf.nn.rnn_cell.BasicLSTMCell`: the same `kernel`/`bias` variables, made on the
    first call."""

    def __init__(self, num_units, forget_bias=1.0, activation=None, initializer=None,
                 cell_name=None, name=None):
        super().__init__(name=name)
        self.num_units = num_units
        self.forget_bias = forget_bias
        self.activation = activation or tf.tanh
        self.initializer = initializer or tf.keras.initializers.GlorotUniform()
        self.cell_name = cell_name or self.name
        self.kernel = None
        self.bias = None

    @property
    def state_size(self):
        return LSTMStateTuple(self.num_units, self.num_units)

    def zero_state(self, batch_size, dtype):
        zeros = tf.zeros([batch_size, self.num_units], dtype)
        return LSTMStateTuple(zeros, zeros)

    @property
    def output_size(self):
        return self.num_units

    def make(self, name, shape, initializer, dtype):
        """A variable `<current name scope>/<cell name>/<name>`, named as one path: inside a
        tf.function a scope entered twice is numbered (`basic_lstm_cell_1`)."""
        return tf.Variable(initializer(shape, dtype), name=self.cell_name + "/" + name)

    def __call__(self, inputs, state):
        inputs = tf.convert_to_tensor(inputs)
        c, h = state
        if self.kernel is None:
            width = inputs.shape[-1] + self.num_units
            self.kernel = self.make("kernel", [width, 4 * self.num_units], self.initializer,
                                    inputs.dtype)
            self.bias = self.make("bias", [4 * self.num_units], tf.zeros_initializer(),
                                  inputs.dtype)
        gates = tf.matmul(tf.concat([inputs, h], 1), self.kernel) + self.bias
        i, j, f, o = tf.split(gates, 4, axis=1)
        new_c = c * tf.sigmoid(f + self.forget_bias) + tf.sigmoid(i) * self.activation(j)
        new_h = self.activation(new_c) * tf.sigmoid(o)
        return new_h, LSTMStateTuple(new_c, new_h)


class GRUCell(tf.Module):
    """TF1's `tf.nn.rnn_cell.GRUCell`: the same `gates/*` and `candidate/*` variables, made
    on the first call."""

    def __init__(self, num_units, activation=None, kernel_initializer=None,
                 bias_initializer=None, cell_name=None, name=None):
        super().__init__(name=name)
        self.num_units = num_units
        self.activation = activation or tf.tanh
        self.kernel_initializer = kernel_initializer or tf.keras.initializers.GlorotUniform()
        self.bias_initializer = bias_initializer
        self.cell_name = cell_name or self.name
        self.gate_kernel = None

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
        if self.gate_kernel is None:
            width, units, dtype = inputs.shape[-1] + self.num_units, self.num_units, inputs.dtype
            self.gate_kernel = self.make("gates/kernel", [width, 2 * units],
                                         self.kernel_initializer, dtype)
            self.gate_bias = self.make("gates/bias", [2 * units],
                                       self.bias_initializer or tf.constant_initializer(1.0),
                                       dtype)
            self.candidate_kernel = self.make("candidate/kernel", [width, units],
                                              self.kernel_initializer, dtype)
            self.candidate_bias = self.make("candidate/bias", [units],
                                            self.bias_initializer or tf.zeros_initializer(),
                                            dtype)
        gates = tf.sigmoid(tf.matmul(tf.concat([inputs, state], 1), self.gate_kernel)
                           + self.gate_bias)
        r, u = tf.split(gates, 2, axis=1)
        candidate = tf.matmul(tf.concat([inputs, r * state], 1), self.candidate_kernel)
        c = self.activation(candidate + self.candidate_bias)
        new_h = u * state + (1 - u) * c
        return new_h, new_h


class DropoutWrapper:
    """TF1's `tf.nn.rnn_cell.DropoutWrapper` (input and output dropout): made on every call, so
    the keep probabilities are the current ones; the wrapped cell keeps the variables."""

    def __init__(self, cell, input_keep_prob=1.0, output_keep_prob=1.0, seed=None):
        self.cell = cell
        self.input_keep_prob = input_keep_prob
        self.output_keep_prob = output_keep_prob
        self.seed = seed

    @property
    def state_size(self):
        return self.cell.state_size

    @property
    def output_size(self):
        return self.cell.output_size

    def zero_state(self, batch_size, dtype):
        return self.cell.zero_state(batch_size, dtype)

    def dropout(self, values, keep_prob):
        if isinstance(keep_prob, (int, float)) and keep_prob == 1:
            return values
        return tf.nn.dropout(values, rate=1 - keep_prob, seed=self.seed)

    def __call__(self, inputs, state):
        output, new_state = self.cell(self.dropout(inputs, self.input_keep_prob), state)
        return self.dropout(output, self.output_keep_prob), new_state


class Encode(ScopedModule):
    def __init__(self, name="encoder"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, inputs, lengths, num_units):
        cell_fw = self.child(LSTMCell, "lstm_cell", num_units, forget_bias=1.0)
        cell_bw = self.child(LSTMCell, "lstm_cell_1",
                             num_units, forget_bias=1.0, cell_name="lstm_cell")
        (out_fw, out_bw), (state_fw, state_bw) = bidirectional_dynamic_rnn(
            cell_fw, cell_bw, inputs, sequence_length=lengths, dtype=tf.float32)
        outputs = tf.concat([out_fw, out_bw], axis=-1)
        c = tf.concat([state_fw.c, state_bw.c], axis=-1)
        h = tf.concat([state_fw.h, state_bw.h], axis=-1)
        return outputs, LSTMStateTuple(c, h)


class Decode(ScopedModule):
    def __init__(self, name="decoder"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, targets, initial_state, num_units):
        cell = self.child(BasicLSTMCell, "basic_lstm_cell", 2 * num_units)
        outputs, _ = dynamic_rnn(cell, targets, initial_state=initial_state)
        return self.child(Dense, "projection", 3)(outputs)


class Summarize(ScopedModule):
    def __init__(self, name="summary"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, inputs, num_units, keep_prob=1.0):
        cell = self.child(GRUCell, "gru_cell", num_units, activation=tf.nn.relu)
        cell = DropoutWrapper(cell, input_keep_prob=keep_prob)
        batch = tf.shape(inputs)[1]
        state0 = cell.zero_state(batch, tf.float32)
        _, state = dynamic_rnn(cell, inputs, initial_state=state0, time_major=True)
        return state


class Seq2seq(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    def __call__(self, source, lengths, target, summary_in, num_units=4):
        memory, state = self.child(Encode, "encoder")(source, lengths, num_units)
        logits = self.child(Decode, "decoder")(target, state, num_units)
        return logits, self.child(Summarize, "summary")(summary_in,
                                                        num_units), tf.reduce_mean(memory)
