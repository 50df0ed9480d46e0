"""Source templates of the helper classes the modules codemod emits into a migrated file.

Each is formatted with `module` (the file's spelling of `tf.Module`), `tf` (its TF alias) and
`cls` (the class name, which may be renamed to avoid a collision), then parsed. They are data:
kept apart so the codemod's logic reads on its own, and each template states which TF1 object
it reproduces and the variables it makes (names, shapes, initializers), since those are what
make old checkpoints load.
"""

BASE_TEMPLATE = '''class {base}({module}):
    """A tf.Module that keeps TF1's variable names: child modules and variables are made on
    first use, under the name scope current at that point, and found again by scope path."""

    def __init__(self, name=None):
        super().__init__(name=name)
        self.children = {{}}
        self.scope_path = ""

    def child(self, module_class, scope, *args, **kwargs):
        """The child module for `scope` under the current scope path, made on first use."""
        key = self.scope_path + scope
        if key not in self.children:
            self.children[key] = module_class(*args, name=scope, **kwargs)
        return self.children[key]
'''
#: Added to the base class when a converted body opens nested scopes or makes variables in
#: them (or in loops): TF1's `variable_scope(name)` and `get_variable` there.
SCOPE_METHODS = '''
    @contextlib.contextmanager
    def scope(self, name):
        """A TF1 `variable_scope(name)` opened inside this module."""
        outer = self.scope_path
        self.scope_path = outer + name + "/"
        try:
            with {tf}.name_scope(name):
                yield
        finally:
            self.scope_path = outer

    def variable(self, name, make):
        """The variable `name` under the current scope path, made by `make()` on first use."""
        key = self.scope_path + name
        if key not in self.children:
            self.children[key] = make()
        return self.children[key]
'''
#: TF1's `tf.layers.dense` as a tf.Module with the same `kernel` and `bias` variables.
DENSE_TEMPLATE = '''class {cls}({module}):
    """TF1's `tf.layers.dense`: the same `kernel`/`bias` variables, made on the first call."""

    def __init__(self, units, activation=None, use_bias=True, kernel_initializer=None,
                 bias_initializer=None, trainable=True, name=None):
        super().__init__(name=name)
        self.units = units
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer or {tf}.keras.initializers.GlorotUniform()
        self.bias_initializer = bias_initializer or {tf}.zeros_initializer()
        self.trainable = trainable
        self.kernel = None
        self.bias = None

    @{module}.with_name_scope
    def __call__(self, inputs):
        inputs = {tf}.convert_to_tensor(inputs)
        if self.kernel is None:
            self.kernel = {tf}.Variable(
                self.kernel_initializer([inputs.shape[-1], self.units], inputs.dtype),
                name="kernel", trainable=self.trainable)
            if self.use_bias:
                self.bias = {tf}.Variable(self.bias_initializer([self.units], inputs.dtype),
                                        name="bias", trainable=self.trainable)
        if inputs.shape.rank == 2:
            outputs = {tf}.matmul(inputs, self.kernel)
        else:
            outputs = {tf}.tensordot(inputs, self.kernel, [[inputs.shape.rank - 1], [0]])
        if self.use_bias:
            outputs = {tf}.nn.bias_add(outputs, self.bias)
        return outputs if self.activation is None else self.activation(outputs)
'''
#: TF1's `tf.layers.conv2d` as a tf.Module with the same `kernel` and `bias` variables.
CONV2D_TEMPLATE = '''class {cls}({module}):
    """TF1's `tf.layers.conv2d`: the same `kernel`/`bias` variables, made on the first call."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", dilation_rate=(1, 1), activation=None,
                 use_bias=True, kernel_initializer=None, bias_initializer=None, trainable=True,
                 name=None):
        super().__init__(name=name)

        def pair(value):
            return tuple(value) if isinstance(value, (list, tuple)) else (value, value)

        self.filters = filters
        self.kernel_size = pair(kernel_size)
        self.strides = pair(strides)
        self.dilation_rate = pair(dilation_rate)
        self.padding = padding.upper()
        self.data_format = "NHWC" if data_format == "channels_last" else "NCHW"
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer or {tf}.keras.initializers.GlorotUniform()
        self.bias_initializer = bias_initializer or {tf}.zeros_initializer()
        self.trainable = trainable
        self.kernel = None
        self.bias = None

    @{module}.with_name_scope
    def __call__(self, inputs):
        inputs = {tf}.convert_to_tensor(inputs)
        channels = inputs.shape[-1 if self.data_format == "NHWC" else 1]
        if self.kernel is None:
            self.kernel = {tf}.Variable(
                self.kernel_initializer([*self.kernel_size, channels, self.filters],
                                        inputs.dtype),
                name="kernel", trainable=self.trainable)
            if self.use_bias:
                self.bias = {tf}.Variable(self.bias_initializer([self.filters], inputs.dtype),
                                        name="bias", trainable=self.trainable)
        outputs = {tf}.nn.conv2d(inputs, self.kernel, strides=self.strides,
                               padding=self.padding, data_format=self.data_format,
                               dilations=self.dilation_rate)
        if self.use_bias:
            outputs = {tf}.nn.bias_add(outputs, self.bias, data_format=self.data_format)
        return outputs if self.activation is None else self.activation(outputs)
'''

