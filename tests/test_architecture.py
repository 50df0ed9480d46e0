"""The structure the code promises: no import cycles, and no global patch of libcst on import.

Measured with the same tool a reader runs (`python tools/import_cycles.py`); no TensorFlow.
"""
from __future__ import annotations

import subprocess
import sys

from tools.import_cycles import cycles, import_graph, modules


def test_no_import_cycle_among_our_modules():
    assert cycles(import_graph(modules())) == []


def test_the_cycle_finder_sees_a_lazy_import_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_importing_the_engine_and_codemods_leaves_libcst_as_it_is():
    """The fast traversal is installed for the duration of a migration, not by an import."""
    code = ("import libcst as cst\n"
            "visit = cst.CSTNode.visit\n"
            "import migrate.engine, codemods.registry, hazards.registry\n"
            "assert cst.CSTNode.visit is visit, 'patched on import'\n"
            "from codemods.registry import build_pipeline\n"
            "from migrate.engine import migrate_code\n"
            "from hazards.registry import lint_code\n"
            "source = 'import tensorflow as tf\\nx = tf.log(tf.placeholder(tf.float32))\\n'\n"
            "assert 'tf.math.log' in migrate_code(source, build_pipeline()).code\n"
            "lint_code(source)\n"
            "assert cst.CSTNode.visit is visit, 'left patched'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_imports_for_annotations_only_are_not_edges():
    import ast

    from tools.import_cycles import _is_type_checking

    block = ast.parse("if TYPE_CHECKING:\n    from a import B\n").body[0]
    assert _is_type_checking(block)
    assert not _is_type_checking(ast.parse("if DEBUG:\n    import a\n").body[0])
