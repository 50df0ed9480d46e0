"""Call-signature rewrites that the generated tables do not cover on their own."""
from __future__ import annotations

import pytest

from codemods.registry import build_pipeline
from migrate.engine import migrate_code
from tests.pipeline import migrate as migrate_fixpoint


def migrate(line: str):
    return migrate_code("import tensorflow as tf\n" + line + "\n", build_pipeline())


@pytest.mark.parametrize("before, after", [
    ("a = tf.assert_less_equal(n, m)", "a = tf.debugging.assert_less_equal(n, m)"),
    ("b = tf.assert_equal(x, y, message='bad', name='eq')",
     "b = tf.debugging.assert_equal(x, y, message='bad', name='eq')"),
    ("c = tf.assert_positive(x, summarize=3)", "c = tf.debugging.assert_positive(x, summarize=3)"),
    ("d = tf.assert_rank(x, 2)", "d = tf.debugging.assert_rank(x, 2)"),
])
def test_tf1_asserts_without_data_become_tf_debugging(before, after):
    migration = migrate(before)
    assert migration.code.splitlines()[1] == after
    assert migration.warnings == []


@pytest.mark.parametrize("before, after, reason", [
    ("e = tf.assert_less(x, y, [x, y])", "e = tf.compat.v1.assert_less(x, y, [x, y])",
     "`data` argument"),
    ("f = tf.assert_greater(x, y, data=[x])", "f = tf.compat.v1.assert_greater(x, y, data=[x])",
     "`data` argument"),
    ("g = tf.assert_rank(x, 2, summarize=3)", "g = tf.compat.v1.assert_rank(x, 2, summarize=3)",
     "has no summarize="),
])
def test_tf1_asserts_with_what_tf2_lacks_stay_on_compat_with_the_reason(before, after, reason):
    migration = migrate(before)
    assert migration.code.splitlines()[1] == after
    assert [reason in w["message"] for w in migration.warnings] == [True]


def _only(migration, line: int = 1) -> str:
    return migration.code.splitlines()[line]


def _messages(migration) -> list[str]:
    return [w["message"] for w in migration.warnings]


@pytest.mark.parametrize("before, after, warning", [
    # TF1's dtype (positional or keyword) has no place in Keras 3's constructor: the core
    # compat.v1 name of the very TF1 class keeps it
    ("i = tf.keras.initializers.glorot_uniform(seed, tf.float64)",
     "i = tf.compat.v1.glorot_uniform_initializer(seed, tf.float64)",
     "tf.keras.initializers.glorot_uniform kept as tf.compat.v1.glorot_uniform_initializer, "
     "the TF1 class it was: TF1's dtype has no counterpart at that place in TF2 (TF1 "
     "parameters TF2 lacks: dtype)"),
    ("i = tf.keras.initializers.Zeros(dtype=tf.float64)",
     "i = tf.compat.v1.zeros_initializer(dtype=tf.float64)",
     "tf.keras.initializers.Zeros kept as tf.compat.v1.zeros_initializer, the TF1 class it "
     "was: TF1's dtype has no counterpart at that place in TF2 (TF1 parameters TF2 lacks: "
     "dtype)"),
    ("i = tf.keras.initializers.Constant(v, tf.float64)",
     "i = tf.compat.v1.constant_initializer(v, tf.float64)",
     "tf.keras.initializers.Constant kept as tf.compat.v1.constant_initializer, the TF1 class "
     "it was: TF1's dtype has no counterpart at that place in TF2 (TF1 parameters TF2 lacks: "
     "dtype, verify_shape)"),
    # a tf_keras-only class: compat.v1.keras, and the warning says what that needs
    ("i = tf.keras.initializers.TruncatedNormal(0.0, 1.0, 3, tf.float64)",
     "i = tf.compat.v1.keras.initializers.TruncatedNormal(0.0, 1.0, 3, tf.float64)",
     "tf.keras.initializers.TruncatedNormal kept as tf.compat.v1.keras.initializers."
     "TruncatedNormal: TF1's dtype has no counterpart at that place in TF2 (TF1 parameters TF2 "
     "lacks: dtype); tf.compat.v1.keras is Keras 3 under TF 2.16+: TF1's class needs tf_keras "
     "and TF_USE_LEGACY_KERAS=1"),
])
def test_keras_initializers_with_tf1_dtype_keep_the_tf1_class(before, after, warning):
    migration = migrate_fixpoint("import tensorflow as tf\n" + before + "\n")
    assert _only(migration) == after
    assert _messages(migration) == [warning]


