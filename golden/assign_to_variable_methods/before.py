import tensorflow as tf

tf.disable_v2_behavior()

step = tf.Variable(0, trainable=False, name="step")
ema = tf.Variable(tf.zeros([3]), trainable=False, name="ema")
target = tf.Variable(tf.ones([3]), name="target")
source = tf.Variable(tf.fill([3], 2.0), name="source")

increment = tf.assign_add(step, 1)
decay = tf.assign(ema, 0.9 * ema + 0.1 * source, name="ema_update")
# soft target update, as in DQN-style code
soft = [tf.assign(t, 0.5 * t + 0.5 * s) for t, s in [(target, source)]]
shrink = tf.assign_sub(target, source * 0.1, use_locking=True)
checked = tf.assign(target, source, validate_shape=False)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    sess.run([increment, decay, soft, shrink])
    print(sess.run([step, ema, target]))
