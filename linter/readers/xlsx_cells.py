"""Reading one log cell: durations, dates, times, paid and group flags.

Values arrive as python-calamine gives them: str, float, int, bool, date, datetime, time
or timedelta (calamine types a cell by its number format: "h:mm" gives a time, "[h]:mm" a
timedelta, a date format a date). Each reader returns the value or a problem in the
learner's terms; none raises.
"""

from __future__ import annotations

import datetime as dt
import re

Value = object

# Excel's serial day 1 is 1900-01-01 in calamine's reading; a duration formatted "h:mm"
# that reaches 24 hours comes back as a datetime on or after that day.
_EPOCH_1900 = dt.datetime(1899, 12, 31)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_SERIAL_1900 = dt.date(1899, 12, 30)  # serial -> date for plain numbers (Lotus leap bug)
_SERIAL_1904 = dt.date(1904, 1, 1)

MIN_YEAR, MAX_YEAR = 1980, 2100

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february", "febuary"), ("mar", "march"),
            ("apr", "april"), ("may",), ("jun", "june"), ("jul", "july"),
            ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
            ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"

_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?:[ T,].*)?$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T].*)?$")
_DM = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})$")
_D_MON_Y = re.compile(
    rf"^{_WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?[\s\-/]?({_MONTH_RE})\.?[\s\-/,]*(\d{{4}}|\d{{2}})$"
)
_MON_D_Y = re.compile(rf"^{_WEEKDAY}({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})$")

_NUMBER = re.compile(r"^[+-]?(\d+(?:[.,]\d+)?|\.\d+)$")
_HMS = re.compile(r"^(\d{1,3}):(\d{2})(?::(\d{2}))?$")
_PART = re.compile(
    r"(\d+(?:\.\d+)?|\.\d+)\s*(hours?|hrs?|h|minutes?|mins?|mns|m)(?![a-z])\.?", re.IGNORECASE
)
_JOINERS = re.compile(r"^[\s,+&]*(?:and)?[\s,+&]*$")
_CLOCK = r"(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_RANGE = re.compile(rf"^{_CLOCK}\s*(?:-|–|—|to|until)\s*{_CLOCK}$", re.IGNORECASE)
_TIME = re.compile(rf"^{_CLOCK}(?::\d{{2}})?$", re.IGNORECASE)
_WORDS = {
    "half an hour": 1800,
    "half hour": 1800,
    "an hour": 3600,
    "one hour": 3600,
    "1 hour": 3600,
    "an hour and a half": 5400,
    "one and a half hours": 5400,
    "1 and a half hours": 5400,
    "one hour and a half": 5400,
    "two hours": 7200,
    "three quarters of an hour": 2700,
    "quarter of an hour": 900,
}
_FRACTIONS = {"½": ".5", "¼": ".25", "¾": ".75"}


def _clip(value: Value) -> str:
    text = str(value).strip()
    return text if len(text) <= 40 else text[:37] + "..."


# -- durations ---------------------------------------------------------------------------


# Beyond this a number of hours or minutes has no finite number of seconds (1e999 is
# infinity, and a 400-digit text is too): such a cell cannot be read, like NaN.
HUGE_NUMBER = 1e300
_UNREADABLE_NUMBER = "holds a number that cannot be read"


def _seconds(number: float, factor: int, plain: bool):
    if not -HUGE_NUMBER < number < HUGE_NUMBER:  # also False for NaN
        return None, False, _UNREADABLE_NUMBER
    return round(number * factor), plain, None


def read_duration(value: Value, unit: str | None, date1904: bool = False):
    """``(seconds, plain, problem)`` for one duration cell.

    ``unit`` is "minutes" or "hours" when the header says so, else None. ``plain`` is
    True for a bare number read as hours only because nothing said otherwise (the
    column's magnitude may still turn it into minutes). ``problem`` is None when read;
    an empty cell gives ``(None, False, None)``.
    """
    if value is None or value == "":
        return None, False, None
    if isinstance(value, bool):
        return None, False, f"holds {value!s:.5} rather than a duration"
    if isinstance(value, (int, float)):
        return _seconds(value, 60 if unit == "minutes" else 3600, unit is None)
    if isinstance(value, dt.timedelta):
        return round(value.total_seconds()), False, None
    if isinstance(value, dt.datetime):
        epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
        if value < epoch + dt.timedelta(days=60):  # an "h:mm" cell past 24 hours
            return round((value - epoch).total_seconds()), False, None
        return None, False, f"holds the date {value:%d/%m/%Y} rather than a duration"
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second, False, None
    if isinstance(value, dt.date):
        return None, False, f"holds the date {value:%d/%m/%Y} rather than a duration"
    if isinstance(value, str):
        return _duration_text(value, unit)
    return None, False, f'"{_clip(value)}" is not a duration'


