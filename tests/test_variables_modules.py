"""get_variable -> tf.Variable and scoped functions -> tf.Module: emitted text, refusals, fixpoints."""
from __future__ import annotations

import pytest

from codemods.api_tables import api_tables
from codemods.registry import build_pipeline
from migrate.engine import migrate_code


def migrate(code: str):
    migration = migrate_code(code, build_pipeline())
    again = migrate_code(migration.code, build_pipeline())
    assert again.code == migration.code, "output is not a fixpoint of the pipeline"
    return migration


def messages(migration, codemod: str) -> list[str]:
    return [w["message"] for w in migration.warnings if w["codemod"] == codemod]


# -- get_variable -> tf.Variable ------------------------------------------------------------

def test_positional_dtype_int_gets_zeros_and_alias_is_kept():
    out = migrate("import tensorflow as tf1\n"
                  "a = tf1.get_variable('a', [2], tf1.int64)\n").code
    assert out == ("import tensorflow as tf1\n"
                   "a = tf1.Variable(tf1.zeros_initializer()([2], tf1.int64), name='a')\n")


def test_default_float_initializer_is_glorot_uniform_called_with_dtype():
    out = migrate("import tensorflow as tf\nw = tf.get_variable('w', shape=[3, 4])\n").code
    assert "tf.Variable(tf.keras.initializers.GlorotUniform()([3, 4], tf.float32), name='w')" \
        in out


def test_constant_initializer_is_called_with_float32():
    out = migrate("import tensorflow as tf\n"
                  "b = tf.get_variable('b', [4], initializer=tf.constant_initializer(0))\n").code
    assert "tf.constant_initializer(0)([4], tf.float32)" in out


def test_truncated_normal_keeps_tf1_default_stddev():
    out = migrate("import tensorflow as tf\n"
                  "c = tf.get_variable('c', [3], initializer=tf.truncated_normal_initializer("
                  "seed=1))\n").code
    assert "tf.keras.initializers.TruncatedNormal(seed=1, stddev=1.0)([3], tf.float32)" in out


def test_value_initializer_without_shape_and_trainable_false():
    out = migrate("import numpy as np\nimport tensorflow as tf\n"
                  "s = tf.get_variable('s', initializer=np.ones(3), trainable=False)\n").code
    assert "s = tf.Variable(np.ones(3), name='s', trainable=False)" in out


def test_from_import_gets_a_module_alias():
    out = migrate("from tensorflow import get_variable\n"
                  "v = get_variable('v', [2])\n").code
    assert "import tensorflow as tf" in out
    assert "from tensorflow import get_variable" not in out
    assert "v = tf.Variable(tf.keras.initializers.GlorotUniform()([2], tf.float32), " \
           "name='v')" in out


def test_main_style_function_is_converted():
    code = ("import tensorflow as tf\n\n\ndef main():\n"
            "    step = tf.get_variable('step', [], tf.int32, trainable=False)\n\n\n"
            "if __name__ == '__main__':\n    main()\n")
    assert "step = tf.Variable(tf.zeros_initializer()([], tf.int32), name='step', " \
           "trainable=False)" in migrate(code).code


@pytest.mark.parametrize("call, reason", [
    ("tf.get_variable('w', [2], regularizer=reg)", "regularizer"),
    ("tf.get_variable('w', [2], partitioner=p)", "partitioner"),
    ("tf.get_variable('w', [2], custom_getter=g)", "custom getters"),
    ("tf.get_variable('w', [2], initializer=init)", "not provably a TF initializer"),
    ("tf.get_variable('w', [2], dtype=dt)", "dtype"),
    ("tf.get_variable('w', [2], collections=[tf.GraphKeys.LOCAL_VARIABLES])", "collection"),
    ("tf.get_variable('w', [2], collections=[tf.GraphKeys.GLOBAL_VARIABLES])",
     "trainable=False"),
    ("tf.get_variable('w', [2], use_resource=False)", "use_resource"),
    ("tf.get_variable(*args)", "unpacked"),
])
def test_refusals_stay_compat_with_a_reason(call, reason):
    migration = migrate(f"import tensorflow as tf\nw = {call}\n")
    assert "tf.compat.v1.get_variable(" in migration.code
    assert any(reason in m for m in messages(migration, "variables")), migration.warnings


def test_get_variable_in_a_loop_or_function_is_left_for_the_fallback():
    code = ("import tensorflow as tf\nfor i in range(2):\n"
            "    v = tf.get_variable('v%d' % i, [2])\n\n\n"
            "def f():\n    return tf.get_variable('u', [2])\n\n\nf()\nf()\n")
    migration = migrate(code)
    assert migration.code.count("tf.compat.v1.get_variable(") == 2
    assert len(messages(migration, "compat_fallback")) == 2


def test_dimension_value_becomes_the_dimension():
    out = migrate("import tensorflow as tf\n"
                  "n = x.shape[-1].value + y.get_shape()[0].value\n").code
    assert out == "import tensorflow as tf\nn = x.shape[-1] + y.shape[0]\n"


def test_a_list_of_dimension_values_becomes_as_list():
    out = migrate("import tensorflow as tf\n"
                  "a, b = [v.value for v in xs[0].get_shape()]\n"
                  "c = [d.value for d in h.shape]\n"
                  "d = [d.value for d in h.shape if d]\n").code
    assert out == ("import tensorflow as tf\n"
                   "a, b = xs[0].shape.as_list()\n"
                   "c = h.shape.as_list()\n"
                   "d = [d.value for d in h.shape if d]\n")


