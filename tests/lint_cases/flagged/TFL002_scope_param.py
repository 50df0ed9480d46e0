# run: tf1
# raises: ValueError: already exists
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def conv_block(x, scope):
    with tf.variable_scope(scope):
        kernel = tf.get_variable("kernel", [3, 3, int(x.shape[-1]), 8])
        return tf.nn.relu(tf.nn.conv2d(x, kernel, [1, 1, 1, 1], "SAME"))


class Tower:
    def build(self, images):
        net = conv_block(images, "block1")
        net = conv_block(net, "block1")  # expect: TFL002
        return net


Tower().build(tf.zeros([1, 8, 8, 3]))
