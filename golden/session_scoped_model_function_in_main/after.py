"""A two-layer classifier: scoped helpers, a model function called twice (train and eval
towers share weights through reuse), driven by a session in main()."""
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


class Dense(tf.Module):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.w = None
        self.b = None

    @tf.Module.with_name_scope
    def __call__(self, x, n_out, activation=None):
        if self.w is None:
            self.w = tf.Variable(
                tf.keras.initializers.GlorotUniform()([x.shape[1], n_out], tf.float32),
                name="w")
        w = self.w
        if self.b is None:
            self.b = tf.Variable(tf.zeros_initializer()([n_out], tf.float32), name="b")
        b = self.b
        y = tf.matmul(x, w) + b
        return activation(y) if activation is not None else y


class Model(ScopedModule):
    def __init__(self, name="classifier"):
        super().__init__(name=name)

    @tf.Module.with_name_scope
    def __call__(self, x):
        h = self.child(Dense, "hidden")(x, 16, activation=tf.nn.relu)
        return self.child(Dense, "logits")(h, 3)


def main():
    tf.random.set_seed(1)
    rng = np.random.RandomState(0)
    data = rng.randn(120, 5).astype(np.float32)
    labels = np.argmax(data[:, :3], axis=1).astype(np.int64)

    x_spec = tf.TensorSpec([None, 5], tf.float32, name="x")
    y_spec = tf.TensorSpec([None], tf.int64, name="y")
    model_module = Model(name="classifier")

    def train_logits(x):
        return model_module(x)

    def eval_logits(x):
        return model_module(x)

    def loss(x, y):
        return tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=train_logits(x)))

    adam = tf.keras.optimizers.Adam(0.01, epsilon=1e-08)

    @tf.function(input_signature=[x_spec, y_spec])
    def train_op(x, y):
        with tf.GradientTape() as tape:
            loss_value_2 = loss(x, y)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss_value_2, variables)
        adam.apply_gradients(zip(gradients, variables))
        return loss_value_2

    @tf.function(input_signature=[x_spec, y_spec])
    def accuracy(x, y):
        return tf.reduce_mean(tf.cast(tf.equal(tf.argmax(eval_logits(x), 1), y), tf.float32))

    for step in range(60):
        loss_value = train_op(data, labels).numpy()
        if step % 20 == 0:
            print("step %d loss %.4f" % (step, loss_value))
    print("accuracy %.3f" % accuracy(data, labels).numpy())


if __name__ == "__main__":
    main()
