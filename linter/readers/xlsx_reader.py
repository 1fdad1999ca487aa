"""Read a coaching-hours workbook (.xlsx/.xlsm) into one neutral ``Log``.

Forgiving about layout, strict about the numbers. The header row may sit anywhere in a
sheet's first 30 rows under a title block; headers are matched loosely from
``linter/data/log_headers.toml``; several log sheets (one per coachee is common) are
combined and instructions, summary and lookup sheets are skipped and named. Totals and
subtotal rows are never sessions. Durations are summed as whole seconds, so the hours
are exact to the second whatever mix of "1:30", 1.5, "90 mins" and h:mm cells a log has.

The bulk of the cells is read with python-calamine (Rust; ten times faster than openpyxl
in read-only mode on the same cells, see benchmarks/bench_logs.py). What calamine cannot
say (a formula without a saved value, an error cell) comes from one quick scan of the
sheet's XML bytes, which also bounds the sheet's cell grid before calamine allocates it.

Reader notes for the LG rules go in ``Log.extras`` (one list or dict per key):

- ``sheet_info``: sheet -> header_row, columns {field: letter}, headers {field: text},
  duration_unit, minutes_by_magnitude, coachee_source, derived_duration, hidden
- ``skipped``: [{sheet, reason}]: sheets not read as logs and why
- ``unreadable``: [{sheet or None, message}]: the workbook or a log sheet (LG613)
- ``cell_problems``: [{sheet, row, cell, field, value, problem}]: LG603/LG604
- ``ambiguous_dates``: [{sheet, row, cell, value, day_first, month_first}] (LG604)
- ``uncached``: [{sheet, row, cell, field}]: formulas with no saved value (LG611)
- ``totals``: [{sheet, row, cell, label, kind, scope, seconds, wraps, shown}] (LG610);
  scope "rows" (a totals row), "sheet" (a cell in a log sheet's title block) or
  "workbook" (a cell on a summary sheet)
- ``paid_split``: {"sheet!row": paid seconds} for rows with both paid and pro bono hours
- ``examples``: [{sheet, row}]: the template's example rows, skipped
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import re
from collections.abc import Iterator, Mapping
from itertools import islice, pairwise
from statistics import median
from typing import Any

from ..model import Log, Session
from .errors import UnreadableFile
from .xlsx_cells import (
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
    find_header,
    header_words,
    is_example,
    read_header,
    sheet_is_not_log,
    sheet_names_coachee,
    total_label,
    total_states_hours,
)

_DATE = dt.date
MAX_GRID_CELLS = 8_000_000  # a sheet's bounding box; calamine allocates it densely
MAX_TEXT_CHARS = 20_000  # Log.text, for unit detection
MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def read_xlsx(data: bytes, package: Any = None) -> Log:
    """The workbook as a ``Log``. Raises ``UnreadableFile`` only for what the container
    refuses (the api reports it as FL900); everything else becomes a reader note."""
    if package is None:
        from .container import open_package

        package = open_package(data, "log.xlsx")
    # Hundreds of thousands of sessions and no reference cycles: the cyclic collector
    # would rescan them again and again (10.6 s instead of 3.9 s for 200,000 rows).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _Reader(data, package).read()
    finally:
        if enabled:
            gc.enable()


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


# -- the XML scan ------------------------------------------------------------------------

_ROW_REF = re.compile(rb'<row r="(\d+)"')
_COL_REF = re.compile(rb'<c r="([A-Z]{1,3})')
_ANY_ROW = re.compile(rb'<(?:[\w.-]+:)?row\b[^>]*?\br="(\d+)"')
_ANY_COL = re.compile(rb'<(?:[\w.-]+:)?c\b[^>]*?\br="([A-Z]{1,3})\d')
_ERROR_CELL = re.compile(
    rb'<(?:[\w.-]+:)?c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?\bt="e"[^>]*>\s*'
    rb"(?:<(?:[\w.-]+:)?f\b[^>]*?(?:/>|>[^<]*</(?:[\w.-]+:)?f>)\s*)?"
    rb"<(?:[\w.-]+:)?v>([^<]{1,20})<"
)


def _formula_pattern(prefix: bytes) -> re.Pattern:
    p = re.escape(prefix)
    return re.compile(
        rb"<"
        + p
        + rb'c\b[^>]*?\br="([A-Z]+\d+)"[^>]*>\s*<'
        + p
        + rb"f\b[^>]*?(?:/>|>[^<]*</"
        + p
        + rb"f>)\s*(<"
        + p
        + rb"v>([^<]*)</"
        + p
        + rb"v>)?"
    )


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def scan_sheet_xml(xml: bytes) -> tuple[int, set[str], dict[str, str]]:
    """``(grid cells, uncached formula refs, error refs)`` from a sheet's raw XML."""
    head = xml[:2048]
    match = re.search(rb"<([\w.-]+:)?worksheet\b", head)
    prefix = match.group(1) or b"" if match else b""
    grid = _quick_grid(xml, prefix)
    if grid > MAX_GRID_CELLS:  # often rows formatted to the sheet's end: count valued cells
        grid = _valued_grid(xml, grid)
    uncached: set[str] = set()
    if b"<" + prefix + b"f" in xml:
        for ref, v_element, v_text in _formula_pattern(prefix).findall(xml):
            if not v_element or not v_text.strip():
                uncached.add(ref.decode("ascii"))
    errors: dict[str, str] = {}
    if b't="e"' in xml:
        errors = {
            r.decode("ascii"): v.decode("utf-8", "replace") for r, v in _ERROR_CELL.findall(xml)
        }
    return grid, uncached, errors


