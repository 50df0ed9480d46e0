"""Conformance cases in the shape of TF's tf_upgrade_v2_test.py: (TF1 text, expected text),
one per kind of silent change the peer suite found (issue 16); concrete ones are also run
under TF 2.21. And: every dotted TF name the golden outputs use resolves in TF 2.21 (default
Keras 3) or the migration warned about it."""
from __future__ import annotations

import ast

import pytest

from codemods.registry import build_pipeline
from migrate.engine import migrate_code
from tests.golden_cases import golden_cases

HEADER = "import tensorflow as tf\n"

CASES = [
    ("tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits, dim=2)",
     "tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(labels), logits=logits, axis=2)"),
    ("x = tf.placeholder(tf.float32)\nl = tf.losses.softmax_cross_entropy(y, z)",
     "l = tf.reduce_mean(tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(y), logits=z))"),
    ("tf.contrib.summary.always_record_summaries()", "tf.summary.record_if(True)"),
    ("tf.contrib.summary.never_record_summaries()", "tf.summary.record_if(False)"),
    ("tf.contrib.summary.scalar('loss', v)",
     "tf.summary.scalar('loss', v, step=tf.compat.v1.train.get_or_create_global_step())"),
    ("tf.summary.scalar('loss', v, step=s)", "tf.summary.scalar('loss', v, step=s)"),
    ("tf.constant_initializer(v, tf.float32)", "tf.compat.v1.constant_initializer(v, tf.float32)"),
    ("x = tf.placeholder(tf.float32)\ni = tf.random_uniform_initializer()",
     "i = tf.random_uniform_initializer(minval=0.0, maxval=1.0)"),
    ("tf.name_scope(None, default_name, [some, values])", "tf.name_scope(default_name)"),
    ("tf.contrib.layers.xavier_initializer(seed=3)", "tf.keras.initializers.GlorotUniform(seed=3)"),
    ("tf.contrib.layers.xavier_initializer(False)", "tf.keras.initializers.GlorotNormal()"),
    ("tf.contrib.layers.l2_regularizer(s)", "tf.keras.regularizers.l2(0.5 * s)"),
    ("tf.contrib.layers.l1_regularizer(s)", "tf.keras.regularizers.l1(s)"),
    ("m = tf.contrib.learn.ModeKeys.TRAIN", 'm = "train"'),
    ("tf.contrib.framework.list_variables(p)", "tf.train.list_variables(p)"),
    ("tf.contrib.framework.load_checkpoint(p)", "tf.train.load_checkpoint(p)"),
    ("tf.contrib.framework.is_tensor(x)", "tf.is_tensor(x)"),
    ("tf.metrics.mean_squared_error(a, b)", "tf.compat.v1.metrics.mean_squared_error(a, b)"),
    ("_registry[tf.get_default_graph()][k] = v",
     "_registry[tf.compat.v1.get_default_graph()][k] = v"),
]
WARNED = [  # left or kept, with a warning naming why
    ("tf.estimator.LinearClassifier()", "tf.estimator was removed"),
    ("from tensorflow.python.ops import array_ops", "private implementation"),
    ("tf.pywrap_tensorflow.foo()", "not part of the TF2 API"),
    ("tf.image.extract_glimpse(x, size, off, False, False, False)", "uniform_noise"),
    ("tf.constant_initializer(v, tf.float32)", "dtype"),
]


def _migrate(text):
    return migrate_code(HEADER + text + "\n", build_pipeline())


@pytest.mark.parametrize("text, expected", CASES)
def test_conformance_case(text, expected):
    migration = _migrate(text)
    assert migration.code.rstrip("\n").splitlines()[-1] == expected
    again = migrate_code(migration.code, build_pipeline())
    assert again.code == migration.code  # idempotent


@pytest.mark.parametrize("text, reason", WARNED)
def test_warned_case(text, reason):
    assert any(reason in w["message"] for w in _migrate(text).warnings)


