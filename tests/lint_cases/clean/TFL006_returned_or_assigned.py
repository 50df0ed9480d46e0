# run: tf2
import tensorflow as tf

calls = 0


class Model(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(tf.ones([2, 2]))
        self.last = tf.Variable(tf.zeros([1, 2]))
        self.hidden = None

    @tf.function
    def __call__(self, x):
        hidden = tf.matmul(x, self.w)
        self.last.assign(hidden)
        self.hidden = hidden
        return tf.reduce_sum(hidden), hidden

    def has_run(self):
        return self.hidden is not None

    def summary(self):
        return tf.reduce_mean(self.last) + 1.0


@tf.function
def step(x):
    global calls
    calls = calls + 1
    return tf.nn.softmax(x)


model = Model()
total, hidden = model(tf.ones([1, 2]))
print(model.summary(), tf.reduce_mean(hidden), model.has_run())
print(step(tf.constant([1.0, 2.0])), calls)
