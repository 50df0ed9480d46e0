"""TFL005: `tf.Variable` created unguarded inside a `tf.function` body.

tf.function traces the Python body more than once; a variable it creates on every trace is not
the singleton it requires. A creation under an `if` (the usual `if self.v is None:` guard) is
left alone, as is one in a nested function or lambda (not run by the trace itself).
"""
from __future__ import annotations

from typing import Iterator

import libcst as cst

from hazards.analysis import GUARDS, Analysis
from hazards.base import Checker

class FunctionVariable(Checker):
    CODE = "TFL005"
    TITLE = "tf.Variable created inside a tf.function body, unguarded"
    TRIGGERS = ("function", "Variable")
    EXPLAIN = """\
A `tf.function` may trace its Python body several times (the first call already traces twice
when variables are created). A `tf.Variable(...)` executed on every trace would be a new
variable each time, so TF refuses it:
  ValueError: tf.function only supports singleton tf.Variables created on the first call.
  Make sure the tf.Variable is only created once or created outside tf.function.

Before:
    @tf.function
    def step(x):
        scale = tf.Variable(2.0)          # TFL005
        return x * scale

After: create the variable once, outside the traced body (or guard it):
    scale = tf.Variable(2.0)
    @tf.function
    def step(x):
        return x * scale
    # in a tf.Module: create it in __init__, or lazily under `if self.scale is None:`
"""

    def check(self, analysis: Analysis) -> Iterator[tuple[cst.CSTNode, str]]:
        traced = analysis.traced_functions()
        if not traced:
            return
        for call in analysis.calls:
            if analysis.call_api(call) not in ("Variable", "compat.v2.Variable"):
                continue
            function = analysis.enclosing_function(call)
            if function not in traced:
                continue
            if any(isinstance(a, GUARDS) for a in analysis.ancestors_in_function(call)):
                continue
            entry = traced[function]
            via = "" if entry is function else f" (through `{function.name.value}`)"
            yield call, (f"`{analysis.code_of(call.func)}` is created on every trace of "
                         f"@tf.function `{entry.name.value}`{via}: ValueError, tf.function "
                         f"only supports singleton tf.Variables")
