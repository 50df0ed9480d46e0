"""`tfmigrate verify DIR`: scripts of a tree run before and after the tree's migration."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.verification import compare_stdout
from migrate.verify_tree import ScriptResult, format_table, is_script, summary_counts

ROOT = Path(__file__).resolve().parent.parent


def test_scripts_are_files_that_do_something_at_module_level():
    assert is_script("import tensorflow as tf\nx = tf.constant(1)\nprint(x)\n")
    assert is_script("import tensorflow as tf\ndef main():\n    pass\n"
                     "if __name__ == '__main__':\n    main()\n")
    assert not is_script("import tensorflow as tf\ndef dense(x):\n    return x\nN = 3\n")
    assert not is_script("import numpy as np\nprint(np.ones(2))\n")


def test_summary_counts_runnable_scripts_only():
    results = [ScriptResult("a.py", True, True, True, True, True),
               ScriptResult("b.py", False, True, True, True, False),
               ScriptResult("c.py", True, False, False, False, False, before_error="IOError"),
               ScriptResult("d.py", True, True, True, True, False, random_ops=("RandomUniform",),
                            same_lines=True),
               ScriptResult("e.py", True, True, True, True, False, random_ops=("RandomUniform",),
                            same_lines=False)]
    counts = summary_counts(results)
    assert counts == {"scripts": 5, "runnable": 4, "native": 4, "after_runs": 4,
                      "same_variables": 4, "same_numbers": 1, "random_numbers": 1, "verified": 2}
    table = format_table(results).splitlines()
    assert table[2].split() == ["a.py", "yes", "yes", "yes", "yes", "yes"]
    assert table[4].split() == ["c.py", "yes", "no", "no", "-", "-"]
    assert table[5].split()[-1] == "random" and table[6].split()[-1] == "no"


def test_printed_symbolic_tensors_compare_by_shape_and_dtype():
    tf1 = 'Tensor("X:0", shape=(?, 3), dtype=float32)\n'
    assert compare_stdout(tf1, "TensorSpec(shape=(None, 3), dtype=tf.float32, name='X')\n",
                          rtol=1e-3)["match"]
    assert not compare_stdout(tf1, "TensorSpec(shape=(None, 4), dtype=tf.float32, name='X')\n",
                              rtol=1e-3)["match"]


def test_verify_directory_runs_each_script_and_its_migration(tmp_path: Path):
    pytest.importorskip("tensorflow")
    tree = tmp_path / "repo"
    tree.mkdir()
    (tree / "model.py").write_text(
        "import tensorflow as tf\n\n\ndef weights(n):\n"
        "    return tf.Variable(tf.zeros([n, 1]), name='w')\n")
    (tree / "train.py").write_text(
        "import numpy as np\nimport tensorflow as tf\nfrom model import weights\n\n"
        "w = weights(2)\nx = tf.placeholder(tf.float32, [None, 2])\ny = tf.matmul(x, w) + 1.0\n"
        "with tf.Session() as sess:\n    sess.run(tf.global_variables_initializer())\n"
        "    print(sess.run(y, feed_dict={x: np.ones((1, 2), np.float32)}))\n")
    (tree / "broken.py").write_text("import tensorflow as tf\nopen('missing-data.csv')\n")
    (tree / "noisy.py").write_text(  # random ops after initialisation: numbers are random
        "import tensorflow as tf\nw = tf.Variable(tf.random_normal([3]), name='w')\n"
        "noise = w + tf.random_uniform([3])\nwith tf.Session() as sess:\n"
        "    sess.run(tf.global_variables_initializer())\n    print(sess.run(w))\n"
        "    print(sess.run(noise))\n")
    proc = subprocess.run([sys.executable, "-m", "migrate", "verify", str(tree), "--json",
                           "-j", "1", "--timeout", "300"], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=900)
    report = json.loads(proc.stdout)
    rows = {row["path"]: row for row in report["scripts"]}
    assert sorted(rows) == ["broken.py", "noisy.py", "train.py"]  # model.py is not a script
    noisy = rows["noisy.py"]  # the initialiser's random_normal is not the program's randomness
    assert noisy["random_ops"] == ["RandomUniform"] and noisy["same_lines"], noisy
    assert noisy["random_numbers"] and noisy["verified"], noisy
    assert rows["train.py"]["random_ops"] == []
    assert not rows["broken.py"]["runnable"]
    train = rows["train.py"]
    assert train["before_runs"] and train["after_runs"], train
    assert train["same_variables"] and train["same_numbers"], train
    assert report["summary"]["runnable"] == 2
    assert proc.returncode == (0 if train["verified"] else 1)
    assert (tree / "train.py").read_text().count("tf.Session()") == 1  # the tree is untouched


def test_dataset_standin_serves_the_same_mnist_shaped_data_on_every_call():
    from migrate import dataset_standins

    first = dataset_standins.read_data_sets("MNIST_data/", one_hot=True)
    second = dataset_standins.read_data_sets("elsewhere/", one_hot=True)
    assert first.train.images.shape == (dataset_standins.TRAIN, 784)
    assert first.test.labels.shape == (dataset_standins.TEST, 10)
    assert (first.train.images == second.train.images).all()
    batches = [first.train.next_batch(500) for _ in range(3)]  # wraps into a second epoch
    again = [second.train.next_batch(500) for _ in range(3)]
    assert all((a[0] == b[0]).all() and (a[1] == b[1]).all() for a, b in zip(batches, again))
    assert batches[2][0].shape == (500, 784) and first.train.epochs_completed == 1
    flat = dataset_standins.read_data_sets("x", reshape=False)
    assert flat.train.images.shape == (dataset_standins.TRAIN, 28, 28, 1)
    assert flat.train.labels.ndim == 1


def test_printed_tensors_of_unknown_shape_compare_equal():
    assert compare_stdout('Tensor("X:0", dtype=float32)\n',
                          "TensorSpec(shape=<unknown>, dtype=tf.float32, name='X')\n")["match"]


def test_dataset_standin_labels_follow_from_the_images():
    """Noise labels make training chaotic, and two runs a rounding error apart drift apart;
    the stand-in's classes are learnable, so nearest class mean classifies held-out data."""
    import numpy as np

    from migrate import dataset_standins

    data = dataset_standins.read_data_sets("MNIST_data/", one_hot=False)
    means = np.stack([data.train.images[data.train.labels == k].mean(0) for k in range(10)])
    distances = ((data.test.images[:, None, :] - means[None]) ** 2).sum(-1)
    assert (distances.argmin(1) == data.test.labels).mean() > 0.95
    assert len(set(data.test.labels.tolist())) == 10
