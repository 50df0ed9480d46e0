import tensorflow as tf

step = tf.Variable(0, trainable=False, name="step")
ema = tf.Variable(tf.zeros([3]), trainable=False, name="ema")
target = tf.Variable(tf.ones([3]), name="target")
source = tf.Variable(tf.fill([3], 2.0), name="source")


@tf.function
def increment():
    return step.assign_add(1)


@tf.function
def decay():
    return ema.assign(0.9 * ema + 0.1 * source, name="ema_update")


# soft target update, as in DQN-style code
@tf.function
def soft():
    return [t.assign(0.5 * t + 0.5 * s) for t, s in [(target, source)]]


@tf.function
def shrink():
    return target.assign_sub(source * 0.1, use_locking=True)


def checked():
    return tf.compat.v1.assign(target, source, validate_shape=False)


increment()
decay()
soft()
shrink()
print([step.numpy(), ema.numpy(), target.numpy()])
