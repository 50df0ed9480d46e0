"""Run one Python file under TF1 or TF2 semantics and report the variables it creates.

Run as ``python -m migrate.probe``: one JSON request on stdin, one JSON result on stdout.
TensorFlow is imported only here, in a child process, so the CLI never pays for it (or breaks
without it), and TF1 graph mode and TF2 eager mode never share a process.

Request::

    {"mode": "tf1" | "tf2", "file": PATH, "call": EXPR?, "setup": CODE?, "seed": 0,
     "inputs": {NAME: {"dtype": "float32", "shape": [null, 8]}}, "feeds": NPZ_PATH?,
     "load_checkpoint": PREFIX?, "save_checkpoint": PREFIX? (tf1 only), "run_main": false,
     "cwd": DIR? (default: the file's directory)}

Result::

    {"mode", "file", "variables": [VAR], "slots": [VAR], "second_call_new_variables": [VAR],
     "outputs": {PATH: {"shape", "dtype", "values"}} | null, "checkpoint": PREFIX | null,
     "checkpoint_missing": [NAME], "error": "ExcType: message" | null, "traceback": str | null,
     "stdout": what the code under test printed (still shown on stderr too),
     "contrib_standins": [tf.contrib names used, served by migrate.contrib_standins],
     "dataset_standins": [downloaded datasets served by migrate.dataset_standins],
     "random_ops": [random op types the TF1 script's Session.run calls executed] (tf1 only)}
    VAR = {"name": "scope/w", "shape": [8, 4] | null, "dtype": "float32", "trainable": true}

Order of events: the file is executed as a module (``__name__`` is ``__probe__``, or
``__main__`` with ``run_main``), then the inputs are bound in its namespace, then ``setup`` runs
there (so it may build objects from the file, e.g. ``net = Net()``), then ``call`` is evaluated.
TF1: tensors in the call's result are evaluated in a Session after initialising (and optionally
restoring) the variables; the checkpoint is saved before evaluating, so it holds exactly the
state the outputs were computed from. TF2: the call is evaluated, the checkpoint (if any) is
assigned into the captured variables by name, and the call is evaluated again; the outputs
come from that second call, which must not create variables.
"""
from __future__ import annotations

import contextlib
import json
import os
import random
import sys
import traceback
import types
from pathlib import Path
from typing import Any, Iterator, Optional

from migrate.random_fetches import FetchRecorder

# Base classes whose methods create optimizer state: TF1 `tf.train.Optimizer`, tf_keras
# `OptimizerV2` / `Optimizer`, Keras 3 `BaseOptimizer`. Matched by name so none is imported.
_OPTIMIZER_BASES = {"Optimizer", "OptimizerV2", "BaseOptimizer"}
_TF_PACKAGES = {"tensorflow", "keras", "tf_keras"}
_EXCLUDED = {"save_counter"}  # created by tf.train.Checkpoint.save, not by the model
_MAX_TRACEBACK = 20000
_MAX_STDOUT = 200000


def main() -> None:
    """Answer one request. Whatever happens, exactly one JSON object reaches stdout."""
    out = _claim_stdout()
    result: dict[str, Any] = {
        "mode": None, "file": None, "variables": [], "slots": [], "outputs": None,
        "second_call_new_variables": [], "checkpoint": None, "checkpoint_missing": [],
        "error": None, "traceback": None, "stdout": "",
    }
    try:
        request = json.loads(sys.stdin.read())
        result.update(mode=request.get("mode"), file=request.get("file"))
        _Probe(request, result).run()
    except BaseException as exc:  # noqa: BLE001 - the caller needs JSON, not a dead process
        result["error"] = one_line_error(exc)
        result["traceback"] = traceback.format_exc()[-_MAX_TRACEBACK:]
    out.write(json.dumps(result) + "\n")
    out.flush()
    sys.stdout.flush()  # the file's own prints, now bound for stderr
    sys.stderr.flush()
    os._exit(0)  # skip TF's slow (and sometimes noisy) interpreter teardown


