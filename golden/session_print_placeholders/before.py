"""Linear regression that prints its placeholders while building the graph."""
import tensorflow as tf

x_data = [1.0, 2.0, 3.0]
y_data = [2.0, 4.0, 6.0]

W = tf.Variable(tf.random_uniform([1], -1.0, 1.0), name="W")
b = tf.Variable(tf.zeros([1]), name="b")

X = tf.placeholder(tf.float32, name="X")
Y = tf.placeholder(tf.float32, [None], name="Y")
print(X)
print("labels:", Y)

hypothesis = W * X + b
cost = tf.reduce_mean(tf.square(hypothesis - Y))
train_op = tf.train.GradientDescentOptimizer(learning_rate=0.1).minimize(cost)

with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        _, cost_val = sess.run([train_op, cost], feed_dict={X: x_data, Y: y_data})
        if step % 10 == 0:
            print(step, cost_val)
    print("X: 5, Y:", sess.run(hypothesis, feed_dict={X: 5}))