#: TF1's `tf.layers.conv2d_transpose` as a tf.Module with the same `kernel` and `bias`
#: variables; the output size is TF1's: `size * stride`, plus `kernel - stride` for "valid".
CONV2D_TRANSPOSE_TEMPLATE = '''class {cls}({module}):
    """TF1's `tf.layers.conv2d_transpose`: the same `kernel`/`bias` variables, made on the
    first call; the kernel is [height, width, filters, input channels]."""

    def __init__(self, filters, kernel_size, strides=(1, 1), padding="valid",
                 data_format="channels_last", activation=None, use_bias=True,
                 kernel_initializer=None, bias_initializer=None, trainable=True, name=None):
        super().__init__(name=name)

        def pair(value):
            return tuple(value) if isinstance(value, (list, tuple)) else (value, value)

        self.filters = filters
        self.kernel_size = pair(kernel_size)
        self.strides = pair(strides)
        self.padding = padding.upper()
        self.data_format = "NHWC" if data_format == "channels_last" else "NCHW"
        self.activation = activation
        self.use_bias = use_bias
        self.kernel_initializer = kernel_initializer or {tf}.keras.initializers.GlorotUniform()
        self.bias_initializer = bias_initializer or {tf}.zeros_initializer()
        self.trainable = trainable
        self.kernel = None
        self.bias = None

    def output_size(self, size, kernel, stride):
        """TF1's output length along one spatial axis."""
        return size * stride + (max(kernel - stride, 0) if self.padding == "VALID" else 0)

    @{module}.with_name_scope
    def __call__(self, inputs):
        inputs = {tf}.convert_to_tensor(inputs)
        channels_last = self.data_format == "NHWC"
        if self.kernel is None:
            channels = inputs.shape[-1 if channels_last else 1]
            self.kernel = {tf}.Variable(
                self.kernel_initializer([*self.kernel_size, self.filters, channels],
                                        inputs.dtype),
                name="kernel", trainable=self.trainable)
            if self.use_bias:
                self.bias = {tf}.Variable(self.bias_initializer([self.filters], inputs.dtype),
                                        name="bias", trainable=self.trainable)
        shape = {tf}.shape(inputs)
        spatial = [shape[1], shape[2]] if channels_last else [shape[2], shape[3]]
        sizes = [self.output_size(size, kernel, stride) for size, kernel, stride
                 in zip(spatial, self.kernel_size, self.strides)]
        output_shape = [shape[0], *sizes, self.filters] if channels_last \\
            else [shape[0], self.filters, *sizes]
        outputs = {tf}.nn.conv2d_transpose(inputs, self.kernel, {tf}.stack(output_shape),
                                         strides=self.strides, padding=self.padding,
                                         data_format=self.data_format)
        if self.use_bias:
            outputs = {tf}.nn.bias_add(outputs, self.bias, data_format=self.data_format)
        return outputs if self.activation is None else self.activation(outputs)
'''
#: TF1's `tf.layers.batch_normalization` as a tf.Module with the same four variables.
BATCH_NORMALIZATION_TEMPLATE = '''class {cls}({module}):
    """TF1's `tf.layers.batch_normalization`: the same `gamma`/`beta` and non-trainable
    `moving_mean`/`moving_variance` variables, made on the first call.

    Inference normalizes with the moving statistics. Training normalizes with the batch
    moments and updates the moving averages at once, as Keras does: TF1 left those updates in
    UPDATE_OPS for the caller to run, as correct TF1 training code did. As in TF1, 4-D inputs
    (TF1's fused kernel, unless fused=False) move the variance towards the unbiased one."""

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True,
                 beta_initializer=None, gamma_initializer=None, moving_mean_initializer=None,
                 moving_variance_initializer=None, trainable=True, fused=None, name=None):
        super().__init__(name=name)
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.beta_initializer = beta_initializer or {tf}.zeros_initializer()
        self.gamma_initializer = gamma_initializer or {tf}.ones_initializer()
        self.moving_mean_initializer = moving_mean_initializer or {tf}.zeros_initializer()
        self.moving_variance_initializer = moving_variance_initializer or {tf}.ones_initializer()
        self.trainable = trainable
        self.fused = fused
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None

    @{module}.with_name_scope
    def __call__(self, inputs, training=False):
        inputs = {tf}.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        axis = self.axis % rank
        dtype = {tf}.float32 if inputs.dtype in ({tf}.float16, {tf}.bfloat16) else inputs.dtype
        if self.moving_mean is None:
            size = [inputs.shape[axis]]
            if self.scale:
                self.gamma = {tf}.Variable(self.gamma_initializer(size, dtype), name="gamma",
                                         trainable=self.trainable)
            if self.center:
                self.beta = {tf}.Variable(self.beta_initializer(size, dtype), name="beta",
                                        trainable=self.trainable)
            self.moving_mean = {tf}.Variable(self.moving_mean_initializer(size, dtype),
                                           name="moving_mean", trainable=False)
            self.moving_variance = {tf}.Variable(self.moving_variance_initializer(size, dtype),
                                               name="moving_variance", trainable=False)
        shape = [inputs.shape[axis] if i == axis else 1 for i in range(rank)]
        reshape = lambda value: None if value is None else {tf}.reshape(value, shape)  # noqa: E731
        x = {tf}.cast(inputs, dtype)
        if training:
            reduced = [i for i in range(rank) if i != axis]
            mean, variance = {tf}.nn.moments(x, reduced)
            unbiased = variance
            if self.fused is not False and rank == 4 and axis in (1, 3):
                count = {tf}.cast({tf}.size(x) // {tf}.size(variance), dtype)
                unbiased = variance * count / (count - 1)
            decay = 1 - self.momentum
            self.moving_mean.assign_sub((self.moving_mean - mean) * decay)
            self.moving_variance.assign_sub((self.moving_variance - unbiased) * decay)
        else:
            mean, variance = self.moving_mean, self.moving_variance
        outputs = {tf}.nn.batch_normalization(x, reshape(mean), reshape(variance),
                                            reshape(self.beta), reshape(self.gamma),
                                            self.epsilon)
        return {tf}.cast(outputs, inputs.dtype)
'''

