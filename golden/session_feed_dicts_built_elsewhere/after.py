"""Feed dicts built away from the run: a name bound in the loop (passed positionally, as
sess.run(fetches, feed) allows) and a helper that picks the batch and the dropout rate."""
import numpy as np
import tensorflow as tf

N_IN, N_HIDDEN, N_OUT = 6, 10, 3


def main():
    rng = np.random.RandomState(3)
    data = rng.rand(120, N_IN).astype(np.float32)
    labels = np.eye(N_OUT, dtype=np.float32)[rng.randint(0, N_OUT, 120)]

    x_spec = tf.TensorSpec([None, N_IN], tf.float32, name="x-input")
    y__spec = tf.TensorSpec([None, N_OUT], tf.float32, name="y-input")
    keep_prob_spec = tf.TensorSpec(None, tf.float32)

    w1 = tf.Variable(
        tf.keras.initializers.TruncatedNormal(stddev=0.1, seed=1)([N_IN, N_HIDDEN], tf.float32),
        name="w1")
    b1 = tf.Variable(tf.zeros_initializer()([N_HIDDEN], tf.float32), name="b1")
    w2 = tf.Variable(
        tf.keras.initializers.TruncatedNormal(stddev=0.1, seed=2)([N_HIDDEN, N_OUT], tf.float32),
        name="w2")
    b2 = tf.Variable(tf.zeros_initializer()([N_OUT], tf.float32), name="b2")

    def hidden(x, keep_prob):
        return tf.nn.dropout(tf.nn.relu(tf.matmul(x, w1) + b1), rate=1 - keep_prob)

    @tf.function(input_signature=[x_spec, keep_prob_spec])
    def logits(x, keep_prob):
        return tf.matmul(hidden(x, keep_prob), w2) + b2

    def loss(x, y_, keep_prob):
        return tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=y_, logits=logits(x, keep_prob))
        )

    sgd = tf.keras.optimizers.SGD(0.5)

    @tf.function(input_signature=[x_spec, y__spec, keep_prob_spec])
    def train_op(x, y_, keep_prob):
        with tf.GradientTape() as tape:
            loss_value = loss(x, y_, keep_prob)
        variables = tape.watched_variables()
        gradients = tape.gradient(loss_value, variables)
        sgd.apply_gradients(zip(gradients, variables))
        return loss_value

    def correct(x, y_, keep_prob):
        return tf.equal(tf.argmax(logits(x, keep_prob), 1), tf.argmax(y_, 1))

    @tf.function(input_signature=[x_spec, y__spec, keep_prob_spec])
    def accuracy(x, y_, keep_prob):
        return tf.reduce_mean(tf.cast(correct(x, y_, keep_prob), tf.float32))

    def feed_dict(train, step=0):
        """Training batches with dropout; the whole set without."""
        if train:
            start = (step * 20) % 100
            xs, ys = data[start:start + 20], labels[start:start + 20]
            k = 0.9
        else:
            xs, ys = data, labels
            k = 1.0
        return {"x": xs, "y_": ys, "keep_prob": k}

    for step in range(30):
        train_op(**feed_dict(True, step))
        if step % 10 == 0:
            acc = accuracy(**feed_dict(False)).numpy()
            print("step %d accuracy %.3f" % (step, acc))
    for epoch in range(3):
        batch = {"x": data[:60], "y_": labels[:60], "keep_prob": 1.0}
        l = train_op(**batch).numpy()
        print("epoch %d loss %.4f" % (epoch, l))
    full = {"x": data, "y_": labels, "keep_prob": 1.0}
    print("final accuracy %.3f" % accuracy(**full).numpy())
    print("first logits", np.round(logits(full["x"], full["keep_prob"]).numpy()[0], 3))


if __name__ == "__main__":
    main()
