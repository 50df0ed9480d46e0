"""A small sentence encoder, written the way 2018-era TF1 research code was."""
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


class LayerNormLayer(tf.Module):
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

  @tf.Module.with_name_scope
  def __call__(self, inputs):
    inputs = tf.convert_to_tensor(inputs)
    rank = inputs.shape.rank
    params_shape = inputs.shape[self.begin_params_axis:]
    if self.center and self.beta is None:
      self.beta = tf.Variable(tf.zeros_initializer()(params_shape, inputs.dtype),
                              name="beta", trainable=self.trainable)
    if self.scale and self.gamma is None:
      self.gamma = tf.Variable(tf.ones_initializer()(params_shape, inputs.dtype),
                               name="gamma", trainable=self.trainable)
    begin = self.begin_norm_axis + rank if self.begin_norm_axis < 0 else self.begin_norm_axis
    mean, variance = tf.nn.moments(inputs, list(range(begin, rank)), keepdims=True)
    epsilon = 1e-3 if inputs.dtype == tf.float16 else 1e-12
    outputs = tf.nn.batch_normalization(inputs, mean, variance, offset=self.beta,
                                        scale=self.gamma, variance_epsilon=epsilon)
    return outputs if self.activation_fn is None else self.activation_fn(outputs)


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


class EncoderConfig(object):

  def __init__(self, vocab_size, width=16, depth=2, inner_size=24, drop_rate=0.1,
               init_stddev=0.02):
    self.vocab_size = vocab_size
    self.width = width
    self.depth = depth
    self.inner_size = inner_size
    self.drop_rate = drop_rate
    self.init_stddev = init_stddev


def make_init(stddev=0.02):
  return tf.keras.initializers.TruncatedNormal(stddev=stddev)


def dims_of(tensor, rank=None, name=None):
  """Static dimensions where known, dynamic ones elsewhere."""
  if name is None:
    name = getattr(tensor, "name", None)
  static = tensor.shape.as_list()
  if rank is not None and len(static) != rank:
    raise ValueError("%s has rank %d, not %d" % (name, len(static), rank))
  dynamic = tf.shape(tensor)
  return [dynamic[i] if d is None else d for i, d in enumerate(static)]


class LayerNorm(ScopedModule):
  def __init__(self, name=None):
    super().__init__(name=name)

  def __call__(self, x, name=None):
    """Normalizes the last axis."""
    return self.child(
        LayerNormLayer, name if name is not None else "LayerNorm",
        begin_norm_axis=-1, begin_params_axis=-1)(x)


class NormAndDrop(ScopedModule):
  def __init__(self, name=None):
    super().__init__(name=name)

  def __call__(self, x, drop_rate, name=None):
    out = self.child(LayerNorm, "layer_norm")(x, name)
    if drop_rate:
      out = tf.nn.dropout(out, rate=drop_rate)
    return out


class Lookup(tf.Module):
  def __init__(self, name=None):
    super().__init__(name=name)
    self.table = None

  def __call__(self, ids, vocab_size, width, stddev, table_name="tokens"):
    if self.table is None:
      self.table = tf.Variable(make_init(stddev)([vocab_size, width], tf.float32), name=table_name)
    table = self.table
    return tf.gather(table, ids), table


class Mixer(ScopedModule):
  def __init__(self, name=None):
    super().__init__(name=name)

  def __call__(self, x, inner_size, stddev):
    batch, length, width = dims_of(x, rank=3)
    flat = tf.reshape(x, [batch * length, width])
    with self.scope("inner"):
      h = self.child(Dense, "dense", inner_size, activation=tf.nn.relu,
                     kernel_initializer=make_init(stddev))(flat)
    with self.scope("outer"):
      h = self.child(Dense, "dense", width, kernel_initializer=make_init(stddev))(h)
      h = self.child(LayerNorm, "layer_norm")(h + flat)
    return tf.reshape(h, [batch, length, width])


class SentenceEncoder(ScopedModule):

  def __init__(self, config, is_training, ids, scope=None):
    super().__init__(name=scope or "encoder")
    drop_rate = config.drop_rate if is_training else 0.0
    with self.name_scope:
      with self.scope("embeddings"):
        self.embedded, self.table = self.child(Lookup, "lookup")(ids, config.vocab_size,
                                                                 config.width,
                                                                 config.init_stddev)
        h = self.child(NormAndDrop, "norm_and_drop")(self.embedded, drop_rate)
      for i in range(config.depth):
        with self.scope("layer_%d" % i):
          h = self.child(Mixer, "mixer")(h, config.inner_size, config.init_stddev)
      self.sequence = h
      with self.scope("pooler"):
        self.pooled = self.child(Dense, "dense", config.width, activation=tf.tanh,
                                 kernel_initializer=make_init(config.init_stddev))(h[:, 0])

  def get_pooled(self):
    return self.pooled
