import tensorflow as tf

scores = tf.constant([[0.5, 2.0], [1.5, -1.0]])
positive = tf.cast(scores > 0, tf.float32)
steps = tf.cast(tf.reduce_sum(positive), tf.int64)
