"""JSON per ../shared/spec/CONTRACT.md, validated by linter/schemas/output.schema.json."""

from __future__ import annotations

import json

from .. import __version__
from . import Report


def as_dict(report: Report) -> dict:
    out = {
        "tool": {"name": "ilm-lint", "version": __version__},
        "files": [r.to_dict() for r in report.results],
    }
    if report.skipped:
        out["skipped"] = report.skipped
    if report.notices:
        out["notices"] = list(report.notices)
    return out


def render(report: Report, color: bool = False) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False, default=str) + "\n"
