"""A tf.layers CNN in a session script, each stage rebinding the name of the one before."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(1)
X = tf.placeholder(tf.float32, [None, 8, 8, 1])
Y = tf.placeholder(tf.float32, [None, 3])
is_training = tf.placeholder(tf.bool)

# convolution, pooling and dropout rebind one name per stage
L1 = tf.layers.conv2d(X, 4, [3, 3], activation=tf.nn.relu)
L1 = tf.layers.max_pooling2d(L1, [2, 2], [2, 2])
L1 = tf.layers.dropout(L1, 0.7, is_training)

L2 = tf.contrib.layers.flatten(L1)
L2 = tf.layers.dense(L2, 16, activation=tf.nn.relu)
L2 = tf.layers.dropout(L2, 0.5, training=is_training)

model = tf.layers.dense(L2, 3, activation=None)

cost = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits_v2(logits=model, labels=Y))
optimizer = tf.train.AdamOptimizer(0.01).minimize(cost)

init = tf.global_variables_initializer()
sess = tf.Session()
sess.run(init)

rng = np.random.RandomState(0)
xs = rng.rand(20, 8, 8, 1).astype(np.float32)
ys = np.eye(3)[rng.randint(0, 3, 20)].astype(np.float32)
for epoch in range(5):
    _, cost_val = sess.run([optimizer, cost], feed_dict={X: xs, Y: ys, is_training: False})
    print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{:.4f}'.format(cost_val))

is_correct = tf.equal(tf.argmax(model, 1), tf.argmax(Y, 1))
accuracy = tf.reduce_mean(tf.cast(is_correct, tf.float32))
print('accuracy', sess.run(accuracy, feed_dict={X: xs, Y: ys, is_training: False}))
