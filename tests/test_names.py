"""The codemods' qualified-name provider agrees with libcst's QualifiedNameProvider on the
references they ask about (imports through any alias, local functions, shadowing)."""
from __future__ import annotations

import libcst as cst
from libcst.metadata import MetadataWrapper, QualifiedNameProvider

from codemods.names import TFQualifiedNameProvider

CODE = '''
import tensorflow as tf
import tensorflow.compat.v1 as tf1
from tensorflow import nn
from tensorflow.compat import v1
import numpy as np
import os.path


def conv(x, tf=None):
    import tensorflow.compat.v1 as inner
    y = inner.layers.dense(x, 3)
    return nn.relu(y), np.zeros(3), tf.zeros, conv(x)


class Model:
    tf = 3

    def call(self, x):
        return tf.zeros(1) + tf1.get_variable("w", [1]) + v1.layers.dense(x, 1)


z = [tf for tf in range(3)]
w = lambda tf: tf.ones(2)
p = os.path.join("a", "b")
'''


def _names(provider) -> dict:
    wrapper = MetadataWrapper(cst.parse_module(CODE))
    found = wrapper.resolve(provider)
    out = {}
    for node, names in found.items():
        names = names() if callable(names) else names
        if isinstance(node, (cst.Name, cst.Attribute)) and names:
            key = (wrapper.module.code_for_node(node), node.__class__.__name__)
            out.setdefault(key, set()).update((q.name, q.source.name) for q in names)
    return out


def test_import_paths_and_local_functions_match_libcst():
    ours, theirs = _names(TFQualifiedNameProvider), _names(QualifiedNameProvider)
    asked = {key for key, names in theirs.items()
             if any(n.startswith(("tensorflow", "numpy", "os")) or source == "LOCAL" and "." not in n
                    for n, source in names)}
    assert asked, "the sample has references of both kinds"
    for key in sorted(asked):
        assert ours.get(key) == theirs[key], key


def test_a_parameter_shadows_the_module_alias():
    ours = _names(TFQualifiedNameProvider)
    assert ("conv.<locals>.tf.zeros", "LOCAL") in ours[("tf.zeros", "Attribute")]
    assert ("tensorflow.zeros", "IMPORT") in ours[("tf.zeros", "Attribute")]  # in the method
    assert not any(n.startswith("tensorflow") for n, _ in ours[("tf.ones", "Attribute")])
