"""TF1's default names: `dense`, `dense_1`, ... for unnamed layers, cells and scopes.

TF1 numbers the unnamed layers of a scope (and its unnamed RNN cells, and the calls of a
`variable_scope(name, default_name="d")` function that pass no name) in the order they run,
one counter per base name and scope. `Numbering` gives each its TF1 name in the scan where
that order is fixed,

    h = tf.layers.dense(x, 64)        -> h = self.child(Dense, "dense", 64)(x)
    y = tf.layers.dense(h, 10)        -> y = self.child(Dense, "dense_1", 10)(h)

and refuses where it is not: in a loop, or in a function without a scope of its own. A layer
named by a parameter that may be None (`scope=name`) takes the base name when it is None;
`DefaultNames._check_default_names` accepts that only if nothing else in that scope
(counting the scope-less helpers it calls) may take the same default.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst


class DefaultNames:
    """The `Modules` method that checks names that may take TF1's default."""

    def _check_default_names(self) -> None:
        """A layer whose name may be None when it runs takes TF1's default name (`LayerNorm`)
        in the scope it runs in; that is only right if nothing else in that scope takes the
        same default, since TF1 would number them (`LayerNorm_1`). Layers of scope-less helpers
        (BERT's `layer_norm(x, name=None)`) count in each scope that calls them."""
        lent: dict = {}  # scope-less candidate -> {base: uses it lends its caller's scope}

        def lends(name: str, seen: frozenset) -> dict:
            candidate = self._candidates.get(name)
            if candidate is None or candidate.refused or name in seen or \
                    not candidate.scope_records or candidate.scope_item is not None:
                return {}
            if name not in lent:
                loops, counts, maybe, helpers = candidate.scope_records[0]
                uses = {base: counts[base] for base in maybe}
                for callee, _, looped in helpers:
                    for base, count in lends(callee, seen | {name}).items():
                        uses[base] = uses.get(base, 0) + count * (2 if looped else 1)
                lent[name] = uses
            return lent[name]

        for candidate in self._candidates.values():
            if candidate.refused:
                continue
            for index, (_, counts, maybe, helpers) in enumerate(candidate.scope_records):
                if index == 0 and candidate.scope_item is None:
                    continue  # its caller's scope: counted there
                uses, defaulted = dict(counts), dict(maybe)
                for callee, call, looped in helpers:
                    for base, count in lends(callee, frozenset({candidate.name})).items():
                        uses[base] = uses.get(base, 0) + count * (2 if looped else 1)
                        defaulted.setdefault(base, call)
                clash = next((b for b in sorted(defaulted) if uses.get(b, 0) > 1), None)
                if clash is not None:
                    candidate.refuse(f"more than one {clash} in one scope may take TF1's "
                                     f"default name, which TF1 numbers ({clash}, {clash}_1, "
                                     "...) by how they run", defaulted[clash])
                    break


class Numbering:
    """The `_BodyScanner` methods that keep TF1's counters, one record per open scope."""

    def _new_scope(self) -> list:
        """[loops entered since, {base: unnamed uses}, {base: node} of names that may be
        None at run time, [(scope-less callee, call, in a loop)]]; kept on the candidate so
        default names can be checked once every candidate is scanned."""
        scope: list = [0, {}, {}, []]
        self.c.scope_records.append(scope)
        return scope

    def _numbered(self, base: str, what: str, node: cst.Call,
                  in_caller: bool = False) -> Optional[cst.SimpleString]:
        """TF1's name for the next unnamed `base` in the current scope: base, base_1, ...
        (one counter per scope, shared by layers and `default_name` scopes, as in TF1).
        A cell (`in_caller`) of a function without a scope takes its name when the RNN that
        runs it first runs, in that RNN's scope: right when the function runs once and its
        RNN is the file's only one (`caller_numbered`, checked with its call sites)."""
        loops, counts = self.scopes[-1][:2]
        if in_caller and not loops and len(self.scopes) == 1 and self.c.scope_item is None:
            self.c.caller_numbered = True
        elif loops or (len(self.scopes) == 1 and self.c.scope_item is None):
            self.fail(f"{what} whose TF1 name ({base}, {base}_1, ...) depends on how often "
                      "it runs", node)
            return None
        index = counts.get(base, 0)
        counts[base] = index + 1
        return cst.SimpleString(f'"{base}_{index}"' if index else f'"{base}"')
