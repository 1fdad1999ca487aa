"""Text for people: grouped by file, then section; a summary line; colour on a terminal."""

from __future__ import annotations

from ..model import FileResult, Finding, Severity
from . import Report, group_label, place

COLOURS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _header(r: FileResult) -> str:
    bits = [r.kind]
    if r.unit:
        bits.append(f"unit {r.unit}")
    if r.kind == "assignment" and "words" in r.stats:
        bits.append(_plural(r.stats["words"], "word"))
        if "references" in r.stats:
            bits.append(_plural(r.stats["references"], "reference"))
    if r.kind == "log" and "hours" in r.stats:
        bits.append(f"{r.stats['hours']:.2f} hours")
    return f"{r.path}  ({', '.join(bits)})"


def file_lines(r: FileResult, color: bool = False, checklist: bool = False) -> list[str]:
    def paint(text: str, code: str) -> str:
        return f"{code}{text}{RESET}" if color else text

    lines = [paint(_header(r), BOLD)]
    if r.kind == "log":
        try:
            from .log_summary import format_log_summary
        except ModuleNotFoundError:
            pass
        else:
            lines.extend("  " + line for line in format_log_summary(r))
    groups: dict[str, list[Finding]] = {}
    for f in r.findings:
        groups.setdefault(group_label(f, r.kind), []).append(f)
    for name, findings in groups.items():
        lines.append(f"  {name}")
        for f in findings:
            sev = paint(f"{f.severity.value:<7}", COLOURS[f.severity])
            where = place(f)
            where = paint(f"{where:>6} ", DIM) if where else " " * 7
            lines.append(f"    {sev} {f.rule} {where}{f.message}")
    if not r.findings:
        lines.append("  no findings")
    if checklist and r.extra.get("checklist"):
        lines.extend(_checklist_lines(r.extra["checklist"], paint))
    return lines


def _checklist_lines(checklist: dict, paint) -> list[str]:
    lines = ["  checklist"]
    for key, items in checklist.items():
        # AC numbers read "AC 1.1"; a prescribed heading (D7.x) by its key.
        lines.append(f"    AC {key}" if key[:1].isdigit() else f"    {key}")
        for item in items:
            tick = paint("[x]", COLOURS[Severity.INFO]) if item.get("met") else "[ ]"
            evidence = item.get("evidence")
            if item.get("met") and evidence:
                extra = f"  ({evidence})"
            elif evidence and item.get("need", 1) > 1:  # partly there: say how far
                extra = f"  (found {item.get('found', 0)} of {item['need']}: {evidence})"
            else:
                extra = ""
            must = "" if item.get("must", True) else " (suggestion)"
            lines.append(f"      {tick} {item['description']}{must}{extra}")
    return lines


def summary_line(report: Report) -> str:
    results = report.results
    counts = {s: sum(r.count(s) for r in results) for s in Severity}
    unreadable = sum(1 for r in results if r.kind == "unknown")
    parts = [
        _plural(len(results), "file"),
        _plural(counts[Severity.ERROR], "error"),
        _plural(counts[Severity.WARNING], "warning"),
        _plural(counts[Severity.INFO], "info"),
    ]
    tail = []
    if unreadable:
        tail.append(f"{unreadable} unreadable")
    if report.skipped:
        tail.append(f"{report.skipped} other file{'s' if report.skipped != 1 else ''} skipped")
    return "Summary: " + ", ".join(parts) + (f" ({'; '.join(tail)})" if tail else "")


def render(report: Report, color: bool = False) -> str:
    lines: list[str] = [f"note: {n}" for n in report.notices]
    for r in report.results:
        lines.extend(file_lines(r, color, report.checklist))
        lines.append("")
    if len(report.results) > 1:  # issue 6: a batch ends with kinds, outcomes, top findings
        from ..batch import summary_lines

        lines.extend(summary_lines(report.results))
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
