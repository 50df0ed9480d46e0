"""A read-only traversal for libcst visitors that does not rebuild the tree.

libcst walks a `CSTVisitor` with the same code as a transformer: every node's
`_visit_and_replace_children` constructs (and validates) a fresh copy of the node, which a
visitor then throws away. Metadata providers (scopes, qualified names), our scanners and the
lint are all visitors, so most of a migration's time went into building discarded nodes.

`install()` (or, for one call, `with installed():`; nothing is patched on import) makes
`CSTNode.visit` take a direct path for visitors: the same callbacks
(`on_visit`, `on_visit_attribute`, children, `on_leave_attribute`, `on_leave`) in the same
order, with the original nodes, and the node itself as the result, as libcst returns for a
visitor. The field order of each node class is read once from libcst's own
`_visit_and_replace_children`, so it follows the installed libcst. Transformers are untouched.

`transform(tree, transformer)` is the same idea for a transformer without attribute hooks:
the same callbacks in the same order, but a node is rebuilt only when one of its children was
replaced, so `updated_node is original_node` wherever nothing below changed. libcst rebuilds
(and validates) every node of the tree in every pass.

It also stops metadata resolution from walking the whole tree for an empty batch of
providers (libcst does, once per wrapper, when no batchable provider is asked for).
"""
from __future__ import annotations

import contextlib
import inspect
import re
import typing

import libcst as cst
from libcst import CSTNode, CSTTransformer, CSTVisitor, FlattenSentinel, MaybeSentinel, \
    RemovalSentinel
from libcst._batched_visitor import _BatchedCSTVisitor
from libcst.metadata import wrapper as metadata_wrapper

_FIELD = re.compile(r"\bvisit_(required|optional|sentinel|sequence|body_sequence|iterable|"
                    r"body_iterable)\(\s*self,\s*\"(\w+)\"")
_ANY_VISIT = re.compile(r"\bvisit_\w+\(")
#: Fields libcst visits only when not None (no attribute callbacks either when None).
_ONLY_WHEN_SET = {"format_spec"}

_orders: dict[type, tuple[str, ...]] = {}
#: Per node class, the fields libcst visits with `visit_body_sequence`/`visit_body_iterable`,
#: `visit_optional` and `visit_sentinel` (the others are required nodes or plain sequences).
_body_fields: dict[type, frozenset] = {}
_optional_fields: dict[type, frozenset] = {}
_sentinel_fields: dict[type, frozenset] = {}
_original_visit = CSTNode.visit
_original_gen_batchable = metadata_wrapper._gen_batchable


class UnsupportedNode(Exception):
    """A node class whose children walk cannot be read off libcst's source."""


#: Node classes that hold only whitespace, comments or punctuation, and whose fields hold only
#: such nodes: about two thirds of a parsed module. A traversal none of whose callbacks is
#: for one of these classes can skip the fields declared to hold only them
#: (`semantic_order`): it would make the same calls on the same nodes.
LEXICAL = (cst.BaseParenthesizableWhitespace, cst.EmptyLine, cst.TrailingWhitespace,
           cst.Newline, cst.Comment, cst.Comma, cst.Dot, cst.Colon, cst.Semicolon,
           cst.AssignEqual, cst.LeftParen, cst.RightParen, cst.LeftSquareBracket,
           cst.RightSquareBracket, cst.LeftCurlyBrace, cst.RightCurlyBrace, cst.BaseBinaryOp,
           cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp, cst.BaseAugOp)
_NOT_NODES = (MaybeSentinel, type(None), str)
_semantic: dict[type, tuple[str, ...]] = {}


def lexical_names() -> frozenset:
    """Names of the concrete libcst node classes in LEXICAL (`visit_<Name>` callbacks)."""
    return frozenset(name for name in dir(cst) if inspect.isclass(getattr(cst, name))
                     and issubclass(getattr(cst, name), LEXICAL))


