"""Where a log is on a sheet: the header row, what each column holds, totals rows.

The words come from ``linter/data/log_headers.toml``; this module only matches them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA = Path(__file__).resolve().parent.parent / "data" / "log_headers.toml"

REQUIRED = ("date", "duration", "coachee")
RECOMMENDED = ("goal", "model", "actions", "reflection", "feedback")
TEXT_FIELDS = ("goal", "model", "actions", "reflection", "feedback", "notes", "contact")
# Fields whose cells are labels or figures, where a "Total" label may sit.
LABEL_FIELDS = ("date", "coachee", "duration", "start", "end", "paid", "group", "ignore")


@dataclass(frozen=True)
class HeaderWords:
    fields: dict[str, tuple[str, ...]]
    roles: dict[str, str]
    labels: dict[str, str]
    minutes: frozenset[str]
    hours: frozenset[str]
    skip_sheets: tuple[str, ...]
    generic_sheets: frozenset[str]
    total_labels: tuple[str, ...]
    subtotal_labels: tuple[str, ...]
    not_hours: tuple[str, ...]
    example_prefixes: tuple[str, ...]
    max_header_chars: int
    search_rows: int


@lru_cache(maxsize=1)
def header_words() -> HeaderWords:
    data = tomllib.loads(DATA.read_text(encoding="utf-8"))
    fields = {
        name: tuple(normalise(p)[0] for p in spec["phrases"])
        for name, spec in data["fields"].items()
    }
    return HeaderWords(
        fields=fields,
        roles={name: spec.get("role", "other") for name, spec in data["fields"].items()},
        labels={name: spec.get("label", name) for name, spec in data["fields"].items()},
        minutes=frozenset(data["units"]["minutes"]),
        hours=frozenset(data["units"]["hours"]),
        skip_sheets=tuple(normalise(s)[0] for s in data["sheets"]["skip"]),
        generic_sheets=frozenset(normalise(s)[0] for s in data["sheets"]["generic"]),
        total_labels=tuple(
            sorted((normalise(s)[0] for s in data["totals"]["labels"]), key=len, reverse=True)
        ),
        subtotal_labels=tuple(normalise(s)[0] for s in data["totals"]["subtotal"]),
        not_hours=tuple(normalise(s)[0] for s in data["totals"]["not_hours"]),
        example_prefixes=tuple(p.lower() for p in data["examples"]["prefixes"]),
        max_header_chars=int(data.get("max_header_chars", 60)),
        search_rows=int(data.get("header_search_rows", 30)),
    )


_BRACKETS = re.compile(r"[(\[{]([^)\]}]*)[)\]}]")
_PUNCT = re.compile(r"[^a-z0-9]+")
_LABEL_VALUE = re.compile(r":\s*\S")
# A time format named in a header ("Duration h:mm", "Time hh:mm:ss") is not "label: value".
_TIME_FORMAT = re.compile(r"\b(?:h{1,2}:mm(?::ss)?|mm:ss)\b", re.I)


def normalise(text: str) -> tuple[str, str]:
    """``(words, bracketed words)``: lower case, "&" as "and", punctuation as spaces."""
    text = text.lower().replace("&", " and ").replace("’", "'")
    inside = " ".join(_BRACKETS.findall(text))
    outside = _BRACKETS.sub(" ", text)
    return _PUNCT.sub(" ", outside).strip(), _PUNCT.sub(" ", inside).strip()


@dataclass
class Column:
    index: int  # 0-based within the row as read
    field: str
    header: str  # the header cell's text
    unit: str | None = None  # duration columns: "minutes" or "hours" when the header says


def match_header(text: str) -> tuple[str, int, str | None] | None:
    """``(field, score, unit)`` for one header cell, or None."""
    words = header_words()
    if not text or len(text) > words.max_header_chars:
        return None
    if _LABEL_VALUE.search(_TIME_FORMAT.sub(" ", _BRACKETS.sub(" ", text))):
        return None  # "Coachee: Client A", "Date: March" in a title block: not a header
    core, inside = normalise(text)
    if not core:
        return None
    padded = f" {core} "
    best: tuple[str, int] | None = None
    for name, phrases in words.fields.items():
        for phrase in phrases:
            if phrase == core:
                score = 1000 + len(phrase)
            elif len(phrase) > 3 and f" {phrase} " in padded:
                score = len(phrase)
            else:
                continue
            if best is None or score > best[1]:
                best = (name, score)
    if best is None:
        return None
    unit = None
    if best[0] in ("duration", "paid_hours", "probono_hours"):
        tokens = set(core.split()) | set(inside.split())
        if tokens & words.minutes:
            unit = "minutes"
        elif tokens & words.hours or "hour" in core:
            unit = "hours"
    return best[0], best[1], unit


@dataclass
class Header:
    row: int  # 0-based offset within the rows examined
    columns: list[Column] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, Column]:
        out: dict[str, Column] = {}
        for col in self.columns:
            if col.field != "ignore":
                out.setdefault(col.field, col)
        return out

    @property
    def score(self) -> int:
        return len(self.fields)

    @property
    def is_log(self) -> bool:
        found = self.fields
        if len(found) < 2:
            return False
        return bool(found.keys() & {"date", "duration", "paid_hours", "probono_hours"})


def read_header(cells: list[object], row: int) -> Header:
    """Map one row's cells to fields; a field taken twice keeps its best-scoring cell."""
    chosen: dict[str, tuple[int, Column]] = {}
    ignored: list[Column] = []
    for index, value in enumerate(cells):
        if not isinstance(value, str):
            continue
        hit = match_header(value.strip())
        if hit is None:
            continue
        name, score, unit = hit
        column = Column(index, name, value.strip(), unit)
        if name == "ignore":
            ignored.append(column)
        elif name not in chosen or score > chosen[name][0]:
            chosen[name] = (score, column)
    columns = sorted([c for _, c in chosen.values()] + ignored, key=lambda c: c.index)
    return Header(row, columns)