def _claim_stdout():
    """Keep the real stdout for the result and point fd 1 at stderr, so prints of the code under
    test and TF's C++ logging can never corrupt the JSON."""
    sys.stdout.flush()
    result_stream = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    return result_stream


def one_line_error(exc: BaseException) -> str:
    """``ExcType: first line of the message`` (TF messages run to many lines)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = type(exc).__name__ + (f": {lines[0]}" if lines else "")
    return text[:500]


class _Probe:
    """One request: execute the file, capture its variables, evaluate the call."""

    def __init__(self, request: dict, result: dict):
        if request.get("mode") not in ("tf1", "tf2"):
            raise ValueError(f"mode must be 'tf1' or 'tf2', not {request.get('mode')!r}")
        self.request, self.result = request, result
        self.tf1_mode = request["mode"] == "tf1"
        self.path = Path(request["file"]).resolve()
        # a migrated copy lives in a temporary directory outside the source tree: its code is
        # compiled as if it sat beside the original (imports, user frames), under a label
        self.user_dir = Path(request.get("source_dir") or self.path.parent).resolve()
        self.code_name = request.get("code_name") or str(self.path)
        self.seed = int(request.get("seed") or 0)
        self.call: Optional[str] = request.get("call")

    def run(self) -> None:
        tf, api = _import_tensorflow(self.tf1_mode)
        import numpy as np

        from migrate import contrib_standins, dataset_standins

        used = contrib_standins.install([tf, api] if self.tf1_mode else [tf], self.tf1_mode)
        datasets = dataset_standins.install([tf, api] if self.tf1_mode else [tf])
        try:
            self._run(tf, api, np)
        finally:
            self.result["contrib_standins"] = sorted(used)
            self.result["dataset_standins"] = sorted(datasets)

    def _run(self, tf, api, np) -> None:

        np.random.seed(self.seed)
        random.seed(self.seed)
        if self.tf1_mode:
            api.set_random_seed(self.seed)
        else:
            tf.random.set_seed(self.seed)
        os.chdir(self.request.get("cwd") or self.user_dir)
        sys.path.insert(0, str(self.user_dir))
        recorder = self._recorder = _Recorder(self.user_dir, self.result)
        if self.request.get("load_checkpoint") and os.path.isdir(self.request["load_checkpoint"]):
            latest = tf.train.latest_checkpoint(self.request["load_checkpoint"])
            if latest is None:
                raise FileNotFoundError(f"no checkpoint in {self.request['load_checkpoint']}")
            self.request["load_checkpoint"] = latest
        if not self.tf1_mode and self.request.get("load_checkpoint"):
            # like TF2's deferred name-based restore: a variable made later (a class that
            # computes in its constructor) starts from the TF1 value of the same name
            recorder.restore_on_creation(tf, tf.train.load_checkpoint(
                self.request["load_checkpoint"]))
        run_name = "__main__" if self.request.get("run_main") else "__probe__"
        module = types.ModuleType(run_name)
        namespace = module.__dict__
        namespace["__file__"] = str(self.path)
        redirect = _tf1_imports(api, namespace, self.user_dir) if self.tf1_mode \
            else contextlib.nullcontext()
        fetched = FetchRecorder()
        recording = fetched.recording(tf) if self.tf1_mode else contextlib.nullcontext()
        with redirect, _creator_everywhere(tf, recorder), _as_module(module), \
                _argv(self.path), _captured_stdout(self.result):
            try:
                with recording:
                    exec(compile(self.path.read_bytes(), self.code_name, "exec"), namespace)
            except SystemExit as exc:  # a whole script may end with sys.exit(0) / app.run
                if exc.code not in (0, None):
                    raise
            finally:
                if self.tf1_mode:
                    self.result["random_ops"] = fetched.random_ops()
            values = _input_values(tf, self.request.get("inputs") or {}, self.seed,
                                   self.request.get("feeds"))
            feeds = self._bind_inputs(tf, api, namespace, values)
            if self.request.get("setup"):
                exec(compile(self.request["setup"], "<setup>", "exec"), namespace)
            output = eval(self.call, namespace) if self.call else None
            if self.tf1_mode:
                self._tf1_finish(tf, api, output, feeds, recorder)
            else:
                self._tf2_finish(tf, namespace, output, recorder)

    def _bind_inputs(self, tf, api, namespace: dict, values: dict) -> dict:
        """TF1: placeholders (returned with their values as a feed_dict). TF2: constants."""
        feeds = {}
        for name, (dtype, shape, value) in values.items():
            if self.tf1_mode:
                namespace[name] = api.placeholder(dtype, shape, name=name)
                feeds[namespace[name]] = value
            else:
                namespace[name] = tf.constant(value, dtype=dtype)
        return feeds

    def _tf1_finish(self, tf, tf1, output: Any, feeds: dict, recorder: "_Recorder") -> None:
        flat = list(_flatten(output))
        fetches = [(path, value) for path, value in flat
                   if tf.is_tensor(value) or isinstance(value, tf.Variable)]
        load, save = self.request.get("load_checkpoint"), self.request.get("save_checkpoint")
        global_variables = tf1.global_variables()
        if fetches or load or (save and global_variables):
            with tf1.Session() as session:
                session.run([tf1.global_variables_initializer(),
                             tf1.local_variables_initializer()])
                if load:
                    restorable, self.result["checkpoint_missing"] = _match_checkpoint(
                        tf.train.load_checkpoint(load), global_variables, recorder)
                    if restorable:
                        tf1.train.Saver(restorable).restore(session, load)
                if save and global_variables:
                    tf1.train.Saver(global_variables).save(session, save, write_meta_graph=False)
                    self.result["checkpoint"] = save
                fetched = session.run([value for _, value in fetches], feed_dict=feeds)
            values = dict(zip([path for path, _ in fetches], fetched))
            flat = [(path, values.get(path, value)) for path, value in flat]
        self.result["outputs"] = _outputs_json(flat) if output is not None else None

    def _tf2_finish(self, tf, namespace: dict, output: Any, recorder: "_Recorder") -> None:
        """Assign the checkpoint by name (robust where `tf.train.Checkpoint` would need the
        object graph), then call again: outputs come from the restored state, and any variable
        made now would be a fresh, untrained one on every call in real use."""
        recorder.frozen = len(recorder.created)
        load = self.request.get("load_checkpoint")
        if load:
            reader = tf.train.load_checkpoint(load)
            restorable, self.result["checkpoint_missing"] = _match_checkpoint(
                reader, recorder.variables(), recorder)
            for name, variable in restorable.items():
                variable.assign(reader.get_tensor(name))
        if self.request.get("write_checkpoint"):
            self._write_checkpoint(tf, output, load)
            return
        if self.call:
            output = eval(self.call, namespace)
            self.result["second_call_new_variables"] = [
                entry for entry in map(describe, recorder.variables(second_call=True))
                if entry["name"] not in _EXCLUDED]
        self.result["outputs"] = _outputs_json(list(_flatten(output))) \
            if output is not None else None


    def _write_checkpoint(self, tf, target: Any, load: Optional[str]) -> None:
        """`convert-checkpoint`: the TF1 values are in place now; save `target` (a
        tf.train.Checkpoint as the migrated code builds it, or any trackable, as the root)
        object-based, and say which TF1 entries no variable took."""
        if target is None:
            raise ValueError("the object expression gave None")
        checkpoint = target if isinstance(target, tf.train.Checkpoint) \
            else tf.train.Checkpoint(root=target)
        self.result["checkpoint"] = checkpoint.write(self.request["write_checkpoint"])
        taken = {describe(v)["name"] for v in self._recorder.variables()}
        shapes = tf.train.load_checkpoint(load).get_variable_to_shape_map() if load else {}
        self.result["unused"] = sorted(n for n in shapes if n not in taken)
        self.result["outputs"] = None


def _import_tensorflow(tf1_mode: bool):
    """Import TF with quiet logs; in TF1 mode switch to graph semantics and legacy Keras (so
    `tf.compat.v1.layers` exists). Returns (tensorflow, the API the file sees)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if tf1_mode:
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
    import tensorflow as tf

    tf.get_logger().setLevel("ERROR")
    if not tf1_mode:
        return tf, tf
    import tensorflow.compat.v1 as tf1

    tf1.disable_v2_behavior()
    return tf, tf1


