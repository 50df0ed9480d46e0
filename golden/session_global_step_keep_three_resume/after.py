"""Numbered checkpoints driven by a global step: keep the last three, resume from the latest."""
import os
import tempfile

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(4)
tf.random.set_seed(4)
features = rng.randn(128, 4).astype(np.float32)
targets = features.dot([[0.5], [-1.0], [2.0], [0.25]]).astype(np.float32) + 0.3

checkpoint_dir = tempfile.mkdtemp()

x_spec = tf.TensorSpec([None, 4], tf.float32)
y_spec = tf.TensorSpec([None, 1], tf.float32)
w = tf.Variable(tf.zeros([4, 1]), name="w")
b = tf.Variable(0.0, name="b")


def pred(x):
    return tf.matmul(x, w) + b


@tf.function(input_signature=[x_spec, y_spec])
def loss(x, y):
    return tf.reduce_mean(tf.square(pred(x) - y))


global_step = tf.Variable(0, name="global_step", trainable=False, dtype=tf.int64)
sgd = tf.keras.optimizers.SGD(0.1)


@tf.function(input_signature=[x_spec, y_spec])
def train_op(x, y):
    with tf.GradientTape() as tape:
        loss_value = loss(x, y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss_value, variables)
    sgd.apply_gradients(zip(gradients, variables))
    global_step.assign_add(1)
    return loss_value


saver = tf.train.Checkpoint(w=w, b=b, global_step=global_step, sgd=sgd)
manager = tf.train.CheckpointManager(
    saver, checkpoint_dir, max_to_keep=3, checkpoint_name="model.ckpt")

tf.config.set_soft_device_placement(True)
for gpu in tf.config.list_physical_devices("GPU"):
    tf.config.experimental.set_memory_growth(gpu, True)

for _ in range(50):
    current_loss = train_op(features, targets).numpy()
    step = global_step.numpy()
    if step % 10 == 0:
        path = manager.save(checkpoint_number=global_step)
        print("step %d  loss %.4f  saved %s" % (step, current_loss, os.path.basename(path)))
print("kept:", [os.path.basename(p) for p in manager.checkpoints])

latest = tf.train.latest_checkpoint(checkpoint_dir)
print("latest:", os.path.basename(latest))
saver.restore(latest)
print("resumed at step", global_step.numpy())
print("loss %.4f" % loss(features, targets).numpy())
print("w =", w.numpy().ravel().round(2), "b =", round(float(b.numpy()), 2))
