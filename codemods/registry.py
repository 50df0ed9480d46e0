"""The codemod pipeline, in the order it runs. This is the one place that declares the order.

Order matters: structural rewrites (variables, modules, sessions) run before symbol renames, so
that renames see what is left; the compat fallback and the import upgrade run last.
"""
from __future__ import annotations

from typing import Optional, Sequence

from codemods.casts import Casts
from codemods.matching import mentions_tensorflow
from migrate.engine import Pipeline

CODEMODS: tuple[type, ...] = (
    Casts,
)


def codemod_names() -> list[str]:
    return [c.NAME for c in CODEMODS]


def build_pipeline(select: Optional[Sequence[str]] = None, ignore: Sequence[str] = ()) -> Pipeline:
    """The pipeline with only the `select`ed codemods (all by default) minus the `ignore`d ones."""
    chosen = tuple(c for c in CODEMODS
                   if (select is None or c.NAME in select) and c.NAME not in ignore)
    return Pipeline(codemods=chosen, wants=mentions_tensorflow)
