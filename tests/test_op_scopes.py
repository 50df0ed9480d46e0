"""variable_scope around ops only -> name_scope (codemods/op_scopes.py)."""
from __future__ import annotations

import pytest

from codemods.registry import build_pipeline
from migrate.engine import migrate_code

HEAD = "import numpy as np\nimport tensorflow as tf\n\n\n"


def migrate(code: str) -> str:
    out = migrate_code(HEAD + code, build_pipeline()).code
    assert migrate_code(out, build_pipeline()).code == out
    return out[len(HEAD):]


def test_a_scope_over_sines_and_cosines_becomes_a_name_scope():
    code = ("def positional(inputs, maxlen, scope='positional_encoding'):\n"
            "    width = inputs.get_shape().as_list()[-1]\n"
            "    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):\n"
            "        table = np.array([[p / np.power(10000, i / width) for i in range(width)]\n"
            "                          for p in range(maxlen)])\n"
            "        return tf.convert_to_tensor(table, tf.float32) + helper(inputs)\n\n\n"
            "def helper(x):\n"
            "    return tf.nn.relu(x)\n")
    out = migrate(code)
    assert "    with tf.name_scope(scope):\n" in out
    assert "variable_scope" not in out and "AUTO_REUSE" not in out


@pytest.mark.parametrize("code", [
    # the body may make variables: through a method, a parameter, a local creator, a layer
    "def f(net, x):\n    with tf.variable_scope('a'):\n        return net.layer(x)\n",
    "def f(make, x):\n    with tf.variable_scope('a'):\n        return make(x)\n",
    "def f(x):\n    with tf.variable_scope('a'):\n        return tf.layers.dense(x, 2)\n",
    "def f(x):\n    with tf.variable_scope('a'):\n        return g(x)\n\n\n"
    "def g(x):\n    return tf.compat.v1.get_variable('w', [1]) * x\n",
    # names TF2's name_scope cannot take
    "def f(x, scope):\n    with tf.variable_scope(scope):\n        return tf.nn.relu(x)\n",
    "def f(x, scope='a'):\n    with tf.variable_scope(scope):\n        return tf.nn.relu(x)\n\n\n"
    "y = f(1.0, scope=None)\n",
    "def f(x):\n    with tf.variable_scope(None, default_name='a'):\n        return tf.nn.relu(x)\n",
    "def f(x):\n    with tf.variable_scope('a') as s:\n        return tf.nn.relu(x)\n",
])
def test_scopes_that_may_name_variables_or_take_no_string_are_left(code):
    out = migrate(code)
    assert "with tf.name_scope('a')" not in out and "with tf.name_scope(scope)" not in out