#: TF1's `tf.contrib.layers.layer_norm` as a tf.Module with the same `beta`/`gamma` variables.
LAYER_NORM_TEMPLATE = '''class {cls}({module}):
    """TF1's `tf.contrib.layers.layer_norm`: the same `beta`/`gamma` variables, made on the
    first call; normalizes over the axes from `begin_norm_axis` on, with TF1's epsilon."""

    def __init__(self, center=True, scale=True, activation_fn=None, trainable=True,
                 begin_norm_axis=1, begin_params_axis=-1, name=None):
        super().__init__(name=name)
        self.center = center
        self.scale = scale
        self.activation_fn = activation_fn
        self.trainable = trainable
        self.begin_norm_axis = begin_norm_axis
        self.begin_params_axis = begin_params_axis
        self.beta = None
        self.gamma = None

    @{module}.with_name_scope
    def __call__(self, inputs):
        inputs = {tf}.convert_to_tensor(inputs)
        rank = inputs.shape.rank
        params_shape = inputs.shape[self.begin_params_axis:]
        if self.center and self.beta is None:
            self.beta = {tf}.Variable({tf}.zeros_initializer()(params_shape, inputs.dtype),
                                    name="beta", trainable=self.trainable)
        if self.scale and self.gamma is None:
            self.gamma = {tf}.Variable({tf}.ones_initializer()(params_shape, inputs.dtype),
                                     name="gamma", trainable=self.trainable)
        begin = self.begin_norm_axis + rank if self.begin_norm_axis < 0 else self.begin_norm_axis
        mean, variance = {tf}.nn.moments(inputs, list(range(begin, rank)), keepdims=True)
        epsilon = 1e-3 if inputs.dtype == {tf}.float16 else 1e-12
        outputs = {tf}.nn.batch_normalization(inputs, mean, variance, offset=self.beta,
                                            scale=self.gamma, variance_epsilon=epsilon)
        return outputs if self.activation_fn is None else self.activation_fn(outputs)
'''