def test_emitted_names_are_tf2_names():
    v2 = api_tables().v2_names
    for path in ("Variable", "Module", "keras.initializers.GlorotUniform",
                 "keras.initializers.TruncatedNormal", "zeros_initializer",
                 "constant_initializer", "random_normal_initializer", "float32"):
        assert path in v2, path


# -- scoped functions -> tf.Module -----------------------------------------------------------

LAYER = ("import tensorflow as tf\n\n\n"
         "def dense(x, n_out, scope='dense'):\n"
         "    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):\n"
         "        w = tf.get_variable('w', [x.shape[-1].value, n_out])\n"
         "        return tf.matmul(x, w)\n")


def test_layer_function_becomes_a_module_with_a_lazy_variable():
    migration = migrate(LAYER)
    assert migration.code == (
        "import tensorflow as tf\n\n\n"
        "class Dense(tf.Module):\n"
        "    def __init__(self, name='dense'):\n"
        "        super().__init__(name=name)\n"
        "        self.w = None\n\n"
        "    @tf.Module.with_name_scope\n"
        "    def __call__(self, x, n_out):\n"
        "        if self.w is None:\n"
        "            self.w = tf.Variable(\n"
        "                tf.keras.initializers.GlorotUniform()([x.shape[-1], n_out], "
        "tf.float32),\n"
        "                name='w')\n"
        "        w = self.w\n"
        "        return tf.matmul(x, w)\n")
    assert migration.record == [{"kind": "function_to_module", "function": "dense",
                                 "cls": "Dense", "scope_param": "scope", "reuse_param": None,
                                 "module_name_from": "scope_param", "default_name": "dense"}]


def test_module_level_calls_with_one_scope_share_one_instance():
    code = LAYER + "\n\na = dense(x1, 4)\nb = dense(x2, 4, 'dense')\n"
    out = migrate(code).code
    assert out.endswith("\n\ndense_module = Dense(name='dense')\n"
                        "a = dense_module(x1, 4)\nb = dense_module(x2, 4)\n")


@pytest.mark.parametrize("tail, reason", [
    ("a = dense(x1, 4, 'one')\nb = dense(x2, 4, 'two')\n", "different scopes"),
    ("a = dense(x1, 4, name)\n", "computed scope"),
    ("layers = [dense]\n", "other than by a call"),
    ("for i in range(3):\n    a = dense(x1, 4)\n", "other than by a call"),
    ("def build(x):\n    return dense(x, 4)\n\n\ny = build(x1)\nz = build(x2)\n",
     "called from build"),
])
def test_callers_it_cannot_rewrite_refuse_the_conversion(tail, reason):
    migration = migrate(LAYER + "\n\n" + tail)
    assert "def dense(" in migration.code and "tf.compat.v1.variable_scope" in migration.code
    assert any(reason in m for m in messages(migration, "modules")), migration.warnings


def test_an_entry_function_made_of_module_calls_that_nothing_here_calls_becomes_a_module():
    migration = migrate(LAYER + "\n\ndef build(x):\n    return dense(x, 4)\n")
    assert "class Build(ScopedModule):" in migration.code
    assert "    def __call__(self, x):\n        return self.child(Dense, 'dense')(x, 4)\n" \
        in migration.code  # no name scope of its own: the variables stay `dense/...`
    assert {"function": "build", "cls": "Build"}.items() <= next(
        r for r in migration.record if r.get("function") == "build").items()


def test_a_parent_of_an_unconvertible_child_is_not_converted():
    code = ("import tensorflow as tf\n\n\n"
            "def leaf(x, scope):\n"
            "    with tf.variable_scope(scope):\n"
            "        w = tf.get_variable('w', [2], regularizer=tf.nn.l2_loss)\n"
            "        return x * w\n\n\n"
            "def parent(x, scope):\n"
            "    with tf.variable_scope(scope):\n"
            "        return leaf(x, 'leaf')\n")
    migration = migrate(code)
    assert "class " not in migration.code
    found = messages(migration, "modules")
    assert any("regularizer" in m for m in found)
    assert any("parent" in m and "leaf, which is not converted" in m for m in found)


@pytest.mark.parametrize("body, reason", [
    ("    with tf.variable_scope(scope) as vs:\n        w = tf.get_variable('w', [2])\n"
     "        return w\n", "as scope"),
    ("    with tf.variable_scope(scope, default_name=NAME):\n"
     "        w = tf.get_variable('w', [2])\n        return w\n",
     "default_name is not a literal scope name"),
    ("    with tf.variable_scope(scope):\n        return tf.get_variable\n",
     "other than by calling it"),
    ("    with tf.variable_scope(scope):\n        for _ in range(2):\n"
     "            x = tf.layers.dense(x, 2)\n        return x\n", "unnamed tf.layers.dense"),
    ("    with tf.variable_scope(scope):\n"
     "        return tf.layers.dense(x, 2, kernel_regularizer=tf.nn.l2_loss)\n",
     "kernel_regularizer"),
    ("    with tf.variable_scope(scope):\n        with tf.variable_scope('a', initializer=tf.zeros_initializer()):\n"
     "            return tf.get_variable('w', [2])\n", "nested variable_scope with options"),
    ("    with tf.variable_scope(scope):\n        print(scope)\n"
     "        return tf.get_variable('w', [2])\n", "used for more than the scope"),
    ("    with tf.variable_scope('bad-name'):\n        w = tf.get_variable('w', [2])\n"
     "        return w\n", "not a valid tf.Module name"),
])
def test_bodies_it_cannot_keep_are_refused(body, reason):
    migration = migrate(f"import tensorflow as tf\n\n\ndef f(x, scope):\n{body}")
    assert "def f(" in migration.code
    assert any(reason in m for m in messages(migration, "modules")), migration.warnings


