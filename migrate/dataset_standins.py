"""Seeded stand-ins for the datasets TF1 tutorials download, for verify's probes only.

A script that calls `input_data.read_data_sets("MNIST_data/", one_hot=True)` (from
`tensorflow.examples.tutorials.mnist`, gone from TF 2.x) or `tf.keras.datasets.mnist.load_data()`
needs the network and a package TF no longer ships, so neither its TF1 original nor its
migration can run here. The probe gives both sides the same small synthetic dataset of the
real shapes instead (MNIST: 28x28 grey images, 10 classes), drawn from a fixed seed, so the
two runs see identical data and a deterministic program prints the same numbers on both.
What was served is recorded and verify reports it beside its verdict, as for tf.contrib.

Sizes are small (train 1,100 / validation 100 / test 200 examples) so that a tutorial's
training loop finishes within the probe's timeout; only the shapes and dtypes are MNIST's.
"""
from __future__ import annotations

import sys
import types

TRAIN, VALIDATION, TEST = 1100, 100, 200
SEED = 1234


class DataSet:
    """TF1's `mnist.train`: images, labels, `num_examples`, `next_batch` (seeded shuffles)."""

    def __init__(self, images, labels, seed: int):
        import numpy as np

        self._images, self._labels = images, labels
        self._rng = np.random.RandomState(seed)
        self._epochs_completed, self._index = 0, 0
        self._order = np.arange(len(images))

    images = property(lambda self: self._images)
    labels = property(lambda self: self._labels)
    num_examples = property(lambda self: len(self._images))
    epochs_completed = property(lambda self: self._epochs_completed)

    def next_batch(self, batch_size: int, fake_data: bool = False, shuffle: bool = True):
        import numpy as np

        if self._index == 0 and shuffle:
            self._order = self._rng.permutation(self.num_examples)
        start, end = self._index, self._index + batch_size
        if end > self.num_examples:  # wrap around: the rest of this epoch, then a new one
            rest = self._order[start:]
            self._epochs_completed += 1
            self._order = self._rng.permutation(self.num_examples) if shuffle else self._order
            self._index = batch_size - len(rest)
            chosen = np.concatenate([rest, self._order[:self._index]])
        else:
            self._index = end % self.num_examples
            chosen = self._order[start:end]
        return self._images[chosen], self._labels[chosen]


def _learnable_images(labels, rng):
    """28x28x1 images in [0, 1) that a classifier can learn: each class has its own fixed
    pattern, blended with noise. Labels that are noise make training chaotic, so two runs a
    rounding error apart (TF1's fused kernels versus TF2's) drift apart over thousands of
    steps; a learnable task converges, and a deterministic program's numbers then agree."""
    import numpy as np

    patterns = np.random.RandomState(SEED).rand(10, 28, 28, 1)
    noise = rng.rand(len(labels), 28, 28, 1)
    return (0.5 * patterns[labels] + 0.5 * noise).astype(np.float32)


def _mnist_arrays(count: int, rng, one_hot: bool, reshape: bool, dtype_float: bool = True):
    import numpy as np

    labels = rng.randint(0, 10, count)
    images = _learnable_images(labels, rng)
    if reshape:
        images = images.reshape(count, 784)
    if not dtype_float:
        images = (images * 255).astype(np.uint8)
    return images, (np.eye(10, dtype=np.float32)[labels] if one_hot else labels)


def read_data_sets(train_dir=None, fake_data=False, one_hot=False, dtype=None, reshape=True,
                   validation_size=5000, seed=None, source_url=None):
    import numpy as np

    _used.add("examples.tutorials.mnist.input_data.read_data_sets")
    rng = np.random.RandomState(SEED)
    sets = [DataSet(*_mnist_arrays(n, rng, one_hot, reshape), seed=SEED + i)
            for i, n in enumerate((TRAIN, VALIDATION, TEST))]
    return types.SimpleNamespace(train=sets[0], validation=sets[1], test=sets[2])


def _keras_mnist_load_data(path="mnist.npz"):
    import numpy as np

    _used.add("keras.datasets.mnist.load_data")
    rng = np.random.RandomState(SEED)
    y_train, y_test = rng.randint(0, 10, TRAIN), rng.randint(0, 10, TEST)
    x_train = (_learnable_images(y_train, rng)[..., 0] * 255).astype(np.uint8)
    x_test = (_learnable_images(y_test, rng)[..., 0] * 255).astype(np.uint8)
    return (x_train, y_train.astype(np.uint8)), (x_test, y_test.astype(np.uint8))


_used: set = set()


def install(tf_modules: list) -> set:
    """Serve `tensorflow.examples.tutorials.mnist.input_data` and replace
    `keras.datasets.mnist.load_data` on the given TF modules. Returns what gets used."""
    names = ["tensorflow.examples", "tensorflow.examples.tutorials",
             "tensorflow.examples.tutorials.mnist"]
    for name in names:
        sys.modules.setdefault(name, types.ModuleType(name))
    module = types.ModuleType("tensorflow.examples.tutorials.mnist.input_data")
    module.read_data_sets = read_data_sets
    module.DataSet = DataSet
    sys.modules[module.__name__] = module
    sys.modules["tensorflow.examples.tutorials.mnist"].input_data = module
    sys.modules["tensorflow.examples.tutorials"].mnist = sys.modules[names[2]]
    sys.modules["tensorflow.examples"].tutorials = sys.modules[names[1]]
    for tf in tf_modules:
        try:
            tf.keras.datasets.mnist.load_data = _keras_mnist_load_data
        except Exception:  # a TF without Keras: nothing to replace
            pass
    return _used
