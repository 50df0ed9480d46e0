"""The tf.losses helpers TF1 code computes its cost with, at their default weighting."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(2)
labels = tf.constant(rng.rand(6, 3).astype(np.float32))
predictions = tf.constant(rng.rand(6, 3).astype(np.float32))
logits = tf.constant(rng.randn(6, 3).astype(np.float32))
onehot = tf.one_hot([0, 2, 1, 1, 0, 2], 3)
classes = tf.constant([0, 2, 1, 1, 0, 2])

mse = tf.losses.mean_squared_error(labels, predictions)
mae = tf.losses.absolute_difference(labels=labels, predictions=predictions * 2.0 + 1.0)
xent = tf.losses.softmax_cross_entropy(onehot_labels=onehot, logits=logits, scope="xent")
sparse = tf.losses.sparse_softmax_cross_entropy(classes, logits)
# weighted: TF1's reduction divides by the non-zero weights, so it stays as it is
weighted = tf.losses.mean_squared_error(labels, predictions, weights=0.5)

with tf.Session() as sess:
    values = sess.run([mse, mae, xent, sparse, weighted])
print("losses", ["%.6f" % float(v) for v in values])
