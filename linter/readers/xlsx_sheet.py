"""One worksheet into sessions: its header row, its columns and every cell, with the
sheet, row and cell of each value so a finding can point at it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from itertools import pairwise
from statistics import median
from typing import TYPE_CHECKING, Any

from ..model import Session
from .xlsx_cells import (
    HUGE_NUMBER,
    MAX_YEAR,
    MIN_YEAR,
    as_text,
    is_blank,
    read_date,
    read_duration,
    read_group,
    read_paid,
    read_time,
    time_range,
)
from .xlsx_layout import (
    TEXT_FIELDS,
    Header,
    is_example,
    read_header,
    sheet_names_coachee,
    total_label,
    total_states_hours,
)

if TYPE_CHECKING:
    from .xlsx_reader import _Reader

_DATE = dt.date
_UNSEEN: Any = object()


def column_letter(index: int) -> str:
    """0-based column index -> "A", "AB"."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class RowCells(Mapping):
    """``Session.cells`` without a dict per row: field -> "C7" computed on demand."""

    __slots__ = ("_letters", "_row")

    def __init__(self, letters: dict[str, str], row: int) -> None:
        self._letters = letters
        self._row = row

    def __getitem__(self, key: str) -> str:
        return f"{self._letters[key]}{self._row}"

    def __iter__(self) -> Iterator[str]:
        return iter(self._letters)

    def __len__(self) -> int:
        return len(self._letters)

    def __repr__(self) -> str:
        return repr(dict(self))


def hours_header_above(above: list[list], j: int) -> bool:
    """A header cell above column ``j`` (in a two-row header) names hours or duration."""
    for cells in reversed(above):
        if j < len(cells) and isinstance(cells[j], str) and cells[j].strip():
            text = cells[j].lower()
            return "hour" in text or "hrs" in text or "duration" in text or "time" in text
    return False


def is_wrapped_time(value: object) -> bool:
    """An h:mm duration past 24 hours, which Excel hands over as a 1899/1904 date-time."""
    return isinstance(value, dt.datetime) and value.year <= 1904


