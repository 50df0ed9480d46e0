# run: tf2
# raises: TypeError|InaccessibleTensorError: out of scope
import tensorflow as tf

last_logits = None


@tf.function
def step(x):
    global last_logits
    last_logits = tf.nn.softmax(x)  # expect: TFL006
    return tf.reduce_sum(last_logits)


step(tf.constant([1.0, 2.0]))
print(tf.argmax(last_logits))
