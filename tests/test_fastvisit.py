"""The fast visitor walk must be indistinguishable from libcst's own traversal."""
from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import (ExpressionContextProvider, MetadataWrapper, ParentNodeProvider,
                             QualifiedNameProvider, ScopeProvider)

from migrate import fastvisit

# the golden inputs: TF1 code as users write it (the outputs repeat the same emitted templates)
GOLDEN = sorted(Path(__file__).resolve().parent.parent.glob("golden/*/before.py"))

#: Nodes whose children libcst visits conditionally or in an unusual order.
ODD_SHAPES = '''
from os import *
from os.path import (join as j, exists)
from . import sibling
x = f"{a!r:>{width}} {b=} {c:{d}.{e}}"
lambda q=1, *r, s, **t: (q, r)
async def f(a, /, b: int = 2, *args: "T", c, **kw) -> None:
    async with g() as (h, i), j:
        async for k in l:
            yield [m async for m in n if m]
    return {o: p for o, p in q.items()}, {*r}, (s := 3)
@dec(1)
class C(B, metaclass=M):
    y: int = 4
    def m(self): global z; del self.w[1:2, ::3]
match v:
    case [1, *rest] | {"k": _, **kw} if rest: pass
    case P(a=1) as w: pass
try: pass
except* (E, F) as e: raise X from e
finally: print(*a, sep="")
'''


class Recorder(cst.CSTVisitor):
    """Records every callback; prunes below lambdas to exercise `on_visit` returning False."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list = []

    def on_visit(self, node):
        self.events.append(("visit", id(node)))
        return not isinstance(node, cst.Lambda)

    def on_leave(self, node):
        self.events.append(("leave", id(node)))

    def on_visit_attribute(self, node, attribute):
        self.events.append(("visit_attr", id(node), attribute))

    def on_leave_attribute(self, node, attribute):
        self.events.append(("leave_attr", id(node), attribute))


def _sources():
    return [ODD_SHAPES] + [p.read_text() for p in GOLDEN]


@pytest.fixture
def libcst_walk():
    """Run the body with libcst's own traversal, then restore whatever was installed."""
    installed = cst.CSTNode.visit is fastvisit._visit
    fastvisit.uninstall()
    yield
    (fastvisit.install if installed else fastvisit.uninstall)()


def _events(tree, fast: bool) -> list:
    (fastvisit.install if fast else fastvisit.uninstall)()
    recorder = Recorder()
    assert tree.visit(recorder) is tree
    return recorder.events


def test_every_node_class_has_a_readable_field_order():
    assert fastvisit.check_all_node_classes() == []


@pytest.mark.parametrize("index", range(len(GOLDEN) + 1))
def test_same_callbacks_in_the_same_order(index, libcst_walk):
    tree = cst.parse_module(_sources()[index])
    assert _events(tree, fast=True) == _events(tree, fast=False)


def _metadata(tree) -> tuple:
    """Metadata of the tree's own nodes (string annotations are parsed afresh on each run)."""
    resolved = MetadataWrapper(tree, unsafe_skip_copy=True).resolve_many(
        [QualifiedNameProvider, ScopeProvider, ExpressionContextProvider, ParentNodeProvider])
    own = {id(n) for n in resolved[ParentNodeProvider]} | {id(tree)}
    resolved = {p: {n: v for n, v in m.items() if id(n) in own} for p, m in resolved.items()}
    names = {id(n): sorted((q.name, q.source.name) for q in (v() if callable(v) else v))
             for n, v in resolved[QualifiedNameProvider].items()}
    scopes = {id(n): (type(s).__name__, sorted((a.name, id(a.node)) for a in s.assignments))
              for n, s in resolved[ScopeProvider].items() if s is not None}
    contexts = {id(n): str(c) for n, c in resolved[ExpressionContextProvider].items()}
    parents = {id(n): id(p) for n, p in resolved[ParentNodeProvider].items()}
    return names, scopes, contexts, parents


def test_metadata_is_identical(libcst_walk):
    for source in _sources():
        tree = cst.parse_module(source)
        fastvisit.uninstall()
        expected = _metadata(tree)
        fastvisit.install()
        assert _metadata(tree) == expected


def test_field_hooks_still_run_when_a_visitor_defines_them(libcst_walk):
    seen = []

    class Bases(cst.CSTVisitor):
        def visit_ClassDef_bases(self, node):
            seen.append(node.name.value)

    fastvisit.install()
    cst.parse_module("class A(B): pass\nclass C: pass\n").visit(Bases())
    assert seen == ["A", "C"]
    assert not fastvisit._attribute_hooks(cst.CSTVisitor())


def test_transformers_keep_libcst_traversal(libcst_walk):
    class Rename(cst.CSTTransformer):
        def leave_Name(self, original, updated):
            return updated.with_changes(value=updated.value.upper())

    fastvisit.install()
    assert cst.parse_module("a = b\n").visit(Rename()).code == "A = B\n"


