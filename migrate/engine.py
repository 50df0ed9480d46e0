"""Run a pipeline of libcst codemods over one module's source text.

The engine knows nothing about TensorFlow: it parses once, hands the tree to each codemod of
the pipeline in order, and collects what they changed, warned about and recorded. Warnings
are mapped back to line numbers of the original text, which is what the user reads.
"""
from __future__ import annotations

import re
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from typing import Callable, Optional, Sequence

import libcst as cst
from libcst.codemod import CodemodContext
from libcst.codemod.visitors import AddImportsVisitor, RemoveImportsVisitor
from libcst.metadata import MetadataWrapper

from migrate import fastvisit
from migrate.api import (  # noqa: F401 - the engine fills them; older codemods import them here
    CHANGED_KEY, HELPERS_KEY, IMPORTERS_KEY, IMPORTS_KEY, ORIGIN_KEY, ORIGIN_TREE_KEY, RECORD_KEY,
    SOURCE_KEY, WARNINGS_KEY)
from migrate.diffing import myers_opcodes
from migrate.positions import print_locating, start_positions
from migrate.profiling import Phases, phase


def _always(code: str) -> bool:
    return True


def _nothing(code: str) -> list:
    return []


def _always_bytes(data: bytes) -> bool:
    return True


@dataclass(frozen=True)
class Pipeline:
    """An ordered list of codemods plus the cheap test that says a file is worth parsing."""

    codemods: tuple[type, ...]
    wants: Callable[[str], bool] = _always
    #: The same test on undecoded bytes: files it rejects are not even decoded.
    wants_bytes: Callable[[bytes], bool] = _always_bytes
    #: Findings that remain in migrated code (e.g. APIs that still need attention).
    residue: Callable[[str], list] = _nothing
    #: `--profile`: keep CPU seconds per phase in each FileResult (see migrate.profiling).
    profile: bool = False
    #: Lint codes a changed file had before and lost (before text, after text, the tree of
    #: the before text); asked for changed files only, and only for `--report`.
    hazards: Optional[Callable[[str, str, Optional[cst.Module]], list]] = None

    def names(self) -> list[str]:
        return [c.NAME for c in self.codemods]


@dataclass
class Migration:
    code: str
    changed_by: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    record: list[dict] = field(default_factory=list)
    #: (first, last) 1-based lines of statements marked `# tfmigrate: skip`, kept as written.
    skipped: list[tuple[int, int]] = field(default_factory=list)
    #: The tree of the code as read (parsed once; lint facts for the report reuse it).
    origin: Optional[cst.Module] = None


def migrate_code(code: str, pipeline: Pipeline, filename: str = "<string>",
                 imports: Optional[dict] = None, importers: Optional[dict] = None,
                 phases: Optional[Phases] = None) -> Migration:
    """Apply every codemod of `pipeline` to `code`. Raises libcst.ParserSyntaxError on bad input.
    `imports` and `importers` are what the codemods see under IMPORTS_KEY and IMPORTERS_KEY
    (sources of sibling modules; names of this one other files import). `phases`: where
    `--profile` keeps the time of each phase.

    The file is parsed once. Consecutive codemods marked `COMPOSABLE` that apply to the file
    run together in one traversal over one set of metadata; the others run as passes of their
    own. Metadata is resolved again only after a pass changed the tree. Visitors (metadata,
    scanners) walk the tree without rebuilding it (`fastvisit.installed`) during the call.
    """
    with fastvisit.installed():
        return _migrate(code, pipeline, filename, imports, importers, phases)


