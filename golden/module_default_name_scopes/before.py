import tensorflow as tf


def layer_norm(x, name=None, epsilon=1e-6):
    """Normalizes over the last axis with a learned scale and bias."""
    with tf.variable_scope(name, default_name="layer_norm", values=[x]):
        size = x.shape[-1].value
        scale = tf.get_variable("scale", [size], initializer=tf.ones_initializer())
        bias = tf.get_variable("bias", [size], initializer=tf.zeros_initializer())
        mean = tf.reduce_mean(x, axis=[-1], keepdims=True)
        variance = tf.reduce_mean(tf.square(x - mean), axis=[-1], keepdims=True)
        return (x - mean) * tf.rsqrt(variance + epsilon) * scale + bias


def dense_relu_dense(x, filter_size, output_size, name=None, reuse=None):
    with tf.variable_scope(name, default_name="dense_relu_dense", values=[x], reuse=reuse):
        h = tf.layers.dense(x, filter_size, activation=tf.nn.relu, name="conv1")
        return tf.layers.dense(h, output_size, name="conv2")


def encoder_layer(x, hidden_size, scope):
    with tf.variable_scope(scope):
        y = dense_relu_dense(layer_norm(x), hidden_size * 4, hidden_size)
        x = layer_norm(x + y)
        y = dense_relu_dense(x, hidden_size * 2, hidden_size, name="ffn_out")
        return layer_norm(x + y, name="output_norm")