def semantic_order(cls: type) -> tuple[str, ...]:
    """`field_order(cls)` less the fields whose declared type is lexical only (`lpar`,
    `whitespace_after`, `comma`, `operator` ...), read off libcst's own annotations."""
    order = _semantic.get(cls)
    if order is None:
        hints = typing.get_type_hints(cls)
        order = _semantic[cls] = tuple(
            name for name in field_order(cls)
            if name not in hints or not all(_lexical(t) for t in _leaf_types(hints[name])))
    return order


def _leaf_types(hint) -> list:
    """The classes a field annotation allows (`Sequence[Union[A, B]]` gives A and B)."""
    args = typing.get_args(hint)
    if typing.get_origin(hint) is None or not args:
        return [hint]
    return [leaf for arg in args for leaf in _leaf_types(arg)]


def _lexical(leaf) -> bool:
    return isinstance(leaf, type) and issubclass(leaf, LEXICAL + _NOT_NODES)


def field_order(cls: type) -> tuple[str, ...]:
    """The fields `cls._visit_and_replace_children` visits, in libcst's order."""
    order = _orders.get(cls)
    if order is None:
        source = inspect.getsource(cls._visit_and_replace_children)
        body = source.split("\n", 1)[1]
        matches = list(_FIELD.finditer(body))
        found = [m.group(2) for m in matches]
        if len(found) != len(_ANY_VISIT.findall(body)):
            raise UnsupportedNode(cls.__name__)
        order = tuple(dict.fromkeys(found))  # ImportFrom names: either branch, same place
        kinds = [(m.group(1), m.group(2)) for m in matches]
        _body_fields[cls] = frozenset(n for k, n in kinds if k.startswith("body_"))
        _optional_fields[cls] = frozenset(n for k, n in kinds if k == "optional")
        _sentinel_fields[cls] = frozenset(n for k, n in kinds if k == "sentinel")
        _orders[cls] = order
    return order


#: Per visitor class: node class -> (visit_X, leave_X) functions it overrides, or None each.
_dispatch_tables: dict[type, dict] = {}


def _dispatch_table(visitor: CSTVisitor):
    """The visitor's callbacks by node class, when its `on_visit`/`on_leave` are libcst's own
    (which look up `visit_<Node>` by name for every node); None otherwise."""
    cls = type(visitor)
    if cls.on_visit is not CSTVisitor.on_visit or cls.on_leave is not CSTVisitor.on_leave or \
            any(name.startswith(("visit_", "leave_")) for name in vars(visitor)):
        return None
    table = _dispatch_tables.get(cls)
    if table is None:
        table = _dispatch_tables[cls] = {}
    return table


def _callbacks(visitor_cls: type, node_cls: type) -> tuple:
    found = []
    for prefix in ("visit_", "leave_"):
        name = prefix + node_cls.__name__
        method = getattr(visitor_cls, name, None)
        found.append(None if method is None or method is getattr(CSTVisitor, name, None)
                     else method)
    return tuple(found)


def _walk_table(node: CSTNode, visitor: CSTVisitor, table: dict, orders: dict) -> None:
    cls = type(node)
    callbacks = table.get(cls)
    if callbacks is None:
        callbacks = table[cls] = _callbacks(type(visitor), cls)
    visit, leave = callbacks
    if visit is None or visit(visitor, node) is not False:
        order = orders.get(cls)
        if order is None:
            order = semantic_order(cls) if orders is _semantic else field_order(cls)
        for name in order:
            value = getattr(node, name)
            if isinstance(value, CSTNode):
                _walk_table(value, visitor, table, orders)
            elif value is not None and value is not MaybeSentinel.DEFAULT:
                for child in value:
                    _walk_table(child, visitor, table, orders)
    if leave is not None:
        leave(visitor, node)


def _walk(node: CSTNode, visitor: CSTVisitor, hooks: bool, orders: dict) -> None:
    if visitor.on_visit(node):
        cls = type(node)
        order = orders.get(cls)
        if order is None:
            order = semantic_order(cls) if orders is _semantic else field_order(cls)
        for name in order:
            value = getattr(node, name)
            if value is None and name in _ONLY_WHEN_SET:
                continue
            if hooks:
                visitor.on_visit_attribute(node, name)
            if isinstance(value, CSTNode):
                _walk(value, visitor, hooks, orders)
            elif value is not None and value is not MaybeSentinel.DEFAULT:
                for child in value:
                    _walk(child, visitor, hooks, orders)
            if hooks:
                visitor.on_leave_attribute(node, name)
    visitor.on_leave(node)