@pytest.mark.parametrize("line", [
    "i = tf.keras.initializers.glorot_uniform(seed=3)",
    "i = tf.keras.initializers.VarianceScaling(2.0, 'fan_out')",
    "i = tf.keras.initializers.Zeros()",
])
def test_keras_initializers_that_mean_the_same_stay(line):
    migration = migrate_fixpoint("import tensorflow as tf\n" + line + "\n")
    assert _only(migration) == line
    assert migration.warnings == []


def test_a_keyword_neither_signature_has_is_warned_about():
    migration = migrate_fixpoint("import tensorflow as tf\ng = tf.gradients(yx=a, xs=b)\n")
    assert _only(migration) == "g = tf.gradients(yx=a, xs=b)"
    assert _messages(migration) == [
        "tf.gradients takes no keyword yx in TF1 or TF2: this call raises TypeError in both"]
    # a keyword only TF2 has is a TF2 call, not a typo
    migration = migrate_fixpoint("import tensorflow as tf\n"
                                 "r = tf.io.decode_raw(b, tf.uint8, fixed_length=4)\n")
    assert migration.warnings == []


@pytest.mark.parametrize("before, after", [
    ("opt.minimize(loss, colocate_gradients_with_ops=True)", "opt.minimize(loss)"),
    ("g = self.opt.compute_gradients(loss, var_list=v, colocate_gradients_with_ops=True)",
     "g = self.opt.compute_gradients(loss, var_list=v)"),
])
def test_optimizer_methods_lose_colocate_gradients_with_ops(before, after):
    migration = migrate_fixpoint("import tensorflow as tf\n" + before + "\n")
    assert _only(migration) == after
    assert migration.warnings == []


@pytest.mark.parametrize("before, after, warning", [
    ("c = tf.sparse.concat(1, xs, concat_dim=0)",
     "c = tf.compat.v1.sparse.concat(1, xs, concat_dim=0)",
     "tf.sparse.concat kept as tf.compat.v1.sparse.concat: it passes both axis and concat_dim, "
     "one TF1's deprecated name of the other: TF2 would get axis twice (TF1 raised ValueError "
     "for the pair)"),
    ("e = tf.expand_dims(x, 1, dim=2)", "e = tf.compat.v1.expand_dims(x, 1, dim=2)",
     "tf.expand_dims kept as tf.compat.v1.expand_dims: it passes both axis and dim, one TF1's "
     "deprecated name of the other: TF2 would get axis twice (TF1 raised ValueError for the "
     "pair)"),
])
def test_a_deprecated_alias_renamed_onto_a_passed_parameter_stays_tf1(before, after, warning):
    migration = migrate_fixpoint("import tensorflow as tf\n" + before + "\n")
    assert _only(migration) == after
    assert _messages(migration) == [warning]


@pytest.mark.parametrize("before, after", [
    # TF1's arg_max took output_type third; TF1's argmax took name there
    ("m = tf.arg_max(x, 0, tf.int32)", "m = tf.argmax(x, 0, output_type=tf.int32)"),
    # batch_to_space_nd's order is TF2's batch_to_space's, not TF1's (input, crops, block_size)
    ("b = tf.batch_to_space_nd(x, shape, crops)",
     "b = tf.batch_to_space(x, block_shape=shape, crops=crops)"),
])
def test_renamed_functions_keep_each_positional_meaning_on_every_run(before, after):
    migration = migrate_fixpoint("import tensorflow as tf\n" + before + "\n")
    assert _only(migration) == after
    assert migration.warnings == []


@pytest.mark.parametrize("before, after", [
    ("p = tf.nn.max_pool(value=x, ksize=k, strides=s, padding='SAME')",
     "p = tf.nn.max_pool2d(input=x, ksize=k, strides=s, padding='SAME')"),
    ("p = tf.nn.avg_pool(value=x, ksize=k, strides=s, padding='SAME')",
     "p = tf.nn.avg_pool2d(input=x, ksize=k, strides=s, padding='SAME')"),
    # no TF1-only keyword: TF2's max_pool means the same for TF1's 4-D input
    ("p = tf.nn.max_pool(x, k, s, 'SAME')", "p = tf.nn.max_pool(x, k, s, 'SAME')"),
])
def test_tf1_pool_keyword_goes_to_the_2d_function(before, after):
    migration = migrate_fixpoint("import tensorflow as tf\n" + before + "\n")
    assert _only(migration) == after
    assert migration.warnings == []


