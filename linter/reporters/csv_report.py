"""CSV: one row per file (CONTRACT.md, batch reports), for scripts and spreadsheets.

The row and finding columns are shared with the xlsx and html reports. A cell that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is prefixed with
``'``: file names and quoted learner text are untrusted.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from ..model import FileResult, Finding, Severity
from . import Report

COLUMNS = (
    "path",
    "unit",
    "kind",
    "words",
    "references",
    "hours",
    "sessions",
    "coachees",
    "errors",
    "warnings",
    "infos",
    "codes",
)
FINDING_COLUMNS = (
    "path",
    "kind",
    "unit",
    "rule",
    "name",
    "severity",
    "section",
    "paragraph",
    "sheet",
    "row",
    "cell",
    "message",
    "text",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def codes(result: FileResult) -> str:
    """The distinct rule codes of a file, in code order, space-separated."""
    return " ".join(sorted({f.rule for f in result.findings}))


def file_row(result: FileResult) -> dict[str, Any]:
    """The per-file values of COLUMNS; a stat the file does not have is None."""
    stats = result.stats

    def number(key: str) -> Any:
        value = stats.get(key)
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

    hours = number("hours")
    return {
        "path": result.path,
        "unit": result.unit,
        "kind": result.kind,
        "words": number("words"),
        "references": number("references"),
        "hours": round(hours, 2) if hours is not None else None,
        "sessions": number("sessions"),
        "coachees": number("coachees"),
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
        "codes": codes(result),
    }


def finding_row(result: FileResult, finding: Finding) -> dict[str, Any]:
    loc = finding.location
    return {
        "path": result.path,
        "kind": result.kind,
        "unit": result.unit,
        "rule": finding.rule,
        "name": finding.name,
        "severity": finding.severity.value,
        "section": loc.section,
        "paragraph": loc.paragraph,
        "sheet": loc.sheet,
        "row": loc.row,
        "cell": loc.cell,
        "message": finding.message,
        "text": loc.text,
    }


def _ac_order(ac: str) -> tuple:
    parts = ac.replace("AC", "").strip().split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def checklist_misses(results: list[FileResult]) -> list[dict[str, Any]]:
    """Per unit and AC requirement of the AC130 checklists: how many files missed it, of
    how many that were checked against it.

    ``FileResult.extra["checklist"]`` maps an AC to its items ``{description, met,
    evidence, must}``; files without a checklist are not counted. Units are kept apart:
    AC 1.1 of one unit is not AC 1.1 of another.
    """
    tally: dict[tuple[str, str, str], dict[str, Any]] = {}
    for result in results:
        checklist = result.extra.get("checklist")
        if not isinstance(checklist, dict):
            continue
        unit = result.unit or ""
        for ac, items in checklist.items():
            for item in items if isinstance(items, list) else ():
                if not isinstance(item, dict) or not item.get("description"):
                    continue
                key = (unit, str(ac), str(item["description"]))
                row = tally.setdefault(
                    key,
                    {
                        "unit": unit,
                        "ac": key[1],
                        "requirement": key[2],
                        "must": bool(item.get("must", True)),
                        "missed": 0,
                        "checked": 0,
                    },
                )
                row["checked"] += 1
                row["missed"] += 0 if item.get("met") else 1
    order = {key: i for i, key in enumerate(tally)}
    return [tally[k] for k in sorted(tally, key=lambda k: (k[0], _ac_order(k[1]), order[k]))]


def safe_text(value: str) -> str:
    """``value`` with a leading ``'`` if a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return safe_text(value)
    return value


def render(report: Report, color: bool = False) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for result in report.results:
        row = file_row(result)
        writer.writerow([_cell(row[c]) for c in COLUMNS])
    return out.getvalue()
