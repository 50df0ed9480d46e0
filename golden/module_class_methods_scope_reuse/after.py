"""A siamese network as a class: the constructor opens the scope, helper methods make the
variables, and the second tower reuses the first one's weights."""
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


class SiameseNet(ScopedModule):

    def __init__(self, left, right, hidden=16, out=2):
        super().__init__(name="siamese")
        self.hidden, self.out = hidden, out
        with self.name_scope:
            self.o1 = self.tower(left)
            self.o2 = self.tower(right)
        self.distance = tf.sqrt(tf.reduce_sum(tf.square(self.o1 - self.o2), 1) + 1e-6)

    def tower(self, x):
        h = tf.nn.relu(self.fc(x, self.hidden, "fc1"))
        return self.fc(h, self.out, "fc2")

    def fc(self, bottom, n_out, name):
        n_in = bottom.shape[1]
        with self.scope(name):
            w = self.variable("w", lambda: tf.Variable(
                tf.random_normal_initializer(stddev=0.1)([n_in, n_out], tf.float32),
                name="w"))
            b = self.variable("b", lambda: tf.Variable(tf.constant(0.01, shape=[n_out]), name="b"))
            return tf.nn.bias_add(tf.matmul(bottom, w), b)

    def loss(self, same, margin=5.0):
        d2 = tf.square(self.distance)
        return tf.reduce_mean(same * d2 + (1.0 - same) * tf.square(tf.maximum(margin - self.distance, 0.0)))
