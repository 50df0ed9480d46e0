"""`tf.get_variable` -> `tf.Variable` where the code runs once.

Rewrites `tf.get_variable(name, shape, dtype, initializer, trainable=...)` into
`tf.Variable(<initializer>(shape, dtype), name=name, trainable=...)` in module-level
straight-line code (also inside `if` blocks and `with tf.device(...)` / `g.as_default()`) and
in the top level of a `main()`-style function: one that is referenced exactly once, by a call
statement at module level or by `app.run(main)`. `codemods.modules` uses `convert_get_variable`
for the variables of the functions it turns into `tf.Module`s.

The initializer is always called with `(shape, dtype)` (TF2's `tf.constant_initializer(0)([n])`
would be int32). No initializer means TF1's default: glorot-uniform for floats, zeros for
integers and bools. `tf.truncated_normal_initializer` becomes
`tf.keras.initializers.TruncatedNormal` (TF1's default stddev 1.0 made explicit),
`tf.glorot_uniform_initializer()` and `tf.contrib.layers.xavier_initializer()` become
`tf.keras.initializers.GlorotUniform()`. A value initializer without shape gives
`tf.Variable(value, name=...)`.

Refuses (leaves the call for the compat fallback, with a warning saying why):
`regularizer`, `partitioner`, `custom_getter`, `caching_device`, `validate_shape`,
`use_resource` other than True, collections other than the standard ones (or that would
change trainability), an initializer it cannot prove callable, an unknown dtype without
initializer, unpacked arguments, and any `get_variable` inside a loop, a scope or a function
that may run more than once.
"""
from __future__ import annotations

from typing import Optional

import libcst as cst

from codemods import matching
from codemods.base import TFCodemod

#: TF1 `get_variable` parameters, in positional order.
GET_VARIABLE_PARAMS = (
    "name", "shape", "dtype", "initializer", "regularizer", "trainable", "collections",
    "caching_device", "partitioner", "validate_shape", "use_resource", "custom_getter",
    "constraint", "synchronization", "aggregation",
)
#: Keywords `tf.Variable` takes as they are.
_PASSED_ON = ("trainable", "constraint", "synchronization", "aggregation")
_REFUSED = {
    "regularizer": "TF2 variables have no regularizer; add the penalty to the loss yourself",
    "partitioner": "partitioned variables have no TF2 equivalent outside a distribution "
                   "strategy",
    "custom_getter": "custom getters have no TF2 equivalent",
    "caching_device": "caching_device has no TF2 equivalent",
    "validate_shape": "validate_shape has no direct TF2 equivalent (use shape=tf.TensorShape)",
}
FLOAT_DTYPES = frozenset({"float16", "float32", "float64", "bfloat16", "half", "double"})
ZERO_DTYPES = frozenset({"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
                         "uint64", "bool"})
#: Collections that say nothing a TF2 variable does not already do.
STANDARD_COLLECTIONS = frozenset({"GraphKeys.GLOBAL_VARIABLES", "GraphKeys.TRAINABLE_VARIABLES",
                                  "GraphKeys.MODEL_VARIABLES", "GraphKeys.GLOBAL_STEP"})
#: TF initializer constructors whose instances are kept and called with (shape, dtype).
CORE_INITIALIZERS = frozenset({"random_normal_initializer", "random_uniform_initializer",
                               "constant_initializer", "zeros_initializer", "ones_initializer"})
