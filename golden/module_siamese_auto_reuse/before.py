import tensorflow as tf


def linear(x, scope, n_out):
    with tf.variable_scope(scope):
        w = tf.get_variable('weights', [x.shape[-1].value, n_out])
        b = tf.get_variable('biases', [n_out], initializer=tf.constant_initializer(0.1))
        return tf.matmul(x, w) + b


def tower(x, scope='tower'):
    """Both inputs go through the same weights."""
    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):
        h = tf.nn.relu(linear(x, 'fc1', 16))
        return linear(h, 'fc2', 4)


def siamese(left, right):
    with tf.variable_scope('siamese'):
        a = tower(left)
        b = tower(right)
        return tf.reduce_sum(tf.square(a - b), axis=1)
