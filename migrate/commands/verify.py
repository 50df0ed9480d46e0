"""`tfmigrate verify`: run a file under TF1 semantics and its migration under TF2, compare.

TensorFlow runs only in probe subprocesses (migrate/verification.py), each in a process
group of its own with a minimal environment, killed on timeout and when we are interrupted.
The user's code runs with the caller's rights (uid, files): verify only code you would run.
Without `--after`, the file is migrated here with the normal pipeline and the migrated copy
is written to a temporary directory outside the source tree (removed afterwards, also on
Ctrl-C/SIGTERM); the probe runs it as if it sat beside the original, so imports of its
neighbours still resolve. `--call` is written against the TF1 API and translated with the
migration's own record of renames.
"""
from __future__ import annotations

import ast
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Optional

import click


def translate_call(call: Optional[str], record: list[dict],
                   source: str) -> tuple[Optional[str], list[str]]:
    """Rewrite a TF1-API call expression for the migrated code.

    Uses the record entries `{"kind": "function_to_module", "function", "cls", "scope_param"}`.
    A converted class (`class_to_module`) is constructed once in setup and the call uses
    that instance. Every call of a converted function anywhere in the expression (`model(h, X)['logits']`)
    becomes a call of a module instance, and the instances are returned as setup lines
    (`_tfm_model_0 = Model(name='model')`): the probe evaluates the call twice, and the second
    call must reuse the variables of the first, as TF1's `reuse=True` did. Two calls with the
    same function and scope share one instance. Returns (call, instance setup lines).
    """
    if not call:
        return call, []
    modules = {e["function"]: e for e in record if e.get("kind") == "function_to_module"}
    classes = {e["cls"] for e in record if e.get("kind") == "class_to_module"}
    try:
        expr = ast.parse(call, mode="eval")
    except SyntaxError:
        return call, []
    translator = _CallTranslator(modules, classes, source)
    translated = translator.visit(expr)
    if not translator.instances:
        return call, []
    return ast.unparse(translated), translator.setup


class _CallTranslator(ast.NodeTransformer):
    def __init__(self, modules: dict, classes: set, source: str) -> None:
        self.modules, self.classes, self.source = modules, classes, source
        self.instances: dict[tuple[str, str], str] = {}
        self.setup: list[str] = []

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in self.classes:
            # a converted class computes in its constructor: build it once, in setup
            key = (node.func.id, ast.unparse(node))
            if key not in self.instances:
                self.instances[key] = f"_tfm_{node.func.id}_{len(self.instances)}"
                self.setup.append(f"{self.instances[key]} = {key[1]}")
            return ast.Name(self.instances[key])
        if not (isinstance(node.func, ast.Name) and node.func.id in self.modules):
            return node
        entry = self.modules[node.func.id]
        scope_param = entry.get("scope_param")
        params = _parameters(self.source, node.func.id)
        reuse_param = entry.get("reuse_param")
        scope_value, args = None, list(node.args)
        keywords = [k for k in node.keywords if k.arg not in (scope_param, reuse_param)]
        for keyword in node.keywords:
            if keyword.arg == scope_param:
                scope_value = keyword.value
        positional = {index: arg for index, arg in enumerate(args)}
        for param in (scope_param, reuse_param):  # reuse is calling the same instance now
            if param in params and params.index(param) < len(args):
                value = positional.pop(params.index(param))
                if param == scope_param:
                    scope_value = value
        args = [positional[index] for index in sorted(positional)]
        name_kw = [ast.keyword(arg="name", value=scope_value)] if scope_value is not None else []
        constructor = ast.unparse(ast.Call(func=ast.Name(entry["cls"]), args=[],
                                           keywords=name_kw))
        key = (entry["cls"], constructor)
        if key not in self.instances:
            self.instances[key] = f"_tfm_{node.func.id}_{len(self.instances)}"
            self.setup.append(f"{self.instances[key]} = {constructor}")
        return ast.Call(func=ast.Name(self.instances[key]), args=args, keywords=keywords)


def _parameters(source: str, function: str) -> list[str]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == function:
            return [a.arg for a in node.args.posonlyargs + node.args.args]
    return []


