"""`tfmigrate diff`: print a unified diff of what would change; write nothing."""
from __future__ import annotations

import sys

import click

from migrate.commands.options import EXIT_CHANGES, common_options, configured, echo
from migrate.commands.run import Run, exit_code


@click.command("diff")
@common_options
def diff(**options) -> None:
    """Print a unified diff of what would change; write nothing.

    Exit 0: nothing to change, 1: changes shown, 2: some file failed.
    """
    run = Run("diff", **configured(options))

    def emit(result) -> None:
        if result.diff and not run.patch_dir:  # with --patch-dir the diffs go to the patches
            if result.encoding or result.bom:  # a patch of the file's own bytes
                sys.stdout.flush()
                sys.stdout.buffer.write(result.diff_bytes())
            else:
                echo(run.out.diff(result.diff), nl=False)
            sys.stdout.flush()

    results = run.execute(write=False, emit=emit)
    run.finish(results)
    sys.exit(exit_code(results, changes=EXIT_CHANGES))
