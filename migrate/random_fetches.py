"""Which random ops a TF1 script's `Session.run` calls executed after initialisation.

verify compares the numbers a whole script prints before and after migration. That is only
meaningful for a program whose numbers do not depend on its random stream: TF1 derives an op's
seed from the graph's op counter and TF2 from the eager context's, so `tf.nn.dropout` during
training, `tf.random_normal` noise fed to a GAN or a shuffling queue draw different values on
the two sides even with the same global seed, while a program without them (its variables'
random initial values are handed from the TF1 run to the TF2 one) is reproducible bit for bit
up to rounding.

The TF1 probe records every op a `Session.run` fetched and walks the graph backwards from them
(data and control inputs), not into variable initialisers; the random op types met on the way
are the program's randomness. An empty list means the printed numbers must agree."""
from __future__ import annotations

import contextlib
from typing import Iterator

# Stateful random kernels of TF1 graphs (stateless ones are functions of an explicit seed).
RANDOM_OPS = frozenset({
    "RandomUniform", "RandomUniformInt", "RandomStandardNormal", "TruncatedNormal",
    "ParameterizedTruncatedNormal", "RandomGamma", "RandomPoisson", "RandomPoissonV2",
    "Multinomial", "RandomShuffle", "RandomCrop", "RandomShuffleQueue", "RandomShuffleQueueV2",
    "ShuffleDataset", "ShuffleDatasetV2", "ShuffleDatasetV3", "ShuffleAndRepeatDataset",
    "ShuffleAndRepeatDatasetV2", "SampleDistortedBoundingBox", "SampleDistortedBoundingBoxV2",
    "AllCandidateSampler", "UniformCandidateSampler", "LogUniformCandidateSampler",
    "LearnedUnigramCandidateSampler", "FixedUnigramCandidateSampler",
})


class FetchRecorder:
    """Patches `BaseSession.run` while recording; `random_ops()` answers afterwards."""

    def __init__(self):
        self._ops: dict = {}  # id -> tf.Operation, each fetched op once

    @contextlib.contextmanager
    def recording(self, tf) -> Iterator[None]:
        from tensorflow.python.client import session as session_module

        base = session_module.BaseSession
        original = base.run
        recorder = self

        def run(session, fetches, *args, **kwargs):
            recorder._add(session.graph, fetches, tf)
            return original(session, fetches, *args, **kwargs)

        base.run = run
        try:
            yield
        finally:
            base.run = original

    def _add(self, graph, fetches, tf) -> None:
        try:
            for fetch in tf.nest.flatten(fetches):
                element = graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
                op = getattr(element, "op", element)
                self._ops.setdefault(id(op), op)
        except Exception:  # a fetch TF itself will reject: the run reports it
            pass

    def random_ops(self) -> list:
        """Sorted random op types reachable from what was fetched, initialisers excluded;
        the bodies of functional control flow (`If`, `While`, calls: `tf.layers.dropout`
        with a fed `training` flag is an `If`) are looked into through the graph's library."""
        stop, found, seen = set(), set(), set()
        graphs = {id(op.graph): op.graph for op in self._ops.values()}.values()
        library = {}
        for graph in graphs:
            for function in graph.as_graph_def().library.function:
                library[function.signature.name] = function
        for graph in graphs:
            for key in ("variables", "local_variables"):
                for variable in graph.get_collection(key):
                    initializer = getattr(variable, "initializer", None)
                    if initializer is not None:
                        stop.add(id(initializer))
        pending = list(self._ops.values())
        while pending:
            op = pending.pop()
            if id(op) in seen or id(op) in stop:
                continue
            seen.add(id(op))
            if op.type in RANDOM_OPS:
                found.add(op.type)
            found |= _in_functions(_called(op.node_def), library, set())
            pending.extend(tensor.op for tensor in op.inputs)
            pending.extend(op.control_inputs)
        return sorted(found)


def _called(node_def) -> set:
    """Names of the functions a NodeDef's attributes refer to (branches, bodies, callees)."""
    names = set()
    for value in node_def.attr.values():
        if value.HasField("func"):
            names.add(value.func.name)
        for function in value.list.func:
            names.add(function.name)
    return names


def _in_functions(names: set, library: dict, seen: set) -> set:
    """Random op types in the named library functions and the functions they call."""
    found = set()
    for name in names - seen:
        seen.add(name)
        function = library.get(name)
        if function is None:
            continue
        for node in function.node_def:
            if node.op in RANDOM_OPS:
                found.add(node.op)
            found |= _in_functions(_called(node) | ({node.op} & set(library)), library, seen)
    return found
