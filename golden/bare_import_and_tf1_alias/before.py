import tensorflow
import tensorflow as tf1

a = tensorflow.random_uniform([3], maxval=2.0)
b = tf1.log(a + 1.0)
c = tf1.reduce_mean(b, reduction_indices=0, keep_dims=True)
d = tensorflow.to_float(tensorflow.argmax(a, dimension=0))
