"""The tf.losses helpers TF1 code computes its cost with, at their default weighting."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(2)
labels = tf.constant(rng.rand(6, 3).astype(np.float32))
predictions = tf.constant(rng.rand(6, 3).astype(np.float32))
logits = tf.constant(rng.randn(6, 3).astype(np.float32))
onehot = tf.one_hot([0, 2, 1, 1, 0, 2], 3)
classes = tf.constant([0, 2, 1, 1, 0, 2])

mse = tf.reduce_mean(tf.math.squared_difference(predictions, labels))
mae = tf.reduce_mean(tf.abs(tf.subtract(predictions * 2.0 + 1.0, labels)))
xent = tf.reduce_mean(
    tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(onehot), logits=logits)
)
sparse = tf.reduce_mean(
    tf.nn.sparse_softmax_cross_entropy_with_logits(labels=classes, logits=logits)
)
# weighted: TF1's reduction divides by the non-zero weights, so it stays as it is
weighted = tf.compat.v1.losses.mean_squared_error(labels, predictions, weights=0.5)

values = [mse.numpy(), mae.numpy(), xent.numpy(), sparse.numpy(), weighted.numpy()]
print("losses", ["%.6f" % float(v) for v in values])
