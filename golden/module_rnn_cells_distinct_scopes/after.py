"""Recurrent cells in distinct scopes: an LSTM over a list of steps, then a reused GRU cell."""
import numpy as np
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


def ortho_init(scale=1.0):
    def _ortho_init(shape, dtype, partition_info=None):
        shape = tuple(shape)
        flat_shape = (shape[0], int(np.prod(shape[1:])))
        a = np.random.normal(0.0, 1.0, flat_shape)
        u, _, v = np.linalg.svd(a, full_matrices=False)
        q = u if u.shape == flat_shape else v
        return (scale * q.reshape(shape)).astype(np.float32)
    return _ortho_init


class Lstm(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.wx = None
        self.wh = None
        self.b = None

    @tf.Module.with_name_scope
    def __call__(self, xs, s, nh, init_scale=1.0):
        nin = xs[0].shape[1]
        if self.wx is None:
            self.wx = tf.Variable(ortho_init(init_scale)([nin, nh * 4], tf.float32), name="wx")
        wx = self.wx
        if self.wh is None:
            self.wh = tf.Variable(ortho_init(init_scale)([nh, nh * 4], tf.float32), name="wh")
        wh = self.wh
        if self.b is None:
            self.b = tf.Variable(tf.constant_initializer(0.0)([nh * 4], tf.float32), name="b")
        b = self.b
        c, h = tf.split(axis=1, num_or_size_splits=2, value=s)
        for idx, x in enumerate(xs):
            z = tf.matmul(x, wx) + tf.matmul(h, wh) + b
            i, f, o, u = tf.split(axis=1, num_or_size_splits=4, value=z)
            i = tf.nn.sigmoid(i)
            f = tf.nn.sigmoid(f)
            o = tf.nn.sigmoid(o)
            u = tf.tanh(u)
            c = f * c + i * u
            h = o * tf.tanh(c)
            xs[idx] = h
        s = tf.concat(axis=1, values=[c, h])
        return xs, s


class GruCell(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.w_gates = None
        self.b_gates = None
        self.w_candidate = None

    @tf.Module.with_name_scope
    def __call__(self, x, h):
        n = h.shape[-1]
        if self.w_gates is None:
            self.w_gates = tf.Variable(
                tf.keras.initializers.GlorotUniform()([x.shape[-1] + n, 2 * n], tf.float32),
                name="w_gates")
        w_gates = self.w_gates
        if self.b_gates is None:
            self.b_gates = tf.Variable(
                tf.constant_initializer(1.0)([2 * n], tf.float32),
                name="b_gates")
        b_gates = self.b_gates
        if self.w_candidate is None:
            self.w_candidate = tf.Variable(
                tf.keras.initializers.GlorotUniform()([x.shape[-1] + n, n], tf.float32),
                name="w_candidate")
        w_candidate = self.w_candidate
        gates = tf.sigmoid(tf.matmul(tf.concat([x, h], axis=1), w_gates) + b_gates)
        r, z = tf.split(gates, 2, axis=1)
        candidate = tf.tanh(tf.matmul(tf.concat([x, r * h], axis=1), w_candidate))
        return z * h + (1 - z) * candidate


class Encoder(ScopedModule):
    def __init__(self, name="model"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, inputs, state, h0):
        xs = tf.unstack(inputs, axis=1)
        xs, state = self.child(Lstm, "lstm1")(xs, state, 8)
        outputs = []
        h = h0
        for t, x in enumerate(xs):
            h = self.child(GruCell, "gru")(x, h)
            outputs.append(h)
        return tf.stack(outputs, axis=1), state
