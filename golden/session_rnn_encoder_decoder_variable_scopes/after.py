"""An encoder-decoder: RNN cells in tf.variable_scope blocks at module level, the decoder
started from the encoder's state, trained through a session."""
import numpy as np
import tensorflow as tf


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


tf.random.set_seed(2)
enc_in_spec = tf.TensorSpec([None, 4, 3], tf.float32)
dec_in_spec = tf.TensorSpec([None, 4, 3], tf.float32)
targets_spec = tf.TensorSpec([None, 4], tf.int64)
enc_cell = GRUCell(5)


def outputs_enc_state(enc_in):
    return dynamic_rnn(enc_cell, enc_in, dtype=tf.float32, scope="encode/rnn")


def enc_state(enc_in):
    return outputs_enc_state(enc_in)[1]


dec_cell = BasicRNNCell(5)
dec_cell = DropoutWrapper(dec_cell, output_keep_prob=1.0)


def outputs_dec_state(enc_in, dec_in):
    return dynamic_rnn(
        dec_cell, dec_in, initial_state=enc_state(enc_in), dtype=tf.float32, scope="decode/rnn"
    )


def outputs(enc_in, dec_in):
    return outputs_dec_state(enc_in, dec_in)[0]


w = tf.Variable(tf.random.normal([5, 3], stddev=0.1), name="proj")


def logits(enc_in, dec_in):
    return tf.einsum("btu,uc->btc", outputs(enc_in, dec_in), w)


def cost(enc_in, dec_in, targets):
    return tf.reduce_mean(
        tf.nn.sparse_softmax_cross_entropy_with_logits(
            logits=logits(enc_in, dec_in), labels=targets
        )
    )


adam = tf.keras.optimizers.Adam(0.05, epsilon=1e-08)


@tf.function(input_signature=[enc_in_spec, dec_in_spec, targets_spec])
def train(enc_in, dec_in, targets):
    with tf.GradientTape() as tape:
        loss = cost(enc_in, dec_in, targets)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    adam.apply_gradients(zip(gradients, variables))
    return loss


rng = np.random.RandomState(0)
a, b = rng.randn(8, 4, 3).astype(np.float32), rng.randn(8, 4, 3).astype(np.float32)
t = rng.randint(0, 3, (8, 4))
for i in range(20):
    c = train(a, b, t).numpy()
    if i % 5 == 0:
        print(i, c)