def _quick_grid(xml: bytes, prefix: bytes) -> int:
    """An over-estimate of the grid from every row and cell reference."""
    if not prefix and b'<row r="' in xml:
        rows = [int(r) for r in _ROW_REF.findall(xml)]
        cols = set(_COL_REF.findall(xml))
    else:
        rows = [int(r) for r in _ANY_ROW.findall(xml)]
        cols = set(_ANY_COL.findall(xml))
    rows_span = max(max(rows) - min(rows) + 1, len(rows)) if rows else xml.count(b"row") // 2 + 1
    if cols:
        numbers = [_col_number(c) for c in cols]
        cols_span = max(numbers) - min(numbers) + 1
    else:
        cols_span = 1
    if cols and xml.count(b"<c") > len(rows) * cols_span * 2 + 16:
        cols_span = 16384  # cells without references: cannot bound them cheaply
    return rows_span * cols_span


_VALUED = re.compile(rb'<(?:[\w.-]+:)?c\s[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>/]*>')
_NO_REF = re.compile(rb"<(?:[\w.-]+:)?c(?:>|\s(?![^>]*\br=)[^>]*>)")


def _valued_grid(xml: bytes, quick: int) -> int:
    """The grid of the cells that hold something (calamine skips empty styled cells)."""
    if _NO_REF.search(xml):
        return quick  # cells placed by position: keep the safe over-estimate
    found = _VALUED.findall(xml)
    if not found:
        return 1
    rows = [int(r) for _, r in found]
    cols = [_col_number(c) for c in {c for c, _ in found}]
    return (max(rows) - min(rows) + 1) * (max(cols) - min(cols) + 1)


# -- the reader --------------------------------------------------------------------------


def _is_fatal(exc: BaseException) -> bool:
    return isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError))


