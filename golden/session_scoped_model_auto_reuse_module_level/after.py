"""A scoped encoder shared by two inputs through tf.AUTO_REUSE, built at module level and
trained with a session: a siamese distance on synthetic pairs."""
import numpy as np
import tensorflow as tf


class Encoder(tf.Module):
    def __init__(self, name="encoder"):
        super().__init__(name=name)
        self.w1 = None
        self.b1 = None
        self.w2 = None

    @tf.Module.with_name_scope
    def __call__(self, x):
        if self.w1 is None:
            self.w1 = tf.Variable(
                tf.keras.initializers.TruncatedNormal(stddev=0.3)([4, 8], tf.float32),
                name="w1")
        w1 = self.w1
        if self.b1 is None:
            self.b1 = tf.Variable(tf.zeros_initializer()([8], tf.float32), name="b1")
        b1 = self.b1
        h = tf.nn.tanh(tf.matmul(x, w1) + b1)
        if self.w2 is None:
            self.w2 = tf.Variable(
                tf.keras.initializers.TruncatedNormal(stddev=0.3)([8, 2], tf.float32),
                name="w2")
        w2 = self.w2
        return tf.matmul(h, w2)


tf.random.set_seed(3)
left_spec = tf.TensorSpec([None, 4], tf.float32)
right_spec = tf.TensorSpec([None, 4], tf.float32)
same_spec = tf.TensorSpec([None], tf.float32)
encoder_module = Encoder(name="encoder")


@tf.function(input_signature=[left_spec, right_spec])
def distance(left, right):
    return tf.reduce_sum(tf.square(encoder_module(left) - encoder_module(right)), axis=1)


def loss(left, right, same):
    return tf.reduce_mean(
        same * distance(left, right) + (1.0 - same) * tf.nn.relu(1.0 - distance(left, right))
    )


sgd = tf.keras.optimizers.SGD(0.05)


@tf.function(input_signature=[left_spec, right_spec, same_spec])
def train_op(left, right, same):
    with tf.GradientTape() as tape:
        loss_value = loss(left, right, same)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss_value, variables)
    sgd.apply_gradients(zip(gradients, variables))
    return loss_value


rng = np.random.RandomState(7)
a = rng.randn(32, 4).astype(np.float32)
b = (a + 0.1 * rng.randn(32, 4)).astype(np.float32)
b[16:] = rng.randn(16, 4)
labels = np.array([1.0] * 16 + [0.0] * 16, np.float32)

for step in range(40):
    value = train_op(a, b, labels).numpy()
    if step % 10 == 0:
        print("step", step, "loss", round(float(value), 4))
print("distances", np.round(distance(a[:3], b[:3]).numpy(), 3))
