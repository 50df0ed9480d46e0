import tensorflow as tf

embeddings = tf.ones([10, 4])
ids = tf.constant([1, 3, 5])

# partition_strategy has no TF2 spelling: this call keeps TF1 semantics
looked_up = tf.compat.v1.nn.embedding_lookup(embeddings, ids, partition_strategy="div")
plain = tf.nn.embedding_lookup(embeddings, ids)
