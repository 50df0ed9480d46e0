import tensorflow as tf

logits = tf.constant([[1.0, 2.0, 0.5], [0.1, 0.2, 3.0]])

# TF1 keyword spellings that TF2 removed
row_sum = tf.reduce_sum(logits, reduction_indices=1, keep_dims=True)
col_max = tf.reduce_max(logits, reduction_indices=[0])
probs = tf.nn.softmax(logits, dim=-1)
best = tf.argmax(logits, dimension=1)
total = tf.reduce_sum(logits, 1, True)
