import tensorflow as tf

keep_prob = 0.8
h = tf.ones([2, 8])

h1 = tf.nn.dropout(h, rate=1 - keep_prob)
h2 = tf.nn.dropout(h, rate=0.5, seed=7)
h3 = tf.nn.dropout(h, rate=0.25)
h4 = tf.nn.dropout(h, rate=0.1)