@contextlib.contextmanager
def _tf1_imports(tf1, namespace: dict, user_dir: Path) -> Iterator[None]:
    """Make ``import tensorflow`` mean ``tensorflow.compat.v1`` for the code under test only.

    A ``builtins.__import__`` wrapper looks at who imports: the file's own namespace, or a module
    whose file lies under the file's directory (its local helpers). TF, Keras and every other
    library keep the real package, so their internals are untouched. ``import tensorflow as tf``,
    ``from tensorflow import variable_scope`` and ``import tensorflow.compat.v1 as tf`` all work,
    since compat.v1 has itself as ``.compat.v1``; ``from tensorflow.X import Y`` is left alone.
    """
    import builtins

    real_import = builtins.__import__
    root = str(user_dir) + os.sep

    def is_user(importer) -> bool:
        if importer is namespace:
            return True
        origin = (importer or {}).get("__file__") or ""
        return origin.startswith(root) and "-packages" + os.sep not in origin

    def tf1_import(name, globals=None, locals=None, fromlist=(), level=0):
        module = real_import(name, globals, locals, fromlist, level)
        whole_package = name == "tensorflow" or name.startswith("tensorflow.") and not fromlist
        return tf1 if level == 0 and whole_package and is_user(globals) else module

    builtins.__import__ = tf1_import
    try:
        yield
    finally:
        builtins.__import__ = real_import


