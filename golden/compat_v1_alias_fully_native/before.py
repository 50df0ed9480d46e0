from tensorflow.compat import v1 as tf

tf.disable_v2_behavior()


def scaled_log_softmax(logits, temperature=1.0):
    scaled = logits / temperature
    norm = tf.reduce_logsumexp(scaled, axis=-1, keep_dims=True)
    return scaled - norm


logits = tf.random_normal([2, 5], seed=3)
log_probs = scaled_log_softmax(logits)
entropy = -tf.reduce_sum(tf.exp(log_probs) * log_probs, reduction_indices=-1)
