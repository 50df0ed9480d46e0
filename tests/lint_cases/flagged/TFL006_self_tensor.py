# run: tf2
# raises: TypeError|InaccessibleTensorError: out of scope
import tensorflow as tf


class Model(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(tf.ones([2, 2]))

    @tf.function
    def __call__(self, x):
        self.hidden = tf.matmul(x, self.w)  # expect: TFL006
        return tf.reduce_sum(self.hidden)

    def summary(self):
        return tf.reduce_mean(self.hidden) + 1.0


model = Model()
model(tf.ones([1, 2]))
print(model.summary())
