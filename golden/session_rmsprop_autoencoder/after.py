"""A small autoencoder trained with RMSProp through a session: TF1's RMSProp starts each
mean square at 1.0, so its first steps are small."""
import numpy as np
import tensorflow as tf


class TF1RMSprop(tf.keras.optimizers.RMSprop):
    """TF1's `tf.train.RMSPropOptimizer`: Keras' RMSprop with each mean square starting
    at 1.0, as TF1's did (Keras starts it at 0.0, which makes the first steps larger)."""

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        if name == "velocity":
            initializer = "ones"
        return super().add_optimizer_variables(trainable_variables, name, initializer)


tf.random.set_seed(0)
x_spec = tf.TensorSpec([None, 8], tf.float32)
w_enc = tf.Variable(tf.random.normal([8, 3], stddev=0.5), name="w_enc")
w_dec = tf.Variable(tf.random.normal([3, 8], stddev=0.5), name="w_dec")


def code(x):
    return tf.nn.sigmoid(tf.matmul(x, w_enc))


def reconstruction(x):
    return tf.matmul(code(x), w_dec)


def cost(x):
    return tf.reduce_mean(tf.square(x - reconstruction(x)))


rmsprop = TF1RMSprop(0.01, momentum=0.5, epsilon=1e-10)


@tf.function(input_signature=[x_spec])
def train(x):
    with tf.GradientTape() as tape:
        loss = cost(x)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    rmsprop.apply_gradients(zip(gradients, variables))
    return loss


data = np.random.RandomState(3).rand(64, 8).astype(np.float32)
for epoch in range(25):
    value = train(data).numpy()
    if epoch % 5 == 0:
        print("epoch", epoch, "cost %.5f" % value)