def _migrate(code: str, pipeline: Pipeline, filename: str, imports: Optional[dict],
             importers: Optional[dict], phases: Optional[Phases]) -> Migration:
    with phase(phases, "parse"):  # the runner has compiled `code`: the parser's nodes are valid
        tree = origin_tree = fastvisit.parse_module(code)
    wrapper: Optional[MetadataWrapper] = None
    current = code
    changed_by: list[str] = []
    warnings: list[dict] = []
    record: list[dict] = []
    helpers: set[str] = set()
    unplaced: list[tuple[list, cst.Module, str]] = []  # warnings, the tree and code they are of
    moved: dict = {}  # node -> the node that took its place in a later tree
    origin: Optional[MetadataWrapper] = None
    for group in _groups([c for c in pipeline.codemods if c.may_apply(code)]):
        # a tidy pass (ONLY_IF_CHANGED) has nothing to do unless an earlier pass changed the code
        group = [c for c in group if (current == code and not getattr(c, "ONLY_IF_CHANGED", False))
                 or (current != code and c.may_apply(current))]
        if not group:
            continue
        if wrapper is None:
            wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
            origin = origin or wrapper
        context = CodemodContext(filename=filename,
                                 scratch={RECORD_KEY: record, SOURCE_KEY: current,
                                          ORIGIN_KEY: code, ORIGIN_TREE_KEY: origin,
                                          IMPORTS_KEY: imports or {}, HELPERS_KEY: helpers,
                                          IMPORTERS_KEY: importers or {}})
        members = [codemod_cls(context) for codemod_cls in group]
        new_tree, touched = _run_pass(members, wrapper, moved, phases)
        if context.scratch.get(WARNINGS_KEY):
            unplaced.append((context.scratch[WARNINGS_KEY], wrapper.module, current))
        if not touched:  # no node replaced: the code is what it was, skip generating it
            continue
        # printing the new tree also finds the warned nodes that live on in it
        with phase(phases, "codegen"):
            new_code, where = print_locating(new_tree, _moved_to(unplaced, moved))
        with phase(phases, "warnings"):
            warnings.extend(_place(unplaced, moved, where, code, new_code))
        unplaced = []
        if new_code != current:
            changed_by.extend(m.NAME for m in members if m.NAME in context.scratch.get(
                CHANGED_KEY, ()) or len(members) == 1)
            tree, current, wrapper = new_tree, new_code, None
    if unplaced:
        with phase(phases, "warnings"):
            warnings.extend(_place(unplaced, moved, start_positions(
                tree, _moved_to(unplaced, moved)), code, current))
    skipped = skipped_regions(code) if SKIP_MARK in code else []
    if skipped:
        if current != code:
            current = keep_regions(code, current, skipped)
            if current == code:
                changed_by = []
        warnings = [w for w in warnings if not _inside(w["line"], skipped)]
    warnings.sort(key=lambda w: (w["line"], w["col"], w["codemod"]))
    return Migration(current, changed_by, warnings, record, skipped, origin_tree)


#: A trailing comment that keeps a statement (a compound one: its whole block) as written.
SKIP_MARK = "tfmigrate:"
_SKIP = re.compile(r"#\s*tfmigrate:\s*skip\b")


def skipped_regions(code: str) -> list[tuple[int, int]]:
    """(first, last) lines of each statement carrying `# tfmigrate: skip` on one of its lines
    (for a compound statement: on its header, e.g. `for ...:  # tfmigrate: skip`, and then
    the whole block). Decorators belong to their definition. Knows nothing of TensorFlow."""
    import ast
    import io
    import tokenize

    marked = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT and _SKIP.search(token.string):
                marked.add(token.start[0])
        tree = ast.parse(code)
    except (SyntaxError, tokenize.TokenError, ValueError):
        return []
    if not marked:
        return []
    regions = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt):
            continue
        body = getattr(node, "body", None)
        header_end = body[0].lineno - 1 if isinstance(body, list) and body and \
            isinstance(body[0], ast.AST) else node.end_lineno
        if any(node.lineno <= line <= max(node.lineno, header_end) for line in marked):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            regions.append((first, node.end_lineno))
    return sorted(regions)


def _inside(line: int, regions: Sequence[tuple[int, int]]) -> bool:
    return any(first <= line <= last for first, last in regions)


def keep_regions(original: str, migrated: str, regions: Sequence[tuple[int, int]]) -> str:
    """`migrated` with every change touching a line of `regions` (of `original`) undone: such
    a changed block gets its original lines back, whole (a change reaching outside a skipped
    statement is undone with it; the runner checks the result still parses)."""
    before, after = original.splitlines(True), migrated.splitlines(True)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in myers_opcodes(before, after):
        if tag == "replace" and i2 - i1 == j2 - j1:  # line for line: undo only the skipped
            out.extend(before[i1 + k] if _inside(i1 + k + 1, regions) else after[j1 + k]
                       for k in range(i2 - i1))
            continue
        touches = any(first - 1 < i2 and i1 < last for first, last in regions) if i2 > i1 \
            else any(first - 1 < i1 < last for first, last in regions)
        out.extend(before[i1:i2] if tag != "equal" and touches else after[j1:j2])
    return "".join(out)


def _moved_to(unplaced: list, moved: dict) -> list:
    return [_follow(w["node"], moved) for found, _, _ in unplaced for w in found]


def _follow(node: cst.CSTNode, moved: dict) -> cst.CSTNode:
    while node in moved:
        node = moved[node]
    return node


