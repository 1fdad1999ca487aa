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
sheet's XML bytes, which also bounds the sheet's cell grid before calamine allocates it
(``xlsx_scan.py``). Each log sheet is read by ``xlsx_sheet.SheetReader``; this module
chooses the sheets, runs the scan and puts the workbook together.

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

import gc
import io
from itertools import islice
from typing import Any

from ..model import Log
from .errors import UnreadableFile
from .xlsx_cells import (
    as_text,
    is_blank,
    read_duration,
)
from .xlsx_layout import (
    find_header,
    header_words,
    sheet_is_not_log,
    total_label,
    total_states_hours,
)
from .xlsx_scan import MAX_GRID_CELLS, scan_sheet_xml
from .xlsx_sheet import (
    SheetReader,
    column_letter,
    error_text,
    hours_header_above,
    is_wrapped_time,
)

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
                f"The workbook cannot be read ({error_text(exc)}): open it in "
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
                f"Sheet '{name}' cannot be read ({error_text(exc)}): open the "
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
            SheetReader(self, name, header, row0, col0, uncached, errors, hidden).read(first, rows)
        except BaseException as exc:
            if _is_fatal(exc):
                raise
            self._unreadable(
                name,
                f"Sheet '{name}' stopped reading part way ({error_text(exc)}): "
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
                figures = [(j, v) for j, v in figures if hours_header_above(above, j)]
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
                    "wraps": is_wrapped_time(figure),
                    "shown": as_text(figure),
                }
            )
            break

    def intern(self, text: str) -> str:
        return self.strings.setdefault(text, text)