def test_imported_helpers_may_create_variables_so_the_function_stays():
    code = ("import tensorflow as tf\nfrom ops import linear\n\n\n"
            "def f(x, scope):\n    with tf.variable_scope(scope):\n"
            "        return linear(x, 4)\n")
    migration = migrate(code)
    assert "def f(" in migration.code
    assert any("imported from another module" in m for m in messages(migration, "modules"))


def test_compat_v1_import_and_children_in_a_loop():
    code = ("import tensorflow.compat.v1 as tf\n\ntf.disable_v2_behavior()\n\n\n"
            "def cell(x, scope):\n    with tf.variable_scope(scope):\n"
            "        w = tf.get_variable('w', [2, 2])\n        return tf.matmul(x, w)\n\n\n"
            "def stack(x, n, scope='stack'):\n    with tf.variable_scope(scope):\n"
            "        for i in range(n):\n            x = cell(x, 'cell_%d' % i)\n"
            "        return x\n")
    out = migrate(code).code
    assert "import tensorflow as tf\n" in out and "disable_v2_behavior" not in out
    assert "class Stack(ScopedModule):" in out
    assert "x = self.child(Cell, 'cell_%d' % i)(x)" in out
    assert "compat.v1" not in out


NESTED = ("import tensorflow as tf\n\n\n"
          "def tower(x, scope):\n"
          "    with tf.variable_scope(scope):\n"
          "        for i in range(2):\n"
          "            with tf.variable_scope('layer_%d' % i):\n"
          "                w = tf.get_variable('w', [4, 4])\n"
          "                x = tf.matmul(x, w)\n"
          "        h = tf.layers.dense(x, 3)\n"
          "        return tf.layers.dense(h, 2)\n")


def test_nested_scopes_keyed_variables_and_unnamed_dense_numbering():
    migration = migrate(NESTED)
    code = migration.code
    assert code.startswith("import contextlib\n\nimport tensorflow as tf\n")
    assert "            with self.scope('layer_%d' % i):\n" in code
    assert ("                w = self.variable('w', lambda: tf.Variable(\n"
            "                    tf.keras.initializers.GlorotUniform()([4, 4], tf.float32),\n"
            "                    name='w'))\n") in code  # too long for one line
    assert "h = self.child(Dense, \"dense\", 3)(x)" in code
    assert "return self.child(Dense, \"dense_1\", 2)(h)" in code
    assert "class Tower(ScopedModule):" in code and "class Dense(tf.Module):" in code
    assert not messages(migration, "modules")
    assert migrate(code).code == code  # a fixpoint


def test_scope_less_helper_called_only_at_module_level_stays_a_function_quietly():
    code = ("import tensorflow as tf\n\n\n"
            "def build(x):\n"
            "    w = tf.get_variable('w', [2, 2])\n"
            "    return tf.matmul(x, w)\n\n\n"
            "y = build(tf.ones([1, 2]))\n")
    migration = migrate(code)
    assert "def build(x):" in migration.code and "class Build" not in migration.code
    assert not messages(migration, "modules")


@pytest.mark.parametrize("header, reason", [
    ("class Net(Base):\n", "base classes"),
    ("class Net(object):\n    def variables(self):\n        return []\n\n", "reserves"),
])
def test_classes_it_cannot_convert_are_refused(header, reason):
    code = ("import tensorflow as tf\n\n\n" + header +
            "    def __init__(self, x, scope='net'):\n"
            "        with tf.variable_scope(scope):\n"
            "            self.out = tf.layers.dense(x, 2, name='fc')\n")
    migration = migrate(code)
    assert "ScopedModule" not in migration.code
    assert any(reason in m for m in messages(migration, "modules")), migration.warnings


def test_class_building_in_its_constructor_becomes_a_scoped_module():
    code = ("import tensorflow as tf\n\n\n"
            "class Net(object):\n"
            "    \"\"\"A net.\"\"\"\n\n"
            "    def __init__(self, x, scope='net'):\n"
            "        with tf.variable_scope(scope):\n"
            "            self.out = tf.layers.dense(x, 2, name='fc')\n\n"
            "    def output(self):\n"
            "        return self.out\n")
    migration = migrate(code)
    assert ("class Net(ScopedModule):\n"
            "    \"\"\"A net.\"\"\"\n\n"
            "    def __init__(self, x, scope='net'):\n"
            "        super().__init__(name=scope)\n"
            "        with self.name_scope:\n"
            "            self.out = self.child(Dense, 'fc', 2)(x)\n") in migration.code
    assert {"kind": "class_to_module", "cls": "Net", "scope_param": "scope"} in migration.record


def test_flatten_and_dropout_become_plain_ops_inside_a_module():
    code = ("import tensorflow as tf\n\n\n"
            "def classifier(x, scope, is_training):\n"
            "    with tf.variable_scope(scope):\n"
            "        h = tf.layers.dense(x, 8, name='hidden')\n"
            "        h = tf.layers.dropout(h, rate=0.1, training=is_training)\n"
            "        h = tf.layers.flatten(h)\n"
            "        h = tf.layers.dropout(h)\n"
            "        return tf.layers.dropout(h, 0.2, training=True)\n")
    migration = migrate(code)
    assert "        h = (tf.nn.dropout(h, rate=0.1) if is_training else h)\n" in migration.code
    assert "        h = tf.reshape(h, [tf.shape(h)[0], h.shape[1:].num_elements() or -1])\n" in migration.code
    assert "        h = h\n" in migration.code  # TF1's default: not training
    assert "        return tf.nn.dropout(h, rate=0.2)\n" in migration.code
    assert "tf.layers." not in migration.code.replace("`tf.layers.dense`", "")


