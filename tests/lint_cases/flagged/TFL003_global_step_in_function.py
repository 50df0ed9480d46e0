# run: tf1
# raises: FailedPreconditionError: uninitialized
import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()


def build_and_train(restore):
    tf.reset_default_graph()
    with tf.variable_scope("model"):
        w = tf.get_variable("w", [2, 1])
    loss = tf.reduce_sum(tf.matmul(tf.ones([1, 2]), w))
    saver = tf.train.Saver(max_to_keep=3)  # expect: TFL003
    optimizer = tf.train.MomentumOptimizer(0.01, momentum=0.9)
    train_op = optimizer.minimize(loss)
    with tf.Session() as sess:
        if restore:
            saver.restore(sess, "./train.ckpt")
        else:
            sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        saver.save(sess, "./train.ckpt")


build_and_train(restore=False)
build_and_train(restore=True)
