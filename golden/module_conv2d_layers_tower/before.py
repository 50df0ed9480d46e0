import tensorflow as tf


def conv_tower(images, scope, is_training=True):
    with tf.variable_scope(scope):
        net = tf.layers.conv2d(images, 8, 3, padding="same", activation=tf.nn.relu)
        net = tf.layers.conv2d(net, 16, [3, 3], strides=2, name="down")
        net = tf.layers.conv2d(net, 16, 3)
        net = tf.reshape(net, [-1, 16 * 3 * 3])
        return tf.layers.dense(net, 10, name="logits")