def test_dropout_of_an_expression_is_refused():
    code = ("import tensorflow as tf\n\n\n"
            "def f(x, scope):\n"
            "    with tf.variable_scope(scope):\n"
            "        return tf.layers.dropout(x * 2, training=True)\n")
    migration = migrate(code)
    assert "def f(" in migration.code
    assert any("not a name" in m for m in messages(migration, "modules"))


def test_compat_v1_conv2d_transpose_becomes_an_emitted_module_aligned_under_child():
    code = ("import tensorflow as tf\n\n\n"
            "def up(x, scope):\n"
            "    with tf.variable_scope(scope):\n"
            "        x = tf.compat.v1.layers.conv2d_transpose(x, 4, 3, strides=2,\n"
            "                                                 padding='same')\n"
            "        return tf.compat.v1.layers.conv2d_transpose(x, 2, 3)\n")
    migration = migrate(code)
    assert ("        x = self.child(Conv2DTranspose, \"conv2d_transpose\", 4, 3, strides=2,\n"
            "                       padding='same')(x)\n") in migration.code
    assert "        return self.child(Conv2DTranspose, \"conv2d_transpose_1\", 2, 3)(x)\n" \
        in migration.code
    assert "class Conv2DTranspose(tf.Module):" in migration.code
    assert "compat.v1" not in migration.code


def test_batch_normalization_takes_training_in_the_call():
    code = ("import tensorflow as tf\n\n\n"
            "def block(x, is_training, scope='block'):\n"
            "    with tf.variable_scope(scope):\n"
            "        x = tf.layers.batch_normalization(x, training=is_training, momentum=0.9,\n"
            "                                          fused=True)\n"
            "        return tf.layers.batch_normalization(x, name='bn', training=False)\n")
    migration = migrate(code)
    assert ("        x = self.child(BatchNormalization, \"batch_normalization\", momentum=0.9,\n"
            "                       fused=True)(x, training=is_training)\n") in migration.code
    assert "        return self.child(BatchNormalization, 'bn')(x, training=False)\n" \
        in migration.code
    assert "tf.layers" not in migration.code.split("class Block")[1]


@pytest.mark.parametrize("call, reason", [
    ("tf.layers.batch_normalization(x, renorm=True)", "renorm=...) has no conversion"),
    ("tf.layers.batch_normalization(x, virtual_batch_size=2)", "virtual_batch_size"),
    ("tf.layers.batch_normalization(x, axis=[1, 2])", "not one integer literal"),
    ("tf.layers.batch_normalization(x, -1, 0.9, 1e-3, True, True, None, None, None, None, "
     "None, None, None, None, True)", "passed by position"),
    ("tf.layers.conv2d_transpose(x, 4, 3, kernel_regularizer=reg)",
     "kernel_regularizer=...) has no conversion"),
])
def test_layer_options_it_cannot_keep_are_refused(call, reason):
    code = ("import tensorflow as tf\n\n\n"
            "def f(x, reg, scope):\n"
            "    with tf.variable_scope(scope):\n"
            f"        return {call}\n")
    migration = migrate(code)
    assert "def f(" in migration.code
    assert any(reason in m for m in messages(migration, "modules")), messages(migration, "modules")


_NORM = ("import tensorflow as tf\n\n\n"
         "def norm(x, name=None):\n"
         "    with tf.variable_scope(name, default_name='norm', values=[x]):\n"
         "        g = tf.get_variable('g', [x.shape[-1].value])\n"
         "        return x * g\n\n\n")


def test_default_name_scopes_are_numbered_like_tf1_inner_calls_first():
    code = _NORM + ("def block(x, scope):\n"
                    "    with tf.variable_scope(scope):\n"
                    "        y = norm(norm(x))\n"
                    "        y = tf.layers.dense(tf.layers.dense(y, 4), 4)\n"
                    "        return norm(y, name='out') + norm(y)\n")
    migration = migrate(code)
    assert 'y = self.child(Norm, "norm_1")(self.child(Norm, "norm")(x))' in migration.code
    assert 'y = self.child(Dense, "dense_1", 4)(self.child(Dense, "dense", 4)(y))' \
        in migration.code
    assert "return self.child(Norm, 'out')(y) + self.child(Norm, \"norm_2\")(y)" \
        in migration.code
    assert "    def __init__(self, name='norm'):\n" in migration.code


@pytest.mark.parametrize("tail, reason", [
    ("def block(x, scope):\n"
     "    with tf.variable_scope(scope):\n"
     "        for _ in range(2):\n"
     "            x = norm(x)\n"
     "        return x\n", "depends on how often it runs"),
    ("a = norm(x)\nb = norm(x)\n", "more than once without a scope"),
])
def test_default_name_calls_it_cannot_number_are_refused(tail, reason):
    migration = migrate(_NORM + tail)
    assert "def norm(" in migration.code
    assert any(reason in m for m in messages(migration, "modules")), messages(migration, "modules")


