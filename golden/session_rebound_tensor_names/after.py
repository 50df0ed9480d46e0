"""Graph code that rebinds a name as it goes (`layer_1 = tf.nn.relu(layer_1)`), the way many
tutorials write a layer, an accuracy or a reshape."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(5)
data = rng.rand(48, 4).astype(np.float32)
labels = np.eye(2, dtype=np.float32)[(data.sum(axis=1) > 2).astype(int)]

x_spec = tf.TensorSpec([None, 4], tf.float32)
y_spec = tf.TensorSpec([None, 2], tf.float32)
keep_prob_spec = tf.TensorSpec(None, tf.float32)
W1 = tf.Variable(rng.randn(4, 8).astype(np.float32) * 0.5, name="W1")
b1 = tf.Variable(tf.zeros([8]), name="b1")
W2 = tf.Variable(rng.randn(8, 2).astype(np.float32) * 0.5, name="W2")
b2 = tf.Variable(tf.zeros([2]), name="b2")


# hidden layer with ReLU activation and dropout
def layer_1(x, keep_prob):
    return tf.nn.dropout(tf.nn.relu(tf.add(tf.matmul(x, W1), b1)), rate=1 - keep_prob)


# output layer
def out_layer(x, keep_prob):
    return tf.matmul(layer_1(x, keep_prob), W2) + b2


@tf.function(input_signature=[x_spec, y_spec, keep_prob_spec])
def loss_op(x, y, keep_prob):
    return tf.reduce_mean(
        tf.nn.softmax_cross_entropy_with_logits(labels=y, logits=out_layer(x, keep_prob))
    )


adam = tf.keras.optimizers.Adam(learning_rate=0.05, epsilon=1e-08)


@tf.function(input_signature=[x_spec, y_spec, keep_prob_spec])
def train_op(x, y, keep_prob):
    with tf.GradientTape() as tape:
        loss_value = loss_op(x, y, keep_prob)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss_value, variables)
    adam.apply_gradients(zip(gradients, variables))
    return loss_value


@tf.function(input_signature=[x_spec, y_spec, keep_prob_spec])
def acc(x, y, keep_prob):
    return tf.reduce_mean(
        tf.cast(tf.equal(tf.argmax(out_layer(x, keep_prob), 1), tf.argmax(y, 1)), tf.float32)
    )


for step in range(1, 61):
    train_op(data, labels, 1.0)
    if step % 20 == 0:
        loss, accuracy = [loss_op(data, labels, 1.0).numpy(), acc(data, labels, 1.0).numpy()]
        print("step %d loss %.4f accuracy %.3f" % (step, loss, accuracy))
