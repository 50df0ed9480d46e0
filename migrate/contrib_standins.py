"""Stand-ins for the `tf.contrib` pieces that TF1 model code still calls, for verify's probes.

TF 2.x has no `tf.contrib`, so a TF1 file that calls `tf.contrib.layers.layer_norm` (BERT) or
imports `HParams` (GPT-2) cannot even be run as "before" on the TF this machine has. The probe
installs these stand-ins in its own subprocess only:

- TF1 side: `layers.layer_norm` (contrib's own code: `LayerNorm/beta`, `LayerNorm/gamma`,
  moments over the axes from `begin_norm_axis`, epsilon 1e-12), `layers.flatten`,
  `rnn.*` (TF1's `tf.nn.rnn_cell.*`, and `rnn.static_rnn` and its kin from `tf.nn`),
  `layers.xavier_initializer`,
  `layers.xavier_initializer_conv2d` and `training.HParams`;
- TF2 side: `training.HParams` only, a plain Python container, so a migration that still
  imports it can be compared; anything TF-computing from contrib must have been migrated.

Any other contrib name imports, but raises a one-line error when used. What was used is
recorded (`used`), and verify reports it beside its verdict.
"""
from __future__ import annotations

import importlib.abc
import importlib.util
import json
import sys
import types
from typing import Any

_PACKAGE = "tensorflow.contrib"


class HParams:
    """TF1's `tf.contrib.training.HParams`: named hyperparameters, attribute access."""

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        if hparam_def is not None:
            raise ValueError("HParams(hparam_def=...) (a protobuf) has no stand-in")
        self._hparam_types: dict[str, type] = {}
        self._model_structure = model_structure
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name: str, value: Any) -> None:
        if getattr(self, name, None) is not None:
            raise ValueError(f"Hyperparameter name is reserved: {name}")
        self._hparam_types[name] = type(value)
        setattr(self, name, value)

    def set_hparam(self, name: str, value: Any) -> None:
        if name not in self._hparam_types:
            raise KeyError(name)
        setattr(self, name, value)

    def del_hparam(self, name: str) -> None:
        if name in self._hparam_types:
            delattr(self, name)
            del self._hparam_types[name]

    def override_from_dict(self, values_dict: dict) -> "HParams":
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def parse_json(self, values_json: str) -> "HParams":
        return self.override_from_dict(json.loads(values_json))

    def values(self) -> dict:
        return {name: getattr(self, name) for name in self._hparam_types}

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key) if key in self._hparam_types else default

    def to_json(self, indent=None, separators=None, sort_keys=False) -> str:
        return json.dumps(self.values(), indent=indent, separators=separators,
                          sort_keys=sort_keys)

    def __contains__(self, key: str) -> bool:
        return key in self._hparam_types

    def __str__(self) -> str:
        return str(sorted(self.values().items()))

    def __repr__(self) -> str:
        return f"HParams({self!s})"


def _layer_norm(tf1):
    def layer_norm(inputs, center=True, scale=True, activation_fn=None, reuse=None,
                   variables_collections=None, outputs_collections=None, trainable=True,
                   begin_norm_axis=1, begin_params_axis=-1, scope=None):
        """contrib's layer_norm, as TF 1.15 wrote it (collections aside)."""
        with tf1.variable_scope(scope, "LayerNorm", [inputs], reuse=reuse):
            inputs = tf1.convert_to_tensor(inputs)
            shape = inputs.shape
            rank = shape.ndims
            if rank is None:
                raise ValueError(f"Inputs {inputs.name} has undefined rank.")
            dtype = inputs.dtype.base_dtype
            if begin_norm_axis < 0:
                begin_norm_axis = rank + begin_norm_axis
            if begin_params_axis >= rank or begin_norm_axis >= rank:
                raise ValueError("begin_params_axis and begin_norm_axis must be < rank")
            params_shape = shape[begin_params_axis:]
            if not params_shape.is_fully_defined():
                raise ValueError(f"Inputs {inputs.name}: shape {shape} is not fully defined")
            beta = tf1.get_variable("beta", shape=params_shape, dtype=dtype,
                                    initializer=tf1.zeros_initializer(),
                                    trainable=trainable) if center else None
            gamma = tf1.get_variable("gamma", shape=params_shape, dtype=dtype,
                                     initializer=tf1.ones_initializer(),
                                     trainable=trainable) if scale else None
            mean, variance = tf1.nn.moments(inputs, list(range(begin_norm_axis, rank)),
                                            keep_dims=True)
            epsilon = 1e-12 if dtype != tf1.float16 else 1e-3
            outputs = tf1.nn.batch_normalization(inputs, mean, variance, offset=beta,
                                                 scale=gamma, variance_epsilon=epsilon)
            outputs.set_shape(shape)
            return activation_fn(outputs) if activation_fn is not None else outputs
    return layer_norm