class _Recorder:
    """A variable creator: remembers each created variable once, with whether an optimizer made
    it. Names are read after creation, so they are the final, scoped, uniquified names."""

    def __init__(self, user_dir: Path, result: dict):
        self.created: list[tuple[Any, bool]] = []
        self.frozen: Optional[int] = None  # variables after this index are second-call ones
        self._slot: dict[int, bool] = {}  # id(variable) -> made by an optimizer
        self._user_prefix = str(user_dir) + os.sep
        self._result = result
        self._tf, self._reader = None, None

    def restore_on_creation(self, tf, reader) -> None:
        self._tf, self._reader = tf, reader

    def __call__(self, next_creator, **kwargs):
        variable = next_creator(**kwargs)
        if id(variable) not in self._slot:  # nested creator scopes see it more than once
            self._restore(variable)
            slot = self._slot[id(variable)] = self._made_by_optimizer()
            self.created.append((variable, slot))
            entry = describe(variable)
            # Written into the result at once, so they are reported even if a later step fails.
            if self.frozen is None and entry["name"] not in _EXCLUDED:
                self._result["slots" if slot else "variables"].append(entry)
        return variable

    def _restore(self, variable) -> None:
        """Give a new variable the TF1 value of its name. A variable first made while a
        `tf.function` traces is an eager variable too: it is assigned outside the trace
        (`init_scope`), and the function's own initializer then finds it initialized."""
        if self._reader is None:
            return
        with self._tf.init_scope():
            if not self._tf.executing_eagerly():
                return
            name = describe(variable)["name"]
            if self._reader.has_tensor(name) and list(
                    self._reader.get_variable_to_shape_map()[name]) == variable.shape.as_list():
                variable.assign(self._reader.get_tensor(name))

    def variables(self, second_call: bool = False) -> list:
        """Variables made before the TF2 second call (or, with `second_call`, during it)."""
        chosen = self.created[self.frozen:] if second_call else self.created[:self.frozen]
        return [variable for variable, _ in chosen]

    def is_slot(self, variable) -> bool:
        return self._slot.get(id(variable), False)

    def _made_by_optimizer(self) -> bool:
        """Walk outwards from the creation: an optimizer method before any frame of the user's
        code means optimizer state (slots, beta1_power, iteration...). A user frame first means
        a model variable, even when an optimizer is further out (a loss callable given to
        ``minimize`` that builds the model lazily)."""
        frame = sys._getframe(2)
        while frame is not None:
            owner = frame.f_locals.get("self") if "self" in frame.f_code.co_varnames else None
            if owner is not None and any(
                    base.__name__ in _OPTIMIZER_BASES
                    and base.__module__.split(".")[0] in _TF_PACKAGES
                    for base in type(owner).__mro__):
                return True
            if frame.f_code.co_filename.startswith(self._user_prefix):
                return False
            frame = frame.f_back
        return False


