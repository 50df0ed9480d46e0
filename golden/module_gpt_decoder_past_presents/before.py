"""A small GPT-style decoder with cached keys/values: each layer function opens its own scope."""
import numpy as np
import tensorflow as tf

N_EMBD = 8
N_HEAD = 2
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


def causal_mask(nd, ns, dtype):
    """1 where query i may attend to key j (keys include the cached past)."""
    i = tf.range(nd)[:, None]
    j = tf.range(ns)
    return tf.cast(i >= j - ns + nd, dtype)


def attn(x, scope, n_state, *, past):
    if past is not None:
        assert past.shape.ndims == 5  # [batch, 2, heads, sequence, features]

    def to_heads(t):
        batch, seq, _ = shape_list(t)
        return tf.transpose(tf.reshape(t, [batch, seq, N_HEAD, n_state // N_HEAD]), [0, 2, 1, 3])

    def from_heads(t):
        batch, _, seq, _ = shape_list(t)
        return tf.reshape(tf.transpose(t, [0, 2, 1, 3]), [batch, seq, n_state])

    with tf.variable_scope(scope):
        qkv = conv1d(x, 'c_attn', n_state * 3)
        q, k, v = [to_heads(t) for t in tf.split(qkv, 3, axis=2)]
        present = tf.stack([k, v], axis=1)
        if past is not None:
            past_k, past_v = tf.unstack(past, axis=1)
            k = tf.concat([past_k, k], axis=-2)
            v = tf.concat([past_v, v], axis=-2)
        w = tf.matmul(q, k, transpose_b=True) * tf.rsqrt(tf.cast(v.shape[-1].value, tf.float32))
        _, _, nd, ns = shape_list(w)
        mask = causal_mask(nd, ns, w.dtype)
        w = tf.nn.softmax(w * mask - 1e10 * (1 - mask))
        a = conv1d(from_heads(tf.matmul(w, v)), 'c_proj', n_state)
        return a, present


def mlp(x, scope, n_state):
    with tf.variable_scope(scope):
        nx = x.shape[-1].value
        h = gelu(conv1d(x, 'c_fc', n_state))
        return conv1d(h, 'c_proj', nx)


def block(x, scope, *, past):
    with tf.variable_scope(scope):
        nx = x.shape[-1].value
        a, present = attn(norm(x, 'ln_1'), 'attn', nx, past=past)
        x = x + a
        m = mlp(norm(x, 'ln_2'), 'mlp', nx * 4)
        return x + m, present


def model(tokens, past=None, scope='model', reuse=False):
    with tf.variable_scope(scope, reuse=reuse):
        wte = tf.get_variable('wte', [16, N_EMBD],
                              initializer=tf.random_normal_initializer(stddev=0.02))
        wpe = tf.get_variable('wpe', [32, N_EMBD],
                              initializer=tf.random_normal_initializer(stddev=0.01))
        past_length = 0 if past is None else tf.shape(past)[-2]
        positions = past_length + tf.range(tf.shape(tokens)[1])
        h = tf.gather(wte, tokens) + tf.gather(wpe, positions)[None]
        # one block per layer, each in its own scope, each with its slice of the cache
        pasts = tf.unstack(past, axis=1) if past is not None else [None] * N_LAYER
        presents = []
        for layer, layer_past in enumerate(pasts):
            h, present = block(h, 'h%d' % layer, past=layer_past)
            presents.append(present)
        h = norm(h, 'ln_f')
        logits = tf.matmul(h, wte, transpose_b=True)
        return {'logits': logits, 'present': tf.stack(presents, axis=1)}