def _duration_text(raw: str, unit: str | None):
    text = raw.strip().lower()
    for frac, dec in _FRACTIONS.items():
        text = text.replace(frac, dec)
    text = re.sub(r"\s+", " ", text)
    if text.startswith("#"):  # an Excel error shown as text (#VALUE!, #REF!)
        return None, False, f'shows the error "{_clip(raw)}"'
    if _NUMBER.match(text):
        number = float(text.replace(",", "."))
        return _seconds(number, 60 if unit == "minutes" else 3600, unit is None)
    match = _HMS.match(text)
    if match:
        h, m, s = int(match[1]), int(match[2]), int(match[3] or 0)
        if m < 60 and s < 60:
            return h * 3600 + m * 60 + s, False, None
    if text in _WORDS:
        return _WORDS[text], False, None
    parts = list(_PART.finditer(text))
    if parts:
        rest = _PART.sub(" ", text)
        if _JOINERS.match(rest):
            seconds = 0.0
            for part in parts:
                number = float(part[1])
                seconds += number * (3600 if part[2].lower().startswith("h") else 60)
            return _seconds(seconds, 1, False)
    span = _RANGE.match(text)
    if span:
        start = _clock(span[1], span[2], span[3], span[6])
        end = _clock(span[4], span[5], span[6], None)
        if start is not None and end is not None and end > start:
            return end - start, False, None
    return None, False, f'"{_clip(raw)}" is not a duration Excel or the linter can read'


def _clock(h: str, m: str | None, ampm: str | None, other_ampm: str | None) -> int | None:
    hour, minute = int(h), int(m or 0)
    marker = (ampm or other_ampm or "").replace(".", "")
    if marker == "pm" and hour < 12:
        hour += 12
    if marker == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return hour * 3600 + minute * 60


# -- dates -------------------------------------------------------------------------------


def read_date(value: Value, date1904: bool = False):
    """``(date, problem, month_first)`` for one date cell.

    Dates in text are UK day-first. ``month_first`` is the other reading of a text date
    whose day and month could be swapped ("03/04/2024"), so the caller can tell from the
    log's order whether the learner meant it; ``problem`` is None when read.
    """
    if value is None or value == "":
        return None, None, None
    if isinstance(value, bool):
        return None, "is not a date", None
    if isinstance(value, dt.datetime):
        if value.year <= 1904 and value < dt.datetime(1904, 3, 1):
            return None, f"holds the time {value:%H:%M} rather than a date", None
        return _checked(value.date(), value)
    if isinstance(value, dt.date):
        return _checked(value, value)
    if isinstance(value, dt.time):
        return None, f"holds the time {value:%H:%M} rather than a date", None
    if isinstance(value, dt.timedelta):
        return None, "holds a duration rather than a date", None
    if isinstance(value, (int, float)):
        if value != value or not 1 <= value < 2958466:
            return None, f"holds the number {_clip(value)} rather than a date", None
        base = _SERIAL_1904 if date1904 else _SERIAL_1900
        day = base + dt.timedelta(days=int(value))
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            return None, f"holds the number {_clip(value)} rather than a date", None
        return day, None, None
    if isinstance(value, str):
        return _date_text(value)
    return None, f'"{_clip(value)}" is not a date', None


def _checked(day: dt.date, shown: object):
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        return None, f"has the year {day.year}, which cannot be a session date", None
    return day, None, None


