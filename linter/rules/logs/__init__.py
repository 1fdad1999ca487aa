"""LG: coaching-hour logs (.xlsx). One module per concern; importing this registers all.

``log_stats`` is what the api puts in a log's ``stats``.
"""

from __future__ import annotations

from . import cells, hours, privacy, text  # noqa: F401  (registers the rules)
from .common import log_stats

__all__ = ["log_stats"]