def error_text(exc: BaseException) -> str:
    """The first line of an exception, short enough for a finding."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


_COACHEE_LABEL = re.compile(
    r"^(?:coachee|client|mentee)(?:'?s)?(?:\s+(?:name|ref|reference|id|code|initials))?"
    r"\s*[:\-–]\s*(.*)$",
    re.IGNORECASE,
)


class SheetReader:
    """One log sheet: title block, header, session rows, totals rows."""

    # A row with a real date, a number of hours and nothing else to read becomes its
    # Session in one step; tests/test_logs.py turns this off to hold it to the full path.
    fast_rows = True

    def __init__(
        self,
        reader: _Reader,
        name: str,
        header: Header,
        row0: int,
        col0: int,
        uncached: set[str],
        errors: dict[str, str],
        hidden: bool,
    ) -> None:
        self.r = reader
        self.name = reader.intern(name)
        self.header = header
        self.row0 = row0
        self.col0 = col0
        self.uncached = uncached
        self.errors = errors
        self.hidden = hidden
        fields = header.fields
        self.fields = fields
        self.letters = {f: column_letter(col0 + c.index) for f, c in fields.items()}
        self.idx = {f: c.index for f, c in fields.items()}
        self.label_idx = sorted(
            {c.index for c in header.columns if c.field in ("date", "coachee", "start", "ignore")}
        )
        self.text_idx = [(f, fields[f].index) for f in TEXT_FIELDS if f in fields]
        self.labels: dict[str, str | None] = {}  # total_label of label-column texts
        self.i_date = self.idx.get("date")
        self.i_dur = self.idx.get("duration")
        self.i_coachee = self.idx.get("coachee")
        self.i_start = self.idx.get("start")
        self.i_paid = self.idx.get("paid")
        self.i_group = self.idx.get("group")
        self.i_paid_hours = self.idx.get("paid_hours")
        self.i_probono_hours = self.idx.get("probono_hours")
        self.unit = fields["duration"].unit if "duration" in fields else None
        self.factor = 60 if self.unit == "minutes" else 3600
        self.coachee: str | None = None
        self.coachee_source = "column" if "coachee" in fields else None
        self.sessions: list[Session] = []
        self.plain: list[int] = []  # sessions whose duration was a bare number
        self.plain_totals: list[dict] = []
        self.alternatives: list[tuple[int, Any, str, str]] = []
        self.derived: str | None = None

    # -- rows ----------------------------------------------------------------------------

    def read(self, first: list[list], rest: Iterator) -> None:
        h = self.header.row
        for offset, cells in enumerate(first[:h]):
            self._title_row(cells, self.row0 + offset + 1, first[:offset])
        number = self.row0 + h + 1
        for cells in first[h + 1 :]:
            number += 1
            self._row(cells, number)
        for cells in rest:
            number += 1
            self._row(cells, number)
        self._finish()

    def _title_row(self, cells: list, row: int, above: list[list]) -> None:
        texts = [v.strip() for v in cells if isinstance(v, str) and v.strip()]
        self.r.text.extend(texts)
        for i, value in enumerate(cells):
            if not isinstance(value, str) or self.coachee_source == "column":
                continue
            match = _COACHEE_LABEL.match(value.strip())
            if not match:
                continue
            found = match.group(1).strip()
            if not found:
                found = next((as_text(v) for v in cells[i + 1 :] if not is_blank(v)), "")
            if found:
                self.coachee = self.r.intern(found)
                self.coachee_source = "title"
        self.r._total_cells(self.name, cells, row, self.col0, "sheet", above)

    def _cell(self, cells: list, field: str) -> Any:
        i = self.idx.get(field)
        if i is None or i >= len(cells):
            return None
        return cells[i]

    def _ref(self, field: str, row: int) -> str:
        return f"{self.letters[field]}{row}"

    def _row(self, cells: list, row: int) -> None:
        first = None
        for v in cells:  # the first cell that is not blank
            if isinstance(v, str):
                if v and not v.isspace():
                    first = v
                    break
            elif v is not None:
                first = v
                break
        if first is None:
            return
        kind = self._total_kind(cells, first)
        if kind:
            self._total_row(cells, row, kind)
            return
        if isinstance(first, str):
            if is_example(first):
                self.r.extras["examples"].append({"sheet": self.name, "row": row})
                return
            if len(self.fields) >= 2 and self._repeats_header(cells):
                return
        width = len(cells)
        i_date, i_dur = self.i_date, self.i_dur
        date_v = cells[i_date] if i_date is not None and i_date < width else None
        dur_v = cells[i_dur] if i_dur is not None and i_dur < width else None
        date_uncached = dur_uncached = False
        if self.uncached:
            date_uncached = i_date is not None and self._ref("date", row) in self.uncached
            dur_uncached = i_dur is not None and self._ref("duration", row) in self.uncached
        texts: dict[str, str] = {}
        intern = self.r.strings.setdefault
        for field, i in self.text_idx:
            if i < width:
                v = cells[i]
                if isinstance(v, str):
                    if v:
                        v = v.strip()
                        if v:
                            # short texts repeat (GROW, "Client A"); long notes do not
                            texts[field] = intern(v, v) if len(v) <= 32 else v
                elif v is not None and not isinstance(v, bool):
                    texts[field] = as_text(v)
        i_start = self.i_start
        start_v = cells[i_start] if i_start is not None and i_start < width else None
        if (
            (date_v is None or (isinstance(date_v, str) and not date_v.strip()))  # is_blank
            and not date_uncached
            and is_blank(dur_v)
            and not dur_uncached
            and not texts
            and is_blank(start_v)
            and not self._extra_hours(cells)
        ):
            return  # a coachee name alone, a row number, a stray note: not a session
        i_coachee = self.i_coachee
        coachee_v = cells[i_coachee] if i_coachee is not None and i_coachee < width else None
        if coachee_v is None:
            coachee = self.coachee
        elif isinstance(coachee_v, str):
            text = coachee_v.strip()
            coachee = intern(text, text) if text else self.coachee
        else:
            text = as_text(coachee_v)
            coachee = intern(text, text)
        cells_of = RowCells(self.letters, row)
        dur_kind = type(dur_v)
        if (
            self.fast_rows
            and type(date_v) is _DATE
            and MIN_YEAR <= date_v.year <= MAX_YEAR
            and not date_uncached
            and (dur_kind is float or dur_kind is int)
            and not dur_uncached
            and -HUGE_NUMBER < dur_v < HUGE_NUMBER
            and start_v is None
            and self.i_paid is None
            and self.i_group is None
        ):
            # The usual row, a real date and a number of hours, in one step: what the
            # full path below makes of it, without setting each field apart.
            hours = round(dur_v * self.factor) / 3600
            session = Session(self.name, row, date_v, None, hours, coachee, texts, cells_of)  # type: ignore[arg-type]
            if self.unit is None:
                self.plain.append(len(self.sessions))
            self.sessions.append(session)
            return
        session = Session(self.name, row, texts=texts, cells=cells_of)  # type: ignore[arg-type]
        session.coachee = coachee
        # Fast paths for the usual cells (a real date, a number); the rest is read in full.
        if i_date is not None:
            if type(date_v) is _DATE and MIN_YEAR <= date_v.year <= MAX_YEAR and not date_uncached:
                session.date = date_v
            else:
                self._date(session, date_v, row, date_uncached)
        if (
            (dur_kind is float or dur_kind is int)
            and not dur_uncached
            and -HUGE_NUMBER < dur_v < HUGE_NUMBER
        ):
            session.hours = round(dur_v * self.factor) / 3600
            if self.unit is None:
                self.plain.append(len(self.sessions))
        else:
            self._duration(session, cells, dur_v, start_v, row, dur_uncached)
        if self.i_paid is not None:
            session.paid = read_paid(self._cell(cells, "paid"))
        if self.i_group is not None:
            session.group = read_group(self._cell(cells, "group"))
        if start_v is not None and start_v != "" and session.start is None:
            session.start = read_time(start_v)
        self.sessions.append(session)

    def _extra_hours(self, cells: list) -> bool:
        if self.i_paid_hours is None and self.i_probono_hours is None:
            return False
        return not is_blank(self._cell(cells, "paid_hours")) or not is_blank(
            self._cell(cells, "probono_hours")
        )

    def _total_kind(self, cells: list, first: Any) -> str | None:
        if isinstance(first, str) and first[:1].lower() in "tsgorc":
            kind = total_label(first)
            if kind:
                return kind
        width = len(cells)
        labels = self.labels
        for i in self.label_idx:
            if i < width:
                v = cells[i]
                if isinstance(v, str) and v is not first:
                    # label cells repeat ("Client A"): a text is looked at once (up to a
                    # few thousand texts, so that unique ones do not pile up)
                    kind = labels.get(v, _UNSEEN)
                    if kind is _UNSEEN:
                        kind = total_label(v) if v[:1].lower() in "tsgorc" else None
                        if len(labels) < 4096:
                            labels[v] = kind
                    if kind:
                        return kind
        return None

    def _repeats_header(self, cells: list) -> bool:
        if any(not isinstance(v, str) for v in cells if not is_blank(v)):
            return False
        again = read_header(cells, 0).fields
        same = again.keys() & self.fields.keys()
        return len(same) >= max(2, (len(self.fields) * 3 + 4) // 5)

    def _date(self, session: Session, value: Any, row: int, uncached: bool) -> None:
        if uncached:
            self.r.extras["uncached"].append(
                {"sheet": self.name, "row": row, "cell": self._ref("date", row), "field": "date"}
            )
            return
        if is_blank(value):
            ref = self._ref("date", row)
            value = self.errors.get(ref, value)
            problem = "is empty: every session needs its date" if is_blank(value) else None
            day = None
        else:
            day, problem, month_first = read_date(value, self.r.date1904)
        if problem or day is None:
            if problem is None:  # an error cell
                problem = f'shows the error "{value}"'
            self._problem("date", row, self._ref("date", row), value, problem)
            return
        session.date = day
        if month_first is not None:
            self.alternatives.append(
                (len(self.sessions), month_first, self._ref("date", row), as_text(value))
            )

    def _duration(
        self, session: Session, cells: list, value: Any, start_v: Any, row: int, uncached: bool
    ) -> None:
        seconds = None
        if self.i_dur is not None:
            if uncached:
                self.r.extras["uncached"].append(
                    {
                        "sheet": self.name,
                        "row": row,
                        "field": "duration",
                        "cell": self._ref("duration", row),
                    }
                )
                return
            if is_blank(value) and self.errors:
                value = self.errors.get(self._ref("duration", row), value)
            if not is_blank(value):
                seconds, plain, problem = read_duration(value, self.unit, self.r.date1904)
                if problem:
                    self._problem("duration", row, self._ref("duration", row), value, problem)
                    return
                if plain:
                    self.plain.append(len(self.sessions))
        if seconds is None:
            seconds = self._other_duration(session, cells, start_v, row)
        if seconds is None:
            if "duration" in self.idx:
                self._problem(
                    "duration",
                    row,
                    self._ref("duration", row),
                    value,
                    "is empty: every session needs its length",
                )
            return
        session.hours = seconds / 3600

    def _other_duration(self, session: Session, cells: list, start_v: Any, row: int) -> int | None:
        """Paid + pro bono hours columns, or end time minus start time, or "10:00-11:30"."""
        if "paid_hours" in self.idx or "probono_hours" in self.idx:
            paid, _, _ = read_duration(self._cell(cells, "paid_hours"), "hours", self.r.date1904)
            free, _, _ = read_duration(self._cell(cells, "probono_hours"), "hours", self.r.date1904)
            if paid is not None or free is not None:
                paid, free = paid or 0, free or 0
                session.paid = paid > 0
                if paid and free:
                    self.r.extras["paid_split"][f"{self.name}!{row}"] = paid
                self.derived = self.derived or "paid and pro bono hours"
                return paid + free
        if "start" in self.idx:
            span = time_range(start_v)
            if span:
                session.start = span[0]
                self.derived = self.derived or "a start-end time range"
                return span[1]
            start = read_time(start_v)
            end = read_time(self._cell(cells, "end")) if "end" in self.idx else None
            if start and end:
                session.start = start
                seconds = (end.hour - start.hour) * 3600 + (end.minute - start.minute) * 60
                if seconds > 0:
                    self.derived = self.derived or "end time minus start time"
                    return seconds
        return None

    def _problem(self, field: str, row: int, ref: str, value: Any, problem: str) -> None:
        self.r.extras["cell_problems"].append(
            {
                "sheet": self.name,
                "row": row,
                "cell": ref,
                "field": field,
                "value": as_text(value)[:200],
                "problem": problem,
            }
        )

    def _total_row(self, cells: list, row: int, kind: str) -> None:
        label = next((v for v in cells if isinstance(v, str) and total_label(v)), "Total")
        if not total_states_hours(label):
            return
        seconds, plain, value, ref = None, False, None, None
        if "duration" in self.idx:
            ref = self._ref("duration", row)
            value = self._cell(cells, "duration")
            if ref in self.uncached:
                self.r.extras["uncached"].append(
                    {"sheet": self.name, "row": row, "cell": ref, "field": "duration"}
                )
                return
        if is_blank(value):  # the figure may sit in another column beside the label
            return
        seconds, plain, problem = read_duration(value, self.unit, self.r.date1904)
        if problem or seconds is None:
            return
        entry = {
            "sheet": self.name,
            "row": row,
            "cell": ref,
            "label": label.strip(),
            "kind": kind,
            "scope": "rows",
            "seconds": seconds,
            "wraps": is_wrapped_time(value),
            "shown": as_text(value),
        }
        self.r.extras["totals"].append(entry)
        if plain:
            self.plain_totals.append(entry)

    # -- end of sheet --------------------------------------------------------------------

    def _finish(self) -> None:
        minutes = False
        if self.unit is None and self.plain:
            values = [self.sessions[i].hours for i in self.plain]
            if median(values) > 8:  # nobody coaches 45 hours at a sitting: these are minutes
                minutes = True
                for i in self.plain:
                    s = self.sessions[i]
                    s.hours = round(s.hours * 3600 / 60) / 3600
                for entry in self.plain_totals:
                    entry["seconds"] = round(entry["seconds"] / 60)
        self._check_order()
        if self.coachee_source is None and sheet_names_coachee(self.name):
            self.coachee = self.name
            self.coachee_source = "sheet"
            for s in self.sessions:
                s.coachee = self.name
        self.r.log.sessions.extend(self.sessions)
        self.r.extras["sheet_info"][self.name] = {
            "header_row": self.row0 + self.header.row + 1,
            "columns": dict(self.letters),
            "headers": {f: c.header for f, c in self.fields.items()},
            "duration_unit": "minutes" if minutes else self.unit,
            "minutes_by_magnitude": minutes,
            "coachee_source": self.coachee_source,
            "derived_duration": self.derived,
            # ICF's client log: one row per client with paid and pro bono hour totals
            "rows_are": "clients"
            if self.i_dur is None
            and (self.i_paid_hours is not None or self.i_probono_hours is not None)
            else "sessions",
            "hidden": self.hidden,
            "sessions": len(self.sessions),
        }

    def _check_order(self) -> None:
        """Day-first text dates that only make sense month-first, judged by the log's order."""
        if not self.alternatives:
            return
        days = [s.date for s in self.sessions]
        swapped = list(days)
        for i, other, _, _ in self.alternatives:
            swapped[i] = other
        if _disorder(swapped) >= _disorder(days):
            return
        for i, other, ref, text in self.alternatives:
            self.r.extras["ambiguous_dates"].append(
                {
                    "sheet": self.name,
                    "row": self.sessions[i].row,
                    "cell": ref,
                    "value": text,
                    "day_first": days[i],
                    "month_first": other,
                }
            )


def _disorder(days: list) -> int:
    known = [d for d in days if d is not None]
    return sum(1 for a, b in pairwise(known) if b < a)
