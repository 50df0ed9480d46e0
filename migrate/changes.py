"""Which lines of a migrated text the migration wrote, and where the others came from.

The layout pass touches only what our rewrites inserted or changed; everything else is the
user's and stays byte for byte. Both questions are answered from one line diff (our own Myers
diff) of the text as read against the text the codemods produced. Knows nothing about
TensorFlow.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from migrate.diffing import myers_opcodes


@dataclass
class LineChanges:
    #: 1-based line of the new text -> the line of the old text it is, or replaced line for
    #: line (a rewritten statement of the same height); inserted lines are absent.
    origin: dict[int, int] = field(default_factory=dict)
    #: 1-based lines of the new text that are not an old line kept as it was.
    written: set[int] = field(default_factory=set)

    def kept(self, line: int) -> bool:
        return line not in self.written


def line_changes(before: str, after: str) -> LineChanges:
    """The lines of `after` that `before` does not have as they are, and the origins of all
    lines that do (or replace one line for one line)."""
    changes = LineChanges()
    old, new = before.splitlines(), after.splitlines()
    for tag, i1, i2, j1, j2 in myers_opcodes(old, new):
        if tag != "equal":
            changes.written.update(range(j1 + 1, j2 + 1))
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for k in range(j2 - j1):
                changes.origin[j1 + k + 1] = i1 + k + 1
    return changes
