import tensorflow as tf


def conv_bn_relu(x, filters, is_training, scope):
    with tf.variable_scope(scope):
        x = tf.layers.conv2d(x, filters, 3, padding="same", use_bias=False)
        x = tf.layers.batch_normalization(x, training=is_training, momentum=0.9)
        return tf.nn.relu(x)


def classifier(images, is_training, scope="classifier", reuse=None):
    with tf.variable_scope(scope, reuse=reuse):
        net = conv_bn_relu(images, 8, is_training, "block1")
        net = conv_bn_relu(net, 16, is_training, "block2")
        net = tf.reduce_mean(net, axis=[1, 2])
        net = tf.layers.dense(net, 16, use_bias=False)
        net = tf.layers.batch_normalization(net, training=is_training, momentum=0.9,
                                            epsilon=1e-5, name="fc_bn")
        return tf.layers.dense(tf.nn.relu(net), 10, name="logits")
