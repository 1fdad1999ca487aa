"""Read the paragraph list the Word task pane posts into the neutral ``Document``.

Word on the web cannot hand the add-in the file itself, so the task pane sends what
``Word.run`` gives it for each paragraph of ``body.paragraphs`` (CONTRACT.md, ``POST
/api/lint`` with JSON)::

    {"unit": "8589-700", "paragraphs": [{"text": "...", "style": "Heading 1",
      "styleBuiltIn": "Heading1", "outlineLevel": 1, "isListItem": false,
      "tableNestingLevel": 0}, ...]}

Optional per paragraph: ``listString`` (the rendered list number), ``bold``, and
``tableIndex``/``rowIndex``/``cellIndex`` when the pane knows the cell. Optional at the
top: ``comments`` and ``revisions`` (counts) and ``footnotes``/``endnotes`` (lists of
texts). Anything malformed raises ``ValueError`` with a message saying what and where.
"""

from __future__ import annotations

import re
from typing import Any

from linter.model import Document, Note, Paragraph, TableCell
from linter.readers.text import normalise

MAX_PARAGRAPHS = 100_000
MAX_TEXT = 1_000_000  # characters in one paragraph
MAX_TOTAL_TEXT = 20_000_000  # characters in all paragraphs together
MAX_NOTES = 10_000

_HEADING = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_OUTLINE = re.compile(r"(?:outline)?(?:level)?\s*([1-9]|10)", re.IGNORECASE)
_BODY_TEXT = {"bodytext", "outlinelevelbodytext", "body text"}


def read_paragraphs(payload: dict[str, Any]) -> Document:
    """The task pane's JSON as a Document (``source="paragraphs"``)."""
    if not isinstance(payload, dict):
        raise ValueError("the request body must be a JSON object with a 'paragraphs' list")
    items = payload.get("paragraphs")
    if not isinstance(items, list):
        raise ValueError("'paragraphs' must be a list of paragraph objects")
    if len(items) > MAX_PARAGRAPHS:
        raise ValueError(f"too many paragraphs: {len(items)} (at most {MAX_PARAGRAPHS:,})")
    paragraphs: list[Paragraph] = []
    total = 0
    for index, item in enumerate(items):
        paragraph = _paragraph(index, item)
        total += len(paragraph.text)
        if total > MAX_TOTAL_TEXT:
            raise ValueError(f"the paragraphs hold more than {MAX_TOTAL_TEXT:,} characters")
        paragraphs.append(paragraph)
    notes = _notes(payload, "footnotes", "footnote") + _notes(payload, "endnotes", "endnote")
    return Document(
        paragraphs=paragraphs,
        notes=notes,
        comments=_count(payload, "comments"),
        revisions=_count(payload, "revisions"),
        source="paragraphs",
    )


def _paragraph(index: int, item: Any) -> Paragraph:
    where = f"paragraph {index}"
    if not isinstance(item, dict):
        raise ValueError(f"{where} must be an object, not {type(item).__name__}")
    text = item.get("text")
    if not isinstance(text, str):
        raise ValueError(f"{where}: 'text' must be a string")
    if len(text) > MAX_TEXT:
        raise ValueError(f"{where}: 'text' is longer than {MAX_TEXT:,} characters")
    style = _optional(item, "style", str, where) or ""
    built_in = _optional(item, "styleBuiltIn", str, where) or ""
    list_string = _optional(item, "listString", str, where)
    nesting = _optional(item, "tableNestingLevel", int, where) or 0
    if nesting < 0:
        raise ValueError(f"{where}: 'tableNestingLevel' must be 0 or more")
    cell = None
    if nesting > 0:
        cell = TableCell(
            table=_index(item, "tableIndex", where),
            row=_index(item, "rowIndex", where),
            column=_index(item, "cellIndex", where),
            nesting=nesting,
        )
    list_number = normalise(list_string) if list_string else None
    return Paragraph(
        index=index,
        text=normalise(text),
        style=style,
        heading_level=_heading_level(built_in, style),
        outline_level=_outline_level(item.get("outlineLevel"), where),
        bold=bool(_optional(item, "bold", bool, where)),
        list_number=list_number or None,
        is_list_item=bool(_optional(item, "isListItem", bool, where)),
        cell=cell,
    )


def _optional(item: dict[str, Any], key: str, kind: type, where: str) -> Any:
    value = item.get(key)
    if value is None:
        return None
    # bool is a subclass of int: a flag sent where a number belongs is an error too
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{where}: '{key}' must be {_NAMES[kind]}, not {value!r:.40}")
    return value


_NAMES = {str: "a string", int: "a whole number", bool: "true or false"}


def _index(item: dict[str, Any], key: str, where: str) -> int:
    value = _optional(item, key, int, where)
    return value if value is not None and value >= 0 else -1


def _heading_level(built_in: str, style: str) -> int | None:
    for name in (built_in, style):
        compact = name.strip()
        if compact.lower() == "title":
            return 0
        match = _HEADING.fullmatch(compact)
        if match:
            return int(match[1])
    return None


def _outline_level(value: Any, where: str) -> int | None:
    """Office.js gives 1-9, or 10 / "BodyText" (and "OutlineLevel1" ...) for body text."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"{where}: 'outlineLevel' must be a number from 1 to 10 or a name")
    if isinstance(value, str):
        if value.strip().lower() in _BODY_TEXT:
            return None
        match = _OUTLINE.fullmatch(value.strip())
        if not match:
            raise ValueError(f"{where}: unknown 'outlineLevel' {value!r:.40}")
        value = int(match[1])
    if not 1 <= value <= 10:
        raise ValueError(f"{where}: 'outlineLevel' must be from 1 to 10, not {value}")
    return value if value <= 9 else None


def _count(payload: dict[str, Any], key: str) -> int:
    value = payload.get(key)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"'{key}' must be a count (a whole number, 0 or more)")
    return value


def _notes(payload: dict[str, Any], key: str, kind: str) -> list[Note]:
    value = payload.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or len(value) > MAX_NOTES:
        raise ValueError(f"'{key}' must be a list of at most {MAX_NOTES:,} texts")
    notes = []
    for number, text in enumerate(value):
        if not isinstance(text, str) or len(text) > MAX_TEXT:
            raise ValueError(f"{key} {number} must be a text of at most {MAX_TEXT:,} characters")
        if normalise(text):
            notes.append(Note(kind, normalise(text)))
    return notes
