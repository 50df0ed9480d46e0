"""Start positions of a few nodes (for warnings), while printing the module.

libcst's PositionProvider records a range for every node of the tree; a file with warnings
needs the start of a handful. This codegen state records only the nodes asked for, at the same
place PositionProvider takes a node's (syntactic) start, and counts lines only when it meets
one of them, so printing with it costs about what printing costs.
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
    targets: frozenset = frozenset()  # ids of the nodes to place (libcst hashes in Python)
    found: dict = field(default_factory=dict)
    line: int = 1
    column: int = 0
    counted: int = 0  # tokens already counted into line/column

    def record_syntactic_position(self, node, *, start_node=None, end_node=None):
        if id(node) in self.targets and node not in self.found:
            tokens = self.tokens
            for index in range(self.counted, len(tokens)):
                token = tokens[index]
                newlines = token.count("\n")
                if newlines:
                    self.line += newlines
                    self.column = len(token) - token.rfind("\n") - 1
                else:
                    self.column += len(token)
            self.counted = len(tokens)
            self.found[node] = (self.line, self.column + 1)
        return _NO_RECORD


def print_locating(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> tuple[str, dict]:
    """The module's code, and {node: (line, 1-based column)} for those of `nodes` in it."""
    state = _StartRecorder(default_indent=module.default_indent,
                           default_newline=module.default_newline,
                           targets=frozenset(map(id, nodes)))
    module._codegen(state)
    return "".join(state.tokens), state.found


def start_positions(module: cst.Module, nodes: Iterable[cst.CSTNode]) -> dict:
    """{node: (line, 1-based column)} for the given nodes of `module`."""
    return print_locating(module, nodes)[1]