class _Reader:
    def __init__(self, data: bytes, package: Any) -> None:
        self.data = data
        self.package = package
        self.log = Log()
        self.extras = self.log.extras
        for key in (
            "skipped",
            "unreadable",
            "cell_problems",
            "ambiguous_dates",
            "uncached",
            "totals",
            "examples",
        ):
            self.extras[key] = []
        self.extras["sheet_info"] = {}
        self.extras["paid_split"] = {}
        self.text: list[str] = []
        self.strings: dict[str, str] = {}  # one object per distinct text, for memory
        self.date1904 = False
        self.parts: dict[str, str] = {}

    # -- workbook level ------------------------------------------------------------------

    def read(self) -> Log:
        try:
            self._read_workbook_part()
        except UnreadableFile:
            raise
        except Exception:  # a workbook.xml we cannot map: calamine may still read it
            pass
        try:
            from python_calamine import CalamineWorkbook

            book = CalamineWorkbook.from_filelike(io.BytesIO(self.data))
            metas = list(book.sheets_metadata)
        except BaseException as exc:
            if _is_fatal(exc):
                raise
            self._explain_failure()  # an entity attack or broken XML: FL900 says which
            self._unreadable(
                None,
                f"The workbook cannot be read ({_reason(exc)}): open it in "
                "Excel, check it shows your log, and save it again as .xlsx.",
            )
            return self._finish()
        for meta in metas:
            name = str(meta.name)
            self.text.append(name)
            if "WorkSheet" not in str(meta.typ):
                self._skip(name, "a chart or dialog sheet, not a table")
                continue
            hidden = "Hidden" in str(meta.visible)
            self._read_sheet(book, name, hidden)
        return self._finish()

    def _read_workbook_part(self) -> None:
        main = getattr(self.package, "main", "") or "xl/workbook.xml"
        root = self.package.parse(main)
        pr = root.find(MAIN_NS + "workbookPr")
        if pr is not None and (pr.get("date1904") or "").lower() in ("1", "true"):
            self.date1904 = True
        rels = self.package.rels(main)
        for sheet in root.iter(MAIN_NS + "sheet"):
            rel = rels.get(sheet.get(REL_NS + "id") or "")
            if rel and not rel[2]:
                self.parts[sheet.get("name") or ""] = rel[1]
        if self.package.has("docProps/core.xml"):
            core = self.package.parse("docProps/core.xml")
            for el in core.iter():
                tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
                if tag in ("title", "subject") and el.text and el.text.strip():
                    self.text.append(el.text.strip()[:300])

    def _explain_failure(self) -> None:
        """Parse the workbook's XML parts safely, so a hostile or broken one raises
        UnreadableFile with the container's own message."""
        names = [
            n
            for n in getattr(self.package, "names", [])
            if n.lower().endswith((".xml", ".rels")) and not n.lower().startswith("docprops")
        ]
        for name in names[:200]:
            try:
                self.package.parse(name)
            except UnreadableFile:
                raise
            except Exception:
                continue

    def _finish(self) -> Log:
        text = "\n".join(t for t in self.text if t)
        self.log.text = text[:MAX_TEXT_CHARS]
        return self.log

    def _skip(self, sheet: str, reason: str) -> None:
        self.log.skipped_sheets.append(sheet)
        self.extras["skipped"].append({"sheet": sheet, "reason": reason})

    def _unreadable(self, sheet: str | None, message: str) -> None:
        self.extras["unreadable"].append({"sheet": sheet, "message": message})

    # -- one sheet -----------------------------------------------------------------------

    def _scan(self, name: str) -> tuple[int, set[str], dict[str, str]] | None:
        part = self.parts.get(name)
        if not part or not self.package.has(part):
            return None
        xml = self.package.read(part)  # UnreadableFile (a bomb) goes up to FL900
        if b"<!DOCTYPE" in xml[:4096] or b"<!ENTITY" in xml[:4096]:
            self.package.parse(part)  # refuses entity declarations with the FL900 message
        return scan_sheet_xml(xml)

    def _read_sheet(self, book: Any, name: str, hidden: bool) -> None:
        try:
            scan = self._scan(name)
        except UnreadableFile:
            raise
        except Exception:
            scan = None
        if scan is None:
            scan = (0, set(), {})
        grid, uncached, errors = scan
        if grid > MAX_GRID_CELLS:
            self._unreadable(
                name,
                (
                    f"Sheet '{name}' spreads its cells over about {grid:,} cells (far more than a "
                    "log needs), usually because of stray entries far below or to the right of "
                    "the log: delete the empty rows and columns after your log and save again."
                ),
            )
            self.log.skipped_sheets.append(name)
            return
        try:
            sheet = book.get_sheet_by_name(name)
            start = sheet.start
            rows = sheet.iter_rows()
            first = [list(r) for r in islice(rows, header_words().search_rows)]
        except BaseException as exc:
            if _is_fatal(exc):
                raise
            self._unreadable(
                name,
                f"Sheet '{name}' cannot be read ({_reason(exc)}): open the "
                "workbook in Excel and save it again as .xlsx.",
            )
            self.log.skipped_sheets.append(name)
            return
        if start is None or not any(not is_blank(v) for r in first for v in r):
            self._skip(name, "empty")
            return
        row0, col0 = start
        if sheet_is_not_log(name):
            self._read_other(
                name, first, row0, col0, "not a log (by its name: instructions, summary or lookups)"
            )
            return
        header = find_header(first)
        if header is None:
            self._read_other(
                name,
                first,
                row0,
                col0,
                "no header row with Date, Duration and "
                f"Coachee columns in its first {header_words().search_rows} rows",
            )
            return
        try:
            _SheetReader(self, name, header, row0, col0, uncached, errors, hidden).read(first, rows)
        except BaseException as exc:
            if _is_fatal(exc):
                raise
            self._unreadable(
                name,
                f"Sheet '{name}' stopped reading part way ({_reason(exc)}): "
                "open the workbook in Excel and save it again as .xlsx.",
            )
        self.log.sheets.append(name)

    def _read_other(self, name: str, first: list[list], row0: int, col0: int, reason: str) -> None:
        """A sheet that is not a log: its text helps find the unit; its totals are checked."""
        self._skip(name, reason)
        for r, cells in enumerate(first):
            self.text.extend(as_text(v) for v in cells if isinstance(v, str) and v.strip())
            self._total_cells(name, cells, row0 + r + 1, col0, "workbook", first[:r])

    def _total_cells(
        self, sheet: str, cells: list, row: int, col0: int, scope: str, above: list[list]
    ) -> None:
        """ "Total hours: 14.5" style cells: a label and a figure to its right."""
        for i, value in enumerate(cells):
            kind = total_label(value)
            if kind is None or not total_states_hours(value):
                continue
            figures = [
                (j, v)
                for j, v in enumerate(cells[i + 1 :], i + 1)
                if not is_blank(v) and not isinstance(v, (str, bool))
            ]
            if len(figures) > 1:  # which one is hours? the one under an hours header
                figures = [(j, v) for j, v in figures if _hours_header_above(above, j)]
            if len(figures) != 1:
                continue
            j, figure = figures[0]
            unit = "minutes" if "min" in value.lower() else None
            seconds, _, problem = read_duration(figure, unit, self.date1904)
            if problem or seconds is None:
                continue
            self.extras["totals"].append(
                {
                    "sheet": sheet,
                    "row": row,
                    "cell": f"{column_letter(col0 + j)}{row}",
                    "label": value.strip(),
                    "kind": kind,
                    "scope": scope,
                    "seconds": seconds,
                    "wraps": _wraps(figure),
                    "shown": as_text(figure),
                }
            )
            break

    def intern(self, text: str) -> str:
        return self.strings.setdefault(text, text)