def test_a_literal_variable_scope_in_run_once_code_becomes_a_name_scope():
    out = migrate("import tensorflow as tf\n"
                  "with tf.variable_scope('logreg'):\n"
                  "    w = tf.get_variable('w', [3], initializer=tf.zeros_initializer())\n").code
    assert out == ("import tensorflow as tf\n"
                   "with tf.name_scope('logreg'):\n"
                   "    w = tf.Variable(tf.zeros_initializer()([3], tf.float32), name='w')\n")


def test_a_scope_with_options_or_a_name_binding_is_not_a_name_scope():
    out = migrate("import tensorflow as tf\n"
                  "with tf.variable_scope('s', reuse=True):\n"
                  "    w = tf.get_variable('w', [3])\n").code
    assert "tf.compat.v1.variable_scope('s', reuse=True)" in out


# -- contrib layer_norm, default names, initializer factories, tensor names ----------------

LAYER_NORM_HELPERS = '''import tensorflow as tf


def layer_norm(x, name=None):
    return tf.contrib.layers.layer_norm(inputs=x, begin_norm_axis=-1, scope=name)


def block(x, scope):
    with tf.variable_scope(scope):
        h = tf.layers.dense(x, 4, name="proj")
        return layer_norm(h + x)
'''


def test_contrib_layer_norm_in_a_helper_takes_tf1_default_name_when_none():
    migration = migrate(LAYER_NORM_HELPERS)
    out = migration.code
    assert "class LayerNormLayer(tf.Module):" in out  # `LayerNorm` is the helper's class
    assert "class LayerNorm(ScopedModule):" in out
    assert 'self.child(LayerNormLayer, name if name is not None else "LayerNorm",' in out
    assert 'return self.child(LayerNorm, "layer_norm")(h + x)' in out
    assert "contrib" not in out.split("class LayerNormLayer")[0] + out.split("class LayerNorm(")[1]
    assert messages(migration, "modules") == []


def test_two_layers_that_may_take_the_same_default_name_in_one_scope_are_refused():
    code = LAYER_NORM_HELPERS.replace("        return layer_norm(h + x)\n",
                                      "        return layer_norm(layer_norm(h) + x)\n")
    migration = migrate(code)
    assert "class Block" not in migration.code
    assert any("more than one LayerNorm in one scope may take TF1's default name" in m
               for m in messages(migration, "modules"))


def test_layer_name_parameter_in_a_loop_is_refused():
    code = ("import tensorflow as tf\n\n\n"
            "def stack(x, scope, name=None):\n"
            "    with tf.variable_scope(scope):\n"
            "        for _ in range(2):\n"
            "            x = tf.layers.dense(x, 4, name=name)\n"
            "        return x\n")
    migration = migrate(code)
    assert "class Stack" not in migration.code
    assert any("tf.layers.dense(name=name) in a loop" in m for m in messages(migration, "modules"))


def test_initializer_factory_used_only_by_converted_layers_takes_tf2_spelling():
    code = ("import tensorflow as tf\n\n\n"
            "def init(stddev=0.02):\n"
            "    return tf.truncated_normal_initializer(stddev=stddev)\n\n\n"
            "def head(x, scope):\n"
            "    with tf.variable_scope(scope):\n"
            "        return tf.layers.dense(x, 2, kernel_initializer=init(0.1),\n"
            "                               bias_initializer=tf.truncated_normal_initializer())\n")
    out = migrate(code).code
    assert "    return tf.keras.initializers.TruncatedNormal(stddev=stddev)\n" in out
    assert "bias_initializer=tf.keras.initializers.TruncatedNormal(stddev=1.0))" in out
    used_elsewhere = code + "\nw = tf.get_variable('w', [2], initializer=init())\n"
    out = migrate(used_elsewhere).code
    assert "    return tf.compat.v1.truncated_normal_initializer(stddev=stddev)\n" in out


def test_function_opening_scopes_one_after_another_is_a_scopeless_module():
    code = ("import tensorflow as tf\n\n\n"
            "def mixer(x):\n"
            "    with tf.variable_scope('inner'):\n"
            "        h = tf.layers.dense(x, 8)\n"
            "    with tf.variable_scope('outer'):\n"
            "        return tf.layers.dense(h, 4)\n\n\n"
            "def model(x, scope='model'):\n"
            "    with tf.variable_scope(scope):\n"
            "        return mixer(x)\n")
    out = migrate(code).code
    assert "class Mixer(ScopedModule):" in out
    assert "    def __call__(self, x):\n        with self.scope('inner'):" in out
    assert "@tf.Module.with_name_scope\n    def __call__(self, x):\n        with self.scope" \
        not in out  # no name scope of its own: `model/inner/dense/kernel`
    assert 'return self.child(Mixer, "mixer")(x)' in out


def test_tensor_name_of_a_tensor_parameter_becomes_getattr():
    code = ("import tensorflow as tf\n\n\n"
            "def shape_of(tensor, name=None):\n"
            "    name = name or tensor.name\n"
            "    return tensor.shape.as_list(), name\n\n\n"
            "def rank_of(t):\n"
            "    return tf.rank(t), t.name\n\n\n"
            "def bump(v):\n"
            "    tf.assign_add(v, 1)\n"
            "    return v.name\n\n\n"
            "def label(cfg):\n"
            "    return cfg.name\n\n\n"
            "def rename(t):\n"
            "    t.name = 'x'\n"
            "    return t.shape\n")
    out = migrate(code).code
    assert "    name = name or getattr(tensor, \"name\", None)\n" in out
    assert "    return tf.rank(t), getattr(t, \"name\", None)\n" in out
    assert "    return v.name\n" in out  # a variable: named in eager too
    assert "    return cfg.name\n" in out  # not known to be a tensor
    assert "    t.name = 'x'\n" in out


