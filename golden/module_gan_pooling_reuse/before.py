"""A small GAN: both networks share weights across calls through reuse=."""
import tensorflow as tf

image_size = 12
code_size = 5


def generator(z, reuse=False):
    with tf.variable_scope('gen', reuse=reuse):
        h = tf.layers.dense(z, 3 * 3 * 8, activation=tf.nn.relu)
        h = tf.reshape(h, [-1, 3, 3, 8])
        h = tf.layers.conv2d_transpose(h, 4, 2, strides=2, padding='same',
                                       activation=tf.nn.relu)
        h = tf.layers.conv2d_transpose(h, 1, 2, strides=2, padding='same')
        return tf.nn.sigmoid(h)


def discriminator(images, reuse=False):
    with tf.variable_scope('disc', reuse=reuse):
        h = tf.layers.conv2d(images, 4, 3, padding='same', activation=tf.nn.leaky_relu)
        h = tf.layers.max_pooling2d(h, 2, 2)
        h = tf.layers.conv2d(h, 8, 3, padding='same', activation=tf.nn.leaky_relu)
        h = tf.layers.average_pooling2d(h, pool_size=2, strides=2, padding='valid')
        h = tf.contrib.layers.flatten(h)
        return tf.layers.dense(h, 1)


def gan_logits(z, real):
    fake = generator(z)
    return discriminator(real), discriminator(fake, reuse=True)