#: TF1's `tf.nn.rnn_cell.LSTMStateTuple`.
LSTM_STATE_TUPLE = '''{cls} = collections.namedtuple("{cls}", ["c", "h"])
'''

#: The RNN cells: tf.Modules whose variables are made on the first call under the name scope
#: current then plus the cell's name, as TF1 made them under the variable scope of the
#: `dynamic_rnn` running the cell (`encoder/rnn/lstm_cell/kernel`).
_CELL_COMMON = '''
    @property
    def output_size(self):
        return self.num_units

    def make(self, name, shape, initializer, dtype):
        """A variable `<current name scope>/<cell name>/<name>`, named as one path: inside a
        tf.function a scope entered twice is numbered (`basic_lstm_cell_1`)."""
        return {tf}.Variable(initializer(shape, dtype), name=self.cell_name + "/" + name)
'''

#: TF1's `tf.nn.rnn_cell.BasicLSTMCell` / `LSTMCell` without peepholes, clipping or
#: projection: `kernel` [input + units, 4 * units] (glorot uniform unless given) and `bias`
#: [4 * units] (zeros); gates i, j, f, o, with `forget_bias` added to f.
LSTM_CELL = '''class {cls}({module}):
    """TF1's `{spelling}`: the same `kernel`/`bias` variables, made on the
    first call."""

    def __init__(self, num_units, forget_bias=1.0, activation=None, initializer=None,
                 cell_name=None, name=None):
        super().__init__(name=name)
        self.num_units = num_units
        self.forget_bias = forget_bias
        self.activation = activation or {tf}.tanh
        self.initializer = initializer or {tf}.keras.initializers.GlorotUniform()
        self.cell_name = cell_name or self.name
        self.kernel = None
        self.bias = None

    @property
    def state_size(self):
        return {state}(self.num_units, self.num_units)

    def zero_state(self, batch_size, dtype):
        zeros = {tf}.zeros([batch_size, self.num_units], dtype)
        return {state}(zeros, zeros)
''' + _CELL_COMMON + '''
    def __call__(self, inputs, state):
        inputs = {tf}.convert_to_tensor(inputs)
        c, h = state
        if self.kernel is None:
            width = inputs.shape[-1] + self.num_units
            self.kernel = self.make("kernel", [width, 4 * self.num_units], self.initializer,
                                    inputs.dtype)
            self.bias = self.make("bias", [4 * self.num_units], {tf}.zeros_initializer(),
                                  inputs.dtype)
        gates = {tf}.matmul({tf}.concat([inputs, h], 1), self.kernel) + self.bias
        i, j, f, o = {tf}.split(gates, 4, axis=1)
        new_c = c * {tf}.sigmoid(f + self.forget_bias) + {tf}.sigmoid(i) * self.activation(j)
        new_h = self.activation(new_c) * {tf}.sigmoid(o)
        return new_h, {state}(new_c, new_h)
'''

#: TF1's `tf.nn.rnn_cell.GRUCell`: `gates/kernel` [input + units, 2 * units], `gates/bias`
#: (ones unless given), `candidate/kernel` [input + units, units], `candidate/bias` (zeros).
GRU_CELL = '''class {cls}({module}):
    """TF1's `{spelling}`: the same `gates/*` and `candidate/*` variables, made
    on the first call."""

    def __init__(self, num_units, activation=None, kernel_initializer=None,
                 bias_initializer=None, cell_name=None, name=None):
        super().__init__(name=name)
        self.num_units = num_units
        self.activation = activation or {tf}.tanh
        self.kernel_initializer = kernel_initializer or {tf}.keras.initializers.GlorotUniform()
        self.bias_initializer = bias_initializer
        self.cell_name = cell_name or self.name
        self.gate_kernel = None

    @property
    def state_size(self):
        return self.num_units

    def zero_state(self, batch_size, dtype):
        return {tf}.zeros([batch_size, self.num_units], dtype)
''' + _CELL_COMMON + '''
    def __call__(self, inputs, state):
        inputs = {tf}.convert_to_tensor(inputs)
        if self.gate_kernel is None:
            width, units, dtype = inputs.shape[-1] + self.num_units, self.num_units, inputs.dtype
            self.gate_kernel = self.make("gates/kernel", [width, 2 * units],
                                         self.kernel_initializer, dtype)
            self.gate_bias = self.make("gates/bias", [2 * units],
                                       self.bias_initializer or {tf}.constant_initializer(1.0),
                                       dtype)
            self.candidate_kernel = self.make("candidate/kernel", [width, units],
                                              self.kernel_initializer, dtype)
            self.candidate_bias = self.make("candidate/bias", [units],
                                            self.bias_initializer or {tf}.zeros_initializer(),
                                            dtype)
        gates = {tf}.sigmoid({tf}.matmul({tf}.concat([inputs, state], 1), self.gate_kernel)
                           + self.gate_bias)
        r, u = {tf}.split(gates, 2, axis=1)
        candidate = {tf}.matmul({tf}.concat([inputs, r * state], 1), self.candidate_kernel)
        c = self.activation(candidate + self.candidate_bias)
        new_h = u * state + (1 - u) * c
        return new_h, new_h
'''