def describe(variable) -> dict:
    """Name without the ``:0`` output suffix, static shape, base dtype (no ``_ref``)."""
    name = variable.name
    if ":" in name and name.rsplit(":", 1)[1].isdigit():
        name = name.rsplit(":", 1)[0]
    shape = variable.shape
    dims = None if shape.rank is None else shape.as_list()
    dtype = getattr(variable.dtype, "base_dtype", variable.dtype)
    return {"name": name, "shape": dims, "dtype": getattr(dtype, "name", str(dtype)),
            "trainable": bool(variable.trainable)}


@contextlib.contextmanager
def _creator_everywhere(tf, recorder: _Recorder) -> Iterator[None]:
    """``tf.variable_creator_scope`` on the default graph (eager uses it too) and on every plain
    ``tf.Graph`` the code makes default, since creator scopes are per graph and whole TF1
    scripts often build in ``with tf.Graph().as_default():``. Function graphs inherit the
    creator from their outer graph already, so they are left alone."""
    graph_class = tf.Graph
    original = graph_class.as_default

    @contextlib.contextmanager
    def with_creator(context):
        with context as graph, tf.variable_creator_scope(recorder):
            yield graph

    def as_default(self):
        context = original(self)
        return with_creator(context) if type(self) is graph_class else context

    # `reset_default_graph()` starts a graph without the scope: enter it there too
    v1 = tf.compat.v1
    original_reset = v1.reset_default_graph
    scopes = contextlib.ExitStack()

    def reset_default_graph():
        original_reset()
        scopes.enter_context(tf.variable_creator_scope(recorder))

    graph_class.as_default = as_default
    v1.reset_default_graph = reset_default_graph
    try:
        with tf.variable_creator_scope(recorder), scopes:
            yield
    finally:
        graph_class.as_default = original
        v1.reset_default_graph = original_reset


class _Tee:
    """A text stream that keeps a copy of what is written (up to a limit) and passes it on."""

    def __init__(self, stream, limit: int):
        self._stream, self._limit, self.parts, self._size = stream, limit, [], 0

    def write(self, text: str) -> int:
        if self._size < self._limit:
            self.parts.append(text[:self._limit - self._size])
            self._size += len(self.parts[-1])
        return self._stream.write(text)

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def _captured_stdout(result: dict) -> Iterator[None]:
    """Record the prints of the code under test in ``result["stdout"]``: whole scripts are
    compared on what they print (line shapes and words), as users read them."""
    tee = _Tee(sys.stdout, _MAX_STDOUT)
    saved, sys.stdout = sys.stdout, tee
    try:
        yield
    finally:
        sys.stdout = saved
        result["stdout"] = "".join(tee.parts)


