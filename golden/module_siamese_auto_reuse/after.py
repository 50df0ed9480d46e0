import tensorflow as tf


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


class ScopedModule(tf.Module):
    """A tf.Module whose child modules are made on first use, one per TF1 scope name."""

    def __init__(self, name=None):
        super().__init__(name=name)
        self.children = {}

    def child(self, module_class, scope):
        """The child module for `scope`, made inside this module's name scope."""
        if scope not in self.children:
            with self.name_scope:
                self.children[scope] = module_class(name=scope)
        return self.children[scope]


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