def find_header(rows: list[list[object]]) -> Header | None:
    """The best log header among ``rows`` (the first rows of a sheet), or None."""
    best: Header | None = None
    for offset, cells in enumerate(rows):
        header = read_header(cells, offset)
        if header.is_log and (best is None or header.score > best.score):
            best = header
    return best


def _has_phrase(name: str, phrases: tuple[str, ...] | frozenset[str]) -> bool:
    padded = f" {name} "
    return any(f" {p} " in padded for p in phrases)


def sheet_is_not_log(name: str) -> bool:
    """Instructions, summary, lookup sheets: never read as logs."""
    return _has_phrase(normalise(name)[0], header_words().skip_sheets)


def sheet_names_coachee(name: str) -> bool:
    """A sheet name that can stand for a coachee ("Client A", "Coachee 2")."""
    core = normalise(name)[0]
    if not core or core in header_words().generic_sheets:
        return False
    return not re.fullmatch(r"(sheet|log|page|tab)\s*\d*", core)


def total_label(value: object) -> str | None:
    """ "total" or "subtotal" when a cell labels a totals row, else None."""
    if not isinstance(value, str) or len(value) > 60:
        return None
    return _total_label(value)


@lru_cache(maxsize=4096)
def _total_label(value: str) -> str | None:
    core = normalise(value)[0]
    words = header_words()
    for label in words.total_labels:
        if core == label or core.startswith(label + " "):
            if any(label == s or core.startswith(s) for s in words.subtotal_labels):
                return "subtotal"
            return "total"
    return None


def total_states_hours(label: str) -> bool:
    """False for "Total sessions", "Hours required": figures that are not logged hours."""
    return not _has_phrase(normalise(label)[0], header_words().not_hours)


def is_example(value: object) -> bool:
    if not isinstance(value, str):
        return False
    text = value.strip().lower()
    return text.startswith(header_words().example_prefixes)
