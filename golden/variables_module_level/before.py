import numpy as np
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()

# training bookkeeping: not trained, but saved with the model
global_step = tf.get_variable('global_step', [], tf.int64, initializer=tf.zeros_initializer(),
                              trainable=False,
                              collections=[tf.GraphKeys.GLOBAL_VARIABLES,
                                           tf.GraphKeys.GLOBAL_STEP])
counts = tf.get_variable('counts', [10], dtype=tf.int32)
embedding = tf.get_variable('embedding', [10, 4])
scale = tf.get_variable('scale', initializer=np.ones(4, dtype=np.float32))
bias = tf.get_variable('bias', [4], initializer=tf.truncated_normal_initializer(stddev=0.1))
offset = tf.get_variable('offset', [4], initializer=tf.constant_initializer(0))

features = tf.nn.embedding_lookup(embedding, [1, 2, 3]) * scale + bias + offset
