"""A small GPT-style decoder with cached keys/values: each layer function opens its own scope."""
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


class Norm(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.g = None
        self.b = None

    @tf.Module.with_name_scope
    def __call__(self, x, *, axis=-1, epsilon=1e-5):
        """Normalize to mean = 0, std = 1, then do a diagonal affine transform."""
        n_state = x.shape[-1]
        if self.g is None:
            self.g = tf.Variable(tf.constant_initializer(1)([n_state], tf.float32), name='g')
        g = self.g
        if self.b is None:
            self.b = tf.Variable(tf.constant_initializer(0)([n_state], tf.float32), name='b')
        b = self.b
        u = tf.reduce_mean(x, axis=axis, keepdims=True)
        s = tf.reduce_mean(tf.square(x - u), axis=axis, keepdims=True)
        x = (x - u) * tf.math.rsqrt(s + epsilon)
        return x * g + b


class Conv1d(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.w = None
        self.b = None

    @tf.Module.with_name_scope
    def __call__(self, x, nf, *, w_init_stdev=0.02):
        *start, nx = shape_list(x)
        if self.w is None:
            self.w = tf.Variable(
                tf.random_normal_initializer(stddev=w_init_stdev)([1, nx, nf], tf.float32),
                name='w')
        w = self.w
        if self.b is None:
            self.b = tf.Variable(tf.constant_initializer(0)([nf], tf.float32), name='b')
        b = self.b
        c = tf.reshape(tf.matmul(tf.reshape(x, [-1, nx]), tf.reshape(w, [-1, nf])) + b,
                       start + [nf])
        return c


def causal_mask(nd, ns, dtype):
    """1 where query i may attend to key j (keys include the cached past)."""
    i = tf.range(nd)[:, None]
    j = tf.range(ns)
    return tf.cast(i >= j - ns + nd, dtype)


class Attn(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x, n_state, *, past):
        if past is not None:
            assert past.shape.ndims == 5  # [batch, 2, heads, sequence, features]

        def to_heads(t):
            batch, seq, _ = shape_list(t)
            return tf.transpose(
                tf.reshape(t, [batch, seq, N_HEAD, n_state // N_HEAD]), [0, 2, 1, 3]
            )

        def from_heads(t):
            batch, _, seq, _ = shape_list(t)
            return tf.reshape(tf.transpose(t, [0, 2, 1, 3]), [batch, seq, n_state])

        qkv = self.child(Conv1d, 'c_attn')(x, n_state * 3)
        q, k, v = [to_heads(t) for t in tf.split(qkv, 3, axis=2)]
        present = tf.stack([k, v], axis=1)
        if past is not None:
            past_k, past_v = tf.unstack(past, axis=1)
            k = tf.concat([past_k, k], axis=-2)
            v = tf.concat([past_v, v], axis=-2)
        w = tf.matmul(q, k, transpose_b=True) * tf.math.rsqrt(tf.cast(v.shape[-1], tf.float32))
        _, _, nd, ns = shape_list(w)
        mask = causal_mask(nd, ns, w.dtype)
        w = tf.nn.softmax(w * mask - 1e10 * (1 - mask))
        a = self.child(Conv1d, 'c_proj')(from_heads(tf.matmul(w, v)), n_state)
        return a, present


class Mlp(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x, n_state):
        nx = x.shape[-1]
        h = gelu(self.child(Conv1d, 'c_fc')(x, n_state))
        return self.child(Conv1d, 'c_proj')(h, nx)


class Block(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x, *, past):
        nx = x.shape[-1]
        a, present = self.child(Attn, 'attn')(self.child(Norm, 'ln_1')(x), nx, past=past)
        x = x + a
        m = self.child(Mlp, 'mlp')(self.child(Norm, 'ln_2')(x), nx * 4)
        return x + m, present


class Model(ScopedModule):
    def __init__(self, name='model'):
        super().__init__(name=name)
        self.wte = None
        self.wpe = None

    @tf.Module.with_name_scope
    def __call__(self, tokens, past=None):
        if self.wte is None:
            self.wte = tf.Variable(
                tf.random_normal_initializer(stddev=0.02)([16, N_EMBD], tf.float32),
                name='wte')
        wte = self.wte
        if self.wpe is None:
            self.wpe = tf.Variable(
                tf.random_normal_initializer(stddev=0.01)([32, N_EMBD], tf.float32),
                name='wpe')
        wpe = self.wpe
        past_length = 0 if past is None else tf.shape(past)[-2]
        positions = past_length + tf.range(tf.shape(tokens)[1])
        h = tf.gather(wte, tokens) + tf.gather(wpe, positions)[None]
        # one block per layer, each in its own scope, each with its slice of the cache
        pasts = tf.unstack(past, axis=1) if past is not None else [None] * N_LAYER
        presents = []
        for layer, layer_past in enumerate(pasts):
            h, present = self.child(Block, 'h%d' % layer)(h, past=layer_past)
            presents.append(present)
        h = self.child(Norm, 'ln_f')(h)
        logits = tf.matmul(h, wte, transpose_b=True)
        return {'logits': logits, 'present': tf.stack(presents, axis=1)}
