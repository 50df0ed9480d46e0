import tensorflow as tf

tf.compat.v1.disable_eager_execution()

labels = tf.constant([[1.0], [0.0], [1.0]])
predictions = tf.constant([[0.8], [0.2], [0.6]])

# TF1 meaning: a scalar loss added to the LOSSES collection
mse = tf.reduce_mean(tf.math.squared_difference(predictions, labels))
tf.compat.v1.summary.scalar("mse", mse)
picked = tf.where(predictions > 0.5, labels, 1.0 - labels)
bias_init = tf.zeros_initializer()
count_init = tf.compat.v1.zeros_initializer(dtype=tf.int32)
merged = tf.compat.v1.summary.merge_all()
