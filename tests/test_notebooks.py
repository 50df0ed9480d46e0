"""Notebooks: code cells migrated as one module; outputs, markdown, magics and layout kept."""
from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest
import unidiff

from codemods.registry import build_pipeline
from migrate.notebooks import migrate_notebook
from migrate.file_migration import migrate_bytes
from migrate.results import CHANGED, FAILED
from tests.test_cli import run_cli

OUTPUT = {"name": "stdout", "output_type": "stream", "text": ["tf.log(2) = 0.69\n"]}
PNG = {"data": {"image/png": "iVBORw0KGgo=\n", "text/plain": ["<Figure>"]},
       "metadata": {"needs_background": "light"}, "output_type": "display_data"}


def notebook() -> dict:
    return {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Uses `tf.log`\n", "text"]},
            {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
             "source": ["%matplotlib inline\n", "!pip install -q tensorflow==1.15\n",
                        "import tensorflow as tff\n", "import numpy as np"]},
            {"cell_type": "code", "execution_count": 2, "metadata": {"scrolled": True},
             "outputs": [OUTPUT, PNG],
             "source": ["x = tff.constant([1, 2])\n", "y = tff.to_float(x)\n",
                        "for i in range(2):\n", "    %time z = tff.log(y)\n",
                        "files = !ls\n", "print(tff.log(y))"]},
            {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
             "source": ["%%bash\n", "echo tff.log"]},
            {"cell_type": "raw", "metadata": {}, "source": ["tff.log(raw)"]},
            {"cell_type": "code", "execution_count": 3, "metadata": {"tags": ["x"]},
             "outputs": [], "source": ["%%time\n", "w = tff.random_normal([3])\n", "tff.log?"]},
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"}, "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }


def run(nb_text: str):
    return migrate_notebook(nb_text.encode(), build_pipeline(), "nb.ipynb")


@pytest.mark.parametrize("indent,newline", [(1, True), (2, False), (4, True)])
def test_code_cells_migrated_as_one_module_everything_else_kept(indent, newline):
    original = notebook()
    text = json.dumps(original, indent=indent, ensure_ascii=False) + ("\n" if newline else "")
    output, result = run(text)
    assert result.status == CHANGED, result
    new_text = output.decode()
    new = json.loads(new_text)
    # the import alias of cell 2 resolves the names of cell 3 and 6
    code = new["cells"][2]["source"]
    assert code == ["x = tff.constant([1, 2])\n", "y = tff.cast(x, tff.float32)\n",
                    "for i in range(2):\n", "    %time z = tff.log(y)\n", "files = !ls\n",
                    "print(tff.math.log(y))"]
    assert new["cells"][5]["source"] == ["%%time\n", "w = tff.random.normal([3])\n", "tff.log?"]
    # magics, outputs, markdown, raw cells, other cell magics, metadata: untouched
    expected = copy.deepcopy(original)
    expected["cells"][2]["source"] = code
    expected["cells"][5]["source"] = new["cells"][5]["source"]
    assert new == expected
    # the layout is the file's own: only source lines differ
    assert new_text == json.dumps(new, indent=indent, ensure_ascii=False) + \
        ("\n" if newline else "")
    assert new_text.endswith("\n") == newline
    changed = [(a, b) for a, b in zip(text.splitlines(), new_text.splitlines()) if a != b]
    assert len(changed) == 3 and all('"' in a and "tff." in a for a, _ in changed)
    # diff hunks name their cell
    headers = [line for line in result.diff.splitlines() if line.startswith("@@")]
    assert [h.rsplit(" @@ ", 1)[1] for h in headers] == ["cell 3", "cell 6"]
    patch = unidiff.PatchSet(result.diff)
    assert (patch.added, patch.removed) == (result.added, result.removed) == (3, 3)
    assert migrate_bytes("nb.ipynb", output, build_pipeline())[1].status == "unchanged"


def test_warnings_point_at_cell_and_line():
    nb = notebook()
    nb["cells"][2]["source"].append("\nph = tff.placeholder(tff.float32)")
    _, result = run(json.dumps(nb, indent=1))
    placeholder = [w for w in result.warnings
                   if w["codemod"] == "compat_fallback" and "placeholder" in w["message"]]
    assert placeholder and placeholder[0]["cell"] == 3 and placeholder[0]["line"] == 7
    # the graph code left needs graph mode: switched on after the imports, in their cell
    switch = [w for w in result.warnings if w["codemod"] == "graph_mode"]
    assert [(w["cell"], w["line"]) for w in switch] == [(2, 3)]


