import tempfile

import numpy as np
import tensorflow as tf

tf.random.set_seed(1)
rng = np.random.RandomState(0)
data_x = rng.rand(64, 4)
data_y = np.eye(3)[rng.randint(0, 3, 64)]

learning_rate = 0.01
n_hidden = 8

x_spec = tf.TensorSpec([None, 4], tf.float32, name="x")
y_spec = tf.TensorSpec([None, 3], tf.float32)

weights = {
    'h1': tf.Variable(tf.random.normal([4, n_hidden]), name="Variable"),
    'out': tf.Variable(tf.random.normal([n_hidden, 3]), name="Variable_1")
}
biases = {
    'b1': tf.Variable(tf.random.normal([n_hidden]), name="Variable_2"),
    'out': tf.Variable(tf.random.normal([3]), name="Variable_3")
}


def multilayer_perceptron(x):
    layer_1 = tf.nn.relu(tf.add(tf.matmul(x, weights['h1']), biases['b1']))
    return tf.matmul(layer_1, weights['out']) + biases['out']


def logits(x):
    return multilayer_perceptron(x)


def loss_op(x, y):
    return tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(logits=logits(x), labels=y))


global_step = tf.Variable(0, name='global_step', trainable=False)
optimizer = tf.keras.optimizers.Adam(learning_rate=learning_rate, epsilon=1e-08)


@tf.function(input_signature=[x_spec, y_spec])
def train_op(x, y):
    with tf.GradientTape() as tape:
        loss_value = loss_op(x, y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss_value, variables)
    optimizer.apply_gradients(zip(gradients, variables))
    global_step.assign_add(1)
    return loss_value


def correct(x, y):
    return tf.equal(tf.argmax(logits(x), 1), tf.argmax(y, 1))


@tf.function(input_signature=[x_spec, y_spec])
def accuracy(x, y):
    return tf.reduce_mean(tf.cast(correct(x, y), tf.float32))


saver = tf.train.Checkpoint(
    weights=weights, biases=biases, global_step=global_step, optimizer=optimizer)
ckpt_dir = tempfile.mkdtemp()
manager = tf.train.CheckpointManager(
    saver, ckpt_dir, max_to_keep=2, checkpoint_name="model.ckpt")

tf.config.set_soft_device_placement(True)
for gpu in tf.config.list_physical_devices("GPU"):
    tf.config.experimental.set_memory_growth(gpu, True)
for step in range(1, 31):
    loss = train_op(data_x, data_y).numpy()
    if step % 10 == 0:
        acc = accuracy(data_x, data_y).numpy()
        print("step", step, "loss {:.4f}".format(loss), "accuracy", acc)
        manager.save(checkpoint_number=global_step)
print("global step", global_step.numpy())

saver.restore(tf.train.latest_checkpoint(ckpt_dir))
print("restored accuracy", accuracy(data_x, data_y).numpy())