def test_pooling_and_contrib_flatten_become_plain_ops_inside_modules():
    code = ("import tensorflow as tf\n\n\n"
            "def tower(x, scope, pad='same'):\n"
            "    with tf.variable_scope(scope):\n"
            "        x = tf.layers.max_pooling2d(x, 2, 2)\n"
            "        x = tf.layers.average_pooling2d(x, pool_size=[2, 2], strides=1, padding=pad)\n"
            "        x = tf.layers.max_pooling2d(x, 2, 2, 'same', 'channels_first')\n"
            "        x = tf.contrib.layers.flatten(x)\n"
            "        return tf.layers.dense(x, 3)\n")
    migration = migrate(code)
    out = migration.code
    assert "        x = tf.nn.max_pool2d(x, 2, 2, padding=\"VALID\")\n" in out
    assert "        x = tf.nn.avg_pool2d(x, [2, 2], 1, padding=pad.upper())\n" in out
    assert "        x = tf.nn.max_pool2d(x, 2, 2, padding=\"SAME\", data_format=\"NCHW\")\n" in out
    assert "        x = tf.reshape(x, [tf.shape(x)[0], x.shape[1:].num_elements() or -1])\n" in out
    assert "contrib" not in out and messages(migration, "modules") == []


def test_pooling_with_a_computed_data_format_is_refused():
    code = ("import tensorflow as tf\n\n\n"
            "def tower(x, scope, fmt):\n"
            "    with tf.variable_scope(scope):\n"
            "        x = tf.layers.max_pooling2d(x, 2, 2, data_format=fmt)\n"
            "        return tf.layers.dense(x, 3)\n")
    migration = migrate(code)
    assert "class Tower" not in migration.code
    assert any("data_format that is not a literal" in m for m in messages(migration, "modules"))


SCOPE_REUSE = '''import tensorflow as tf


def tower(x):
    return tf.layers.dense(x, 4, name="fc")


def pair(a, b):
    with tf.variable_scope("net") as scope:
        ea = tower(a)
        scope.reuse_variables()
        eb = tower(b)
    return ea, eb
'''


def test_scope_reuse_variables_becomes_calling_the_same_child():
    out = migrate(SCOPE_REUSE).code
    assert "reuse_variables" not in out and " as scope" not in out
    assert out.count('self.child(Tower, "tower")') == 2


@pytest.mark.parametrize("change, reason", [
    (("        eb = tower(b)\n", "        eb = tower(b)\n        print(scope.name)\n"),
     "used for more than `scope.reuse_variables()`"),
    (("        eb = tower(b)\n", "        eb = tf.layers.dense(b, 4, name='fc')\n"),
     "makes variables itself after scope.reuse_variables()"),
])
def test_scope_objects_it_cannot_follow_are_refused(change, reason):
    migration = migrate(SCOPE_REUSE.replace(*change))
    assert "class Pair" not in migration.code
    assert any(reason in m for m in messages(migration, "modules")), migration.warnings


# -- RNN cells and dynamic_rnn --------------------------------------------------------------

RNN = '''import tensorflow as tf


def encoder(x, scope="encoder"):
    with tf.variable_scope(scope):
        cell = tf.nn.rnn_cell.LSTMCell(6)
        outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, swap_memory=True)
        return outputs, state.h
'''


def test_rnn_cell_becomes_a_child_and_dynamic_rnn_the_emitted_function():
    migration = migrate(RNN)
    out = migration.code
    assert '        cell = self.child(LSTMCell, "lstm_cell", 6)\n' in out
    assert "        outputs, state = dynamic_rnn(cell, x, dtype=tf.float32)\n" in out
    assert "LSTMStateTuple = collections.namedtuple(" in out and "import collections\n" in out
    assert "rnn_cell" not in out.replace("TF1's `tf.nn.rnn_cell", "") and \
        messages(migration, "modules") == []


def test_static_rnn_becomes_the_emitted_function_over_the_list():
    out = migrate(RNN.replace("tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, swap_memory=True)",
                              "tf.contrib.rnn.static_rnn(cell, tf.unstack(x, axis=1), "
                              "dtype=tf.float32)")).code
    assert "outputs, state = static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)" in out
    assert "def static_rnn(cell, inputs, initial_state=None" in out and "def dynamic_rnn" not in out


SCOPELESS_RNN = '''import tensorflow as tf


def rnn_model(x, w):
    cell = tf.nn.rnn_cell.BasicLSTMCell(4)
    outputs, _ = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
    return tf.matmul(outputs[-1], w)


w = tf.Variable(tf.zeros([4, 2]))
'''


def test_a_function_without_a_scope_called_once_becomes_a_module_without_a_name():
    out = migrate(SCOPELESS_RNN + "logits = rnn_model(tf.ones([1, 3, 2]), w)\n").code
    assert "class RnnModel(ScopedModule):" in out and "    def __call__(self, x, w):\n" in out
    assert "rnn_model_module = RnnModel()\nlogits = rnn_model_module(tf.ones([1, 3, 2]), w)\n" \
        in out
    assert '        cell = self.child(BasicLSTMCell, "basic_lstm_cell", 4)\n' in out


@pytest.mark.parametrize("tail, reason", [
    ("a = rnn_model(x1, w)\nb = rnn_model(x2, w)\n", "is called more than once"),
    ("a = rnn_model(x1, w)\nb = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(2), x1)\n",
     "depend on the other RNNs of the file"),
])
def test_a_function_without_a_scope_whose_cells_would_take_other_names_stays(tail, reason):
    migration = migrate(SCOPELESS_RNN + tail)
    assert "def rnn_model(" in migration.code
    assert any(reason in m for m in messages(migration, "modules")), migration.warnings