def test_python_continuation_lines_are_not_taken_for_magics():
    nb = notebook()
    nb["cells"][2]["source"] = ['msg = ("%d items"\n', '       % 3)\n', 'ok = (1\n',
                                '      != 2)\n', "v = tff.log(1.0)"]
    output, result = run(json.dumps(nb, indent=1))
    assert result.status == CHANGED, result.error
    assert json.loads(output)["cells"][2]["source"] == \
        nb["cells"][2]["source"][:4] + ["v = tff.math.log(1.0)"]


def test_shell_escapes_with_a_space_and_stray_continuations_are_magics():
    """Seen in tensor2tensor's notebooks: `! pip ...` and `--flag \\ ` (space after `\\`)."""
    nb = notebook()
    nb["cells"][1]["source"] = ["! pip install -q tensorflow\n", "import tensorflow as tff"]
    nb["cells"][2]["source"] = ["!t2t-trainer \\\n", "  --worker-gpu=1 \\ \n",
                                "  --eval_steps=$eval_steps \n", "v = tff.log(1.0)"]
    output, result = run(json.dumps(nb, indent=1))
    assert result.status == CHANGED, result.error
    cells = json.loads(output)["cells"]
    assert cells[1]["source"] == nb["cells"][1]["source"]
    assert cells[2]["source"] == nb["cells"][2]["source"][:3] + ["v = tff.math.log(1.0)"]


def test_non_python_and_tf_free_notebooks_are_left_alone():
    nb = notebook()
    nb["metadata"]["kernelspec"]["language"] = "R"
    assert run(json.dumps(nb))[1].status == "skipped"
    plain = notebook()
    for cell in plain["cells"]:
        cell["source"] = ["print(1)\n"]
    output, result = run(json.dumps(plain))
    assert output is None and result.status == "unchanged"


def test_cli_diff_applies_and_apply_rewrites_notebook(tmp_path: Path):
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook(), indent=1) + "\n")
    (tmp_path / "broken.ipynb").write_text('{"cells": [{"source": "import tensorflow"')
    (tmp_path / "m.py").write_text("import tensorflow as tf\ny = tf.log(2.0)\n")
    diff = run_cli("diff", ".", "--no-cache", cwd=tmp_path)
    assert diff.returncode == 2
    errors = [l for l in diff.stderr.decode().splitlines() if ": error: " in l]
    assert errors == ["broken.ipynb: error: broken notebook: bad JSON at line 1, col 42: "
                      "Expecting ',' delimiter"]
    assert sorted(f.path for f in unidiff.PatchSet(diff.stdout.decode())) == ["m.py", "nb.ipynb"]
    copy_dir = tmp_path / "copy"
    copy_dir.mkdir()
    (copy_dir / "nb.ipynb").write_bytes((tmp_path / "nb.ipynb").read_bytes())
    (copy_dir / "m.py").write_bytes((tmp_path / "m.py").read_bytes())
    subprocess.run(["git", "init", "-q"], cwd=copy_dir, check=True)
    subprocess.run(["git", "apply", "-"], cwd=copy_dir, input=diff.stdout, check=True)
    applied = run_cli("apply", ".", "--no-cache", cwd=tmp_path)
    assert applied.returncode == 2
    assert (tmp_path / "nb.ipynb").read_bytes() == (copy_dir / "nb.ipynb").read_bytes()
    assert json.loads((tmp_path / "nb.ipynb").read_text())["cells"][2]["outputs"] == [OUTPUT, PNG]


def test_broken_notebooks_fail_one_line_each():
    pipeline = build_pipeline()
    for data, message in [(b"tensorflow {", "broken notebook: bad JSON at line 1"),
                          (b'{"tensorflow": 1}', "not a notebook this tool reads"),
                          (b'{"worksheets": [], "nbformat": 3, "x": "tensorflow"}',
                           "this is nbformat 3"),
                          (b'"tensorflow\xff"', "notebook is not UTF-8")]:
        output, result = migrate_bytes("b.ipynb", data, pipeline)
        assert output is None and result.status == FAILED
        assert message in result.error and "\n" not in result.error