def _place(unplaced: list, moved: dict, where: dict, original: str, printed: str) -> list[dict]:
    """Line and column for each warning: where its node (or what replaced it) is in the
    `printed` code, as a line of the `original` code; a node that did not live on (a removed
    statement) is placed in the tree it was warned about."""
    placed, lost = [], []
    for found, tree, code in unplaced:
        missing = []
        for warning in found:
            node = _follow(warning["node"], moved)
            if node in where:
                placed.append(dict(warning, node=node))
            else:
                missing.append(warning)
        if missing:
            lost.append((missing, tree, code))
    located = _map_to_original(_locate(placed, where), original, printed)
    for missing, tree, code in lost:
        here = start_positions(tree, [w["node"] for w in missing])
        located.extend(_map_to_original(_locate(missing, here), original, code))
    return located


def _groups(codemods: Sequence[type]) -> list[list[type]]:
    """Split the pipeline into runs of composable codemods and single passes, keeping order."""
    groups: list[list[type]] = []
    for codemod_cls in codemods:
        if getattr(codemod_cls, "COMPOSABLE", False) and groups and \
                getattr(groups[-1][0], "COMPOSABLE", False):
            groups[-1].append(codemod_cls)
        else:
            groups.append([codemod_cls])
    return groups


def _run_pass(members: list, wrapper: MetadataWrapper, moved: dict,
              phases: Optional[Phases] = None) -> tuple[cst.Module, bool]:
    """One traversal of the tree by one codemod, or by several composed (see `Composite`).
    Each node that gets another in its place is entered in `moved`. `phases`: see
    `migrate.profiling` (name resolution, each member, the traversal, import edits).

    This is `Codemod.transform_module` on a shared wrapper: libcst's own entry point deep-copies
    the tree and resolves metadata afresh for every codemod.
    """
    context = members[0].context
    with ExitStack() as stack:
        with phase(phases, "name resolution"):
            for member in members:
                stack.enter_context(member.resolve(wrapper))
                member.context = replace(member.context, wrapper=wrapper)
        composite = Composite(members, moved, phases)
        with phase(phases, "traversal"):
            tree = composite.run(wrapper.module)  # also for one: its dispatch is cheaper
    touched = composite.touched
    for key, follow_up in ((AddImportsVisitor.CONTEXT_KEY, AddImportsVisitor),
                           (RemoveImportsVisitor.CONTEXT_KEY, RemoveImportsVisitor)):
        if context.scratch.get(key):
            with phase(phases, "import edits"):
                tree = follow_up(replace(context, wrapper=None)).transform_module(tree)
            touched = True
    return tree, touched


class Composite(cst.CSTTransformer):
    """Several transformers in one traversal, each behaving as if it ran alone.

    A member whose `visit_X` returns False is suspended below that node (it gets its `leave_X`
    for the node itself), exactly as libcst would treat it alone. Leaves run in pipeline order
    on the node as updated so far; once a member has replaced a node, later members' leaves are
    not offered that node: the first rewrite wins. Members share one `CodemodContext`, and
    their `prepare(tree)` / `finish(tree)` hooks run before and after the traversal. The
    traversal (`fastvisit.transform`) rebuilds only what changed and calls no
    `visit_<Node>_<field>` hooks: the codemods define none.
    """

    def __init__(self, members: list, moved: Optional[dict] = None,
                 phases: Optional[Phases] = None) -> None:
        super().__init__()
        self.members = members
        self.phases = phases
        self.moved = {} if moved is None else moved
        self.touched = False
        self.suspended: list[Optional[cst.CSTNode]] = [None] * len(members)
        self._suspensions = 0  # members suspended now
        self._dispatch: dict[type, tuple[list, list]] = {}

    def run(self, tree: cst.Module) -> cst.Module:
        """Prepare, traverse, finish. Afterwards `touched` says whether any member replaced a
        node or changed the tree in `finish`; when not, the tree's code is unchanged."""
        self.touched = False
        for member in self.members:
            with phase(self.phases, member.NAME):
                member.prepare(tree)
        tree = fastvisit.transform(tree, self, skip_lexical=not any(
            fastvisit.lexical_callbacks(type(member)) for member in self.members))
        for member in self.members:
            with phase(self.phases, member.NAME):
                finished = member.finish(tree)
            self.touched = self.touched or finished is not tree
            tree = finished
        return tree

    def _handlers(self, node_type: type) -> tuple[list, list]:
        """Per node type, the (index, bound method) of members that override visit_/leave_."""
        handlers = self._dispatch.get(node_type)
        if handlers is None:
            visits, leaves = [], []
            for i, member in enumerate(self.members):
                for prefix, found in (("visit_", visits), ("leave_", leaves)):
                    name = prefix + node_type.__name__
                    method = getattr(type(member), name, None)
                    if method is not None and method is not getattr(cst.CSTTransformer, name, None):
                        bound = getattr(member, name)
                        if self.phases is not None:
                            bound = self.phases.timed(member.NAME, bound)
                        found.append((i, bound))
            handlers = self._dispatch[node_type] = (visits, leaves)
        return handlers

    def on_visit(self, node: cst.CSTNode) -> bool:
        handlers = self._dispatch.get(type(node)) or self._handlers(type(node))
        for i, visit in handlers[0]:
            if self.suspended[i] is None and visit(node) is False:
                self.suspended[i] = node
                self._suspensions += 1
        return self._suspensions < len(self.members)

    def on_leave(self, original: cst.CSTNode, updated: cst.CSTNode):
        handlers = self._dispatch.get(type(original)) or self._handlers(type(original))
        if not handlers[0] and not handlers[1]:  # no member's node: nothing to run or resume
            if updated is not original:
                self.moved[original] = updated
            return updated
        result, rewritten = updated, False
        for i, leave in handlers[1]:
            if self.suspended[i] is not None and self.suspended[i] is not original:
                continue
            if rewritten:
                continue  # an earlier member already rewrote this node
            result = leave(original, result)
            if result is not updated and not (isinstance(result, cst.CSTNode)
                                              and result.deep_equals(updated)):
                rewritten = self.touched = True
                self.members[i].context.scratch.setdefault(CHANGED_KEY, set()).add(
                    self.members[i].NAME)
        if self._suspensions:
            for i, suspended in enumerate(self.suspended):
                if suspended is original:
                    self.suspended[i] = None
                    self._suspensions -= 1
        if result is not original:
            if isinstance(result, cst.FlattenSentinel):
                if result.nodes:
                    self.moved[original] = result.nodes[0]
            elif isinstance(result, cst.CSTNode):
                self.moved[original] = result
        return result


