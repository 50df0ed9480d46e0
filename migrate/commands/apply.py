"""`tfmigrate apply`: rewrite files in place, atomically."""
from __future__ import annotations

import sys

import click

from migrate.commands.options import EXIT_OK, common_options, configured
from migrate.commands.run import Run, exit_code


@click.command("apply")
@common_options
def apply(**options) -> None:
    """Rewrite files in place, atomically. Exit 0: ok, 2: some file failed."""
    run = Run("apply", **configured(options))
    results = run.execute(write=True)
    run.finish(results)
    sys.exit(exit_code(results, changes=EXIT_OK))
