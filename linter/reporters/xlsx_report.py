"""XLSX for tutors: a Summary sheet (one row per file) and a Findings sheet (one row per
finding), each with filters and a frozen header; then counts per rule, the AC checklist
when the run has one, and what the run skipped.

Learner text never becomes a formula (strings are written as strings) and characters
that XML cannot hold are dropped, so a hostile file name or paragraph cannot break or
script the workbook.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .. import __version__
from ..batch import rule_counts
from . import Report
from .csv_report import COLUMNS, FINDING_COLUMNS, checklist_misses, file_row, finding_row

_MAX_CELL = 32_767  # Excel's limit on the characters of one cell
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="305496")
_WIDTHS = {
    "path": 48,
    "message": 90,
    "text": 50,
    "codes": 30,
    "name": 26,
    "requirement": 60,
    "ac": 8,
}
_SEVERITY_FILL = {
    "error": PatternFill("solid", fgColor="F8CBAD"),
    "warning": PatternFill("solid", fgColor="FFE699"),
    "info": PatternFill("solid", fgColor="DDEBF7"),
}


def _value(value: Any) -> Any:
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value if len(value) <= _MAX_CELL else value[: _MAX_CELL - 1] + "…"
    return value


def _put(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    cell = ws.cell(row=row, column=column, value=_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # openpyxl takes "=..." for a formula; learner text never is
    return cell


def _table(ws: Worksheet, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """A header row, the rows, a filter over all of them and the header frozen."""
    for c, name in enumerate(columns, 1):
        cell = _put(ws, 1, c, name)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        ws.column_dimensions[get_column_letter(c)].width = _WIDTHS.get(name, max(10, len(name) + 3))
    for r, values in enumerate(rows, 2):
        for c, name in enumerate(columns, 1):
            cell = _put(ws, r, c, values.get(name))
            if name == "severity" and values.get(name) in _SEVERITY_FILL:
                cell.fill = _SEVERITY_FILL[values[name]]
            elif name in ("message", "text", "requirement"):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{max(1, len(rows)) + 1}"
    ws.freeze_panes = "A2"


def render(report: Report, color: bool = False) -> bytes:
    wb = Workbook()
    summary = wb.active
    summary.title = "Summary"
    _table(summary, COLUMNS, [file_row(r) for r in report.results])

    findings = wb.create_sheet("Findings")
    rows = [finding_row(r, f) for r in report.results for f in r.findings]
    _table(findings, FINDING_COLUMNS, rows)

    rules = wb.create_sheet("Rules")
    counted = [
        {"rule": code, "name": name, "severity": sev.value, "findings": n, "files": files}
        for code, name, sev, n, files in rule_counts(report.results)
    ]
    _table(rules, ("rule", "name", "severity", "findings", "files"), counted)

    misses = checklist_misses(report.results)
    if misses:
        sheet = wb.create_sheet("Checklist")
        _table(sheet, ("unit", "ac", "requirement", "must", "missed", "checked"), misses)

    about = wb.create_sheet("About")
    lines = [
        ("tool", f"ilm-lint {__version__}"),
        ("files", len(report.results)),
        ("unreadable", sum(1 for r in report.results if r.kind == "unknown")),
        ("other files skipped", report.skipped),
        *(("notice", n) for n in report.notices),
    ]
    for r, (key, value) in enumerate(lines, 1):
        _put(about, r, 1, key).font = Font(bold=True)
        _put(about, r, 2, value)
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 80

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