def _verify_directory(root: str, as_json: bool, timeout: float, stdout_rtol: Optional[float],
                      jobs: Optional[int]) -> None:
    from codemods.registry import build_pipeline
    from migrate.runner import run_files
    from migrate.verify_tree import format_table, summary_counts, to_json, verify_tree

    jobs = jobs or os.cpu_count() or 1

    def migrate_tree(paths: list[str]) -> None:
        run_files(paths, build_pipeline(), write=True, jobs=jobs)

    def progress(result) -> None:
        if not as_json:
            click.echo(f"verified {result.path}", err=True)

    results = verify_tree(root, migrate_tree, timeout=timeout, jobs=jobs,
                          stdout_rtol=1e-3 if stdout_rtol is None else stdout_rtol,
                          on_result=progress)
    click.echo(json.dumps(to_json(results), indent=2) if as_json else format_table(results))
    counts = summary_counts(results)
    sys.exit(0 if counts["verified"] == counts["runnable"] else 1)


@click.command("verify")
@click.argument("file", type=click.Path(exists=True))
@click.option("--after", type=click.Path(exists=True, dir_okay=False), default=None,
              help="The migrated file (default: migrate FILE now).")
@click.option("--call", default=None, help="Expression against the TF1 API, e.g. model(x).")
@click.option("--input", "inputs", multiple=True, metavar="NAME=DTYPE:D1,D2",
              help="A placeholder before, a seeded random tensor after (repeatable).")
@click.option("--setup", default=None, help="Code run after FILE, before the call.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120.0,
              show_default=True, help="Seconds per side; the probe and everything it "
              "started are killed then.")
@click.option("--stdout-rtol", type=float, default=None,
              help="Whole scripts: printed numbers must also agree within this relative "
                   "tolerance (their lines and words are always compared).")
@click.option("--jobs", "-j", type=int, default=None,
              help="A directory: scripts verified at once (default: all cores).")
def verify_command(file: str, after: Optional[str], call: Optional[str],
                   inputs: tuple[str, ...], setup: Optional[str], as_json: bool,
                   timeout: float, stdout_rtol: Optional[float], jobs: Optional[int]) -> None:
    """Run FILE under TF1 and its migration under TF2 eager; compare their variables.

    FILE may be a directory: every script in it is run before and after the migration of
    the whole tree, and a table says which are plain TF2, run, keep their variables and
    print the same numbers. Exit 0 iff the variable sets match (and the outputs, when
    compared); for a directory, iff every runnable script is verified.
    """
    from migrate.commands.options import Failure
    from migrate.sources import SourceError, read_source
    from migrate.verification import parse_input_spec, verify

    if os.path.isdir(file):
        if after or call or inputs or setup:
            raise click.UsageError("--after, --call, --input and --setup take a FILE")
        _verify_directory(file, as_json, timeout, stdout_rtol, jobs)
        return
    try:
        parsed = dict(parse_input_spec(spec) for spec in inputs)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--input") from None
    before = Path(file)
    try:
        source = read_source(file).text
    except SourceError as exc:
        raise Failure(f"{file}: {exc}") from None
    temporary = None
    after_call, after_setup = call, setup
    where = {}
    try:
        if after is None:
            from codemods.registry import build_pipeline
            from migrate.engine import migrate_code

            migration = migrate_code(source, build_pipeline(), file)
            after_call, instances = translate_call(call, migration.record, source)
            after_setup = "\n".join(filter(None, [setup, *instances])) or None
            temporary = tempfile.mkdtemp(prefix="tfmigrate-verify-")
            migrated = Path(temporary) / before.name
            migrated.write_text(migration.code, encoding="utf-8")
            where = {"after_source_dir": before.resolve().parent,
                     "after_code_name": str(before.resolve().parent /
                                            f"<migrated {before.name}>")}

        def progress(message: str) -> None:
            if not as_json:
                click.echo(f"verify: {message}...", err=True)

        result = verify(before, Path(after) if after else migrated, call=call,
                        inputs=parsed, setup=setup, after_call=after_call,
                        after_setup=after_setup, run_main=call is None,
                        timeout=timeout, stdout_rtol=stdout_rtol, progress=progress,
                        **where)
    finally:
        if temporary:
            import shutil

            shutil.rmtree(temporary, ignore_errors=True)
    click.echo(json.dumps(result.to_json(), indent=2) if as_json else result.format_table())
    sys.exit(0 if result.match else 1)
