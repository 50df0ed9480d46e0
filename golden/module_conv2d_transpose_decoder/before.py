import tensorflow as tf


def upsample_decoder(z, scope="decoder"):
    """Projects a code to a 4x4 map and upsamples it to an 18x18 image."""
    with tf.variable_scope(scope):
        net = tf.layers.dense(z, 4 * 4 * 32, activation=tf.nn.relu, name="project")
        net = tf.reshape(net, [-1, 4, 4, 32])
        net = tf.layers.conv2d_transpose(net, 16, 4, strides=2, padding="same",
                                         activation=tf.nn.relu)
        net = tf.layers.conv2d_transpose(net, 8, (3, 3), strides=(2, 2))
        net = tf.layers.conv2d_transpose(
            net, 3, 2, padding="valid", use_bias=False, name="to_rgb")
        return tf.nn.tanh(net)