#: TF1 initializer constructors -> (TF2 path, TF1 parameters in order, the ones passed on,
#: TF1 defaults that differ from the TF2 ones).
MAPPED_INITIALIZERS = {
    "truncated_normal_initializer": ("keras.initializers.TruncatedNormal",
                                     ("mean", "stddev", "seed", "dtype"),
                                     ("mean", "stddev", "seed"), {"stddev": "1.0"}),
    "initializers.truncated_normal": ("keras.initializers.TruncatedNormal",
                                      ("mean", "stddev", "seed", "dtype"),
                                      ("mean", "stddev", "seed"), {"stddev": "1.0"}),
    "glorot_uniform_initializer": ("keras.initializers.GlorotUniform", ("seed", "dtype"),
                                   ("seed",), {}),
    "initializers.glorot_uniform": ("keras.initializers.GlorotUniform", ("seed", "dtype"),
                                    ("seed",), {}),
    "contrib.layers.xavier_initializer": ("keras.initializers.GlorotUniform",
                                          ("uniform", "seed", "dtype"), ("seed",), {}),
}
#: Other TF initializer constructors: their instances are callable with (shape, dtype); the
#: later codemods give them their TF2 or compat.v1 spelling.
OTHER_INITIALIZER_PREFIXES = ("initializers.", "keras.initializers.")

_NO_SPACE = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                            whitespace_after=cst.SimpleWhitespace(""))
_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


class Refusal(Exception):
    """A construct the variables codemods do not convert; the message says why."""


def kwarg(name: str, value: cst.BaseExpression) -> cst.Arg:
    return cst.Arg(value=value, keyword=cst.Name(name), equal=_NO_SPACE)


def join_args(args: list[cst.Arg]) -> list[cst.Arg]:
    """`args` separated by ", " with no trailing comma."""
    return [a.with_changes(comma=_COMMA if i < len(args) - 1 else cst.MaybeSentinel.DEFAULT)
            for i, a in enumerate(args)]


def bound_arguments(call: cst.Call, order: tuple[str, ...]) -> dict[str, cst.BaseExpression]:
    """{parameter: value} of `call`, positionals bound in `order`. Refuses unpacking."""
    bound: dict[str, cst.BaseExpression] = {}
    positional = 0
    for arg in call.args:
        if arg.star:
            raise Refusal("arguments are unpacked with * or **")
        if arg.keyword is None:
            if positional >= len(order):
                raise Refusal("more positional arguments than the TF1 signature has")
            bound[order[positional]] = arg.value
            positional += 1
        else:
            bound[arg.keyword.value] = arg.value
    return bound


class InitializerCheck:
    """Decides whether an initializer expression is provably a TF initializer instance.

    Besides direct calls (`tf.random_normal_initializer(stddev=0.02)`) it accepts a name
    assigned once, in the function or at module level, from such a call, and a call to a
    module-level function whose every `return` gives such a call (BERT's
    `create_initializer(initializer_range)`) or returns a function it defines that takes
    `(shape, dtype, ...)` (baselines' `ortho_init(scale)`), which TF2 calls the same way.
    A parameter whose default is such a call counts when no call in the file passes it
    (GPT-1's `conv1d(x, scope, nf, rf, w_init=tf.random_normal_initializer(stddev=0.02))`).
    """

    def __init__(self, codemod: TFCodemod, module: cst.Module):
        self.codemod = codemod
        self.module = module
        self.functions = {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}
        self.module_assigns = _single_assignments(module.body)
        self._passed: Optional[dict] = None

    def _default_initializer(self, function: cst.FunctionDef, name: str) -> bool:
        """Is parameter `name` of `function` defaulted to a TF initializer and never passed?"""
        params = _all_params(function)
        param = next((p for p in params if p.name.value == name), None)
        if param is None or param.default is None or not self.known_call(param.default) \
                or function.name.value not in self.functions:
            return False
        if self._passed is None:
            finder = _PassedParams(set(self.functions))
            self.module.visit(finder)
            self._passed = finder.passed
        passed = self._passed.get(function.name.value, set())
        index = next(i for i, p in enumerate(params) if p is param)
        positional = index < len(function.params.posonly_params) + len(function.params.params)
        return "*" not in passed and name not in passed and not (
            positional and any(isinstance(p, int) and p >= index for p in passed))

    def known_call(self, expr: cst.BaseExpression) -> Optional[str]:
        """The TF path of the initializer constructor `expr` calls, if it is one."""
        if not isinstance(expr, cst.Call):
            return None
        path = self.codemod.tf_name(expr.func)
        if path is None:
            return None
        if path in CORE_INITIALIZERS or path in MAPPED_INITIALIZERS or \
                path.startswith(OTHER_INITIALIZER_PREFIXES) or path.endswith("_initializer"):
            return path
        return None

    def is_initializer(self, expr: cst.BaseExpression,
                       function: Optional[cst.FunctionDef] = None) -> bool:
        if self.known_call(expr):
            return True
        if isinstance(expr, cst.Name):
            params = {p.name.value for p in _all_params(function)} if function else set()
            if expr.value in params:
                return self._default_initializer(function, expr.value)
            local = _single_assignments(function.body.body) if function else {}
            value = local.get(expr.value) or (None if expr.value in _assigned_names(
                function) else self.module_assigns.get(expr.value))
            return value is not None and self.known_call(value) is not None
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) \
                and expr.func.value in self.functions and not any(a.star for a in expr.args):
            factory = self.functions[expr.func.value]
            returns = _returns(factory)
            return bool(returns) and all(
                r is not None and (self.known_call(r) or _returns_initializer_def(factory, r))
                for r in returns)
        return False


