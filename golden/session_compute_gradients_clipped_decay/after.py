"""compute_gradients -> clip each gradient -> apply_gradients, with an exponentially decayed
learning rate driven by the global step."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(4)
features = rng.rand(80, 3).astype(np.float32)
targets = features @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3

X_spec = tf.TensorSpec([None, 3], tf.float32, name="X")
Y_spec = tf.TensorSpec([None, 1], tf.float32, name="Y")
W = tf.Variable(tf.zeros([3, 1]), name="W")
b = tf.Variable(tf.zeros([1]), name="b")


def prediction(X):
    return tf.matmul(X, W) + b


def loss(X, Y):
    return tf.reduce_mean(tf.square(prediction(X) - Y))


global_step = tf.Variable(0, name="global_step", trainable=False)


@tf.function
def learning_rate():
    return tf.keras.optimizers.schedules.ExponentialDecay(
        0.2, decay_steps=20, decay_rate=0.5, staircase=True)(global_step)


optimizer = tf.keras.optimizers.Adam(learning_rate, epsilon=1e-08)


@tf.function(input_signature=[X_spec, Y_spec])
def train_op(X, Y):
    with tf.GradientTape() as tape:
        loss_value = loss(X, Y)
    variables = tape.watched_variables()
    grads_and_vars = list(zip(tape.gradient(loss_value, variables), variables))
    # keep every gradient in [-1, 1]
    capped = [(tf.clip_by_value(grad, -1.0, 1.0), var) for grad, var in grads_and_vars]
    optimizer.apply_gradients(capped)
    global_step.assign_add(1)
    return loss_value


for step in range(60):
    l = train_op(features, targets).numpy()
    if step % 20 == 0:
        print("step %d loss %.5f lr %.4f" % (step, l, learning_rate().numpy()))
print("global step", global_step.numpy())
print("W", np.round(W.numpy().ravel(), 4), "b", np.round(b.numpy(), 4))
