import numpy as np
import tensorflow as tf


def weight_variable(shape, name=None):
    initial = tf.random.truncated_normal(shape, stddev=0.1)
    return tf.Variable(initial, name=name)


def bias_variable(shape, name=None):
    initial = tf.constant(0.1, shape=shape)
    return tf.Variable(initial, name=name)


x_spec = tf.TensorSpec([None, 6], tf.float32)
y__spec = tf.TensorSpec([None, 2], tf.float32)
keep_prob_spec = tf.TensorSpec(None, tf.float32)

W_fc1 = weight_variable([6, 16], name="Variable")
b_fc1 = bias_variable([16], name="Variable_1")


def h_fc1(x):
    return tf.nn.relu(tf.matmul(x, W_fc1) + b_fc1)


def h_drop(x, keep_prob):
    return tf.nn.dropout(h_fc1(x), rate=1 - keep_prob)


W_fc2 = weight_variable([16, 2], name="Variable_2")
b_fc2 = bias_variable([2], name="Variable_3")


def y_conv(x, keep_prob):
    return tf.matmul(h_drop(x, keep_prob), W_fc2) + b_fc2


def l2():
    return 1e-4 * tf.nn.l2_loss(W_fc1)


def cross_entropy(x, y_, keep_prob):
    return (
        tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(
                labels=tf.stop_gradient(y_), logits=y_conv(x, keep_prob)
            )
        )
        + l2()
    )


adam = tf.keras.optimizers.Adam(1e-3, epsilon=1e-08)


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


rng = np.random.RandomState(3)
data = rng.rand(40, 6)
labels = np.eye(2)[(data.sum(axis=1) > 3).astype(int)]
for i in range(30):
    if i % 10 == 0:
        train_accuracy = accuracy(data, labels, 1.0).numpy()
        print("step %d, training accuracy %g" % (i, train_accuracy))
    train_step(data, labels, 0.5)
print("test accuracy %g" % accuracy(data, labels, 1.0).numpy())
