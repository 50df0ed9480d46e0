import numpy as np
import tensorflow as tf

# a linear model trained the TF1 way: placeholders and a Session
x_spec = tf.TensorSpec([None, 3], tf.float32, name="x")
y_spec = tf.TensorSpec([None, 1], tf.float32, name="y")
w = tf.Variable(tf.zeros_initializer()([3, 1], tf.float32), name="w")
b = tf.Variable(tf.zeros_initializer()([1], tf.float32), name="b")


def pred(x):
    return tf.matmul(x, w) + b


def loss(x, y):
    return tf.reduce_mean(tf.math.squared_difference(pred(x), y), keepdims=False)


sgd = tf.keras.optimizers.SGD(0.1)


@tf.function(input_signature=[x_spec, y_spec])
def train_op(x, y):
    with tf.GradientTape() as tape:
        loss_value = loss(x, y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss_value, variables)
    sgd.apply_gradients(zip(gradients, variables))
    return loss_value


data_x = np.random.RandomState(0).rand(16, 3).astype(np.float32)
data_y = data_x.sum(axis=1, keepdims=True)
for step in range(5):
    l = train_op(data_x, data_y).numpy()
print("loss", l)
