"""`tfmigrate explain CODE`: the cause of a lint code and a minimal before/after fix."""
from __future__ import annotations

import sys

import click

from migrate.commands.options import EXIT_FAILED


@click.command("explain")
@click.argument("code")
def explain_command(code: str) -> None:
    """Explain a lint code: the cause and a minimal before/after fix."""
    from hazards.registry import CHECKERS, checker_for

    checker = checker_for(code)
    if checker is None:
        known = ", ".join(c.CODE for c in CHECKERS)
        click.echo(f"error: unknown code {code!r} (known: {known})", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"{checker.CODE}: {checker.TITLE}\n")
    click.echo(checker.EXPLAIN.rstrip("\n"))
