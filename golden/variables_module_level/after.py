import numpy as np
import tensorflow as tf

# training bookkeeping: not trained, but saved with the model
global_step = tf.Variable(
    tf.zeros_initializer()([], tf.int64),
    name='global_step',
    trainable=False)
counts = tf.Variable(tf.zeros_initializer()([10], tf.int32), name='counts')
embedding = tf.Variable(
    tf.keras.initializers.GlorotUniform()([10, 4], tf.float32),
    name='embedding')
scale = tf.Variable(np.ones(4, dtype=np.float32), name='scale')
bias = tf.Variable(tf.keras.initializers.TruncatedNormal(stddev=0.1)([4], tf.float32), name='bias')
offset = tf.Variable(tf.constant_initializer(0)([4], tf.float32), name='offset')

features = tf.nn.embedding_lookup(embedding, [1, 2, 3]) * scale + bias + offset