#: TF1's `tf.nn.rnn_cell.BasicRNNCell`: `kernel` [input + units, units] and `bias` (zeros).
BASIC_RNN_CELL = '''class {cls}({module}):
    """TF1's `{spelling}`: the same `kernel`/`bias` variables, made on the
    first call."""

    def __init__(self, num_units, activation=None, cell_name=None, name=None):
        super().__init__(name=name)
        self.num_units = num_units
        self.activation = activation or {tf}.tanh
        self.cell_name = cell_name or self.name
        self.kernel = None

    @property
    def state_size(self):
        return self.num_units

    def zero_state(self, batch_size, dtype):
        return {tf}.zeros([batch_size, self.num_units], dtype)
''' + _CELL_COMMON + '''
    def __call__(self, inputs, state):
        inputs = {tf}.convert_to_tensor(inputs)
        if self.kernel is None:
            width = inputs.shape[-1] + self.num_units
            self.kernel = self.make("kernel", [width, self.num_units],
                                    {tf}.keras.initializers.GlorotUniform(), inputs.dtype)
            self.bias = self.make("bias", [self.num_units], {tf}.zeros_initializer(),
                                  inputs.dtype)
        output = self.activation({tf}.matmul({tf}.concat([inputs, state], 1), self.kernel)
                                 + self.bias)
        return output, output
'''

#: TF1's `tf.nn.dynamic_rnn`, unrolled over the (static) time axis in eager mode.
DYNAMIC_RNN = '''def {cls}(cell, inputs, sequence_length=None, initial_state=None, dtype=None,
{pad}time_major=False, scope=None):
    """TF1's `tf.nn.dynamic_rnn`: `cell` runs over the time axis in the name scope `scope`
    (TF1's "rnn"), where it makes its variables. Past `sequence_length` the outputs are zero
    and the state is carried, as in TF1. Returns (outputs, final state)."""
    with {tf}.name_scope(scope or "rnn"):
        inputs = {tf}.convert_to_tensor(inputs)
        axis = 0 if time_major else 1
        steps = {tf}.unstack(inputs, axis=axis)
        state = initial_state
        if state is None:
            state = cell.zero_state({tf}.shape(steps[0])[0], dtype or inputs.dtype)
        outputs = []
        for time, step in enumerate(steps):
            output, new_state = cell(step, state)
            if sequence_length is not None:
                alive = {tf}.expand_dims(time < {tf}.convert_to_tensor(sequence_length), 1)
                output = {tf}.where(alive, output, {tf}.zeros_like(output))
                new_state = {tf}.nest.map_structure(
                    lambda new, old: {tf}.where(alive, new, old), new_state, state)
            outputs.append(output)
            state = new_state
        return {tf}.stack(outputs, axis=axis), state
'''

#: TF1's `tf.nn.static_rnn` (`tf.contrib.rnn.static_rnn`): a list of inputs, one per step.
STATIC_RNN = '''def {cls}(cell, inputs, initial_state=None, dtype=None, sequence_length=None,
{pad}scope=None):
    """TF1's `tf.nn.static_rnn`: `cell` runs over the list `inputs` in the name scope
    `scope` (TF1's "rnn"), where it makes its variables. Past `sequence_length` the outputs
    are zero and the state is carried, as in TF1. Returns (list of outputs, final state)."""
    with {tf}.name_scope(scope or "rnn"):
        inputs = [{tf}.convert_to_tensor(step) for step in inputs]
        state = initial_state
        if state is None:
            state = cell.zero_state({tf}.shape(inputs[0])[0], dtype or inputs[0].dtype)
        outputs = []
        for time, step in enumerate(inputs):
            output, new_state = cell(step, state)
            if sequence_length is not None:
                alive = {tf}.expand_dims(time < {tf}.convert_to_tensor(sequence_length), 1)
                output = {tf}.where(alive, output, {tf}.zeros_like(output))
                new_state = {tf}.nest.map_structure(
                    lambda new, old: {tf}.where(alive, new, old), new_state, state)
            outputs.append(output)
            state = new_state
        return outputs, state
'''