def transform(tree: CSTNode, transformer: CSTTransformer, skip_lexical: bool = False):
    """`tree.visit(transformer)`, rebuilding only the nodes above a replaced one. The
    transformer's attribute hooks (`visit_<Node>_<field>`) are not called. `skip_lexical`:
    the transformer does nothing on LEXICAL nodes, so their fields are not walked."""
    return _rebuild(tree, transformer, _semantic if skip_lexical else _orders)


def _rebuild(node: CSTNode, transformer: CSTTransformer, orders: dict):
    updated = node
    if transformer.on_visit(node):
        cls = type(node)
        order = orders.get(cls)
        if order is None:
            order = semantic_order(cls) if orders is _semantic else field_order(cls)
        changes = None
        for name in order:
            value = getattr(node, name)
            if value is None or value is MaybeSentinel.DEFAULT:
                continue
            if isinstance(value, CSTNode):
                result = _rebuild(value, transformer, orders)
                if result is value:
                    continue
                if isinstance(result, FlattenSentinel):
                    raise TypeError(f"We got a FlattenSentinel while visiting a "
                                    f"{type(value).__name__}. This node's parent does not "
                                    f"allow for it to be it to be replaced with a sequence.")
                if isinstance(result, RemovalSentinel):
                    if name in _optional_fields[cls]:
                        result = None
                    elif name in _sentinel_fields[cls]:
                        result = MaybeSentinel.DEFAULT
                    else:
                        raise TypeError(f"We got a RemovalSentinel while visiting a "
                                        f"{type(value).__name__}. This node's parent does not "
                                        f"allow it to be removed.")
            else:
                result = _rebuild_sequence(value, transformer, name in _body_fields[cls],
                                           orders)
                if result is None:
                    continue
            if changes is None:
                changes = {}
            changes[name] = result
        if changes:
            updated = node.with_changes(**changes)
    return transformer.on_leave(node, updated)


def _rebuild_sequence(children, transformer: CSTTransformer, body: bool, orders: dict):
    """The new children (a tuple), or None when every child came back as it was."""
    out = None
    for index, child in enumerate(children):
        result = _rebuild(child, transformer, orders)
        if result is child:
            if out is not None:
                out.append(child)
            continue
        if out is None:
            out = list(children[:index])
        if isinstance(result, RemovalSentinel):
            continue
        if isinstance(result, FlattenSentinel):
            for item in result:
                if not (body and not child._is_removable() and item._is_removable()):
                    out.append(item)
        elif not (body and not child._is_removable() and result._is_removable()):
            out.append(result)
    return None if out is None else tuple(out)


#: `visit_<Node>_<field>` / `leave_<Node>_<field>`: node class names have no underscore.
_ATTRIBUTE_HOOK = re.compile(r"^(visit|leave)_[A-Za-z0-9]+_")
_hooks_of_class: dict[type, bool] = {}


def _attribute_hooks(visitor: CSTVisitor) -> bool:
    """False when the visitor's attribute callbacks are certain to do nothing.

    libcst's default callbacks look up `visit_<Node>_<field>` methods (the batched visitor
    of the metadata providers, in its table); when the only ones are libcst's own no-op
    declarations, calling them only costs time.
    """
    cls = type(visitor)
    if cls is _BatchedCSTVisitor:
        return any(_ATTRIBUTE_HOOK.match(name) for name in visitor.visitor_methods)
    if cls.on_visit_attribute is not CSTVisitor.on_visit_attribute or \
            cls.on_leave_attribute is not CSTVisitor.on_leave_attribute:
        return True
    hooks = _hooks_of_class.get(cls)
    if hooks is None:
        hooks = _hooks_of_class[cls] = any(  # libcst declares no-op ones for every field
            _ATTRIBUTE_HOOK.match(n) and getattr(cls, n) is not getattr(CSTVisitor, n, None)
            for n in dir(cls))
    return hooks or any(_ATTRIBUTE_HOOK.match(n) for n in vars(visitor))


