# Clean forms for TFL006: traced tensors leave tf.function only as return values or variables.

# %% returned, not stored
import tensorflow as tf


class Model(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(tf.ones([2, 2]))

    @tf.function
    def __call__(self, x):
        hidden = tf.matmul(x, self.w)
        return tf.reduce_sum(hidden), hidden


model = Model()
total, hidden = model(tf.ones([1, 2]))
print(tf.reduce_mean(hidden))

# %% kept in a variable with assign
import tensorflow as tf


class Tracker(tf.Module):
    def __init__(self):
        super().__init__()
        self.last = tf.Variable(0.0)

    @tf.function
    def __call__(self, x):
        self.last.assign(tf.reduce_sum(x))
        return x

    def report(self):
        return self.last + 1.0


# %% a Python counter through a global
import tensorflow as tf

traces = 0


@tf.function
def step(x):
    global traces
    traces = traces + 1
    return tf.nn.softmax(x)


step(tf.constant([1.0]))
print(traces)

# %% a Python flag and a Python argument stored on self
import tensorflow as tf


class Net(tf.Module):
    @tf.function
    def __call__(self, x, training=False):
        self.called = True
        self.training = training
        return x * 2.0

    def describe(self):
        return "train" if self.training else "infer", self.called


# %% the stored tensor is only tested against None outside
import tensorflow as tf


class Runner(tf.Module):
    def __init__(self):
        super().__init__()
        self.out = None

    @tf.function
    def __call__(self, x):
        self.out = x + 1.0
        return self.out

    def has_run(self):
        return self.out is not None


# %% stored and read within the same traced function
import tensorflow as tf


class Attention(tf.Module):
    @tf.function
    def __call__(self, q, k):
        self.scores = tf.matmul(q, k, transpose_b=True)
        return tf.nn.softmax(self.scores)


# %% static shape information stored for later
import tensorflow as tf


class Shaper(tf.Module):
    @tf.function
    def __call__(self, x):
        self.width = x.shape[-1]
        self.rank = len(x.shape)
        return tf.reshape(x, [-1])

    def describe(self):
        return self.width, self.rank


# %% set in __init__ eagerly, the trace does not touch it
import tensorflow as tf


class Scaler(tf.Module):
    def __init__(self, factor):
        super().__init__()
        self.factor = tf.constant(factor)

    @tf.function
    def __call__(self, x):
        return x * self.factor

    def inverse(self, y):
        return y / self.factor


# %% a local list inside the trace
import tensorflow as tf


@tf.function
def pyramid(x):
    levels = []
    for _ in range(3):
        x = tf.nn.avg_pool2d(x, 2, 2, "VALID")
        levels.append(x)
    return levels
