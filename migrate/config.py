"""`[tool.tfmigrate]` from a pyproject.toml: the same keys as the long options.

The file is `--config FILE`, else the nearest pyproject.toml above the common parent of the
paths given (the working directory without paths). Every key is checked against the options
and its type: an unknown key or a wrong type is an error naming the file and the key, never
silently ignored. A `--config` file that is not a pyproject.toml may also hold the keys at top
level (a `tfmigrate.toml`).
"""
from __future__ import annotations

import os
from typing import Any, Callable, Iterable, Optional

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]


class ConfigError(Exception):
    pass


#: Paths in the config are relative to the file that holds them, not to the cwd.
PATH_KEYS = frozenset({"patch_dir", "cache_dir", "files_from", "report_path"})


def _string(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("a string")
    return value


def _names(value: Any) -> str:
    """`"a,b"` or `["a", "b"]` -> `"a,b"`."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ",".join(value)
    raise TypeError("a string or a list of strings")


def _globs(value: Any) -> tuple:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise TypeError("a string or a list of strings")


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("true or false")
    return value


def _jobs(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise TypeError("an integer >= 1")
    return value


def _choice(*choices: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if value not in choices:
            raise TypeError(" or ".join(repr(c) for c in choices))
        return value
    return check


def _timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise TypeError("a number of seconds > 0")
    return float(value)


#: key as written (the long option) -> (click parameter name, check/convert).
OPTIONS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "jobs": ("jobs", _jobs),
    "select": ("select", _names),
    "ignore": ("ignore", _names),
    "exclude": ("exclude", _globs),
    "force-exclude": ("force_exclude", _bool),
    "report": ("report_path", _string),
    "shard": ("shard", _string),
    "patch-dir": ("patch_dir", _string),
    "no-cache": ("no_cache", _bool),
    "cache": ("no_cache", lambda v: not _bool(v)),  # `cache = false` == `no-cache = true`
    "cache-dir": ("cache_dir", _string),
    "files-from": ("files_from", _string),
    "changed-since": ("changed_since", _string),
    "executor": ("executor", _choice("local", "ray")),
    "ray-address": ("ray_address", _string),
    "quiet": ("quiet", _bool),
    "profile": ("profile", _bool),
    "output-format": ("output_format", _choice("text", "json", "github", "sarif")),
    "statistics": ("statistics", _bool),
    "exit-zero": ("exit_zero", _bool),
    "color": ("color", _choice("auto", "always", "never")),
    "timeout": ("timeout", _timeout),
}


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (for "did you mean")."""
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        previous, row[0] = row[0], i
        for j, y in enumerate(b, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (x != y))
    return row[-1]


def _nearest(key: str, known: Iterable[str]) -> Optional[str]:
    scored = sorted((_distance(key, k), k) for k in known)
    return scored[0][1] if scored and scored[0][0] <= max(2, len(key) // 3) else None


def find_pyproject(start: str) -> Optional[str]:
    current = os.path.abspath(start)
    while True:
        candidate = os.path.join(current, "pyproject.toml")
        if os.path.isfile(candidate):
            return candidate
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def common_parent(paths: Iterable[str]) -> str:
    """The directory the config is looked up from: the common parent of `paths` (`-`, stdin,
    left out), or the working directory."""
    given = [os.path.abspath(p) for p in paths if p and p != "-"]
    if not given:
        return os.getcwd()
    common = os.path.commonpath(given)
    return common if os.path.isdir(common) else os.path.dirname(common)


def load_config(start: str = ".", explicit: Optional[str] = None) -> dict[str, Any]:
    """Option values from `[tool.tfmigrate]`, keyed by click parameter name (`patch_dir`),
    checked and converted; raises ConfigError naming the file and the key."""
    path = explicit if explicit is not None else find_pyproject(start)
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    table = data.get("tool", {}).get("tfmigrate") if isinstance(data.get("tool"), dict) else None
    if table is None:
        if explicit is None or "tool" in data:
            table = {}
        else:
            table = data  # a tfmigrate.toml holding the keys at top level
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.tfmigrate] must be a table")
    config: dict[str, Any] = {}
    for key, value in table.items():
        option = OPTIONS.get(key) or OPTIONS.get(key.replace("_", "-"))
        if option is None:
            close = _nearest(key, OPTIONS)
            hint = f" (did you mean {close!r}?)" if close else ""
            raise ConfigError(f"{path}: [tool.tfmigrate] unknown key {key!r}{hint}; "
                              f"known: {', '.join(sorted(OPTIONS))}")
        name, check = option
        try:
            value = check(value)
        except TypeError as exc:
            raise ConfigError(f"{path}: [tool.tfmigrate] {key} must be {exc}, "
                              f"got {value!r}") from None
        if name in PATH_KEYS and value != "-":
            value = os.path.join(os.path.dirname(os.path.abspath(path)), value)
        config[name] = value
    return config
