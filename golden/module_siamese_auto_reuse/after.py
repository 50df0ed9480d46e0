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


class Linear(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.w = None
        self.b = None

    @tf.Module.with_name_scope
    def __call__(self, x, n_out):
        if self.w is None:
            self.w = tf.Variable(
                tf.keras.initializers.GlorotUniform()([x.shape[-1], n_out], tf.float32),
                name='weights')
        w = self.w
        if self.b is None:
            self.b = tf.Variable(tf.constant_initializer(0.1)([n_out], tf.float32), name='biases')
        b = self.b
        return tf.matmul(x, w) + b


class Tower(ScopedModule):
    def __init__(self, name='tower'):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x):
        """Both inputs go through the same weights."""
        h = tf.nn.relu(self.child(Linear, 'fc1')(x, 16))
        return self.child(Linear, 'fc2')(h, 4)


class Siamese(ScopedModule):
    def __init__(self, name='siamese'):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, left, right):
        a = self.child(Tower, 'tower')(left)
        b = self.child(Tower, 'tower')(right)
        return tf.reduce_sum(tf.square(a - b), axis=1)
