"""Linear regression that prints its placeholders while building the graph."""
import tensorflow as tf

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]

W = tf.Variable(tf.random.uniform([1], -1.0, 1.0), name="W")
b = tf.Variable(tf.zeros([1]), name="b")

X_spec = tf.TensorSpec(None, tf.float32, name="X")
Y_spec = tf.TensorSpec([None], tf.float32, name="Y")
print(X_spec)
print("labels:", Y_spec)


@tf.function(input_signature=[X_spec])
def hypothesis(X):
    return W * X + b


def cost(X, Y):
    return tf.reduce_mean(tf.square(hypothesis(X) - Y))


sgd = tf.keras.optimizers.SGD(learning_rate=0.1)


@tf.function(input_signature=[X_spec, Y_spec])
def train_op(X, Y):
    with tf.GradientTape() as tape:
        loss = cost(X, Y)
    variables = tape.watched_variables()
    gradients = tape.gradient(loss, variables)
    sgd.apply_gradients(zip(gradients, variables))
    return loss


for step in range(30):
    cost_val = train_op(x_data, y_data).numpy()
    if step % 10 == 0:
        print(step, cost_val)
print("X: 5, Y:", hypothesis(5).numpy())
