"""Run a pipeline of libcst codemods over one module's source text.

The engine knows nothing about TensorFlow: it parses once, hands the tree to each codemod of
the pipeline in order, and collects what they changed, warned about and recorded. Warnings
are mapped back to line numbers of the original text, which is what the user reads.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Optional, Protocol, Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper

from migrate.diffing import myers_opcodes

WARNINGS_KEY = "tfmigrate.warnings"
RECORD_KEY = "tfmigrate.record"


class Codemod(Protocol):
    """What the engine needs of a codemod class (libcst `Codemod` subclasses satisfy it)."""

    NAME: str

    @classmethod
    def may_apply(cls, code: str) -> bool: ...

    def __init__(self, context: CodemodContext) -> None: ...

    def transform_module_impl(self, tree: cst.Module) -> cst.Module: ...


def _always(code: str) -> bool:
    return True


def _nothing(code: str) -> list:
    return []


@dataclass(frozen=True)
class Pipeline:
    """An ordered list of codemods plus the cheap test that says a file is worth parsing."""

    codemods: tuple[type, ...]
    wants: Callable[[str], bool] = _always
    #: Findings that remain in migrated code (e.g. APIs that still need attention).
    residue: Callable[[str], list] = _nothing

    def names(self) -> list[str]:
        return [c.NAME for c in self.codemods]


@dataclass
class Migration:
    code: str
    changed_by: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    record: list[dict] = field(default_factory=list)


def migrate_code(code: str, pipeline: Pipeline, filename: str = "<string>") -> Migration:
    """Apply every codemod of `pipeline` to `code`. Raises libcst.ParserSyntaxError on bad input."""
    tree = cst.parse_module(code)
    wrapper: Optional[MetadataWrapper] = None  # one per tree version: metadata is computed once
    current = code
    changed_by: list[str] = []
    warnings: list[dict] = []
    record: list[dict] = []
    for codemod_cls in pipeline.codemods:
        if not codemod_cls.may_apply(current):
            continue
        if wrapper is None:
            wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
        context = CodemodContext(filename=filename, scratch={RECORD_KEY: record})
        new_tree = _run_codemod(codemod_cls(context), wrapper)
        new_code = new_tree.code
        warnings.extend(_map_to_original(context.scratch.get(WARNINGS_KEY, []), code, current))
        if new_code != current:
            changed_by.append(codemod_cls.NAME)
            tree, current, wrapper = new_tree, new_code, None
    warnings.sort(key=lambda w: (w["line"], w["col"], w["codemod"]))
    return Migration(current, changed_by, warnings, record)


def _run_codemod(codemod: Codemod, wrapper: MetadataWrapper) -> cst.Module:
    """`Codemod.transform_module`, but on a shared wrapper so unchanged trees keep their metadata.

    libcst's own entry point deep-copies the tree and resolves metadata afresh for every codemod.
    """
    with codemod.resolve(wrapper):
        codemod.context = replace(codemod.context, wrapper=wrapper)
        tree = codemod.transform_module_impl(wrapper.module)
    for key, follow_up in ((AddImportsVisitor.CONTEXT_KEY, AddImportsVisitor),
                           (RemoveImportsVisitor.CONTEXT_KEY, RemoveImportsVisitor)):
        if codemod.context.scratch.get(key):
            tree = follow_up(replace(codemod.context, wrapper=None)).transform_module(tree)
    return tree


def _map_to_original(warnings: list[dict], original: str, current: str) -> list[dict]:
    """Translate line numbers of an intermediate text into lines of the original text."""
    if not warnings or current == original:
        return warnings
    line_of = _line_map(original.splitlines(), current.splitlines())
    return [dict(w, line=line_of.get(w["line"], w["line"])) for w in warnings]


def _line_map(before: Sequence[str], after: Sequence[str]) -> dict[int, int]:
    """1-based line in `after` -> the line of `before` it came from (or replaced)."""
    mapping: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in myers_opcodes(before, after):
        for offset, j in enumerate(range(j1, j2)):
            source = i1 + offset if tag == "equal" or i1 + offset < i2 else max(i1, i2 - 1)
            mapping[j + 1] = min(source, max(len(before) - 1, 0)) + 1
    return mapping