def _flatten(tf1):
    def flatten(inputs, outputs_collections=None, scope=None):
        """contrib's flatten: tf.layers.flatten in a `Flatten` name scope."""
        with tf1.name_scope(scope, "Flatten", [inputs]):
            return tf1.layers.flatten(tf1.convert_to_tensor(inputs))
    return flatten


def _xavier(tf1):
    def xavier_initializer(uniform=True, seed=None, dtype=None):
        kind = tf1.glorot_uniform_initializer if uniform else tf1.glorot_normal_initializer
        return kind(seed=seed, dtype=dtype or tf1.float32)
    return xavier_initializer


class _Missing:
    """A contrib name with no stand-in: importable, but any use says why it fails."""

    def __init__(self, path: str):
        self._path = path

    def __getattr__(self, name: str) -> "_Missing":
        if name.startswith("__"):
            raise AttributeError(name)
        return _Missing(f"{self._path}.{name}")

    def __call__(self, *args, **kwargs):
        raise NotImplementedError(f"tf.{self._path} does not exist in TF 2.x and verify has "
                                  "no stand-in for it")


class _Package(types.ModuleType):
    """`tensorflow.contrib[.x]`: known names, else a `_Missing`; records what was used."""

    def __init__(self, name: str, members: dict, used: set):
        super().__init__(name)
        self.__path__ = []  # a package, so `import tensorflow.contrib.x` is asked of us
        self._members, self._used = members, used

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        sub = f"{self.__name__}.{name}"
        if sub in sys.modules:
            return sys.modules[sub]
        path = sub[len("tensorflow."):]
        self._used.add(path)
        if path in self._members:
            return self._members[path]
        rnn = self._members.get("contrib.rnn")  # `tf.contrib.rnn.X` is TF1's `tf.nn.rnn_cell.X`
        if rnn is not None and self.__name__ == f"{_PACKAGE}.rnn" and hasattr(rnn, name):
            return getattr(rnn, name)
        return _Missing(path)


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Any other `import tensorflow.contrib.x` gets an empty `_Package`."""

    def __init__(self, members: dict, used: set):
        self._members, self._used = members, used

    def find_spec(self, fullname, path=None, target=None):
        if fullname.startswith(_PACKAGE + "."):
            return importlib.util.spec_from_loader(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        return _Package(spec.name, self._members, self._used)

    def exec_module(self, module) -> None:
        pass


def install(tf_modules: list, tf1_side: bool) -> set:
    """Put `tensorflow.contrib` in sys.modules and on each module of `tf_modules` (the
    `tensorflow` and `compat.v1` modules the code may reach it through), unless TF has a
    real one. Returns the set that collects which contrib names were used."""
    used: set = set()
    if any(hasattr(module, "contrib") for module in tf_modules):
        return used
    members: dict = {"contrib.training.HParams": HParams}
    if tf1_side:
        tf1 = tf_modules[-1]
        members["contrib.layers.layer_norm"] = _layer_norm(tf1)
        members["contrib.layers.flatten"] = _flatten(tf1)
        members["contrib.rnn"] = tf1.nn.rnn_cell
        for driver in ("static_rnn", "static_bidirectional_rnn", "static_state_saving_rnn"):
            members[f"contrib.rnn.{driver}"] = getattr(tf1.nn, driver)  # TF1's tf.nn.X
        members["contrib.layers.xavier_initializer"] = _xavier(tf1)
        members["contrib.layers.xavier_initializer_conv2d"] = _xavier(tf1)
    packages = {}
    for name in (_PACKAGE, f"{_PACKAGE}.training", f"{_PACKAGE}.layers", f"{_PACKAGE}.rnn"):
        packages[name] = sys.modules[name] = _Package(name, members, used)
    sys.meta_path.append(_Finder(members, used))
    # `tf.contrib.training.HParams`: attribute access goes through the parent package
    for module in tf_modules:
        setattr(module, "contrib", packages[_PACKAGE])
    return used