#: TF1's `tf.nn.bidirectional_dynamic_rnn`: `fw` and `bw` runs inside "bidirectional_rnn".
BIDIRECTIONAL_DYNAMIC_RNN = '''def {cls}(cell_fw, cell_bw, inputs, sequence_length=None,
{pad}initial_state_fw=None, initial_state_bw=None, dtype=None,
{pad}time_major=False, scope=None):
    """TF1's `tf.nn.bidirectional_dynamic_rnn`: the forward cell runs in `scope/fw` (TF1's
    "bidirectional_rnn"), the backward one over the reversed sequences in `scope/bw`.
    Returns ((outputs_fw, outputs_bw), (state_fw, state_bw))."""
    with {tf}.name_scope(scope or "bidirectional_rnn"):
        time_axis, batch_axis = (0, 1) if time_major else (1, 0)

        def reverse(tensor):
            if sequence_length is None:
                return {tf}.reverse(tensor, [time_axis])
            return {tf}.reverse_sequence(tensor, sequence_length, seq_axis=time_axis,
                                       batch_axis=batch_axis)

        outputs_fw, state_fw = {rnn}(cell_fw, inputs, sequence_length,
{pad2}initial_state_fw, dtype, time_major, scope="fw")
        outputs_bw, state_bw = {rnn}(cell_bw, reverse(inputs), sequence_length,
{pad2}initial_state_bw, dtype, time_major, scope="bw")
        return (outputs_fw, reverse(outputs_bw)), (state_fw, state_bw)
'''

#: TF1's `tf.nn.rnn_cell.MultiRNNCell` (tuple states): each cell runs in `cell_<i>` under the
#: wrapper's name (`rnn/multi_rnn_cell/cell_0/lstm_cell/kernel`).
MULTI_RNN_CELL = '''class {cls}({module}):
    """TF1's `{spelling}`: runs its cells in turn, each in `cell_<i>` under
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
        with {tf}.name_scope(self.cell_name):
            for index, cell in enumerate(self.cells):
                with {tf}.name_scope("cell_%d" % index):
                    inputs, new_state = cell(inputs, state[index])
                new_states.append(new_state)
        return inputs, tuple(new_states)
'''

#: TF1's `tf.nn.rnn_cell.DropoutWrapper` (input and output dropout). Not a module: it has no
#: variables, and it is made again on every call, so a fed keep probability stays live.
DROPOUT_WRAPPER = '''class {cls}:
    """TF1's `{spelling}` (input and output dropout): made on every call, so
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
        return {tf}.nn.dropout(values, rate=1 - keep_prob, seed=self.seed)

    def __call__(self, inputs, state):
        output, new_state = self.cell(self.dropout(inputs, self.input_keep_prob), state)
        return self.dropout(output, self.output_keep_prob), new_state
'''

#: TF1's variable-free `tf.layers` functions, for inputs that are expressions (the inline
#: rewrites in codemods.stateless_layers name their input more than once).
FLATTEN_FUNCTION = '''def {cls}(inputs):
    """TF1's `tf.layers.flatten`: one row per example, the static size kept where known."""
    return {tf}.reshape(inputs, [{tf}.shape(inputs)[0], inputs.shape[1:].num_elements() or -1])
'''

DROPOUT_FUNCTION = '''def {cls}(inputs, rate=0.5, training=False, noise_shape=None, seed=None):
    """TF1's `tf.layers.dropout`: dropout only while `training` (TF1's default: not)."""
    if training:
        return {tf}.nn.dropout(inputs, rate=rate, noise_shape=noise_shape, seed=seed)
    return inputs
'''


#: TF1's `tf.train.RMSPropOptimizer` began each mean square at 1.0; Keras' RMSprop at 0.0,
#: which makes the first steps about 1/sqrt(1 - rho) times larger.
TF1_RMSPROP = '''class {cls}({tf}.keras.optimizers.RMSprop):
    """TF1's `tf.train.RMSPropOptimizer`: Keras' RMSprop with each mean square starting
    at 1.0, as TF1's did (Keras starts it at 0.0, which makes the first steps larger)."""

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        if name == "velocity":
            initializer = "ones"
        return super().add_optimizer_variables(trainable_variables, name, initializer)
'''
