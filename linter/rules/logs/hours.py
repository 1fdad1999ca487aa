"""LG600, LG601, LG606, LG607, LG610: the hours and the coachees add up."""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from ...analysis.context import LogContext
from ...model import Finding
from ...registry import Rule, rule
from .common import (
    HOUR,
    UNSEEN,
    coachee_key,
    counted_seconds,
    has_log,
    hm,
    hours_text,
    paid_seconds,
    per_coachee,
)

MAX_SESSION = 4 * HOUR
TOLERANCE = 36  # seconds: 0.01 hours, the precision of a two-decimal total


def _unit_name(ctx: LogContext) -> str:
    unit = ctx.unit
    if unit is None:
        return "the unit"
    return unit.code if unit.kind != "credential" else f"the {unit.title or unit.code} profile"


@rule(
    "LG600",
    "hours-below-minimum",
    "error",
    "Total logged hours are below the unit's requirement.",
    kind="log",
)
def hours_below_minimum(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that the sessions in the log add up to at least the coaching hours the
    unit requires (12 for 8580-501 and D7.03, 20 for 8581-701, 100 for 8581-702, 125 for
    D7.04; ICF and EMCC profiles have their own, and ICF counts paid hours too where the
    log has a paid/pro bono column). Durations are summed to the second, so "1:30", 1.5 and
    "90 mins" all count alike; totals rows are never counted.

    Why it matters: a log short of the required hours is referred however good the
    sessions are.

    Example: a log for 8580-501 whose sessions add up to 10.50 hours.

    Instead: log the further sessions you have held, or hold them before you submit.
    """
    unit = ctx.unit
    if unit is None or not has_log(ctx.log):
        return
    total = counted_seconds(ctx.log.sessions)
    if unit.coaching_hours is not None:
        need = round(float(unit.coaching_hours) * HOUR)
        if total < need:
            yield r.finding(
                f"The log totals {hours_text(total)} hours; {_unit_name(ctx)} needs at least "
                f"{hours_text(need)} ({hours_text(need - total)} more)."
            )
    if unit.paid_hours is not None:
        paid = paid_seconds(ctx.log)
        need = round(float(unit.paid_hours) * HOUR)
        if paid is not None and paid < need:
            yield r.finding(
                f"The log has {hours_text(paid)} paid hours; {_unit_name(ctx)} needs at least "
                f"{hours_text(need)} paid ({hours_text(need - paid)} more)."
            )


@rule(
    "LG601",
    "too-few-coachees",
    "warning",
    "Fewer distinct coachees than the unit expects.",
    kind="log",
)
def too_few_coachees(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: the number of different coachees in the log against the unit's
    minimum (three for 8580-501; 8, 25 and 35 clients for ICF ACC, PCC and MCC). Coachees
    are told apart by their reference ("Client A" and "client a" are one), taken from the
    coachee column, a "Coachee:" line above the header, or the sheet's name when each
    coachee has a sheet.

    Why it matters: the unit asks for practice with several people; hours with one coachee
    do not show the range of practice being assessed.

    Example: an 8580-501 log whose 12 hours are all with "Client A" and "Client B".

    Instead: coach at least the required number of people and log each with their own
    anonymised reference (Client A, Client B, Client C).
    """
    unit = ctx.unit
    if unit is None or unit.min_coachees is None or not has_log(ctx.log):
        return
    if not any(s.coachee for s in ctx.log.sessions):
        return  # no coachee column at all: LG602 says so
    found = per_coachee(ctx.log)
    if len(found) < unit.min_coachees:
        names = ", ".join(found) or "none"
        yield r.finding(
            f"The log has {len(found)} coachee{'s' if len(found) != 1 else ''} ({names}); "
            f"{_unit_name(ctx)} expects at least {unit.min_coachees}."
        )


@rule(
    "LG606",
    "duplicate-session",
    "warning",
    "Two rows with the same coachee, date and duration.",
    kind="log",
    needs_unit=False,
)
def duplicate_session(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: rows that repeat another row's coachee, date and duration, a sign that
    a session was pasted twice (or two sheets log the same session).

    Why it matters: a session counted twice inflates the hours, and an assessor who spots
    it doubts the rest of the log.

    Example: Client B, 14/03/2025, 1.5 hours on row 9 and again on row 15.

    Instead: delete the copy; if there really were two sessions that day, say so in the
    notes (for example, give their start times).
    """
    seen: dict[tuple, tuple[str, int]] = {}
    keys: dict[str, str | None] = {}  # coachee_key per coachee as written
    for s in ctx.log.sessions:
        coachee, day, hours = s.coachee, s.date, s.hours
        if coachee is None or day is None or hours is None:
            continue
        key = keys.get(coachee, UNSEEN)
        if key is UNSEEN:
            key = keys[coachee] = coachee_key(coachee)
        if key is None:
            continue
        secs = round(hours * HOUR)  # session_seconds, inline
        ident = (key, day, secs, s.start)
        first = seen.get(ident)
        if first is None:
            seen[ident] = (s.sheet, s.row)
            continue
        where = f"row {first[1]}" if first[0] == s.sheet else f"{first[0]} row {first[1]}"
        yield r.finding(
            f"Row {s.row} repeats {where}: {s.coachee}, {s.date:%d/%m/%Y}, {hm(secs)} hours.",
            sheet=s.sheet,
            row=s.row,
            cell=s.cells.get("date"),
        )


@rule(
    "LG607",
    "implausible-duration",
    "warning",
    "A single session of 0 or less, or more than 4 hours.",
    kind="log",
    needs_unit=False,
)
def implausible_duration(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: each session's duration is more than 0 and no more than 4 hours (rows
    of an ICF-style client log, one row per client with paid and pro bono hour totals, are
    not sessions and are left alone).

    Why it matters: a 0 or negative duration is usually an end time before the start time
    or a missing value; a session of 6 hours is usually minutes typed under an hours header
    (90 instead of 1.5) or a day's total on one row. Either way the total is wrong.

    Example: "90" in a column headed "Duration (hrs)".

    Instead: enter the length of that one session, in the unit the header names (or change
    the header to "Duration (mins)").
    """
    info = ctx.log.extras.get("sheet_info", {})
    clients = {sheet for sheet, i in info.items() if i.get("rows_are") == "clients"}
    for s in ctx.log.sessions:
        hours = s.hours
        if hours is None:
            continue
        secs = round(hours * HOUR)  # session_seconds, inline
        if 0 < secs <= MAX_SESSION or s.sheet in clients:
            continue
        cell = s.cells.get("duration")
        if secs <= 0:
            yield r.finding(
                f"Row {s.row}: a session of {hm(secs)} hours cannot be right.",
                sheet=s.sheet,
                row=s.row,
                cell=cell,
            )
        elif secs > MAX_SESSION:
            hint = ""
            if info.get(s.sheet, {}).get("duration_unit") == "hours" and secs / HOUR >= 10:
                hint = " Were these minutes? The header says hours."
            yield r.finding(
                f"Row {s.row}: a single session of {hours_text(secs)} hours is longer than 4 "
                f"hours.{hint}",
                sheet=s.sheet,
                row=s.row,
                cell=cell,
            )


@dataclass
class _SheetSums:
    """One sheet's logged time by row, so a totals row's sums are two look-ups rather
    than a pass over the sheet (a log with a subtotal every week has thousands)."""

    rows: list[int]  # the sessions' rows, in order
    prefix: list[int]  # prefix[i]: counted seconds of the first i sessions
    totals: list[int]  # the rows of the sheet's totals rows, in order

    @classmethod
    def of(cls, sessions: list, totals: list[dict]) -> dict[str, _SheetSums]:
        by_sheet: dict[str, list] = {}
        for s in sessions:
            by_sheet.setdefault(s.sheet, []).append(s)
        out: dict[str, _SheetSums] = {}
        for name, mine in by_sheet.items():
            mine.sort(key=lambda s: s.row)
            prefix = [0]
            for s in mine:
                prefix.append(prefix[-1] + counted_seconds([s]))
            out[name] = cls([s.row for s in mine], prefix, [])
        for t in totals:
            if t["scope"] == "rows":
                out.setdefault(t["sheet"], cls([], [0], [])).totals.append(t["row"])
        for sums in out.values():
            sums.totals.sort()
        return out

    @property
    def all(self) -> int:
        return self.prefix[-1]

    def between(self, after: int | None, before: int) -> int:
        """Counted seconds of the sessions on rows after ``after`` and before ``before``."""
        start = 0 if after is None else bisect.bisect_right(self.rows, after)
        end = bisect.bisect_left(self.rows, before)
        return self.prefix[end] - self.prefix[start] if end > start else 0

    def total_before(self, row: int) -> int | None:
        """The row of the nearest totals row above ``row``, if any."""
        i = bisect.bisect_left(self.totals, row)
        return self.totals[i - 1] if i else None


@rule(
    "LG610",
    "totals-mismatch",
    "warning",
    "A Total row or cell disagrees with the sum of the session rows.",
    kind="log",
    needs_unit=False,
)
def totals_mismatch(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: every "Total", "Sub-total" or "Total hours" figure in the workbook
    against the sessions it covers: a totals row against the sessions above it on its sheet
    (or since the previous totals row), a total in a sheet's title block against that
    sheet, a total on a summary sheet against the whole log. A total formatted h:mm that
    passes 24 hours shows the wrong figure (Excel wraps it to the time of day) and is
    reported too. Totals rows are never counted as sessions.

    Why it matters: assessors read the total first; a total that does not match the rows
    is either an arithmetic slip or rows missing from the formula, and either sends the
    log back.

    Example: a "Total" row showing 12.0 under sessions that add up to 11.5 hours.

    Instead: make the total a formula over all the session rows (=SUM(D5:D40)) and format
    time totals as [h]:mm so they do not wrap at 24 hours.
    """
    extras = ctx.log.extras
    if not extras.get("totals"):
        return  # nothing to compare
    if not has_log(ctx.log):
        return  # totals in a workbook with no log to compare them with
    sheets = _SheetSums.of(ctx.log.sessions, extras["totals"])
    workbook = counted_seconds(ctx.log.sessions)
    for t in extras.get("totals", []):
        stated = t["seconds"]
        sums = sheets.get(t["sheet"]) or _SheetSums([], [0], [])
        if t["scope"] == "rows":
            above = sums.between(None, t["row"])
            since = sums.between(sums.total_before(t["row"]), t["row"])
            candidates = {above, since}
            expected = since if t["kind"] == "subtotal" else above
        elif t["scope"] == "sheet":  # a title-block total: of its sheet, or of the workbook
            candidates = {sums.all, workbook}
            expected = sums.all
        else:
            candidates = {workbook}
            expected = workbook
        where = {"sheet": t["sheet"], "row": t["row"], "cell": t["cell"]}
        label = t["label"]
        if t.get("wraps") and any(abs(stated - c) <= TOLERANCE for c in candidates):
            yield r.finding(
                f"'{label}' shows {t['shown'].split()[-1]} because its format wraps at 24 "
                f"hours; the sum is {hm(stated)} ({hours_text(stated)} hours): format it "
                "as [h]:mm.",
                **where,
            )
            continue
        if all(abs(stated - c) > TOLERANCE for c in candidates):
            yield r.finding(
                f"'{label}' states {hours_text(stated)} hours but the sessions it covers add "
                f"up to {hours_text(expected)}.",
                **where,
            )
