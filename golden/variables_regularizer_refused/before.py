import tensorflow as tf


def projection(x, scope, n_out):
    with tf.variable_scope(scope):
        w = tf.get_variable('w', [x.shape[-1].value, n_out],
                            regularizer=lambda t: 1e-4 * tf.nn.l2_loss(t))
        return tf.matmul(x, w)


inputs = tf.ones([2, 3])
projected = projection(inputs, 'proj', 5)
