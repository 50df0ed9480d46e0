"""A GAN on 2-D points: generator and discriminator scopes, the discriminator called twice
(reuse=True), var_lists filtered from tf.trainable_variables() by scope name, two Adam
optimizers, driven through one session."""
import numpy as np
import tensorflow as tf

tf.set_random_seed(0)


def generator(z, reuse=False):
    with tf.variable_scope("generator", reuse=reuse):
        h = tf.layers.dense(z, 8, activation=tf.nn.relu, name="h")
        return tf.layers.dense(h, 2, name="out")


def discriminator(x, reuse=False):
    with tf.variable_scope("discriminator", reuse=reuse):
        h = tf.layers.dense(x, 8, activation=tf.nn.relu, name="h")
        return tf.layers.dense(h, 1, name="logit")


z = tf.placeholder(tf.float32, [None, 4])
real = tf.placeholder(tf.float32, [None, 2])
fake = generator(z)
d_real = discriminator(real)
d_fake = discriminator(fake, reuse=True)
d_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_real, labels=tf.ones_like(d_real))) + \
    tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.zeros_like(d_fake)))
g_loss = tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(logits=d_fake, labels=tf.ones_like(d_fake)))
t_vars = tf.trainable_variables()
d_vars = [v for v in t_vars if v.name.startswith("discriminator")]
g_vars = [v for v in t_vars if v.name.startswith("generator")]
d_train = tf.train.AdamOptimizer(0.01).minimize(d_loss, var_list=d_vars)
g_train = tf.train.AdamOptimizer(0.01).minimize(g_loss, var_list=g_vars)
rng = np.random.RandomState(0)
with tf.Session() as sess:
    sess.run(tf.global_variables_initializer())
    for step in range(30):
        zs = rng.randn(16, 4).astype(np.float32)
        xs = (rng.randn(16, 2) + 3).astype(np.float32)
        _, dl = sess.run([d_train, d_loss], {z: zs, real: xs})
        _, gl = sess.run([g_train, g_loss], {z: zs})
        if step % 10 == 0:
            print(step, dl, gl)
