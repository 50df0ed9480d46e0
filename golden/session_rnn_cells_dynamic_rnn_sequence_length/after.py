"""Sequence classification with a two-layer LSTM over padded sequences: cells, MultiRNNCell
and dynamic_rnn with sequence_length at module level, trained with a session."""
import collections

import numpy as np
import tensorflow as tf


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


LSTMStateTuple = collections.namedtuple("LSTMStateTuple", ["c", "h"])


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


tf.random.set_seed(5)
n_steps, n_input, n_hidden, n_classes = 6, 3, 8, 2

x_spec = tf.TensorSpec([None, n_steps, n_input], tf.float32)
lengths_spec = tf.TensorSpec([None], tf.int32)
y_spec = tf.TensorSpec([None], tf.int64)

cells = [BasicLSTMCell(n_hidden) for _ in range(2)]
stack = MultiRNNCell(cells)


def outputs_state(x, lengths):
    return dynamic_rnn(stack, x, sequence_length=lengths, dtype=tf.float32)


@tf.function(input_signature=[x_spec, lengths_spec])
def outputs(x, lengths):
    return outputs_state(x, lengths)[0]


def state(x, lengths):
    return outputs_state(x, lengths)[1]


def last(x, lengths):
    return state(x, lengths)[-1].h


w = tf.Variable(tf.random.truncated_normal([n_hidden, n_classes], stddev=0.1), name="w")
b = tf.Variable(tf.zeros([n_classes]), name="b")


def logits(x, lengths):
    return tf.matmul(last(x, lengths), w) + b


def loss(x, lengths, y):
    return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits(x, lengths)))


adam = tf.keras.optimizers.Adam(0.02, epsilon=1e-08)


@tf.function(input_signature=[x_spec, lengths_spec, y_spec])
def train_op(x, lengths, y):
    with tf.GradientTape() as tape:
        loss_value = loss(x, lengths, y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss_value, variables)
    adam.apply_gradients(zip(gradients, variables))
    return loss_value


@tf.function(input_signature=[x_spec, lengths_spec, y_spec])
def accuracy(x, lengths, y):
    return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(logits(x, lengths), 1), y), tf.float32))


rng = np.random.RandomState(11)
data = rng.randn(40, n_steps, n_input).astype(np.float32)
seq_lengths = rng.randint(2, n_steps + 1, size=40).astype(np.int32)
labels = (data[np.arange(40), seq_lengths - 1, 0] > 0).astype(np.int64)

for step in range(30):
    value = train_op(data, seq_lengths, labels).numpy()
    if step % 10 == 0:
        print("step %d loss %.4f" % (step, value))
print("accuracy %.3f" % accuracy(data, seq_lengths, labels).numpy())
print("padded outputs are zero:", bool(np.all(outputs(data[:1], [2]).numpy()[0, 2:] == 0)))
