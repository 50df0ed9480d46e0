"""Run lint case files under real TensorFlow, several per process, and print one JSON result.

Usage: python run_cases.py tf1|tf2 CASE.py...  Every case runs in its own empty directory
(checkpoints) with a fresh default graph; TF1 cases see `import tensorflow` as compat.v1, the
way `migrate.probe` runs TF1 code. Output: {case_path: {"type", "message"} | null}.
"""
from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
import types
from pathlib import Path

from migrate.probe import _import_tensorflow, _tf1_imports


def main() -> None:
    mode, paths = sys.argv[1], sys.argv[2:]
    tf, api = _import_tensorflow(mode == "tf1")
    results = {}
    home = os.getcwd()
    for path in paths:
        source = Path(home, path).resolve()
        if mode == "tf1":
            api.reset_default_graph()
        module = types.ModuleType("__main__")
        namespace = module.__dict__
        namespace["__file__"] = str(source)
        with tempfile.TemporaryDirectory() as cwd:
            os.chdir(cwd)
            redirect = _tf1_imports(api, namespace, source.parent) if mode == "tf1" \
                else _nothing()
            try:
                with redirect, contextlib.redirect_stdout(sys.stderr):
                    exec(compile(source.read_bytes(), str(source), "exec"), namespace)
                results[path] = None
            except Exception as exc:  # noqa: BLE001 - the error is the result
                results[path] = {"type": type(exc).__name__, "message": str(exc)[:4000]}
            finally:
                os.chdir(home)
    sys.stdout.write(json.dumps(results))


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


if __name__ == "__main__":
    main()
