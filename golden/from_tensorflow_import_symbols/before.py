import numpy as np
from tensorflow import log, random_normal, reduce_sum, rsqrt
from tensorflow import constant as const


def normalize(v):
    return v * rsqrt(reduce_sum(v * v, keep_dims=True))


v = const(np.ones([4], dtype=np.float32))
n = normalize(v + random_normal([4], stddev=0.01))
nll = -log(n[0] ** 2)