class _PassedParams(cst.CSTVisitor):
    """Per module-level function: what its calls in the file pass (keyword names, positional
    indices, "*" for unpacking or any use other than a call)."""

    def __init__(self, names: set[str]):
        super().__init__()
        self.names = names
        self.passed: dict[str, set] = {}
        self._callees: set = set()

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value in self.names:
            self._callees.add(node.func)
            passed = self.passed.setdefault(node.func.value, set())
            for index, arg in enumerate(node.args):
                passed.add("*" if arg.star else arg.keyword.value if arg.keyword else index)

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names and node not in self._callees:
            self.passed.setdefault(node.value, set()).add("*")  # passed around: anything

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)  # `tf.nn.conv1d` is not a use of a local `conv1d`
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        node.params.visit(self)
        node.body.visit(self)
        for decorator in node.decorators:
            decorator.visit(self)
        return False  # its own name is not a use


def _returns_initializer_def(factory: cst.FunctionDef, returned: cst.BaseExpression) -> bool:
    """Is `returned` the name of a function `factory` defines with `(shape, dtype, ...)`
    parameters, the calling convention of TF1 and TF2 initializers alike?"""
    if not isinstance(returned, cst.Name):
        return False
    for statement in factory.body.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == returned.value:
            params = [p.name.value for p in statement.params.params]
            rest_optional = all(p.default is not None for p in statement.params.params[2:])
            return params[:2] == ["shape", "dtype"] and rest_optional \
                and not statement.params.kwonly_params
    return False