def test_outputs_run_under_tf2_with_tf1_values():
    tf = pytest.importorskip("tensorflow")
    with tf.summary.create_file_writer("/tmp/tfmigrate-conformance").as_default(), \
            tf.summary.record_if(False):
        step = tf.compat.v1.train.get_or_create_global_step()
        assert not bool(tf.summary.write("x", 1.0, step=step))  # record_if(False) kept False
    w = tf.constant([[1.0, 2.0]])
    assert abs(float(tf.keras.regularizers.l2(0.5 * 0.1)(w)) - 0.1 * float(tf.nn.l2_loss(w))) < 1e-6
    tf.random.set_seed(0)
    values = tf.random_uniform_initializer(minval=0.0, maxval=1.0)([1000])
    assert float(tf.reduce_min(values)) >= 0.0 and float(tf.reduce_max(values)) > 0.5
    labels = tf.constant([[0.2, 0.8]])
    with tf.GradientTape() as tape:
        tape.watch(labels)
        loss = tf.nn.softmax_cross_entropy_with_logits(labels=tf.stop_gradient(labels),
                                                       logits=tf.constant([[1.0, 2.0]]))
    assert tape.gradient(loss, labels) is None  # TF1's behaviour


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name) and node.id == "tf":
        return ".".join(reversed(parts))
    return None


@pytest.mark.parametrize("case", golden_cases(), ids=lambda c: c.name)
def test_emitted_names_resolve_or_are_warned(case):
    tf = pytest.importorskip("tensorflow")
    after = case.after.read_text()
    warnings = " ".join(w["message"] for w in
                        migrate_code(case.before.read_text(), build_pipeline()).warnings)
    seen = set()
    for node in ast.walk(ast.parse(after)):
        path = _dotted(node) if isinstance(node, ast.Attribute) else None
        if not path or any(path.startswith(p + ".") for p in seen):
            continue
        obj = tf
        for i, part in enumerate(path.split(".")):
            if isinstance(obj, type) or callable(obj) and not hasattr(obj, "__path__") \
                    and i > 0 and not isinstance(obj, type(tf)):
                break  # an attribute of a class or function: not an API path
            try:
                obj = getattr(obj, part)
            except Exception:  # noqa: BLE001
                prefix = ".".join(path.split(".")[:i + 1])
                assert f"tf.{prefix}" in warnings or prefix in warnings, \
                    f"tf.{path} does not resolve in TF 2.21 and was not warned about"
                seen.add(prefix)
                break


@pytest.mark.parametrize("text, warning", [
    ("import tensorflow.compat.v2 as tf\ntf.conj(a)",
     "tf.conj does not exist in TF2 (this file imports tensorflow.compat.v2): the line fails "
     "under TF 2.21; TF1's tf.conj is tf.math.conj in TF2"),
    ("from tensorflow.compat import v1 as tf1, v2 as tf\ntf.to_int32(x)",
     "tf.to_int32 does not exist in TF2 (this file imports tensorflow.compat.v2): the line "
     "fails under TF 2.21; TF1's is tf.compat.v1.to_int32"),
    ("import tensorflow\ntf.conj(a)",
     "tf.conj: this file binds no `tf` (it imports tensorflow without `as tf`), so this line "
     "fails with NameError and tfmigrate cannot tell what it refers to"),
])
def test_tf2_files_are_left_but_names_tf2_lacks_are_warned_about(text, warning):
    migration = migrate_code(text + "\n", build_pipeline())
    assert migration.code == text + "\n"
    assert [w["message"] for w in migration.warnings] == [warning]


@pytest.mark.parametrize("text", [
    "import tensorflow.compat.v2 as tf\ny = tf.math.conj(a) + tf.nn.relu.__name__ + tf.__version__",
    "import tensorflow as tf\nimport tf.contrib.layers as layers\n",  # an import, no reference
])
def test_names_tf2_has_are_not_warned_about(text):
    assert migrate_code(text + "\n", build_pipeline()).warnings == []


def test_the_classifier_knows_one_minus_one_minus_e_is_e():
    from tools.peer_conformance import Sym, _canon
    rate = Sym("func(7.0)")
    assert _canon(1 - (1 - rate)) == _canon(rate)
    assert _canon(1 - rate) != _canon(rate)
