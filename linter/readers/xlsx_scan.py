"""What calamine does not show, read from the worksheet XML in one regex pass:
formulas with no cached value, error cells, and the grid size before calamine
allocates it (a sheet with cells at A1 and XFD1048576 would ask for 17 billion)."""

from __future__ import annotations

import re

MAX_GRID_CELLS = 8_000_000  # a sheet's bounding box; calamine allocates it densely


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