def _locate(warnings: list[dict], where: dict) -> list[dict]:
    """Replace each warning's `node` by its `line` and `col` (from `where`)."""
    located = []
    for warning in warnings:
        line, col = where.get(warning["node"], (0, 0))
        entry = {k: v for k, v in warning.items() if k != "node"}
        located.append({"line": line, "col": col, **entry})
    return located


def _map_to_original(warnings: list[dict], original: str, current: str) -> list[dict]:
    """Translate lines and columns of an intermediate text into those of the original text."""
    if not warnings or current == original:
        return warnings
    before, after = original.splitlines(), current.splitlines()
    line_of = _line_map(before, after)
    mapped = []
    for warning in warnings:
        line = line_of.get(warning["line"], warning["line"])
        col = warning["col"]
        if 0 < line <= len(before) and 0 < warning["line"] <= len(after) and \
                before[line - 1] != after[warning["line"] - 1]:
            col = _column_map(before[line - 1], after[warning["line"] - 1], col)
        mapped.append(dict(warning, line=line, col=col))
    return mapped


_TOKEN = re.compile(r"\w+|\s+|.")


def _column_map(before: str, after: str, col: int) -> int:
    """The 1-based column of `before` that column `col` of `after` came from, aligning the
    two lines token by token (`tf.log(x)` / `tf.math.log(x)`)."""
    old = [(m.start(), m.group()) for m in _TOKEN.finditer(before)]
    new = [(m.start(), m.group()) for m in _TOKEN.finditer(after)]
    for tag, i1, i2, j1, j2 in myers_opcodes([t for _, t in old], [t for _, t in new]):
        for j in range(j1, j2):
            start, text = new[j]
            if start <= col - 1 < start + len(text):
                if tag != "equal":
                    return (old[i1][0] if i1 < len(old) else len(before)) + 1
                return old[i1 + j - j1][0] + col - start
    return col


def _line_map(before: Sequence[str], after: Sequence[str]) -> dict[int, int]:
    """1-based line in `after` -> the line of `before` it came from (or replaced). Inside a
    replaced block of different sizes (a removed statement beside a rewritten one), each new
    line maps to the old line of the block it shares most words with, in order."""
    mapping: dict[int, int] = {}
    for tag, i1, i2, j1, j2 in myers_opcodes(before, after):
        if tag == "replace" and i2 - i1 != j2 - j1:
            low = i1
            for j in range(j1, j2):
                words = set(_WORD.findall(after[j]))
                best, score = low, -1
                for i in range(low, i2):
                    common = len(words & set(_WORD.findall(before[i])))
                    if common > score:
                        best, score = i, common
                mapping[j + 1] = best + 1
                low = best
            continue
        for offset, j in enumerate(range(j1, j2)):
            source = i1 + offset if tag == "equal" or i1 + offset < i2 else max(i1, i2 - 1)
            mapping[j + 1] = min(source, max(len(before) - 1, 0)) + 1
    return mapping


_WORD = re.compile(r"\w+")