def _make(y: int, m: int, d: int) -> dt.date | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def _date_text(raw: str):
    text = re.sub(r"\s+", " ", raw.strip().lower())
    if text.startswith("#"):
        return None, f'shows the error "{_clip(raw)}"', None
    match = _YMD.match(text)
    if match:
        day = _make(int(match[1]), int(match[2]), int(match[3]))
        return (day, None, None) if day else (None, f'"{_clip(raw)}" is not a real date', None)
    match = _DMY.match(text)
    if match:
        d, m, y = int(match[1]), int(match[2]), int(match[3])
        if m > 12 and d <= 12:
            return (
                None,
                (
                    f'"{_clip(raw)}" reads as month-first (US): there is no month {m}; '
                    "write UK dates day-first"
                ),
                None,
            )
        day = _make(y, m, d)
        if day is None:
            return None, f'"{_clip(raw)}" is not a real date', None
        other = _make(y, d, m) if d <= 12 and m <= 12 and d != m else None
        return day, None, other
    match = _D_MON_Y.match(text)
    if match:
        day = _make(int(match[3]), _MONTHS[match[2]], int(match[1]))
        return (day, None, None) if day else (None, f'"{_clip(raw)}" is not a real date', None)
    match = _MON_D_Y.match(text)
    if match:
        day = _make(int(match[3]), _MONTHS[match[1]], int(match[2]))
        return (day, None, None) if day else (None, f'"{_clip(raw)}" is not a real date', None)
    if _DM.match(text):
        return None, f'"{_clip(raw)}" has no year', None
    return None, f'"{_clip(raw)}" is not a date the linter can read (write it as 14/03/2025)', None


# -- clock times, paid, group ------------------------------------------------------------


def read_time(value: Value) -> dt.time | None:
    """A start or end time, or None."""
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:
        seconds = round(value * 86400)
        return dt.time(seconds // 3600 % 24, seconds // 60 % 60)
    if isinstance(value, str):
        match = _TIME.match(value.strip().lower())
        if match:
            seconds = _clock(match[1], match[2], match[3], None)
            if seconds is not None:
                return dt.time(seconds // 3600, seconds // 60 % 60)
    return None


def time_range(value: Value) -> tuple[dt.time, int] | None:
    """``(start, seconds)`` for a "10:00-11:30" cell, else None."""
    if not isinstance(value, str):
        return None
    span = _RANGE.match(value.strip().lower())
    if not span:
        return None
    start = _clock(span[1], span[2], span[3], span[6])
    end = _clock(span[4], span[5], span[6], None)
    if start is None or end is None or end <= start:
        return None
    return dt.time(start // 3600, start // 60 % 60), end - start


_PAID = {
    "paid",
    "yes",
    "y",
    "p",
    "chargeable",
    "charged",
    "commercial",
    "fee",
    "fee paid",
    "invoiced",
    "true",
}
_UNPAID = {
    "pro bono",
    "probono",
    "pro-bono",
    "pb",
    "unpaid",
    "free",
    "no",
    "n",
    "voluntary",
    "volunteer",
    "not paid",
    "none",
    "false",
    "free of charge",
    "internal",
}
_GROUP = {"group", "team", "g", "group coaching", "team coaching"}
_INDIVIDUAL = {
    "individual",
    "1:1",
    "1-1",
    "1 to 1",
    "one to one",
    "one-to-one",
    "i",
    "1-2-1",
    "121",
    "one-2-one",
    "individual coaching",
    "1:1 coaching",
}


def read_paid(value: Value) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value > 0
    if isinstance(value, str):
        text = value.strip().lower().rstrip(".")
        if text in _PAID or text.startswith(("£", "paid")):
            return True
        if text in _UNPAID or text.startswith(("pro bono", "pro-bono", "probono", "unpaid")):
            return False
    return None


def read_group(value: Value) -> bool | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value > 1 if value >= 1 else None
    if isinstance(value, str):
        text = value.strip().lower().rstrip(".")
        if text in _GROUP or text.startswith("group"):
            return True
        if text in _INDIVIDUAL or text.startswith("individual"):
            return False
        if text.isdigit():
            return int(text) > 1
    return None


def is_blank(value: Value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Value) -> str:
    """A cell as the learner sees it, for text fields and messages."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return str(value)
