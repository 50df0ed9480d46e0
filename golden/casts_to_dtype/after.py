import numpy as np
import tensorflow as tf

logits = tf.constant(np.arange(12, dtype=np.float32).reshape(3, 4))
labels = tf.constant([3, 1, 2], dtype=tf.int64)

# accuracy the way TF1 tutorials wrote it
correct = tf.equal(tf.cast(tf.argmax(logits, 1), tf.int64), labels)
accuracy = tf.reduce_mean(tf.cast(correct, tf.float32), name="accuracy")

batch = tf.cast(tf.shape(logits)[0], tf.float32)  # number of examples
mask = tf.cast(logits > 5.0, tf.int32, name="mask")
wide = tf.cast(logits, tf.float64)