def convert_get_variable(codemod: TFCodemod, call: cst.Call, check: InitializerCheck,
                         function: Optional[cst.FunctionDef] = None,
                         updated: Optional[cst.Call] = None,
                         dry: bool = False) -> Optional[cst.Call]:
    """The `tf.Variable(...)` call equivalent to the (original) `get_variable` `call`.

    `updated` is the same call with its arguments rewritten by the caller (the analysis always
    looks at the original). With `dry`, only checks. Raises Refusal when the call cannot be
    converted exactly.
    """
    args = bound_arguments(call, GET_VARIABLE_PARAMS)
    out = bound_arguments(updated, GET_VARIABLE_PARAMS) if updated is not None else args
    unknown = set(args) - set(GET_VARIABLE_PARAMS)
    if unknown:
        raise Refusal(f"unknown keyword(s) {', '.join(sorted(unknown))}")
    for key, why in _REFUSED.items():
        if key in args and not _is_none(args[key]):
            raise Refusal(f"{key}=: {why}")
    if "use_resource" in args and not _is_literal(args["use_resource"], ("True", "None")):
        raise Refusal("use_resource= other than True: TF2 variables are always resource "
                      "variables")
    if "name" not in args:
        raise Refusal("no variable name given")
    collections = _check_collections(codemod, args["collections"], args.get("trainable")) \
        if "collections" in args else []
    dtype = args.get("dtype")
    if dtype is not None and _is_none(dtype):
        dtype = None
    dtype_path = _dtype_path(codemod, dtype) if dtype is not None else "float32"
    shape, init = args.get("shape"), args.get("initializer")
    if shape is not None and _is_none(shape):
        shape = None
    if init is not None and _is_none(init):
        init = None
    if shape is None:
        if init is None or check.known_call(init):
            raise Refusal("no shape given and the initializer is not a value")
    elif init is None:
        if dtype_path not in FLOAT_DTYPES and dtype_path not in ZERO_DTYPES:
            raise Refusal("the default initializer depends on a dtype tfmigrate cannot "
                          "determine statically")
    elif not check.is_initializer(init, function):
        raise Refusal("the initializer is not provably a TF initializer (a parameter or "
                      "an unknown expression; it may be None or a value)")
    else:
        _map_initializer(codemod, init, check, dry=True)
    if dry:
        return None
    if "GraphKeys.GLOBAL_STEP" in collections:
        codemod.warn(call, "collections= dropped (TF2 has no collections): "
                           "tf.train.get_global_step() will not find this variable; pass it "
                           "to the code that needs it")

    like = call.func if isinstance(call.func, cst.Attribute) else None
    keywords: list[cst.Arg] = [kwarg("name", out["name"])]
    if shape is None:
        first = out["initializer"]
        if dtype is not None:
            keywords.append(kwarg("dtype", out["dtype"]))
    else:
        if init is None:
            path = "keras.initializers.GlorotUniform" if dtype_path in FLOAT_DTYPES \
                else "zeros_initializer"
            init_expr: cst.BaseExpression = cst.Call(codemod.tf_attr(path, like=like))
        else:
            init_expr = _map_initializer(codemod, init, check, out["initializer"])
        dtype_expr = out["dtype"] if dtype is not None else codemod.tf_attr("float32", like=like)
        first = cst.Call(func=_atom(init_expr), args=join_args([cst.Arg(out["shape"]),
                                                                cst.Arg(dtype_expr)]))
    for key in _PASSED_ON:
        if key in out:
            keywords.append(kwarg(key, out[key]))
    codemod.replaced(call.func)
    return cst.Call(func=codemod.tf_attr("Variable", like=like),
                    args=join_args([cst.Arg(first), *keywords]))


def _map_initializer(codemod: TFCodemod, init: cst.BaseExpression, check: InitializerCheck,
                     updated: Optional[cst.BaseExpression] = None,
                     dry: bool = False) -> cst.BaseExpression:
    """The TF2 spelling of initializer `init` (original node; `updated` is what to emit)."""
    updated = init if updated is None else updated
    path = check.known_call(init)
    if path not in MAPPED_INITIALIZERS:
        return updated
    target, order, accepted, defaults = MAPPED_INITIALIZERS[path]
    assert isinstance(init, cst.Call)
    bound = bound_arguments(init, order)
    if "uniform" in bound and _is_literal(bound["uniform"], ("True",)):
        del bound["uniform"]
    extra = set(bound) - set(accepted)
    if extra:
        raise Refusal(f"tf.{path} with {', '.join(sorted(extra))}: no exact TF2 equivalent")
    if dry:
        return updated
    assert isinstance(updated, cst.Call)
    bound = bound_arguments(updated, order)
    args = [kwarg(key, bound[key]) for key in accepted if key in bound]
    args += [kwarg(key, cst.parse_expression(value)) for key, value in defaults.items()
             if key not in bound]
    like = init.func if isinstance(init.func, cst.Attribute) else None
    codemod.replaced(init.func)
    return cst.Call(func=codemod.tf_attr(target, like=like), args=join_args(args))


