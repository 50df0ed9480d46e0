import numpy as np
import tensorflow as tf

logits = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
labels = tf.constant([3, 1, 2], dtype=tf.int64)

# accuracy the way TF1 tutorials wrote it
correct = tf.equal(tf.to_int64(tf.argmax(logits, 1)), labels)
accuracy = tf.reduce_mean(tf.to_float(correct), name="accuracy")

batch = tf.to_float(tf.shape(logits)[0])  # number of examples
mask = tf.to_int32(logits > 5.0, name="mask")
wide = tf.to_double(logits)
