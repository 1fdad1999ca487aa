"""LG602-LG605, LG611, LG613: the log's columns and cells can be read."""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.context import LogContext
from ...model import Finding, Severity
from ...readers.xlsx_layout import RECOMMENDED, REQUIRED, header_words
from ...registry import Rule, rule


def _header_where(info: dict, sheet: str) -> dict:
    return {"sheet": sheet, "row": info["header_row"]}


@rule(
    "LG602",
    "missing-column",
    "error",
    "A required column (date, duration, coachee) is absent; recommended ones warn.",
    kind="log",
    needs_unit=False,
)
def missing_column(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: each log sheet's header row has the columns a coaching log needs:
    the date, the duration and the coachee (an error when missing), and the session goal,
    the model used, the actions agreed, a reflection and the coachee's feedback (a warning
    listing those missing). Headers are matched loosely ("Date of session", "Duration
    (hrs)", "Time spent", "Length (mins)", "Client", "Coachee ref" ...), the header row
    may be anywhere in the first 30 rows under a title block, and a sheet per coachee (or
    a "Coachee: Client A" line above the header) stands in for a coachee column. Where the
    unit counts paid hours (ICF), a paid/pro bono column is recommended too; for ICF and
    EMCC credential profiles the ILM session-log columns are not asked for.

    Why it matters: assessors check each session's date, length and coachee, and look for
    the goal, model, actions and reflection the guidance asks every session log to record.

    Example: a log with Date, Client and Notes columns but no duration.

    Instead: add the missing columns, headed plainly (Date, Duration (hrs), Coachee,
    Session goal, Model used, Actions agreed, Reflection, Coachee feedback).
    """
    words = header_words()
    needs_paid = ctx.unit is not None and ctx.unit.paid_hours is not None
    for sheet, info in ctx.log.extras.get("sheet_info", {}).items():
        columns = info["columns"]
        where = _header_where(info, sheet)
        for field in REQUIRED:
            if field in columns:
                continue
            if field == "coachee" and info.get("coachee_source"):
                continue
            if field == "duration" and info.get("derived_duration"):
                continue
            yield r.finding(
                f"Sheet '{sheet}' has no {words.labels[field]} column (header row "
                f"{info['header_row']}).",
                **where,
            )
        # ICF and EMCC ask for hours and clients, not the ILM session-log structure
        credential = ctx.unit is not None and ctx.unit.kind == "credential"
        missing = [] if credential else [words.labels[f] for f in RECOMMENDED if f not in columns]
        if needs_paid and "paid" not in columns and "paid_hours" not in columns:
            missing.append(words.labels["paid"])
        if missing:
            yield r.finding(
                f"Sheet '{sheet}' has no column for {', '.join(missing)} (recommended).",
                severity=Severity.WARNING,
                **where,
            )


@rule(
    "LG603",
    "bad-duration",
    "error",
    "A duration cell cannot be read.",
    kind="log",
    needs_unit=False,
)
def bad_duration(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: every session's duration can be read. Accepted: decimal hours (1.5),
    minutes when the header says minutes or every figure is clearly minutes (45, 60, 90),
    "1:30", Excel times and [h]:mm durations, "1h 30m", "90 mins", "1.5 hours", a time
    range "10:00-11:30", or start and end time columns.

    Why it matters: a duration the linter cannot read is one an assessor cannot add up,
    and it is left out of the total.

    Example: "about an hour", "1-2 hrs", an empty cell, #VALUE!.

    Instead: give each session one length: 1.5, 1:30 or 90 (with the header saying
    minutes).
    """
    for p in ctx.log.extras.get("cell_problems", []):
        if p["field"] == "duration":
            yield r.finding(
                f"Duration {p['cell']} {p['problem']}.",
                sheet=p["sheet"],
                row=p["row"],
                cell=p["cell"],
                text=p["value"] or None,
            )


@rule(
    "LG604",
    "bad-date",
    "error",
    "A date cell cannot be read, or is ambiguous in a way that changes the order.",
    kind="log",
    needs_unit=False,
)
def bad_date(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: every session's date can be read. Real Excel dates are taken as they
    are; dates typed as text are read UK day-first (14/03/2025, 14-3-25, 14 March 2025,
    2025-03-14). A text date that only makes sense month-first ("03/25/2025"), or a set of
    text dates that fall in order only when read month-first, is reported.

    Why it matters: the dates show when the coaching took place and in what order; a date
    that cannot be read, or that reads as a different day in the UK and the US, leaves the
    assessor guessing.

    Example: "03/25/2025"; "Tuesday"; "12/03" with no year.

    Instead: enter dates as real Excel dates (type 14/03/2025 in a UK-set Excel) or write
    them day-first with the year.
    """
    for p in ctx.log.extras.get("cell_problems", []):
        if p["field"] == "date":
            yield r.finding(
                f"Date {p['cell']} {p['problem']}.",
                sheet=p["sheet"],
                row=p["row"],
                cell=p["cell"],
                text=p["value"] or None,
            )
    for a in ctx.log.extras.get("ambiguous_dates", []):
        yield r.finding(
            f'Date {a["cell"]} "{a["value"]}" reads as {a["day_first"]:%d %B %Y} (UK '
            f"day-first), but the log's order suggests {a['month_first']:%d %B %Y} "
            "(US month-first): write it unambiguously (14 March 2025) or as an Excel date.",
            sheet=a["sheet"],
            row=a["row"],
            cell=a["cell"],
            text=a["value"],
        )


@rule(
    "LG605",
    "future-session",
    "warning",
    "A session is dated after the day the log is checked.",
    kind="log",
    needs_unit=False,
)
def future_session(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: no session is dated after the day the log is checked.

    Why it matters: a session in the future has not happened and cannot count; it is
    usually a typing slip (2052 for 2025) or a month-first date read day-first.

    Example: a session dated 14/03/2031 in a log checked in 2026.

    Instead: correct the date, or remove a planned session until it has taken place.
    """
    today = ctx.options.today
    for s in ctx.log.sessions:
        if s.date is not None and s.date > today:
            yield r.finding(
                f"Row {s.row} is dated {s.date:%d/%m/%Y}, after today ({today:%d/%m/%Y}).",
                sheet=s.sheet,
                row=s.row,
                cell=s.cells.get("date"),
            )


@rule(
    "LG611",
    "uncached-formula",
    "warning",
    "A duration or date cell is a formula with no saved value.",
    kind="log",
    needs_unit=False,
)
def uncached_formula(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: duration and date cells (session rows and totals rows) that hold a
    formula whose value was never saved in the file, as happens when a workbook is written
    by a script or an app that does not calculate.

    Why it matters: the value cannot be known without recalculating, so the session's hours
    are left out of the total, and an assessor's viewer may show nothing either.

    Example: =E5-D5 in a duration cell of a log exported by an online form tool.

    Instead: open the workbook in Excel or LibreOffice Calc and save it again (which
    calculates and saves every value), or type the values in.
    """
    for u in ctx.log.extras.get("uncached", []):
        yield r.finding(
            f"{u['field'].capitalize()} {u['cell']} is a formula with no saved value: open "
            "the workbook in Excel and save it again.",
            sheet=u["sheet"],
            row=u["row"],
            cell=u["cell"],
        )


@rule(
    "LG613",
    "unreadable-sheet",
    "error",
    "The workbook or a sheet that looks like a log cannot be read.",
    kind="log",
    needs_unit=False,
)
def unreadable_sheet(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that the workbook holds a coaching log the linter can read: a sheet
    with a header row naming at least two of date, duration and coachee (plus goal,
    reflection ...) in its first 30 rows, and that every such sheet can be read to the end.
    Sheets named as instructions, summary or lookups are skipped, and the output lists the
    sheets read and skipped.

    Why it matters: a log that cannot be read cannot be checked, and an assessor meets the
    same problem.

    Example: a workbook whose only sheet holds a budget; a sheet whose cells spread to
    column XFD; a damaged sheet.

    Instead: keep the log as one table per sheet with a header row (Date, Duration (hrs),
    Coachee, Session goal, Model used, Actions agreed, Reflection, Coachee feedback), and
    save it again from Excel as .xlsx.
    """
    log = ctx.log
    for u in log.extras.get("unreadable", []):
        where = {"sheet": u["sheet"]} if u["sheet"] else {}
        yield r.finding(u["message"], **where)
    if log.sheets or log.extras.get("unreadable"):
        return
    skipped = log.extras.get("skipped", [])
    if skipped:
        shown = "; ".join(f"'{s['sheet']}': {s['reason']}" for s in skipped[:8])
        more = f" and {len(skipped) - 8} more" if len(skipped) > 8 else ""
        detail = f" Sheets looked at: {shown}{more}."
    else:
        detail = " The workbook has no sheets with cells."
    yield r.finding(
        "No sheet looks like a coaching log: none has a header row naming the session date, "
        f"duration and coachee in its first {header_words().search_rows} rows.{detail}"
    )
