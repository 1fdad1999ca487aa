"""Configuration: ``[tool.ilm-lint]`` in pyproject.toml, or ilm-lint.toml, or --config.

Found from the current folder upwards. Keys: ``select``, ``ignore``, ``fail-on``,
``unit``, ``units-dir`` (a folder of extra unit files, relative to the config file),
``grammar`` (harper|languagetool|off), ``languagetool-url``, ``jobs``, ``timeout``,
and per-unit overrides under ``[tool.ilm-lint.units."8589-700"]``
(``min-references``, ``word-min``, ``word-max``, ``coaching-hours``, ``min-coachees``).
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message names the file."""


OVERRIDE_KEYS = {
    "min-references": "min_references",
    "word-min": "word_min",
    "word-max": "word_max",
    "coaching-hours": "coaching_hours",
    "paid-hours": "paid_hours",
    "min-coachees": "min_coachees",
}
TOP_KEYS = {
    "select",
    "ignore",
    "fail-on",
    "unit",
    "units-dir",
    "grammar",
    "languagetool-url",
    "jobs",
    "timeout",
    "units",
    "max-file-mb",
}


@dataclass
class Config:
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    unit: str | None = None
    units_dirs: list[Path] = field(default_factory=list)
    grammar: str = "off"
    languagetool_url: str | None = None
    jobs: int | None = None
    timeout: float = 30.0
    max_file_mb: float = 50.0
    unit_overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None  # the file it came from

    def replace(self, **changes: Any) -> Config:
        return dataclasses.replace(self, **changes)


def find_config(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "ilm-lint.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _table_from(pyproject) is not None:
            return pyproject
    return None


def _table_from(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it as TOML ({exc})") from exc
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("ilm-lint")
    return data.get("tool", {}).get("ilm-lint", data)


def load_config(path: Path | None = None, search: bool = True) -> Config:
    """The configuration from ``path``, or the nearest one found, or the defaults."""
    if path is None and search:
        path = find_config()
    env_url = os.environ.get("ILM_LINT_LANGUAGETOOL_URL")
    if path is None:
        return Config(languagetool_url=env_url)
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    table = _table_from(path) or {}
    unknown = sorted(set(table) - TOP_KEYS)
    if unknown:
        raise ConfigError(f"{path}: unknown key(s) {', '.join(unknown)}")
    cfg = Config(path=path, languagetool_url=env_url)
    for key in ("select", "ignore"):
        value = table.get(key, [])
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: '{key}' must be a list of rule codes")
        setattr(cfg, key, value)
    if "fail-on" in table:
        if table["fail-on"] not in ("error", "warning", "info", "never"):
            raise ConfigError(f"{path}: 'fail-on' must be error, warning, info or never")
        cfg.fail_on = table["fail-on"]
    if "grammar" in table:
        if table["grammar"] not in ("harper", "languagetool", "off"):
            raise ConfigError(f"{path}: 'grammar' must be harper, languagetool or off")
        cfg.grammar = table["grammar"]
    for key, attr, kind in (
        ("unit", "unit", str),
        ("languagetool-url", "languagetool_url", str),
        ("jobs", "jobs", int),
        ("timeout", "timeout", (int, float)),
        ("max-file-mb", "max_file_mb", (int, float)),
    ):
        if key in table:
            if not isinstance(table[key], kind) or isinstance(table[key], bool):
                raise ConfigError(f"{path}: '{key}' has the wrong type")
            if kind is not str and table[key] <= 0:
                raise ConfigError(f"{path}: '{key}' must be above 0")
            setattr(cfg, attr, table[key])
    if "units-dir" in table:
        dirs = table["units-dir"]
        dirs = [dirs] if isinstance(dirs, str) else dirs
        cfg.units_dirs = [(path.parent / d).resolve() for d in dirs]
        for d in cfg.units_dirs:
            if not d.is_dir():
                raise ConfigError(f"{path}: units-dir {d} is not a folder")
    for code, overrides in table.get("units", {}).items():
        if not isinstance(overrides, dict):
            raise ConfigError(f"{path}: units.{code} must be a table")
        bad = sorted(set(overrides) - set(OVERRIDE_KEYS))
        if bad:
            raise ConfigError(f"{path}: units.{code}: unknown key(s) {', '.join(bad)}")
        cfg.unit_overrides[code.lower()] = {OVERRIDE_KEYS[k]: v for k, v in overrides.items()}
    return cfg
