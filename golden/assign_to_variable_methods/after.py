import tensorflow as tf

tf.compat.v1.disable_v2_behavior()

step = tf.Variable(0, trainable=False, name="step")
ema = tf.Variable(tf.zeros([3]), trainable=False, name="ema")
target = tf.Variable(tf.ones([3]), name="target")
source = tf.Variable(tf.fill([3], 2.0), name="source")

increment = step.assign_add(1)
decay = ema.assign(0.9 * ema + 0.1 * source, name="ema_update")
# soft target update, as in DQN-style code
soft = [t.assign(0.5 * t + 0.5 * s) for t, s in [(target, source)]]
shrink = target.assign_sub(source * 0.1, use_locking=True)
checked = tf.compat.v1.assign(target, source, validate_shape=False)

with tf.compat.v1.Session() as sess:
    sess.run(tf.compat.v1.global_variables_initializer())
    sess.run([increment, decay, soft, shrink])
    print(sess.run([step, ema, target]))
