"""A small GPT-style decoder: every layer function opens its own variable scope."""
import numpy as np
import tensorflow as tf

N_EMBD = 8
N_LAYER = 2


def shape_list(x):
    """Static dimensions where known, dynamic ones elsewhere."""
    static = x.shape.as_list()
    dynamic = tf.shape(x)
    return [dynamic[i] if s is None else s for i, s in enumerate(static)]


def gelu(x):
    return 0.5 * x * (1 + tf.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * tf.pow(x, 3))))


def norm(x, scope, *, axis=-1, epsilon=1e-5):
    """Normalize to mean = 0, std = 1, then do a diagonal affine transform."""
    with tf.variable_scope(scope):
        n_state = x.shape[-1].value
        g = tf.get_variable('g', [n_state], initializer=tf.constant_initializer(1))
        b = tf.get_variable('b', [n_state], initializer=tf.constant_initializer(0))
        u = tf.reduce_mean(x, axis=axis, keepdims=True)
        s = tf.reduce_mean(tf.square(x - u), axis=axis, keepdims=True)
        x = (x - u) * tf.rsqrt(s + epsilon)
        return x * g + b


def conv1d(x, scope, nf, *, w_init_stdev=0.02):
    with tf.variable_scope(scope):
        *start, nx = shape_list(x)
        w = tf.get_variable('w', [1, nx, nf],
                            initializer=tf.random_normal_initializer(stddev=w_init_stdev))
        b = tf.get_variable('b', [nf], initializer=tf.constant_initializer(0))
        c = tf.reshape(tf.matmul(tf.reshape(x, [-1, nx]), tf.reshape(w, [-1, nf])) + b,
                       start + [nf])
        return c


def mlp(x, scope, n_state):
    with tf.variable_scope(scope):
        nx = x.shape[-1].value
        h = gelu(conv1d(x, 'c_fc', n_state))
        h2 = conv1d(h, 'c_proj', nx)
        return h2


def block(x, scope):
    with tf.variable_scope(scope):
        nx = x.shape[-1].value
        a = conv1d(norm(x, 'ln_1'), 'c_attn', nx)
        x = x + a
        m = mlp(norm(x, 'ln_2'), 'mlp', nx * 4)
        x = x + m
        return x


def model(x, scope='model', reuse=False):
    with tf.variable_scope(scope, reuse=reuse):
        wpe = tf.get_variable('wpe', [4, N_EMBD],
                              initializer=tf.random_normal_initializer(stddev=0.01))
        h = x + wpe
        # one block per layer, each in its own scope
        for layer in range(N_LAYER):
            h = block(h, 'h%d' % layer)
        h = norm(h, 'ln_f')
        return h
