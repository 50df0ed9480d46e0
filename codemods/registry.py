"""The codemod pipeline, in the order it runs. This is the one place that declares the order.

Order matters: structural rewrites (variables, modules, sessions) run before symbol renames, so
that renames see what is left; the compat fallback and the import upgrade run last.
"""
from __future__ import annotations

from typing import Optional, Sequence

from codemods.argument_renames import ArgumentRenames
from codemods.assign_methods import AssignMethods
from codemods.casts import Casts
from codemods.compat_fallback import CompatFallback
from codemods.dimension_values import DimensionValues
from codemods.estimators import Estimators
from codemods.graph_mode import GraphMode
from codemods.losses import Losses
from codemods.matching import mentions_tensorflow, mentions_tensorflow_bytes
from codemods.modules import Modules
from codemods.op_scopes import OpScopes
from codemods.residue import tf1_references
from codemods.sessions import Sessions
from codemods.symbol_renames import SymbolRenames
from codemods.tensor_names import TensorNames
from codemods.tidy import Tidy
from codemods.upgrade_imports import UpgradeImports
from codemods.variables import Variables
from migrate.engine import Pipeline

CODEMODS: tuple[type, ...] = (
    # structural rewrites: scoped functions -> tf.Module, then get_variable in run-once code
    Modules,
    Variables,
    # session scripts -> eager functions, tf.function steps, tf.train.Checkpoint
    Sessions,
    DimensionValues,
    TensorNames,
    OpScopes,
    Estimators,
    # call-level rewrites see TF1 names, so they run before the renames
    Casts,
    Losses,
    AssignMethods,
    ArgumentRenames,
    SymbolRenames,
    # the safety net and the import upgrade come last
    CompatFallback,
    UpgradeImports,
    # graph code left on compat.v1 gets eager execution disabled at its entry
    GraphMode,
    # last: the layout of what the others wrote (blank lines, wrapping, stale imports)
    Tidy,
)


def codemod_names() -> list[str]:
    return [c.NAME for c in CODEMODS]


def build_pipeline(select: Optional[Sequence[str]] = None, ignore: Sequence[str] = ()) -> Pipeline:
    """The pipeline with only the `select`ed codemods (all by default) minus the `ignore`d ones."""
    chosen = tuple(c for c in CODEMODS
                   if (select is None or c.NAME in select) and c.NAME not in ignore)
    return Pipeline(codemods=chosen, wants=mentions_tensorflow, wants_bytes=mentions_tensorflow_bytes,
                    residue=tf1_references)
