import numpy as np
from tensorflow import reduce_sum
from tensorflow import constant as const
import tensorflow as tf


def normalize(v):
    return v * tf.math.rsqrt(reduce_sum(v * v, keepdims=True))


v = const(np.ones([4], dtype=np.float32))
n = normalize(v + tf.random.normal([4], stddev=0.01))
nll = -tf.math.log(n[0] ** 2)
