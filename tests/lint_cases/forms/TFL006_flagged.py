# Flagged forms of TFL006: a tensor computed in a tf.function escapes through self or a global.

# %% self.last in a traced __call__, read at module level
import tensorflow as tf


class Tracker(tf.Module):
    @tf.function
    def __call__(self, x):
        y = x * 2.0
        self.last = y  # expect: TFL006
        return y


t = Tracker()
t(tf.constant(1.0))
print(t.last + 1.0)

# %% the minimal form: a method step
import tensorflow as tf


class Stepper(object):
    @tf.function
    def step(self, x):
        y = tf.square(x)
        self.last = y  # expect: TFL006
        return y


s = Stepper()
s.step(tf.constant(3.0))
print(s.last)

# %% a global, read by module code
import tensorflow as tf

last_logits = None


@tf.function
def predict(x):
    global last_logits
    last_logits = tf.nn.softmax(x)  # expect: TFL006
    return tf.argmax(last_logits)


predict(tf.constant([1.0, 2.0]))
top = tf.reduce_max(last_logits)

# %% read by another (eager) method
import tensorflow as tf


class Model(tf.Module):
    def __init__(self):
        super().__init__()
        self.w = tf.Variable(tf.ones([2, 2]))

    @tf.function
    def __call__(self, x):
        self.hidden = tf.matmul(x, self.w)  # expect: TFL006
        return tf.reduce_sum(self.hidden)

    def summary(self):
        return tf.reduce_mean(self.hidden)


# %% appended to a module-level list
import tensorflow as tf

activations = []


@tf.function
def layer(x):
    h = tf.nn.relu(x)
    activations.append(h)  # expect: TFL006
    return h


layer(tf.ones([3]))
print(tf.add_n(activations))

# %% used by another tf.function (InaccessibleTensorError)
import tensorflow as tf


class Cache(tf.Module):
    @tf.function
    def encode(self, x):
        self.memory = tf.tanh(x)  # expect: TFL006
        return self.memory

    @tf.function
    def decode(self, y):
        return y + self.memory


# %% in a loop of the traced body, collected on self
import tensorflow as tf


class Unroll(tf.Module):
    def __init__(self):
        super().__init__()
        self.states = []

    @tf.function
    def __call__(self, x, steps):
        h = x
        for _ in range(3):
            h = tf.tanh(h)
            self.states.append(h)  # expect: TFL006
        return h

    def last_state(self):
        return self.states[-1] * 1.0


# %% a plain function wrapped by tf.function, tf.compat.v2 spelling
import tensorflow as tf

probe = None


def forward(x):
    global probe
    probe = tf.compat.v2.nn.sigmoid(x)  # expect: TFL006
    return probe * 2.0


fast_forward = tf.compat.v2.function(forward)
fast_forward(tf.ones([2]))
print(probe.numpy())

# %% a module-level function reads the escaped attribute of an instance
import tensorflow as tf


class Encoder(tf.Module):
    @tf.function
    def __call__(self, tokens):
        embedded = tf.one_hot(tokens, 8)
        self.embedded = embedded  # expect: TFL006
        return tf.reduce_sum(embedded, axis=0)


encoder = Encoder()


def debug():
    return tf.reduce_mean(encoder.embedded)