def test_helper_names_the_file_already_binds_get_a_suffix():
    code = RNN.replace("import tensorflow as tf\n",
                       "import tensorflow as tf\nfrom mylib import dynamic_rnn, LSTMCell\n")
    out = migrate(code).code
    assert "def dynamic_rnn_eager(cell, inputs" in out and "class LSTMCellModule(" in out
    assert "dynamic_rnn_eager(cell, x, dtype=tf.float32)" in out


@pytest.mark.parametrize("change, reason", [
    (("LSTMCell(6)", "LSTMCell(6, use_peepholes=True)"), "(use_peepholes=...) has no conversion"),
    (("LSTMCell(6)", "LSTMCell(6, num_proj=3)"), "(num_proj=...) has no conversion"),
    (("tf.nn.dynamic_rnn(cell, x,", "tf.nn.dynamic_rnn(other, x,"),
     "runs a cell not made by tf.nn.rnn_cell in this function"),
    (("outputs, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32, swap_memory=True)",
      "outputs, state = tf.nn.raw_rnn(cell, x)"),
     "tf.nn.raw_rnn in its body has no conversion"),
    (("        cell = tf.nn.rnn_cell.LSTMCell(6)\n",
      "        for _ in range(2):\n            cell = tf.nn.rnn_cell.LSTMCell(6)\n"),
     "whose TF1 name (lstm_cell, lstm_cell_1, ...) depends on how often it runs"),
])
def test_rnn_code_it_cannot_reproduce_is_refused(change, reason):
    migration = migrate(RNN.replace(*change))
    assert "class Encoder" not in migration.code
    assert any(reason in m for m in messages(migration, "modules")), migration.warnings


def test_get_variable_scope_reuse_variables_in_the_scope_block_is_reuse_too():
    code = SCOPE_REUSE.replace('    with tf.variable_scope("net") as scope:',
                               '    with tf.variable_scope("net"):').replace(
        "        scope.reuse_variables()", "        tf.get_variable_scope().reuse_variables()")
    out = migrate(code).code
    assert "reuse_variables" not in out and "get_variable_scope" not in out
    assert out.count('self.child(Tower, "tower")') == 2


IMPORTING = '''import tensorflow as tf
from utils import shape_list


def norm(x, scope):
    with tf.variable_scope(scope):
        n = shape_list(x)[-1]
        g = tf.get_variable("g", [n], initializer=tf.constant_initializer(1))
        return x * g
'''


def test_helper_imported_from_a_module_beside_the_file_is_read_to_prove_it_makes_no_variables():
    pure = "import tensorflow as tf\n\ndef shape_list(x):\n    return x.shape.as_list()\n"
    converted = migrate_code(IMPORTING, build_pipeline(), imports={"utils": pure})
    assert "class Norm(tf.Module):" in converted.code
    for sibling, why in [(None, "uses shape_list, imported from another module"),
                         ("def shape_list(x):\n    return tf.get_variable('s', [1])\n",
                          "uses shape_list, imported from another module")]:
        refused = migrate_code(IMPORTING, build_pipeline(),
                               imports={"utils": sibling} if sibling else {})
        assert "def norm(" in refused.code
        assert any(why in m for m in messages(refused, "modules"))


def test_a_converted_variable_too_long_for_one_line_takes_one_argument_per_line():
    code = ("import tensorflow as tf\n\n"
            "weights = tf.get_variable('weights', [1024, 512],\n"
            "                          initializer=tf.truncated_normal_initializer(stddev=0.01))\n")
    out = migrate(code).code
    assert out.endswith("\n\nweights = tf.Variable(\n"
                        "    tf.keras.initializers.TruncatedNormal(stddev=0.01)([1024, 512], "
                        "tf.float32),\n"
                        "    name='weights')\n")


CLASS_METHODS = '''import tensorflow as tf


class Net(object):

    def __init__(self, x):
        with tf.variable_scope("net"):
            self.out = self.fc(x, "fc1")

    def fc(self, x, name):
        w = tf.get_variable(name + "_w", [x.shape[-1], 3])
        return tf.matmul(x, w)
'''


def test_methods_making_variables_inside_the_constructor_scope_are_converted():
    out = migrate(CLASS_METHODS).code
    assert "class Net(ScopedModule):" in out
    assert 'w = self.variable(name + "_w", lambda: tf.Variable(' in out


@pytest.mark.parametrize("tail, reason", [
    ("\n    def again(self, x):\n        return self.fc(x, 'fc2')\n",
     "method again makes variables and is not called by the constructor"),
    ("outside", "method fc makes variables and is called outside the constructor's variable "
                "scope"),
    ("\n    def pick(self):\n        return self.fc\n",
     "a method that makes variables is used other than by self.m(...)"),
    ("\n    def dense(self, x, name=None):\n        return tf.layers.dense(x, 2, name=name)\n",
     "names a layer by a parameter that may be None"),
])
def test_variable_methods_it_cannot_follow_are_refused(tail, reason):
    code = CLASS_METHODS + tail
    if tail == "outside":
        code = CLASS_METHODS.replace('            self.out = self.fc(x, "fc1")\n',
                                     '            self.out = self.fc(x, "fc1")\n'
                                     '        self.extra = self.fc(x, "fc2")\n')
    if "def dense" in tail:
        code = code.replace('self.out = self.fc(x, "fc1")',
                            'self.out = self.dense(self.fc(x, "fc1"))')
    migration = migrate(code)
    assert "class Net(ScopedModule)" not in migration.code
    assert any(reason in m for m in messages(migration, "modules")), migration.warnings


