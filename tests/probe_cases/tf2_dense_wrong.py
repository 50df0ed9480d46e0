"""A faulty migration of tf1_dense.py, one realistic bug per variable:

- fc2 is built lazily inside the parent's `with_name_scope` call, so it becomes `model/fc2/...`;
- `steps` lost `trainable=False`;
- fc1's bias has shape [1] (it still broadcasts, so nothing fails);
- `temperature` is created on every call.
"""
import tensorflow as tf


class Dense(tf.Module):
    def __init__(self, n_in, n, name, bias_shape=None):
        super().__init__(name=name)
        with self.name_scope:
            self.w = tf.Variable(tf.random.normal([n_in, n]), name="w")
            self.b = tf.Variable(tf.zeros(bias_shape or [n]), name="b")

    def __call__(self, x):
        return tf.matmul(x, self.w) + self.b


class Model(tf.Module):
    def __init__(self, n_in):
        super().__init__(name="model")
        self.steps = tf.Variable(0.0, name="steps")
        self.fc1 = Dense(n_in, 16, "fc1", bias_shape=[1])
        self.fc2 = None

    @tf.Module.with_name_scope
    def __call__(self, x):
        if self.fc2 is None:
            self.fc2 = Dense(16, 4, "fc2")
        self.temperature = tf.Variable(1.0, name="temperature")
        return self.fc2(tf.nn.relu(self.fc1(x))) / self.temperature + self.steps


model = Model(8)


def train_step(x):
    logits = model(x)
    return {"logits": logits, "loss": tf.reduce_mean(tf.square(logits))}
