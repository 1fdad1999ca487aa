"""The server's settings: from the call, the environment, then the config file.

The server differs from the command line in two defaults: uploads are limited to 20 MB
(CONTRACT.md) and the grammar pass is on (harper), as the add-in and upload page promise.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from linter.config import Config

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DEFAULT_MAX_UPLOAD_MB = 20.0
DEFAULT_GRAMMAR = "harper"
GRAMMAR_ENGINES = ("harper", "languagetool", "off")


@dataclass(frozen=True)
class Settings:
    config: Config
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB
    grammar: str = DEFAULT_GRAMMAR
    public_url: str | None = None  # "https://lint.example.ac.uk": the origin in the manifest
    behind_proxy: bool = False  # trust X-Forwarded-Proto/Host from one reverse proxy

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 2**20)


def _file_sets(config: Config, key: str) -> bool:
    """Whether the configuration file itself names ``key`` (not just the default)."""
    if config.path is None:
        return False
    try:
        data = tomllib.loads(config.path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    table: Any = data.get("tool", {}).get("ilm-lint")
    if table is None and config.path.name != "pyproject.toml":
        table = data
    return isinstance(table, dict) and key in table


def _env_float(name: str) -> float | None:
    raw = os.environ.get(name)
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number of megabytes, not {raw!r}") from exc
    if value <= 0:
        raise ValueError(f"{name} must be above 0")
    return value


def load_settings(
    config: Config | None = None,
    *,
    max_upload_mb: float | None = None,
    grammar: str | None = None,
    public_url: str | None = None,
    behind_proxy: bool | None = None,
) -> Settings:
    """Arguments first, then ILM_LINT_* environment variables, then the config file."""
    config = config or Config()
    if max_upload_mb is None:
        max_upload_mb = _env_float("ILM_LINT_MAX_UPLOAD_MB")
    if max_upload_mb is None:
        max_upload_mb = (
            config.max_file_mb if _file_sets(config, "max-file-mb") else DEFAULT_MAX_UPLOAD_MB
        )
    if grammar is None:
        grammar = os.environ.get("ILM_LINT_GRAMMAR") or None
    if grammar is None:
        grammar = config.grammar if _file_sets(config, "grammar") else DEFAULT_GRAMMAR
    if grammar not in GRAMMAR_ENGINES:
        raise ValueError(f"grammar must be one of {', '.join(GRAMMAR_ENGINES)}, not {grammar!r}")
    if public_url is None:
        public_url = os.environ.get("ILM_LINT_PUBLIC_URL") or None
    if public_url is not None:
        public_url = public_url.rstrip("/")
    if behind_proxy is None:
        behind_proxy = os.environ.get("ILM_LINT_BEHIND_PROXY", "") not in ("", "0", "false")
    config = config.replace(max_file_mb=max_upload_mb, grammar=grammar)
    return Settings(
        config=config,
        max_upload_mb=max_upload_mb,
        grammar=grammar,
        public_url=public_url,
        behind_proxy=behind_proxy,
    )
