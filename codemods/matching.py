"""Shared TensorFlow name matching, used by every codemod.

Names are matched through libcst's qualified-name metadata, never by the spelling `tf.`: the
same helpers serve `import tensorflow as tf`, `import tensorflow.compat.v1 as tf`,
`from tensorflow.compat import v1 as tf`, `import tensorflow as tf1`, a bare
`import tensorflow` and `from tensorflow import variable_scope`.
"""
from __future__ import annotations

from typing import Iterable, Optional

import libcst as cst
from libcst.metadata import QualifiedName

TF_ROOT = "tensorflow"
_V1_PREFIX = "tensorflow.compat.v1."
_V2_PREFIX = "tensorflow.compat.v2."
_ROOT_PREFIX = "tensorflow."


def tf_api_path(qualified_names: Iterable[QualifiedName]) -> Optional[str]:
    """Map qualified names to a TF API path without the `tf.` prefix, or None if not TF.

    `tensorflow.compat.v1.X` and `tensorflow.X` both give `X`: they name the TF1 API the code
    was written against. `tensorflow.compat.v2.X` is already TF2 and is reported as `compat.v2.X`.
    """
    for qn in qualified_names:
        name = qn.name
        if name.startswith(_V1_PREFIX):
            return name[len(_V1_PREFIX):]
        if name.startswith(_V2_PREFIX):
            return "compat.v2." + name[len(_V2_PREFIX):]
        if name.startswith(_ROOT_PREFIX):
            return name[len(_ROOT_PREFIX):]
    return None


def dotted(expr: cst.BaseExpression) -> Optional[str]:
    """`a.b.c` for a Name/Attribute chain, else None."""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        base = dotted(expr.value)
        return f"{base}.{expr.attr.value}" if base else None
    return None


def attribute_chain(path: str) -> cst.BaseExpression:
    """Build the expression `a.b.c` from its dotted spelling."""
    parts = path.split(".")
    expr: cst.BaseExpression = cst.Name(parts[0])
    for part in parts[1:]:
        expr = cst.Attribute(value=expr, attr=cst.Name(part))
    return expr


def tf_output_alias(module: cst.Module) -> Optional[str]:
    """The name the migrated file binds to the top-level `tensorflow` package.

    `import tensorflow as tf` gives `tf` and a bare `import tensorflow` gives `tensorflow`.
    `import tensorflow.compat.v1 as tf` and `from tensorflow.compat import v1 as tf` also give
    `tf`: the import-upgrade codemod turns them into `import tensorflow as tf` at the end of the
    pipeline. None means the file has no module alias yet (only `from tensorflow import X`).
    """
    for stmt in module.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.Import):
                for alias in small.names:
                    name = dotted(alias.name)
                    if name == TF_ROOT or (name == "tensorflow.compat.v1" and alias.asname):
                        return alias.evaluated_alias or TF_ROOT
            elif isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                if small.module is not None and dotted(small.module) == "tensorflow.compat":
                    for alias in small.names:
                        if dotted(alias.name) == "v1":
                            return alias.evaluated_alias or "v1"
    return None


def argument(call: cst.Call, keyword: str, position: Optional[int] = None) -> Optional[cst.Arg]:
    """The argument bound to `keyword` (or to positional slot `position`) in `call`."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == keyword:
            return arg
    if position is not None:
        positional = [a for a in call.args if a.keyword is None and not a.star]
        if position < len(positional):
            return positional[position]
    return None


def mentions_tensorflow(code: str) -> bool:
    """The engine's pre-filter: a file that never says `tensorflow` cannot import it."""
    return TF_ROOT in code