def _visit(self, visitor):
    if isinstance(visitor, CSTVisitor):
        hooks = _attribute_hooks(visitor)
        table = None if hooks else _dispatch_table(visitor)
        if table is not None:
            orders = _orders if lexical_callbacks(type(visitor)) else _semantic
            _walk_table(self, visitor, table, orders)
        else:
            _walk(self, visitor, hooks, _semantic if not hooks and _batch_skips_lexical(
                visitor) else _orders)
        return self
    return _original_visit(self, visitor)


_lexical_of_class: dict[type, bool] = {}
_LEXICAL_NAMES: frozenset = frozenset()


def lexical_callbacks(cls: type) -> bool:
    """Whether visitor class `cls` has a visit_/leave_ callback for a LEXICAL node class."""
    found = _lexical_of_class.get(cls)
    if found is None:
        global _LEXICAL_NAMES
        _LEXICAL_NAMES = _LEXICAL_NAMES or lexical_names()
        found = _lexical_of_class[cls] = any(
            getattr(cls, hook, None) not in (None, getattr(CSTVisitor, hook, None),
                                             getattr(CSTTransformer, hook, None))
            for hook in (prefix + name for name in _LEXICAL_NAMES
                         for prefix in ("visit_", "leave_")))
    return found


def _batch_skips_lexical(visitor: CSTVisitor) -> bool:
    """A metadata batch (libcst's batched visitor) none of whose providers has a callback
    for a LEXICAL node, and no per-node hooks: it may skip those nodes."""
    if type(visitor) is not _BatchedCSTVisitor or visitor.before_visit is not None \
            or visitor.after_leave is not None:
        return False
    global _LEXICAL_NAMES
    _LEXICAL_NAMES = _LEXICAL_NAMES or lexical_names()
    return not any(key.split("_", 1)[1] in _LEXICAL_NAMES for key in visitor.visitor_methods)


def _gen_batchable(wrapper, providers):
    providers = list(providers)
    return _original_gen_batchable(wrapper, providers) if providers else {}


_validate_on_init = CSTNode.__post_init__


def _trusted(self) -> None:
    """No validation: the node comes from libcst's own parser."""


def parse_module(code: str) -> cst.Module:
    """`cst.parse_module(code)` without validating each node the parser builds.

    Every libcst node validates itself when constructed (`__post_init__`), which is right for
    nodes a codemod builds and redundant for the parser's, which are valid by construction;
    it is about a quarter of the parse (libcst's own comment on `__post_init__` says as
    much). Only for text CPython has compiled already (the engine's input). Nodes built by
    other threads during the parse are not validated either: the workers are single-threaded.
    """
    CSTNode.__post_init__ = _trusted
    try:
        return cst.parse_module(code)
    finally:
        CSTNode.__post_init__ = _validate_on_init


def install() -> None:
    """Route visitor traversals through `_walk` (idempotent; transformers keep libcst's path)."""
    if CSTNode.visit is not _visit:
        CSTNode.visit = _visit
    metadata_wrapper._gen_batchable = _gen_batchable


def uninstall() -> None:
    CSTNode.visit = _original_visit
    metadata_wrapper._gen_batchable = _original_gen_batchable


@contextlib.contextmanager
def installed():
    """The fast traversal for the duration of a migration or a lint, then libcst as it was:
    importing our packages patches nothing, and a process that also uses libcst for its own
    purposes gets libcst's traversal outside our calls."""
    previous = CSTNode.visit, metadata_wrapper._gen_batchable
    install()
    try:
        yield
    finally:
        CSTNode.visit, metadata_wrapper._gen_batchable = previous


def check_all_node_classes() -> list[str]:
    """Node classes whose field order cannot be read (should be none); used by the tests."""
    bad = []
    for name in dir(cst):
        cls = getattr(cst, name)
        if inspect.isclass(cls) and issubclass(cls, CSTNode) and not inspect.isabstract(cls) \
                and "_visit_and_replace_children" in cls.__dict__:
            try:
                field_order(cls)
            except UnsupportedNode:
                bad.append(name)
    return bad
