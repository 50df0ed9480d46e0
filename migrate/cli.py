"""The `tfmigrate` command line: the group, its exit codes on errors and signals, and the
commands (one module each under migrate/commands/). Importing this module never imports
TensorFlow, nor libcst: `--help`, `--version`, `explain` and `codemods` start fast, and the
engine is imported when a run starts.

Exit codes: 0 ok, 1 "changes" (diff, check) or hazards (lint), 2 some file failed or any usage,
config or runtime error (a bad option, a bad `[tool.tfmigrate]`, a missing `ray`, Ctrl-C or
SIGTERM): a script can tell "the tool found something" from "the tool did not finish".
"""
from __future__ import annotations

import signal
import sys

import click

from migrate import __version__
from migrate.commands import apply, check, codemods, convert_checkpoint, diff, explain, lint, \
    verify
from migrate.commands.options import EXIT_FAILED, EXIT_OK


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGINT: raised in the main thread, so pools are ended and temp files gone."""


def _on_signal(signum, frame) -> None:
    raise Interrupted(signum)


class TfmigrateGroup(click.Group):
    """Click's group, with our exit codes: every error is 2, and so are Ctrl-C and SIGTERM
    (click's own "Aborted!" would be 1, which `diff` and `check` use for "changes")."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True,
             **extra):
        handlers = {}
        if _main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                handlers[signum] = signal.signal(signum, _on_signal)
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except (click.exceptions.Abort, KeyboardInterrupt):
            click.echo("tfmigrate: interrupted; files not yet written were left as they were",
                       err=True)
            sys.exit(EXIT_FAILED)
        except click.ClickException as exc:
            exc.show()
            sys.exit(EXIT_FAILED)
        finally:
            for signum, handler in handlers.items():
                signal.signal(signum, handler)
        sys.exit(code if isinstance(code, int) else EXIT_OK)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


@click.group(cls=TfmigrateGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tfmigrate")
def main() -> None:
    """Migrate TensorFlow 1 code to idiomatic TensorFlow 2."""


for _command in (diff.diff, apply.apply, check.check, verify.verify_command,
                 convert_checkpoint.convert_checkpoint_command, lint.lint_command,
                 explain.explain_command, codemods.list_codemods):
    main.add_command(_command)


if __name__ == "__main__":
    main()
