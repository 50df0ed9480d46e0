import os
import tempfile

import numpy as np
import tensorflow as tf

rng = np.random.RandomState(1)
features = rng.rand(50, 2).astype(np.float32)
labels = (features[:, :1] * 3.0 - features[:, 1:] + 0.5).astype(np.float32)
save_dir = tempfile.mkdtemp()
save_path = os.path.join(save_dir, "linear.ckpt")

# first graph: train and save
x_spec = tf.TensorSpec([None, 2], tf.float32)
y_spec = tf.TensorSpec([None, 1], tf.float32)
w = tf.Variable(tf.zeros([2, 1]), name="w")
b = tf.Variable(tf.zeros([1]), name="b")


def pred(x):
    return tf.matmul(x, w) + b


@tf.function(input_signature=[x_spec, y_spec])
def mse(x, y):
    return tf.reduce_mean(tf.square(pred(x) - y))


sgd = tf.keras.optimizers.SGD(0.1, momentum=0.9)


@tf.function(input_signature=[x_spec, y_spec])
def train(x, y):
    with tf.GradientTape() as tape:
        loss = mse(x, y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    sgd.apply_gradients(zip(gradients, variables))
    return loss


saver = tf.train.Checkpoint(w=w, b=b, sgd=sgd)

for i in range(50):
    train(features, labels)
print("trained mse: %.5f" % mse(features, labels).numpy())
saver.write(save_path)

# second graph: rebuild the model and restore it
x_spec = tf.TensorSpec([None, 2], tf.float32)
y_spec = tf.TensorSpec([None, 1], tf.float32)
w = tf.Variable(tf.zeros([2, 1]), name="w")
b = tf.Variable(tf.zeros([1]), name="b")


def pred(x):
    return tf.matmul(x, w) + b


@tf.function(input_signature=[x_spec, y_spec])
def mse(x, y):
    return tf.reduce_mean(tf.square(pred(x) - y))


saver = tf.train.Checkpoint(w=w, b=b)

saver.restore(save_path)
print("restored mse: %.5f" % mse(features, labels).numpy())
print("w =", w.numpy().ravel())