def test_initializer_names_used_only_by_converted_code_take_the_tf2_spelling():
    code = ("import tensorflow as tf\n\n"
            "w_init = tf.truncated_normal_initializer(stddev=0.02)\n\n\n"
            "def head(x, scope):\n"
            "    with tf.variable_scope(scope):\n"
            "        w = tf.get_variable('w', [4, 2], initializer=w_init)\n"
            "        return tf.layers.dense(tf.matmul(x, w), 2, kernel_initializer=w_init)\n")
    out = migrate(code).code
    assert "\nw_init = tf.keras.initializers.TruncatedNormal(stddev=0.02)\n" in out
    elsewhere = code + "\n\nprint(w_init)\n"
    assert "\nw_init = tf.compat.v1.truncated_normal_initializer(stddev=0.02)\n" in \
        migrate(elsewhere).code


def test_an_uncalled_function_opening_its_own_scopes_in_turn_is_an_entry_module():
    code = ("import tensorflow as tf\n\n\n"
            "def two_heads(x):\n"
            "    with tf.variable_scope('a'):\n"
            "        a = tf.layers.dense(x, 2)\n"
            "    with tf.variable_scope('b'):\n"
            "        b = tf.layers.dense(x, 2)\n"
            "    return a + b\n")
    out = migrate(code).code
    assert "class TwoHeads(ScopedModule):" in out
    called = migrate(code + "\n\ny = two_heads(tf.ones([1, 3]))\n")
    assert "def two_heads(x):" in called.code  # used at module level: stays a function


def test_multi_rnn_cell_of_a_comprehension_is_one_child_made_once():
    code = RNN.replace("cell = tf.nn.rnn_cell.LSTMCell(6)",
                       "cell = tf.nn.rnn_cell.MultiRNNCell(\n"
                       "            [tf.nn.rnn_cell.GRUCell(6) for _ in range(3)])")
    migration = migrate(code)
    assert ('        cell = self.child(MultiRNNCell, "multi_rnn_cell", '
            '[GRUCell(6) for _ in range(3)])\n') in migration.code
    assert "class MultiRNNCell(tf.Module):" in migration.code
    assert messages(migration, "modules") == []
    cells_elsewhere = RNN.replace("cell = tf.nn.rnn_cell.LSTMCell(6)",
                                  "cells = [tf.nn.rnn_cell.GRUCell(6)]\n"
                                  "        cell = tf.nn.rnn_cell.MultiRNNCell(cells)")
    refused = migrate(cells_elsewhere)
    assert any("of cells not made in its list" in m for m in messages(refused, "modules"))


def test_dropout_wrapper_is_made_on_every_call_around_the_cell_made_once():
    code = RNN.replace("        cell = tf.nn.rnn_cell.LSTMCell(6)\n",
                       "        cell = tf.nn.rnn_cell.LSTMCell(6)\n"
                       "        cell = tf.nn.rnn_cell.DropoutWrapper(cell, output_keep_prob=0.8)\n")
    migration = migrate(code)
    assert "        cell = DropoutWrapper(cell, output_keep_prob=0.8)\n" in migration.code
    assert "class DropoutWrapper:" in migration.code and messages(migration, "modules") == []
    for change, reason in [("output_keep_prob=0.8", "state_keep_prob=0.8"),
                           ("DropoutWrapper(cell,", "DropoutWrapper(other,")]:
        refused = migrate(code.replace(*[change, reason]))
        assert "class Encoder" not in refused.code
    stacked = RNN.replace("cell = tf.nn.rnn_cell.LSTMCell(6)",
                          "cell = tf.nn.rnn_cell.MultiRNNCell([tf.nn.rnn_cell.DropoutWrapper("
                          "tf.nn.rnn_cell.LSTMCell(6)) for _ in range(2)])")
    assert "class Encoder" not in migrate(stacked).code


SCOPED = ("import tensorflow as tf\n\n\ndef net(x, scope='net'):\n"
          "    with tf.variable_scope(scope, reuse=tf.AUTO_REUSE):\n"
          "        w = tf.get_variable('w', [2, 2])\n        return tf.matmul(x, w)\n\n\n")


def test_calls_at_the_top_of_a_function_run_once_get_one_module_made_there():
    out = migrate(SCOPED + "def main():\n    a = net(tf.ones([1, 2]))\n"
                           "    b = net(tf.ones([1, 2]))\n    print(a, b)\n\n\n"
                           "if __name__ == '__main__':\n    main()\n").code
    assert ("def main():\n    net_module = Net(name='net')\n    a = net_module(tf.ones([1, 2]))\n"
            "    b = net_module(tf.ones([1, 2]))\n") in out


@pytest.mark.parametrize("main, reason", [
    ("def main():\n    for _ in range(2):\n        net(tf.ones([1, 2]))\n\n\nmain()\n",
     "it is used in main other than by a call statement at the top of its body"),
    ("def main():\n    net(tf.ones([1, 2]))\n\n\nmain()\nmain()\n",
     "it is called from main, which is not converted"),
])
def test_a_function_called_from_a_loop_or_from_code_that_runs_twice_stays(main, reason):
    migration = migrate(SCOPED + main)
    assert "class Net" not in migration.code
    assert any(reason in m for m in messages(migration, "modules")), messages(migration, "modules")
