"""The whole pipeline on a snippet, as the codemod tests use it."""
from __future__ import annotations

from codemods.registry import build_pipeline
from migrate.engine import migrate_code


def migrate(code: str):
    """The migration of `code`, checked to be a fixpoint (migrating it again changes nothing)."""
    migration = migrate_code(code, build_pipeline())
    assert migrate_code(migration.code, build_pipeline()).code == migration.code, \
        "output is not a fixpoint of the pipeline"
    return migration


def reasons(migration, codemod: str = "sessions") -> list[str]:
    """The messages one codemod said."""
    return [w["message"] for w in migration.warnings if w["codemod"] == codemod]