def _check_collections(codemod: TFCodemod, value: cst.BaseExpression,
                       trainable: Optional[cst.BaseExpression]) -> list[str]:
    """The standard collections `value` names; refuses anything that changes semantics."""
    if not isinstance(value, (cst.List, cst.Tuple)):
        raise Refusal("collections= is not a literal list of standard collections")
    keys = []
    for element in value.elements:
        path = codemod.tf_name(element.value) if not isinstance(element, cst.StarredElement) \
            else None
        if path not in STANDARD_COLLECTIONS:
            raise Refusal("collections= names a collection other than the standard ones; TF2 "
                          "has no collections")
        keys.append(path)
    if "GraphKeys.GLOBAL_VARIABLES" not in keys:
        raise Refusal("collections= without GLOBAL_VARIABLES: the variable would not be saved "
                      "or initialised with the others in TF1")
    if "GraphKeys.TRAINABLE_VARIABLES" not in keys and not _is_literal(trainable, ("False",)):
        raise Refusal("collections= without TRAINABLE_VARIABLES makes the variable "
                      "non-trainable in TF1; say trainable=False to convert it")
    return keys


def _dtype_path(codemod: TFCodemod, dtype: cst.BaseExpression) -> Optional[str]:
    if isinstance(dtype, cst.SimpleString):
        return dtype.evaluated_value if isinstance(dtype.evaluated_value, str) else None
    path = codemod.tf_name(dtype)
    if path is not None and path.startswith("dtypes."):
        path = path[len("dtypes."):]
    return path


