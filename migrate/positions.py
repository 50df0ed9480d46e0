"""Start positions of a few nodes (for warnings), at about the cost of printing the module.

libcst's PositionProvider records a range for every node of the tree; a file with warnings
needs the start of a handful. This codegen state counts lines cheaply and records only the
nodes asked for, at the same place PositionProvider takes a node's (syntactic) start.
"""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Iterable

import libcst as cst
from libcst._nodes.internal import CodegenState

_NO_RECORD = nullcontext()


@dataclass(frozen=False)
class _StartRecorder(CodegenState):
    targets: frozenset = frozenset()
    found: dict = field(default_factory=dict)
    line: int = 1
    column: int = 0

    def add_indent_tokens(self) -> None:
        for token in self.indent_tokens:
            self.add_token(token)

    def add_token(self, value: str) -> None:
        self.tokens.append(value)
        newlines = value.count("\n")
        if newlines:
            self.line += newlines
            self.column = len(value) - value.rfind("\n") - 1
        else:
            self.column += len(value)

    def record_syntactic_position(self, node, *, start_node=None, end_node=None):
        if node in self.targets and node not in self.found:
            self.found[node] = (self.line, self.column + 1)
        return _NO_RECORD


def start_positions(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict:
    """{node: (line, 1-based column)} for the given nodes of `module`."""
    state = _StartRecorder(default_indent=module.default_indent,
                           default_newline=module.default_newline,
                           targets=frozenset(nodes))
    module._codegen(state)
    return state.found
