# run: tf1
# raises: ValueError: already exists
from tensorflow.compat import v1 as tf

tf.disable_v2_behavior()

x = tf.zeros([2, 4])
for step in range(3):
    with tf.variable_scope("rnn"):
        w = tf.get_variable("w", [4, 4])  # expect: TFL002
        x = tf.tanh(tf.matmul(x, w))
