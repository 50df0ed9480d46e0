"""compute_gradients -> clip each gradient -> apply_gradients, with an exponentially decayed
learning rate driven by the global step."""
import numpy as np
import tensorflow as tf

rng = np.random.RandomState(4)
features = rng.rand(80, 3).astype(np.float32)
targets = features @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.3

X = tf.placeholder(tf.float32, [None, 3], name="X")
Y = tf.placeholder(tf.float32, [None, 1], name="Y")
W = tf.Variable(tf.zeros([3, 1]), name="W")
b = tf.Variable(tf.zeros([1]), name="b")
prediction = tf.matmul(X, W) + b
loss = tf.reduce_mean(tf.square(prediction - Y))

global_step = tf.Variable(0, name="global_step", trainable=False)
learning_rate = tf.train.exponential_decay(0.2, global_step, decay_steps=20,
                                           decay_rate=0.5, staircase=True)
optimizer = tf.train.AdamOptimizer(learning_rate)
grads_and_vars = optimizer.compute_gradients(loss)
# keep every gradient in [-1, 1]
capped = [(tf.clip_by_value(grad, -1.0, 1.0), var) for grad, var in grads_and_vars]
train_op = optimizer.apply_gradients(capped, global_step=global_step)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(60):
        _, l = sess.run([train_op, loss], feed_dict={X: features, Y: targets})
        if step % 20 == 0:
            print("step %d loss %.5f lr %.4f" % (step, l, sess.run(learning_rate)))
    print("global step", sess.run(global_step))
    print("W", np.round(sess.run(W).ravel(), 4), "b", np.round(sess.run(b), 4))