def test_resolving_only_visitor_providers_walks_the_tree_once(libcst_walk):
    """libcst walks the whole tree for an empty batch of batchable providers; we do not."""
    from codemods.names import TFQualifiedNameProvider
    walks = []
    original = cst.Module.visit

    def counted(self, visitor):
        walks.append(type(visitor).__name__)
        return original(self, visitor)

    fastvisit.install()
    tree = cst.parse_module("import tensorflow as tf\nx = tf.zeros([1])\n")
    cst.Module.visit = counted
    try:
        names = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(TFQualifiedNameProvider)
    finally:
        cst.Module.visit = original
    assert walks == ["TFQualifiedNameProvider"]
    assert any(q.name == "tensorflow.zeros" for v in names.values() for q in v)


def test_transform_rebuilds_only_above_a_replaced_node():
    """Unchanged subtrees come back as the very same objects; the result prints like libcst's."""
    source = "import tensorflow as tf\n\ndef f(x):\n    return tf.log(x) + 1\n\ny = [1, 2]\n"

    class Rename(cst.CSTTransformer):
        def leave_Name(self, original, updated):
            return updated.with_changes(value="log2") if updated.value == "log" else updated

        def leave_Element(self, original, updated):
            return cst.RemoveFromParent() if updated.value.deep_equals(cst.Integer("2")) \
                else updated

    tree = cst.parse_module(source)
    result = fastvisit.transform(tree, Rename())
    assert result.code == tree.visit(Rename()).code
    assert result.code == source.replace("tf.log", "tf.log2").replace("[1, 2]", "[1, ]")
    assert result.body[0] is tree.body[0]  # the import is untouched, so not rebuilt
    assert result.body[1] is not tree.body[1]
    assert fastvisit.transform(tree, cst.CSTTransformer()) is tree


class _NamesOutsideCalls(cst.CSTVisitor):
    """A visitor in the common shape: typed callbacks, one of them pruning a subtree."""

    def __init__(self):
        super().__init__()
        self.events = []

    def visit_Name(self, node):
        self.events.append(("visit", node.value))

    def leave_Name(self, original_node):
        self.events.append(("leave", original_node.value))

    def visit_Call(self, node):
        self.events.append(("call", type(node.func).__name__))
        return False

    def leave_Call(self, original_node):
        self.events.append(("left call", None))


@pytest.mark.parametrize("index", range(len(GOLDEN) + 1))
def test_typed_callbacks_dispatch_like_libcst(index, libcst_walk):
    tree = cst.parse_module(_sources()[index])
    runs = []
    for fast in (True, False):
        (fastvisit.install if fast else fastvisit.uninstall)()
        visitor = _NamesOutsideCalls()
        tree.visit(visitor)
        runs.append(visitor.events)
    assert runs[0] == runs[1] and runs[0]
    fastvisit.install()
    assert fastvisit._dispatch_table(_NamesOutsideCalls()) is not None


def test_lexical_classes_hold_only_lexical_nodes():
    """Skipping a lexical field skips whole subtrees of lexical nodes, nothing else."""
    for name in fastvisit.lexical_names():
        cls = getattr(cst, name)
        if "_visit_and_replace_children" in cls.__dict__:
            assert fastvisit.semantic_order(cls) == (), name
    assert fastvisit.semantic_order(cst.Call) == ("func", "args")
    assert fastvisit.semantic_order(cst.ImportFrom) == ("module", "names")


@pytest.mark.parametrize("index", [0, 1])
def test_typed_visitors_skip_lexical_nodes_only_when_they_have_no_callback_for_them(
        index, libcst_walk):
    class Names(cst.CSTVisitor):
        def __init__(self):
            super().__init__()
            self.seen = []

        def visit_Name(self, node):
            self.seen.append(node.value)

    class Commas(Names):
        def visit_Comma(self, node):
            self.seen.append(",")

    tree = cst.parse_module(_sources()[index])
    results = {}
    for fast in (False, True):
        (fastvisit.install if fast else fastvisit.uninstall)()
        results[fast] = [(tree.visit(v) and v.seen) for v in (Names(), Commas())]
    assert results[True] == results[False]
    assert "," in results[True][1]
    assert fastvisit.lexical_callbacks(Commas) and not fastvisit.lexical_callbacks(Names)


def test_transform_skipping_lexical_fields_makes_the_same_calls_on_other_nodes():
    class Upper(cst.CSTTransformer):
        def __init__(self):
            super().__init__()
            self.seen = []

        def on_visit(self, node):
            if not isinstance(node, fastvisit.LEXICAL):
                self.seen.append(id(node))
            return True

        def leave_Name(self, original, updated):
            return updated.with_changes(value=updated.value.upper())

    tree = cst.parse_module(ODD_SHAPES)
    full, skipping = Upper(), Upper()
    assert fastvisit.transform(tree, full).code == \
        fastvisit.transform(tree, skipping, skip_lexical=True).code
    assert skipping.seen == full.seen


def test_parse_without_validation_gives_the_same_tree_and_restores_validation():
    for source in _sources()[:3]:
        assert fastvisit.parse_module(source).deep_equals(cst.parse_module(source))
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")
