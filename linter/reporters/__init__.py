"""Reporters only format findings: text, JSON, SARIF, HTML, CSV, XLSX."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field

from ..model import FileResult, Finding

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


def place(f: Finding) -> str:
    """Where to look, shortly: "Log!C7", "Log!row 7", "¶41" or ""."""
    loc = f.location
    if loc.sheet is not None:
        cell = loc.cell or (f"row {loc.row}" if loc.row else "")
        return f"{loc.sheet}!{cell}" if cell else loc.sheet
    if loc.paragraph is not None:
        return f"¶{loc.paragraph}"
    return ""


def group_label(f: Finding, kind: str = "assignment") -> str:
    """The heading a finding is listed under: "AC 1.3", "References", "sheet Log" ..."""
    loc = f.location
    if loc.sheet is not None:
        return f"sheet {loc.sheet}"
    if loc.section:
        return f"AC {loc.section}" if loc.section[:1].isdigit() else loc.section
    if loc.paragraph is not None:
        return "front matter"
    return "whole workbook" if kind == "log" else "whole document"
