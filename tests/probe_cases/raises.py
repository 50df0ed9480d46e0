"""Creates one variable, then fails the way user code does."""
import tensorflow as tf

created = tf.Variable(tf.zeros([2]), name="created_before_failure")
raise ValueError("shapes do not line up\nsecond line of the message")
