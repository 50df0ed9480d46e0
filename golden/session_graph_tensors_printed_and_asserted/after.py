"""Graph tensors read while the graph is built: printed, their static shapes asserted and
printed, then run through a session."""
import numpy as np
import tensorflow as tf

x_spec = tf.TensorSpec([None, 4], tf.float32, name="x")
w = tf.Variable(tf.ones([4, 3]), name="w")


def hidden(x):
    return tf.nn.relu(tf.matmul(x, w) - 1.0)


@tf.function(input_signature=[x_spec])
def scores(x):
    return tf.reduce_sum(hidden(x), axis=1, keepdims=True)


print(tf.function(hidden).get_concrete_function(x_spec).structured_outputs)
print(
    "hidden:",
    tf.function(hidden).get_concrete_function(x_spec).structured_outputs.get_shape(),
    tf.function(hidden).get_concrete_function(x_spec).structured_outputs.dtype,
)
assert scores.get_concrete_function().structured_outputs.shape.as_list() == [None, 1]
values = scores(np.arange(8, dtype=np.float32).reshape(2, 4)).numpy()
print(values.ravel())
print(tf.argmax(values, 0).numpy())
