"""A small sentence encoder, written the way 2018-era TF1 research code was."""
import tensorflow as tf


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
  return tf.truncated_normal_initializer(stddev=stddev)


def dims_of(tensor, rank=None, name=None):
  """Static dimensions where known, dynamic ones elsewhere."""
  if name is None:
    name = tensor.name
  static = tensor.shape.as_list()
  if rank is not None and len(static) != rank:
    raise ValueError("%s has rank %d, not %d" % (name, len(static), rank))
  dynamic = tf.shape(tensor)
  return [dynamic[i] if d is None else d for i, d in enumerate(static)]


def layer_norm(x, name=None):
  """Normalizes the last axis."""
  return tf.contrib.layers.layer_norm(
      inputs=x, begin_norm_axis=-1, begin_params_axis=-1, scope=name)


def norm_and_drop(x, drop_rate, name=None):
  out = layer_norm(x, name)
  if drop_rate:
    out = tf.nn.dropout(out, keep_prob=1.0 - drop_rate)
  return out


def lookup(ids, vocab_size, width, stddev, table_name="tokens"):
  table = tf.get_variable(table_name, [vocab_size, width],
                          initializer=make_init(stddev))
  return tf.gather(table, ids), table


def mixer(x, inner_size, stddev):
  batch, length, width = dims_of(x, rank=3)
  flat = tf.reshape(x, [batch * length, width])
  with tf.variable_scope("inner"):
    h = tf.layers.dense(flat, inner_size, activation=tf.nn.relu,
                        kernel_initializer=make_init(stddev))
  with tf.variable_scope("outer"):
    h = tf.layers.dense(h, width, kernel_initializer=make_init(stddev))
    h = layer_norm(h + flat)
  return tf.reshape(h, [batch, length, width])


class SentenceEncoder(object):

  def __init__(self, config, is_training, ids, scope=None):
    drop_rate = config.drop_rate if is_training else 0.0
    with tf.variable_scope(scope, default_name="encoder"):
      with tf.variable_scope("embeddings"):
        self.embedded, self.table = lookup(ids, config.vocab_size, config.width,
                                           config.init_stddev)
        h = norm_and_drop(self.embedded, drop_rate)
      for i in range(config.depth):
        with tf.variable_scope("layer_%d" % i):
          h = mixer(h, config.inner_size, config.init_stddev)
      self.sequence = h
      with tf.variable_scope("pooler"):
        self.pooled = tf.layers.dense(h[:, 0], config.width, activation=tf.tanh,
                                      kernel_initializer=make_init(config.init_stddev))

  def get_pooled(self):
    return self.pooled
