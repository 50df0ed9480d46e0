import tensorflow as tf


def dense(x, n_out, scope, activation=tf.nn.relu):
    # a fully connected layer whose variables live under `scope`
    with tf.variable_scope(scope):
        n_in = x.get_shape()[-1].value
        w = tf.get_variable('w', [n_in, n_out],
                            initializer=tf.truncated_normal_initializer(stddev=0.1))
        b = tf.get_variable('b', [n_out], initializer=tf.zeros_initializer())
        return activation(tf.matmul(x, w) + b)
