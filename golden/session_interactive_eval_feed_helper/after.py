"""Tutorial style: an InteractiveSession, tensors evaluated with .eval(), ops with .run(), and
the feed_dict built by a helper (dropout gets keep_prob 0.75 for training, 1.0 for testing)."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(9)
tf.random.set_seed(9)
images = rng.rand(256, 5).astype(np.float32)
classes = (images[:, 0] + images[:, 1] > images[:, 2] + 0.5).astype(np.int64)
one_hot = np.eye(2, dtype=np.float32)[classes]

tf.config.set_soft_device_placement(True)

x_spec = tf.TensorSpec([None, 5], tf.float32)
y__spec = tf.TensorSpec([None, 2], tf.float32)
keep_prob_spec = tf.TensorSpec(None, tf.float32)


def weight_variable(shape, name=None):
    initial = tf.random.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial, name=name)


def bias_variable(shape, name=None):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial, name=name)


W_fc1 = weight_variable([5, 16], name="Variable")
b_fc1 = bias_variable([16], name="Variable_1")


def h_fc1(x):
    return tf.nn.relu(tf.matmul(x, W_fc1) + b_fc1)


def h_fc1_drop(x, keep_prob):
    return tf.nn.dropout(h_fc1(x), rate=1 - keep_prob)


W_fc2 = weight_variable([16, 2], name="Variable_2")
b_fc2 = bias_variable([2], name="Variable_3")


def y_conv(x, keep_prob):
    return tf.matmul(h_fc1_drop(x, keep_prob), W_fc2) + b_fc2


def cross_entropy(x, y_, keep_prob):
    return tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(
            labels=tf.stop_gradient(y_), logits=y_conv(x, keep_prob)
        )
    )


adam = tf.keras.optimizers.Adam(1e-2, epsilon=1e-08)


@tf.function(input_signature=[x_spec, y__spec, keep_prob_spec])
def train_step(x, y_, keep_prob):
    with tf.GradientTape() as tape:
        loss = cross_entropy(x, y_, keep_prob)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    adam.apply_gradients(zip(gradients, variables))
    return loss


def correct_prediction(x, y_, keep_prob):
    return tf.equal(tf.argmax(y_conv(x, keep_prob), 1), tf.argmax(y_, 1))


@tf.function(input_signature=[x_spec, y__spec, keep_prob_spec])
def accuracy(x, y_, keep_prob):
    return tf.reduce_mean(tf.cast(correct_prediction(x, y_, keep_prob), tf.float32))


def feed(start, size, train=True):
    return {"x": images[start:start + size], "y_": one_hot[start:start + size],
            "keep_prob": 0.75 if train else 1.0}


for i in range(120):
    start = (i * 32) % 192
    if i % 40 == 0:
        train_accuracy = accuracy(**feed(start, 32, train=False)).numpy()
        print("step %d, training accuracy %g" % (i, train_accuracy))
    train_step(**feed(start, 32))

print("test accuracy %g" % accuracy(**feed(192, 64, train=False)).numpy())
