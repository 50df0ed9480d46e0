"""`tfmigrate convert-checkpoint`: re-encode a TF1 name-based checkpoint as an object-based
TF2 checkpoint of the migrated code.

Name-based restore (`tf.train.Checkpoint(...).restore(<TF1 checkpoint>)`) is TF's fallback; its
migration guide recommends converting once. The migrated file runs in a TF2 probe subprocess
(migrate.probe, as in verify); every variable it creates takes the TF1 value of the same name,
then `--object` (an expression such as `saver`, the `tf.train.Checkpoint` the migrated script
builds, or `tf.train.Checkpoint(model=Model())`) is written with `Checkpoint.write`. Optimizer
state is not converted: TF1 and Keras name it differently by design.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import click

EXIT_OK, EXIT_INCOMPLETE, EXIT_FAILED = 0, 1, 2


def convert_checkpoint(tf1_checkpoint: str, output: str, after: Path, target: str,
                       setup: Optional[str] = None, run_main: bool = False,
                       timeout: float = 120) -> dict:
    """Run the conversion (in a probe of its own process group, killed on timeout or when we
    are interrupted); returns {checkpoint, converted, missing, unused, error}."""
    from migrate.verification import run_probe

    result = run_probe({"mode": "tf2", "file": str(after), "call": target, "setup": setup,
                        "run_main": run_main, "load_checkpoint": tf1_checkpoint,
                        "write_checkpoint": output}, timeout)
    missing = result.get("checkpoint_missing") or []
    converted = [v["name"] for v in result.get("variables", []) if v["name"] not in missing]
    return {"checkpoint": result.get("checkpoint"), "converted": converted, "missing": missing,
            "unused": result.get("unused", []), "error": result.get("error")}


@click.command("convert-checkpoint")
@click.argument("tf1_checkpoint")
@click.argument("output")
@click.option("--after", "after", required=True, type=click.Path(exists=True, dir_okay=False),
              help="The migrated (TF2) file that builds the model.")
@click.option("--object", "target", required=True, metavar="EXPR",
              help="What to save, evaluated after the file ran: the tf.train.Checkpoint "
                   "the migrated code restores (e.g. `saver`), or a model to save as root.")
@click.option("--setup", default=None, metavar="CODE",
              help="Code to run after the file and before EXPR (e.g. build the model).")
@click.option("--run-main", is_flag=True,
              help="Run the file as __main__ (its `if __name__ == '__main__'` block too).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=120.0,
              show_default=True, help="Seconds; the probe and everything it started are "
              "killed then.")
def convert_checkpoint_command(tf1_checkpoint: str, output: str, after: str, target: str,
                               setup: Optional[str], run_main: bool, as_json: bool,
                               timeout: float) -> None:
    """Re-encode TF1_CHECKPOINT (a name-based Saver checkpoint, or its directory) as an
    object-based checkpoint at OUTPUT for the migrated code.

    Exit 0: every model variable of the migrated code got its TF1 value; 1: some did not
    (listed); 2: the conversion failed.
    """
    output_path = str(Path(output).resolve())
    if not as_json:
        click.echo(f"convert-checkpoint: running {after} under TF2 (timeout {timeout:g} s)"
                   "...", err=True)
    report = convert_checkpoint(str(Path(tf1_checkpoint).resolve()), output_path,
                                Path(after).resolve(), target, setup, run_main, timeout)
    if as_json:
        click.echo(json.dumps(report, indent=2))
    elif report["error"]:
        click.echo(f"error: {report['error']}", err=True)
    else:
        click.echo(f"wrote {report['checkpoint']}: {len(report['converted'])} variables "
                   f"from the TF1 checkpoint")
        for name in report["missing"]:
            click.echo(f"missing: {name} (no TF1 value of that name and shape)")
        for name in report["unused"]:
            click.echo(f"unused: {name} (TF1 entry no variable took)")
    sys.exit(EXIT_FAILED if report["error"] else
             EXIT_INCOMPLETE if report["missing"] else EXIT_OK)
