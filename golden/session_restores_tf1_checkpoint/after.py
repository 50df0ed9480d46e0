"""Train once and save; later runs restore the checkpoint instead (TF1 Saver format)."""
import os
import tempfile

import numpy as np
import tensorflow as tf


class TF1RMSprop(tf.keras.optimizers.RMSprop):
    """TF1's `tf.train.RMSPropOptimizer`: Keras' RMSprop with each mean square starting
    at 1.0, as TF1's did (Keras starts it at 0.0, which makes the first steps larger)."""

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        if name == "velocity":
            initializer = "ones"
        return super().add_optimizer_variables(trainable_variables, name, initializer)


checkpoint = os.environ.get("MODEL_CHECKPOINT") or os.path.join(tempfile.mkdtemp(), "model.ckpt")

x_spec = tf.TensorSpec([None, 3], tf.float32, name="x")
y_spec = tf.TensorSpec([None, 1], tf.float32, name="y")
with tf.name_scope("linear"):
    w = tf.Variable(tf.random_normal_initializer(seed=1, stddev=1.0)([3, 1], tf.float32), name="w")
    b = tf.Variable(tf.zeros_initializer()([1], tf.float32), name="b")
global_step = tf.Variable(0, name="global_step", trainable=False, dtype=tf.int64)


def prediction(x):
    return tf.matmul(x, w) + b


@tf.function(input_signature=[x_spec, y_spec])
def loss(x, y):
    return tf.reduce_mean(tf.square(prediction(x) - y))


rmsprop = TF1RMSprop(0.05, epsilon=1e-10)


@tf.function(input_signature=[x_spec, y_spec])
def train_op(x, y):
    with tf.GradientTape() as tape:
        loss_value = loss(x, y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss_value, variables)
    rmsprop.apply_gradients(zip(gradients, variables))
    global_step.assign_add(1)
    return loss_value


saver = tf.train.Checkpoint(w=w, b=b, global_step=global_step, rmsprop=rmsprop)

data = np.random.RandomState(7).rand(20, 3).astype(np.float32)
target = data.sum(axis=1, keepdims=True)
if os.path.exists(checkpoint + ".index"):
    saver.restore(checkpoint)
    print("restored at step", int(global_step.numpy()))
else:
    for _ in range(25):
        train_op(data, target)
    saver.write(checkpoint)
    print("trained to step", global_step.numpy())
print("w", np.round(w.numpy().ravel(), 5).tolist())
print("loss", round(float(loss(data, target).numpy()), 5))
