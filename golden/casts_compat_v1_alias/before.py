from tensorflow.compat import v1 as tf
from tensorflow import to_float

scores = tf.constant([[0.5, 2.0], [1.5, -1.0]])
positive = to_float(scores > 0)
steps = tf.to_int64(tf.reduce_sum(positive))
