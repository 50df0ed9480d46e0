"""The language-model recipe: gradients of the cost for every trainable variable, clipped by
their global norm, applied with Adam; the step counter comes from get_or_create_global_step."""
import numpy as np
import tensorflow as tf

MAX_GRAD_NORM = 0.5


def main():
    rng = np.random.RandomState(7)
    inputs = rng.rand(64, 5).astype(np.float32)
    labels = (inputs.sum(axis=1) > 2.5).astype(np.int64)

    x_spec = tf.TensorSpec([None, 5], tf.float32)
    y_spec = tf.TensorSpec([None], tf.int64)
    with tf.name_scope("softmax"):
        w = tf.Variable(tf.zeros_initializer()([5, 2], tf.float32), name="w")
        bias = tf.Variable(tf.zeros_initializer()([2], tf.float32), name="b")

    def logits(x):
        return tf.matmul(x, w) + bias

    def cost(x, y):
        return tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits(x)))

    global_step = tf.Variable(0, name="global_step", trainable=False, dtype=tf.int64)
    optimizer = tf.keras.optimizers.Adam(0.1, epsilon=1e-08)

    @tf.function(input_signature=[x_spec, y_spec])
    def train_op(x, y):
        with tf.GradientTape() as tape:
            loss = cost(x, y)
        tvars = tape.watched_variables()
        grads, _ = tf.clip_by_global_norm(tape.gradient(loss, tvars), MAX_GRAD_NORM)
        optimizer.apply_gradients(zip(grads, tvars))
        global_step.assign_add(1)
        return loss

    for i in range(40):
        c = train_op(inputs, labels).numpy()
        if i % 10 == 0:
            print("step %d cost %.5f" % (global_step.numpy(), c))
    print("w", np.round(w.numpy(), 4).tolist())


if __name__ == "__main__":
    main()