@contextlib.contextmanager
def _as_module(module: types.ModuleType) -> Iterator[None]:
    """Register the executed file in sys.modules (dataclasses, pickle and typing need it)."""
    name = module.__name__
    previous = sys.modules.get(name)
    sys.modules[name] = module
    try:
        yield
    finally:
        if previous is not None:
            sys.modules[name] = previous


@contextlib.contextmanager
def _argv(path: Path) -> Iterator[None]:
    """Scripts parse flags (absl, argparse) from sys.argv: give them a clean command line."""
    saved = sys.argv
    sys.argv = [str(path)]
    try:
        yield
    finally:
        sys.argv = saved


def _input_values(tf, inputs: dict, seed: int, feeds: Optional[str]) -> dict:
    """{name: (tf dtype, declared shape, value)}. Values are drawn from RandomState(seed) in
    request order, so both sides of a verification get the same ones; ints are in [0, 10),
    unknown (None or -1) dimensions become 2. A ``feeds`` .npz overrides by name."""
    import numpy as np

    rng = np.random.RandomState(seed)
    values = {}
    for name, spec in inputs.items():
        dtype = tf.as_dtype(spec.get("dtype", "float32"))
        shape = [None if d is None or d < 0 else int(d) for d in spec.get("shape", [])]
        concrete = [2 if d is None else d for d in shape]
        if dtype.is_floating:
            value = rng.standard_normal(concrete)
        elif dtype.is_integer:
            value = rng.randint(0, 10, size=concrete)
        elif dtype.is_bool:
            value = rng.randint(0, 2, size=concrete).astype(bool)
        else:
            raise ValueError(f"input {name}: cannot make random values of dtype {dtype.name}")
        values[name] = (dtype, shape, np.asarray(value).astype(dtype.as_numpy_dtype))
    if feeds:
        with np.load(feeds) as data:
            for name in data.files:
                dtype, shape, _ = values.get(name, (tf.as_dtype(data[name].dtype),
                                                    list(data[name].shape), None))
                values[name] = (dtype, shape, data[name].astype(dtype.as_numpy_dtype))
    return values


def _match_checkpoint(reader, variables: list, recorder: _Recorder) -> tuple[dict, list]:
    """Pair checkpoint entries with variables by name. Returns ({name: variable} that can be
    restored, names of model variables that cannot: absent, or another shape or dtype).
    Optimizer state is restored when it matches but never reported: its names differ between
    TF1 and Keras optimizers by design."""
    shapes, dtypes = reader.get_variable_to_shape_map(), reader.get_variable_to_dtype_map()
    restorable, missing = {}, []
    for variable in variables:
        entry = describe(variable)
        name = entry["name"]
        if name in shapes and shapes[name] == entry["shape"] \
                and dtypes[name].base_dtype.name == entry["dtype"]:
            restorable[name] = variable
        elif not recorder.is_slot(variable) and name not in _EXCLUDED:
            missing.append(name)
    return restorable, missing


def _flatten(value: Any, path: str = "out") -> Iterator[tuple[str, Any]]:
    """(path, leaf) pairs of nested dicts/lists/tuples; None leaves are skipped."""
    if value is None:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _flatten(item, f"{path}[{key!r}]")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _flatten(item, f"{path}[{index}]")
    else:
        yield path, value


def _outputs_json(flat: list) -> dict:
    """Numeric leaves as {"shape", "dtype", "values" (flat floats)}; other leaves (ops, modules,
    strings) are skipped, as they cannot be compared numerically."""
    import numpy as np

    outputs = {}
    for path, value in flat:
        try:
            array = np.asarray(value.numpy() if hasattr(value, "numpy") else value)
        except Exception:  # noqa: BLE001 - not array-like: not an output we compare
            continue
        if array.dtype.kind not in "biuf":
            continue
        outputs[path] = {"shape": list(array.shape), "dtype": array.dtype.name,
                         "values": array.astype(np.float64).ravel().tolist()}
    return outputs


if __name__ == "__main__":
    main()
