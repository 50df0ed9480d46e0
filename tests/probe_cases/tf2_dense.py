"""TF2 side of a pair, written by hand: the same variables (`fc1/w`...) as `tf.Module`s."""
import tensorflow as tf


class Dense(tf.Module):
    def __init__(self, n_in, n, name, activation=None):
        super().__init__(name=name)
        self.activation = activation
        with self.name_scope:
            self.w = tf.Variable(tf.random.normal([n_in, n]), name="w")
            self.b = tf.Variable(tf.zeros([n]), name="b")

    def __call__(self, x):
        y = tf.matmul(x, self.w) + self.b
        return self.activation(y) if self.activation else y


class Model(tf.Module):
    def __init__(self, n_in):
        super().__init__()
        self.steps = tf.Variable(0.0, trainable=False, name="steps")
        self.fc1 = Dense(n_in, 16, "fc1", tf.nn.relu)
        self.fc2 = Dense(16, 4, "fc2")

    def __call__(self, x):
        return self.fc2(self.fc1(x)) + self.steps


model = Model(8)
optimizer = tf.keras.optimizers.Adam(0.01)


def train_step(x):
    with tf.GradientTape() as tape:
        logits = model(x)
        loss = tf.reduce_mean(tf.square(logits))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return {"logits": logits, "loss": loss}
