# run: tf1
# raises: FailedPreconditionError: uninitialized
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


class Regressor:
    def __init__(self, n_in):
        self.x = tf.placeholder(tf.float32, [None, n_in])
        self.w = tf.Variable(tf.random_normal([n_in, 1]), name="w")
        self.prediction = tf.matmul(self.x, self.w)

    def predict(self, batch):
        with tf.Session() as sess:
            return sess.run(self.prediction, feed_dict={self.x: batch})  # expect: TFL001


model = Regressor(2)
sess = tf.InteractiveSession()
print(model.w.eval())  # expect: TFL001
