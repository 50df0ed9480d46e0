# run: tf1
# raises: FailedPreconditionError: uninitialized
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def model(inputs):
    hidden = tf.layers.dense(inputs, 4, activation=tf.nn.relu)
    return tf.reduce_sum(hidden)


def main():
    inputs = tf.constant([[1.0, 2.0]])
    total = model(inputs)
    sess = tf.Session()
    init = tf.global_variables_initializer()
    value = sess.run(total)  # expect: TFL001
    sess.run(init)
    return value


main()
