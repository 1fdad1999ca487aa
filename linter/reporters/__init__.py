"""Reporters only format findings: text, JSON, SARIF, HTML, CSV, XLSX."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..model import FileResult

FORMATS = {
    "text": "linter.reporters.text",
    "json": "linter.reporters.json_report",
    "sarif": "linter.reporters.sarif",
    "html": "linter.reporters.html",
    "csv": "linter.reporters.csv_report",
    "xlsx": "linter.reporters.xlsx_report",
}
BINARY_FORMATS = {"xlsx"}


@dataclass
class Report:
    results: list[FileResult]
    skipped: int = 0  # files in the folders that are not .docx/.xlsx
    notices: list[str] = field(default_factory=list)  # said once per run ("grammar is on")
    checklist: bool = False  # --checklist: show each AC's requirements in the text output


def render(report: Report, fmt: str, color: bool = False) -> str | bytes:
    """The report in ``fmt``; xlsx is bytes, every other format text."""
    try:
        module = importlib.import_module(FORMATS[fmt])
    except (KeyError, ModuleNotFoundError) as exc:
        raise ValueError(f"the {fmt} format is not available in this build") from exc
    return module.render(report, color=color)
