"""`[tool.tfmigrate]` from the nearest pyproject.toml: the same keys as the long options."""
from __future__ import annotations

import os
from typing import Any, Optional

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11
    import tomli as tomllib  # type: ignore[no-redef]


class ConfigError(Exception):
    pass


#: Paths in the config are relative to the pyproject.toml that holds them, not to the cwd.
PATH_KEYS = frozenset({"patch_dir", "cache_dir", "files_from", "report_path"})


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


def load_config(start: str = ".") -> dict[str, Any]:
    """Option defaults from `[tool.tfmigrate]`, keyed by click parameter name (`patch_dir`)."""
    path = find_pyproject(start)
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    table = data.get("tool", {}).get("tfmigrate", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.tfmigrate] must be a table")
    config = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name in ("select", "ignore") and isinstance(value, list):
            value = ",".join(value)
        if name == "exclude" and isinstance(value, str):
            value = [value]
        if name == "report":  # the click parameter behind --report
            name = "report_path"
        if name == "cache" and isinstance(value, bool):  # `cache = false` == `no-cache = true`
            name, value = "no_cache", not value
        if name in PATH_KEYS and isinstance(value, str) and value != "-":
            value = os.path.join(os.path.dirname(path), value)  # as written, from pyproject's dir
        config[name] = value
    return config