@pytest.mark.parametrize("before, after", [
    ("s = tf.strings.split(x, ' ', result_type='SparseTensor')",
     "s = tf.strings.split(x, ' ').to_sparse()"),
    ("s = tf.strings.split(x, ' ', result_type='RaggedTensor')", "s = tf.strings.split(x, ' ')"),
    ("s = tf.strings.split(source=x)", "s = tf.strings.split(input=x).to_sparse()"),
    ("s = tf.strings.split(x, ' ').to_sparse()", "s = tf.strings.split(x, ' ').to_sparse()"),
])
def test_strings_split_called_the_tf1_way_keeps_its_tf1_value(before, after):
    migration = migrate_fixpoint("import tensorflow as tf\n" + before + "\n")
    assert _only(migration) == after
    assert migration.warnings == []


def test_strings_split_without_a_sign_of_tf1_is_warned_about():
    migration = migrate_fixpoint("import tensorflow as tf\ns = tf.strings.split(x, sep)\n")
    assert _only(migration) == "s = tf.strings.split(x, sep)"
    assert _messages(migration) == [
        "tf.strings.split: if this is TF1 code, return type: TF1 returned a SparseTensor, TF2 a "
        "RaggedTensor (.to_sparse() gives the TF1 value)"]
    migration = migrate_fixpoint("import tensorflow as tf\n"
                                 "s = tf.strings.split(x, sep, result_type=kind)\n")
    assert _only(migration) == "s = tf.compat.v1.strings.split(x, sep, result_type=kind)"
    assert _messages(migration) == [
        "tf.strings.split kept as tf.compat.v1.strings.split: result_type is not a literal "
        "'SparseTensor' or 'RaggedTensor'; return type: TF1 returned a SparseTensor, TF2 a "
        "RaggedTensor (.to_sparse() gives the TF1 value)"]


def test_save_model_is_warned_about_unless_the_file_name_says_the_format():
    migration = migrate_fixpoint("import tensorflow as tf\ntf.keras.models.save_model(m, path)\n")
    assert _only(migration) == "tf.keras.models.save_model(m, path)"
    assert _messages(migration) == [
        "tf.keras.models.save_model: file format: TF1 wrote HDF5 whatever the file name; Keras 3 "
        "picks the format from the extension (.h5 HDF5, .keras its own) and raises ValueError "
        "for any other; a .h5 file name keeps TF1's HDF5 format"]
    migration = migrate_fixpoint("import tensorflow as tf\n"
                                 "tf.keras.models.save_model(m, 'model.h5')\n")
    assert migration.warnings == []


RESIZE_NOTE = ("values: TF2 resizes with half-pixel centers; bilinear, bicubic and nearest give "
               "other pixel values than TF1's resize_images (up to 0.58 on a 4x4 image)")


def test_resize_images_keeps_tf1_pixel_values():
    migration = migrate_fixpoint("import tensorflow as tf\ny = tf.image.resize_images(x, s)\n")
    assert _only(migration) == "y = tf.compat.v1.image.resize_images(x, s)"
    assert _messages(migration) == [
        f"tf.image.resize_images kept as tf.compat.v1.image.resize_images: {RESIZE_NOTE}"]
    # tf.image.resize: compat.v1 in a file written against TF1, a warning where it may be TF2
    migration = migrate_fixpoint("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
                                 "y = tf.image.resize(x, s)\n")
    assert migration.code.splitlines()[-1] == "y = tf.compat.v1.image.resize(x, s)"
    assert f"tf.image.resize kept as tf.compat.v1.image.resize: {RESIZE_NOTE}" in \
        _messages(migration)
    migration = migrate_fixpoint("import tensorflow as tf\ny = tf.image.resize(x, s)\n")
    assert _only(migration) == "y = tf.image.resize(x, s)"
    assert _messages(migration) == [
        f"tf.image.resize: if this is TF1 code, it means something else in TF2 ({RESIZE_NOTE}); "
        f"tf.compat.v1.image.resize keeps TF1's meaning"]


def test_a_curated_name_called_with_a_tf2_only_keyword_is_a_tf2_call():
    migration = migrate_fixpoint("import tensorflow as tf\nx = tf.placeholder(tf.float32)\n"
                                 "y = tf.image.resize(x, s, antialias=True)\n")
    assert migration.code.splitlines()[-1] == "y = tf.image.resize(x, s, antialias=True)"
    assert not any("image.resize" in m for m in _messages(migration))
