"""Loss helpers in the style of TF1 research code."""
import tensorflow as tf

tf.set_random_seed(1234)


def gaussian_log_likelihood(x, mean, log_std):
    # log N(x | mean, exp(log_std)^2)
    var = tf.exp(2.0 * log_std)
    return -0.5 * (tf.log(2.0 * 3.141592653589793) + 2.0 * log_std
                   + tf.squared_difference(x, mean) / var)


def layer_norm_stats(x, epsilon=1e-5):
    mean = tf.reduce_mean(x, axis=-1, keepdims=True)
    inv = tf.rsqrt(tf.reduce_mean(tf.square(x - mean), axis=-1, keepdims=True) + epsilon)
    return mean, inv


noise = tf.random_normal([4, 3], stddev=0.1)
u = tf.random_uniform([4, 3], minval=-1.0, maxval=1.0)
t = tf.truncated_normal([4, 3], stddev=0.02)
ll = gaussian_log_likelihood(noise, tf.zeros([4, 3]), tf.zeros([4, 3]))
mean, inv = layer_norm_stats(u + t)
