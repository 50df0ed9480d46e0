"""A small GPT-style decoder: every layer function opens its own variable scope."""
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


class Mlp(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x, n_state):
        nx = x.shape[-1]
        h = gelu(self.child(Conv1d, 'c_fc')(x, n_state))
        h2 = self.child(Conv1d, 'c_proj')(h, nx)
        return h2


class Block(ScopedModule):
    def __init__(self, name=None):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x):
        nx = x.shape[-1]
        a = self.child(Conv1d, 'c_attn')(self.child(Norm, 'ln_1')(x), nx)
        x = x + a
        m = self.child(Mlp, 'mlp')(self.child(Norm, 'ln_2')(x), nx * 4)
        x = x + m
        return x


class Model(ScopedModule):
    def __init__(self, name='model'):
        super().__init__(name=name)
        self.wpe = None

    @tf.Module.with_name_scope
    def __call__(self, x):
        if self.wpe is None:
            self.wpe = tf.Variable(
                tf.random_normal_initializer(stddev=0.01)([4, N_EMBD], tf.float32),
                name='wpe')
        wpe = self.wpe
        h = x + wpe
        # one block per layer, each in its own scope
        for layer in range(N_LAYER):
            h = self.child(Block, 'h%d' % layer)(h)
        h = self.child(Norm, 'ln_f')(h)
        return h