def _atom(expr: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(expr, (cst.Name, cst.Attribute, cst.Call, cst.Subscript)) or expr.lpar:
        return expr
    return expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _is_none(expr: Optional[cst.BaseExpression]) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


def _is_literal(expr: Optional[cst.BaseExpression], values: tuple[str, ...]) -> bool:
    return isinstance(expr, cst.Name) and expr.value in values


def _all_params(function: Optional[cst.FunctionDef]) -> list[cst.Param]:
    if function is None:
        return []
    p = function.params
    params = [*p.posonly_params, *p.params, *p.kwonly_params]
    params += [s for s in (p.star_arg, p.star_kwarg) if isinstance(s, cst.Param)]
    return params


class _Assigned(cst.CSTVisitor):
    def __init__(self):
        self.names: dict[str, list] = {}

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            for name in _target_names(target.target):
                self.names.setdefault(name, []).append(
                    node.value if isinstance(target.target, cst.Name) and
                    len(node.targets) == 1 else None)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        for name in _target_names(node.target):
            self.names.setdefault(name, []).append(None)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        for name in _target_names(node.target):
            self.names.setdefault(name, []).append(None)

    def visit_For(self, node: cst.For) -> None:
        for name in _target_names(node.target):
            self.names.setdefault(name, []).append(None)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        self.names.setdefault(node.name.value, []).append(None)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        self.names.setdefault(node.name.value, []).append(None)
        return False


def _target_names(target: cst.BaseExpression) -> list[str]:
    if isinstance(target, cst.Name):
        return [target.value]
    if isinstance(target, (cst.Tuple, cst.List)):
        return [n for e in target.elements for n in _target_names(e.value)]
    if isinstance(target, cst.StarredElement):
        return _target_names(target.value)
    return []


def _collect_assigned(statements) -> dict[str, list]:
    visitor = _Assigned()
    for statement in statements:
        if isinstance(statement, (cst.FunctionDef, cst.ClassDef)):
            visitor.names.setdefault(statement.name.value, []).append(None)
        else:
            statement.visit(visitor)
    return visitor.names


def _single_assignments(statements) -> dict[str, cst.BaseExpression]:
    """Names bound exactly once in `statements` (not in nested functions), by `name = value`."""
    return {name: values[0] for name, values in _collect_assigned(statements).items()
            if len(values) == 1 and values[0] is not None}


def _assigned_names(function: Optional[cst.FunctionDef]) -> set[str]:
    return set(_collect_assigned(function.body.body)) if function else set()


class _Returns(cst.CSTVisitor):
    def __init__(self):
        self.values: list[Optional[cst.BaseExpression]] = []

    def visit_Return(self, node: cst.Return) -> None:
        self.values.append(node.value)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def _returns(function: cst.FunctionDef) -> list[Optional[cst.BaseExpression]]:
    visitor = _Returns()
    function.body.visit(visitor)
    return visitor.values


# -- the codemod: get_variable in code that runs once ---------------------------------------

MAX_LINE = 99

#: Context managers whose body still runs once and does not change variable names.
_TRANSPARENT_WITH = frozenset({"device", "Session", "InteractiveSession"})


class _GetVariableCalls(cst.CSTVisitor):
    """get_variable calls in an expression statement, not inside a lambda or comprehension."""

    def __init__(self, codemod: TFCodemod):
        super().__init__()
        self.codemod = codemod
        self.calls: list[cst.Call] = []
        self.hidden: list[cst.Call] = []
        self._depth = 0

    def _enter(self, node) -> None:
        self._depth += 1

    def _leave(self, node) -> None:
        self._depth -= 1

    visit_Lambda = visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _enter
    leave_Lambda = leave_ListComp = leave_SetComp = leave_DictComp = leave_GeneratorExp = _leave

    def visit_Call(self, node: cst.Call) -> None:
        if self.codemod.tf_name(node.func) == "get_variable":
            (self.hidden if self._depth else self.calls).append(node)


class Variables(TFCodemod):
    """tf.get_variable(...) in code that runs once -> tf.Variable(init(shape, dtype), name=...)."""

    NAME = "variables"
    TRIGGERS = ("get_variable",)
    COMPOSABLE = False

    def prepare(self, tree: cst.Module) -> None:
        self._tf_alias = matching.tf_output_alias(tree)  # conversions are built here
        self._check = InitializerCheck(self, tree)
        self._replacements: dict[cst.Call, cst.BaseExpression] = {}
        self._collect(tree.body, None)
        for function in run_once_functions(self, tree):
            self._collect(function.body.body, function)

    def _collect(self, statements, function: Optional[cst.FunctionDef]) -> None:
        for statement in statements:
            if isinstance(statement, cst.SimpleStatementLine):
                finder = _GetVariableCalls(self)
                statement.visit(finder)
                for call in finder.calls:
                    try:
                        self._replacements[call] = convert_get_variable(
                            self, call, self._check, function)
                    except Refusal as refusal:
                        self.warn(call, f"tf.get_variable not converted to tf.Variable: "
                                        f"{refusal}")
            elif isinstance(statement, cst.If):
                self._collect(statement.body.body, function)
                orelse = statement.orelse
                while orelse is not None:
                    self._collect(orelse.body.body, function)
                    orelse = getattr(orelse, "orelse", None)
            elif isinstance(statement, cst.With) and all(
                    self._transparent(item.item) for item in statement.items):
                self._collect(statement.body.body, function)
            elif isinstance(statement, cst.With) and all(
                    self._literal_scope(item) for item in statement.items):
                # run once, a plain scope only prefixes names: TF2's name_scope does that
                # for tf.Variable too (`logreg/w`)
                for item in statement.items:
                    call = item.item
                    self._replacements[call] = call.with_changes(
                        func=self.tf_attr("name_scope", like=call.func))
                self._collect(statement.body.body, function)

    def _literal_scope(self, item: cst.WithItem) -> bool:
        """`with tf.variable_scope("name"):`: a literal name, no options, not bound."""
        call = item.item
        return item.asname is None and isinstance(call, cst.Call) and \
            self.tf_name(call.func) == "variable_scope" and len(call.args) == 1 and \
            call.args[0].keyword is None and not call.args[0].star and \
            isinstance(call.args[0].value, cst.SimpleString)

    def _transparent(self, expr: cst.BaseExpression) -> bool:
        if not isinstance(expr, cst.Call):
            return False
        path = self.tf_name(expr.func)
        if path in _TRANSPARENT_WITH:
            return True
        return path is None and isinstance(expr.func, cst.Attribute) and \
            expr.func.attr.value == "as_default" and not expr.args

    def visit_Module(self, node: cst.Module) -> bool:
        self._unit = node.default_indent if isinstance(node.default_indent, str) else "    "
        self._depth = 0
        self._made: set = set()
        return bool(self._replacements)  # the alias was set (and maybe added) in prepare

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._depth += 1

    def leave_IndentedBlock(self, original: cst.IndentedBlock,
                            updated: cst.IndentedBlock) -> cst.IndentedBlock:
        self._depth -= 1
        return updated

    def visit_Call(self, node: cst.Call) -> bool:
        return node not in self._replacements

    def leave_Call(self, original: cst.Call, updated: cst.Call) -> cst.BaseExpression:
        replacement = self._replacements.get(original)
        if replacement is None:
            return updated
        made = replacement.with_changes(lpar=original.lpar, rpar=original.rpar)
        self._made.add(made)
        return made

    def leave_SimpleStatementLine(self, original: cst.SimpleStatementLine,
                                  updated: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        """A one-line statement our `tf.Variable(...)` made longer than 99 columns gets its
        arguments one per line, one indent deeper (`w = tf.Variable(\n    init,\n    name=..)`)."""
        code = cst.Module([]).code_for_node(updated.with_changes(leading_lines=[])).rstrip("\n")
        if "\n" in code or len(self._unit) * self._depth + len(code) <= MAX_LINE:
            return updated
        target = next((c for c in matching.calls_in(updated) if c in self._made), None)
        if target is None or len(target.args) < 2:
            return updated
        return matching.replace_call(updated, target,
                                     matching.hang_arguments(target, self._unit))


def run_once_functions(codemod: TFCodemod, tree: cst.Module) -> list[cst.FunctionDef]:
    """Module-level functions referenced exactly once, by a call statement at module level
    (possibly under `if __name__ == "__main__":`) or as `app.run(main)`."""
    functions = {s.name.value: s for s in tree.body
                 if isinstance(s, cst.FunctionDef) and not s.decorators}
    if not functions:
        return []
    counter = _NameUses(set(functions))
    tree.visit(counter)
    starters: dict[str, int] = {}
    for statement in _module_level_statements(tree.body):
        if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
            continue
        small = statement.body[0]
        if not isinstance(small, cst.Expr) or not isinstance(small.value, cst.Call):
            continue
        call = small.value
        if isinstance(call.func, cst.Name) and call.func.value in functions:
            starters[call.func.value] = starters.get(call.func.value, 0) + 1
        elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "run" \
                and len(call.args) == 1 and isinstance(call.args[0].value, cst.Name) \
                and call.args[0].value.value in functions \
                and (matching.dotted(call.func) or "").endswith("app.run"):
            starters[call.args[0].value.value] = starters.get(call.args[0].value.value, 0) + 1
    return [functions[name] for name, count in starters.items()
            if count == 1 and counter.uses.get(name, 0) == 1]


def _module_level_statements(statements):
    for statement in statements:
        yield statement
        if isinstance(statement, cst.If):
            yield from _module_level_statements(statement.body.body)


class _NameUses(cst.CSTVisitor):
    """How often each of `names` is used as a Name (definitions excluded)."""

    def __init__(self, names: set[str]):
        super().__init__()
        self.names = names
        self.uses: dict[str, int] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        node.params.visit(self)
        for decorator in node.decorators:
            decorator.visit(self)
        node.body.visit(self)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        for base in [*node.bases, *node.keywords, *node.decorators]:
            base.visit(self)
        node.body.visit(self)
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names:
            self.uses[node.value] = self.uses.get(node.value, 0) + 1
