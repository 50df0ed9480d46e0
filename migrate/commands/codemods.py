"""`tfmigrate codemods`: the codemods in pipeline order, with safe/unsafe."""
from __future__ import annotations

import click


@click.command("codemods")
def list_codemods() -> None:
    """List codemods in pipeline order, one line each, with safe/unsafe."""
    from codemods.registry import CODEMODS

    width = max(len(c.NAME) for c in CODEMODS)
    for codemod in CODEMODS:
        safety = "safe" if codemod.SAFE else "unsafe"
        click.echo(f"{codemod.NAME:<{width}}  {safety:<6}  {codemod.summary()}")
