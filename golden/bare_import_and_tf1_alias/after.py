import tensorflow
import tensorflow as tf1

a = tensorflow.random.uniform([3], maxval=2.0)
b = tf1.math.log(a + 1.0)
c = tf1.reduce_mean(b, axis=0, keepdims=True)
d = tensorflow.cast(tensorflow.argmax(a, axis=0), tensorflow.float32)
