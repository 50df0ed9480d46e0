"""Input validity first: Python's own message at Python's own line, in milliseconds, before
libcst sees the file; absurdly deep input fails fast instead of taking minutes."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from codemods.registry import build_pipeline
from migrate.file_migration import migrate_bytes
from migrate.results import FAILED
from migrate.source_errors import MAX_NESTING, InvalidSource, check_source

VERSION = "%d.%d" % __import__("sys").version_info[:2]
PIPELINE = build_pipeline()


def failure(source: str, path: str = "m.py") -> str:
    output, result = migrate_bytes(path, source.encode(), PIPELINE)
    assert output is None and result.status == FAILED
    return result.error


def test_newer_syntax_is_not_an_internal_error():
    error = failure("import tensorflow as tf\nx = tf.to_float(1)\n\ntype Alias = int\n")
    assert error.startswith(f"line 4: not valid Python {VERSION}: invalid syntax")
    assert "internal error" not in error


def test_python2_except_and_print_point_at_their_own_line():
    error = failure("import tensorflow as tf\n\ntry:\n    pass\nexcept ValueError, e:\n    pass\n")
    assert error.startswith(f"line 5: not valid Python {VERSION}: multiple exception types "
                            "must be parenthesized (Python 2 syntax?)")
    error = failure('import tensorflow as tf\n"""doc\nstring"""\nprint "x", tf.log(1)\n')
    assert error.startswith("line 4: ") and "Missing parentheses in call to 'print'" in error


@pytest.mark.parametrize("source", [
    "import tensorflow as tf\nx = " + "tf.add(" * 1000 + "1" + ", 1)" * 1000 + "\n",
    "import tensorflow as tf\nx = " + " + ".join(["tf.to_float(a)"] * 5000) + "\n",
    "import tensorflow as tf\nx = " + " + ".join(["tf.to_float(a)"] * (MAX_NESTING + 50)) + "\n",
])
def test_deep_input_fails_in_milliseconds(source: str):
    start = time.perf_counter()
    error = failure(source)
    assert time.perf_counter() - start < 1.0  # was 151 s / 114 s
    assert "too deeply nested" in error or "too many nested parentheses" in error


def test_ordinary_nesting_still_migrates():
    source = "import tensorflow as tf\nx = " + " + ".join(["tf.to_float(a)"] * 100) + "\n"
    check_source(source)
    output, result = migrate_bytes("m.py", source.encode(), PIPELINE)
    assert result.status == "changed" and b"tf.to_float" not in output


def test_check_source_reports_line():
    with pytest.raises(InvalidSource) as info:
        check_source("x = 1\ny = (\n")
    assert info.value.line == 2


def test_notebook_error_is_at_the_cell_line_and_hides_the_marker():
    cells = [{"cell_type": "code", "source": ["import tensorflow as tf\n"], "metadata": {},
              "outputs": [], "execution_count": None},
             {"cell_type": "markdown", "source": ["# x"], "metadata": {}},
             {"cell_type": "code", "source": ["x = 1\n", "print 'x', tf.log(x)\n"],
              "metadata": {}, "outputs": [], "execution_count": None}]
    notebook = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4,
                           "nbformat_minor": 5}, indent=1) + "\n"
    error = failure(notebook, "nb.ipynb")
    assert error.startswith(f"cell-3:2: not valid Python {VERSION}: Missing parentheses"), error
    assert "__tfmigrate_cell__" not in error


def test_lint_reports_python_error_and_fails_fast(tmp_path: Path):
    from migrate.linting import lint_file

    deep = tmp_path / "deep.py"
    deep.write_text("import tensorflow as tf\nx = " + " + ".join(["a"] * 5000) + "\n")
    start = time.perf_counter()
    result = lint_file(str(deep))
    assert time.perf_counter() - start < 1.0
    assert "too deeply nested" in result.error
