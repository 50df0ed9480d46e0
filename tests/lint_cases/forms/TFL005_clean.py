# Clean forms for TFL005: variables are made once, outside the trace or under a guard.

# %% created at module level, used in the traced function
import tensorflow as tf

scale = tf.Variable(2.0)


@tf.function
def scaled(x):
    return x * scale


# %% lazily created under `if self.w is None:`
import tensorflow as tf


class Dense(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = None

    @tf.function
    def __call__(self, x):
        if self.w is None:
            self.w = tf.Variable(tf.ones([x.shape[-1], 2]))
        return tf.matmul(x, self.w)


# %% created in __init__
import tensorflow as tf


class Counter(tf.Module):
    def __init__(self):
        super().__init__()
        self.count = tf.Variable(0)

    @tf.function
    def __call__(self):
        self.count.assign_add(1)
        return self.count


# %% eager function, no tf.function
import tensorflow as tf


def make_state(n):
    return tf.Variable(tf.zeros([n]))


state = make_state(3)

# %% a guarded build step called from the trace
import tensorflow as tf


class Layer(tf.Module):
    def __init__(self):
        super().__init__()
        self.built = False

    def build(self, n):
        self.kernel = tf.Variable(tf.ones([n, n]))
        self.built = True

    @tf.function
    def __call__(self, x):
        if not self.built:
            self.build(x.shape[-1])
        return tf.matmul(x, self.kernel)


# %% `self.v or tf.Variable(...)` creates once
import tensorflow as tf


class Lazy(tf.Module):
    v = None

    @tf.function
    def __call__(self, x):
        self.v = self.v or tf.Variable(1.0)
        return x * self.v


# %% traced function only assigns existing variables
import tensorflow as tf

w = tf.Variable(tf.zeros([2]))


@tf.function
def update(delta):
    w.assign_add(delta)
    return w.read_value()


# %% variables made by the optimizer outside the trace, keras model built before
import tensorflow as tf

model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
model.build([None, 3])
optimizer = tf.keras.optimizers.SGD(0.1)


@tf.function
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = tf.reduce_mean(tf.square(model(x) - y))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables))
    return loss


# %% a nested function that the trace does not run
import tensorflow as tf


@tf.function
def make(x):
    def later():
        return tf.Variable(x)
    return x * 2.0
