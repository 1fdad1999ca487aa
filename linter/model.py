"""The neutral models every stage after the readers works on.

Nothing after a reader touches python-docx, openpyxl or XML: rules see only these
values. Read once, check many, report anywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True)
class TableCell:
    """Where a paragraph sits in a table (0-based, tables counted in body order)."""

    table: int
    row: int
    column: int
    nesting: int = 1


@dataclass
class Paragraph:
    """One paragraph of the body, in the order of Word's ``body.paragraphs``.

    Paragraphs inside table cells are included (Office.js order), so ``index`` is the
    ``location.paragraph`` the Word add-in jumps to.
    """

    index: int
    text: str
    style: str = ""  # the style's display name ("Heading 2"), "" for Normal/unknown
    heading_level: int | None = None  # 1-9 from a built-in Heading style (Title = 0)
    outline_level: int | None = None  # 1-9 from w:outlineLvl on the paragraph or its styles
    bold: bool = False  # every visible run is bold
    list_number: str | None = None  # automatic number as Word renders it ("1.1", "2.")
    is_list_item: bool = False
    cell: TableCell | None = None
    placeholder: bool = False  # a content control still showing its placeholder text
    has_revision: bool = False  # holds tracked insertions or deletions
    has_comment: bool = False  # a comment is anchored in it

    @cached_property
    def words(self) -> int:
        return len(self.text.split())

    @property
    def is_heading_like(self) -> bool:
        """A heading style, an outline level, or a short all-bold line."""
        if self.heading_level is not None or self.outline_level is not None:
            return True
        return self.bold and 0 < len(self.text) <= 200 and self.words <= 25


@dataclass
class Note:
    """Text outside the body flow that still belongs to the learner's work."""

    kind: str  # "footnote", "endnote", "textbox"
    text: str
    anchor: int | None = None  # body paragraph index the note hangs from, when known


@dataclass
class Document:
    """An assignment as read from a .docx or from the task pane's paragraph list."""

    paragraphs: list[Paragraph]
    notes: list[Note] = field(default_factory=list)
    comments: int = 0  # comments in the file
    revisions: int = 0  # tracked insertions, deletions and moves not yet accepted
    source: str = "docx"  # "docx" or "paragraphs"
    properties: dict[str, str] = field(default_factory=dict)  # core properties (title ...)
    headers_footers: list[str] = field(default_factory=list)  # for unit detection only

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass
class Session:
    """One coaching session row of a log."""

    sheet: str
    row: int  # 1-based, as Excel shows it
    date: dt.date | None = None
    start: dt.time | None = None
    hours: float | None = None
    coachee: str | None = None
    texts: dict[str, str] = field(default_factory=dict)  # goal, model, actions, reflection ...
    cells: dict[str, str] = field(default_factory=dict)  # field name -> cell ref ("C7")
    paid: bool | None = None
    group: bool | None = None


@dataclass
class Log:
    """A coaching-hours workbook as a list of sessions plus what the reader noticed."""

    sessions: list[Session] = field(default_factory=list)
    sheets: list[str] = field(default_factory=list)  # the sheets read as logs
    skipped_sheets: list[str] = field(default_factory=list)
    text: str = ""  # title blocks and other free text, for unit detection
    extras: dict[str, Any] = field(default_factory=dict)  # reader notes for the LG rules


@dataclass(frozen=True)
class Location:
    section: str | None = None
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None
    sheet: str | None = None
    row: int | None = None
    cell: str | None = None

    def __post_init__(self) -> None:
        # The contract caps location.text at 200 characters (the add-in searches with it).
        if self.text is not None and len(self.text) > 200:
            object.__setattr__(self, "text", self.text[:199].rstrip() + "…")

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def sort_key(self) -> tuple:
        return (
            self.sheet or "",
            self.row if self.row is not None else -1,
            self.paragraph if self.paragraph is not None else -1,
            self.start if self.start is not None else -1,
            self.section or "",
        )


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    message: str
    location: Location = Location()
    suggestions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "location": self.location.to_dict(),
        }
        if self.suggestions:
            out["suggestions"] = list(self.suggestions)
        return out


@dataclass
class FileResult:
    """The file object of the JSON contract."""

    path: str
    kind: str  # "assignment", "log" or "unknown"
    unit: str | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # checklist, notices, sheets ...

    def sort(self) -> None:
        self.findings.sort(key=lambda f: (f.location.sort_key(), f.rule))

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "kind": self.kind,
            "unit": self.unit,
            "stats": self.stats,
            "findings": [f.to_dict() for f in self.findings],
        }
        out.update(self.extra)
        return out
