import tensorflow as tf


def scaled_log_softmax(logits, temperature=1.0):
    scaled = logits / temperature
    norm = tf.reduce_logsumexp(scaled, axis=-1, keepdims=True)
    return scaled - norm


logits = tf.random.normal([2, 5], seed=3)
log_probs = scaled_log_softmax(logits)
entropy = -tf.reduce_sum(tf.exp(log_probs) * log_probs, axis=-1)