def _hours_header_above(above: list[list], j: int) -> bool:
    for cells in reversed(above):
        if j < len(cells) and isinstance(cells[j], str) and cells[j].strip():
            text = cells[j].lower()
            return "hour" in text or "hrs" in text or "duration" in text or "time" in text
    return False


def _wraps(value: object) -> bool:
    return isinstance(value, dt.datetime) and value.year <= 1904


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


_COACHEE_LABEL = re.compile(
    r"^(?:coachee|client|mentee)(?:'?s)?(?:\s+(?:name|ref|reference|id|code|initials))?"
    r"\s*[:\-–]\s*(.*)$",
    re.IGNORECASE,
)


class _SheetReader:
    """One log sheet: title block, header, session rows, totals rows."""

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
        for v in cells:
            if v != "" and v is not None and not (isinstance(v, str) and v.isspace()):
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
        start_v = cells[self.i_start] if self.i_start is not None and self.i_start < width else None
        if (
            is_blank(date_v)
            and not date_uncached
            and is_blank(dur_v)
            and not dur_uncached
            and not texts
            and is_blank(start_v)
            and not self._extra_hours(cells)
        ):
            return  # a coachee name alone, a row number, a stray note: not a session
        session = Session(self.name, row, texts=texts, cells=RowCells(self.letters, row))  # type: ignore[arg-type]
        i_coachee = self.i_coachee
        coachee_v = cells[i_coachee] if i_coachee is not None and i_coachee < width else None
        if not is_blank(coachee_v):
            text = coachee_v.strip() if isinstance(coachee_v, str) else as_text(coachee_v)
            session.coachee = intern(text, text)
        else:
            session.coachee = self.coachee
        # Fast paths for the usual cells (a real date, a number); the rest is read in full.
        if i_date is not None:
            if type(date_v) is _DATE and MIN_YEAR <= date_v.year <= MAX_YEAR and not date_uncached:
                session.date = date_v
            else:
                self._date(session, date_v, row, date_uncached)
        kind = type(dur_v)
        if (kind is float or kind is int) and not dur_uncached and dur_v == dur_v:
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
        for i in self.label_idx:
            if i < len(cells):
                v = cells[i]
                if isinstance(v, str) and v is not first and v[:1].lower() in "tsgorc":
                    kind = total_label(v)
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
            "wraps": _wraps(value),
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
