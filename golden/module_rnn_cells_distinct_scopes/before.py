"""Recurrent cells in distinct scopes: an LSTM over a list of steps, then a reused GRU cell."""
import numpy as np
import tensorflow as tf


def ortho_init(scale=1.0):
    def _ortho_init(shape, dtype, partition_info=None):
        shape = tuple(shape)
        flat_shape = (shape[0], int(np.prod(shape[1:])))
        a = np.random.normal(0.0, 1.0, flat_shape)
        u, _, v = np.linalg.svd(a, full_matrices=False)
        q = u if u.shape == flat_shape else v
        return (scale * q.reshape(shape)).astype(np.float32)
    return _ortho_init


def lstm(xs, s, scope, nh, init_scale=1.0):
    with tf.variable_scope(scope):
        nin = xs[0].get_shape()[1].value
        wx = tf.get_variable("wx", [nin, nh * 4], initializer=ortho_init(init_scale))
        wh = tf.get_variable("wh", [nh, nh * 4], initializer=ortho_init(init_scale))
        b = tf.get_variable("b", [nh * 4], initializer=tf.constant_initializer(0.0))
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


def gru_cell(x, h, scope, reuse=None):
    with tf.variable_scope(scope, reuse=reuse):
        n = h.shape[-1].value
        w_gates = tf.get_variable("w_gates", [x.shape[-1].value + n, 2 * n])
        b_gates = tf.get_variable("b_gates", [2 * n], initializer=tf.constant_initializer(1.0))
        w_candidate = tf.get_variable("w_candidate", [x.shape[-1].value + n, n])
        gates = tf.sigmoid(tf.matmul(tf.concat([x, h], axis=1), w_gates) + b_gates)
        r, z = tf.split(gates, 2, axis=1)
        candidate = tf.tanh(tf.matmul(tf.concat([x, r * h], axis=1), w_candidate))
        return z * h + (1 - z) * candidate


def encoder(inputs, state, h0):
    with tf.variable_scope("model"):
        xs = tf.unstack(inputs, axis=1)
        xs, state = lstm(xs, state, "lstm1", 8)
        outputs = []
        h = h0
        for t, x in enumerate(xs):
            h = gru_cell(x, h, "gru", reuse=t > 0)
            outputs.append(h)
        return tf.stack(outputs, axis=1), state
