"""Describe a coaching-log workbook in a few lines of text; build it as .xlsx bytes.

    ## Log                       a sheet (the first "## " line may be left out: "Log")
    Coaching hours log 8580-501  a line without "|" is one cell in column A (title block)
    ~                            an empty row
    | Date | Coachee | Duration (hrs) | Reflection |     a row of cells
    | d:2025-03-12 | Client A | 1.5 | @words 20 |
    @rows 8 coachees=3 hours=1.5 from=2025-01-06          session rows under the header
    | Total | | =SUM(C4:C11) -> 12 |                     a formula with a saved value

Cell forms: a number is a number; ``d:2025-03-12`` a real date (dd/mm/yyyy);
``dt:2025-03-12 10:00`` a date-time; ``t:1:30`` a time formatted h:mm; ``td:26:30`` a
duration formatted [h]:mm; ``hm:1.1`` a number of days formatted h:mm (wraps at 24 h);
``=FORMULA`` a formula with no saved value; ``=FORMULA -> 4.5`` one with a saved value;
``'text`` forces text; ``@words N`` N words of reflective prose; ``b:true`` a boolean;
``e:#DIV/0!`` an error cell with a saved error value.

``@rows N`` fills N rows under the last header: dates a week apart from ``from``,
coachees ``Client A``, ``Client B`` ... (``coachees=K``, or ``coachee=NAME``), durations
``hours=H`` (written as ``fmt=decimal|hm|mins|text``), reflections of ``words=W``
words, goals, models and actions, paid ``paid=yes|no``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl

PROSE = (  # noqa: SIM905
    "I noticed that I held the silence well and the coachee found her own options; next "
    "time I will contract more clearly at the start and check the goal again before we "
    "move to options because the reality stage felt rushed today and I want to slow down"
).split()


def words(n: int) -> str:
    return " ".join((PROSE * (n // len(PROSE) + 1))[:n])


def _cell(text: str):
    text = text.strip()
    if text == "":
        return None
    if text.startswith("'"):
        return text[1:]
    if text.startswith("@words "):
        return words(int(text.split()[1]))
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d*\.\d+", text):
        return float(text)
    prefix, _, rest = text.partition(":")
    if prefix == "d" and rest:
        return ("date", dt.date.fromisoformat(rest.strip()))
    if prefix == "dt" and rest:
        return ("datetime", dt.datetime.fromisoformat(rest.strip()))
    if prefix == "t" and rest:
        h, m = rest.strip().split(":")
        return ("time", dt.time(int(h), int(m)))
    if prefix == "td" and rest:
        h, m = rest.strip().split(":")
        return ("timedelta", dt.timedelta(hours=int(h), minutes=int(m)))
    if prefix == "hm" and rest:
        return ("hm", float(rest))
    if prefix == "b" and rest:
        return rest.strip().lower() == "true"
    if prefix == "e" and rest:
        return ("error", rest.strip())
    if text.startswith("="):
        formula, arrow, cached = text.partition("->")
        return ("formula", formula.strip(), cached.strip() if arrow else None)
    return text


def _header_fields(header: list) -> list[str | None]:
    from linter.readers.xlsx_layout import match_header

    out = []
    for value in header:
        hit = match_header(value) if isinstance(value, str) else None
        out.append(hit[0] if hit else None)
    return out


def _generated_rows(spec: str, header: list) -> list[list]:
    parts = spec.split()
    n = int(parts[1])
    opts = dict(p.split("=", 1) for p in parts[2:])
    fields = _header_fields(header)
    start = dt.date.fromisoformat(opts.get("from", "2025-01-06"))
    coachees = int(opts.get("coachees", 3))
    hours = float(opts.get("hours", 1.5))
    fmt = opts.get("fmt", "decimal")
    rows = []
    for i in range(n):
        row: list = []
        for field in fields:
            if field == "date":
                row.append(("date", start + dt.timedelta(days=7 * i)))
            elif field == "coachee":
                row.append(opts.get("coachee", f"Client {chr(65 + i % coachees)}"))
            elif field == "duration":
                if fmt == "hm":
                    row.append(("time", dt.time(int(hours), round(hours % 1 * 60))))
                elif fmt == "mins":
                    row.append(round(hours * 60))
                elif fmt == "text":
                    row.append(f"{int(hours)}h {round(hours % 1 * 60)}m")
                else:
                    row.append(hours)
            elif field == "reflection":
                row.append(words(int(opts.get("words", 20))))
            elif field == "goal":
                row.append("To plan how to delegate the monthly report to the team")
            elif field == "model":
                row.append("GROW")
            elif field == "actions":
                row.append("Coachee will draft a delegation plan by Friday")
            elif field == "feedback":
                row.append("Found the questions helpful and left with a clear plan")
            elif field == "paid":
                row.append(opts.get("paid", "Paid"))
            else:
                row.append(None)
        rows.append(row)
    return rows


def parse(description: str) -> list[tuple[str, list[list]]]:
    sheets: list[tuple[str, list[list]]] = []
    current: list[list] | None = None
    header: list = []
    for raw in description.strip("\n").splitlines():
        line = raw.strip()
        if line.startswith("## "):
            current = []
            header = []
            sheets.append((line[3:].strip(), current))
            continue
        if current is None:
            current = []
            sheets.append(("Log", current))
        if not line:
            continue
        if line == "~":
            current.append([])
        elif line.startswith("@rows"):
            current.extend(_generated_rows(line, header))
        elif "|" in line:
            cells = [_cell(c) for c in line.strip().strip("|").split("|")]
            if not header and sum(f is not None for f in _header_fields(cells)) >= 2:
                header = cells
            current.append(cells)
        else:
            current.append([_cell(line)])
    return sheets


def build_xlsx(description: str) -> bytes:
    """The workbook described, as .xlsx bytes (formulas keep their saved values)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    cached: dict[tuple[str, str], str] = {}
    for index, (name, rows) in enumerate(parse(description)):
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is None:
                    continue
                cell = ws.cell(r, c)
                if isinstance(value, tuple):
                    kind = value[0]
                    if kind == "date":
                        cell.value, cell.number_format = value[1], "dd/mm/yyyy"
                    elif kind == "datetime":
                        cell.value, cell.number_format = value[1], "dd/mm/yyyy hh:mm"
                    elif kind == "time":
                        cell.value, cell.number_format = value[1], "h:mm"
                    elif kind == "timedelta":
                        cell.value, cell.number_format = value[1], "[h]:mm"
                    elif kind == "hm":
                        cell.value, cell.number_format = value[1], "h:mm"
                    elif kind == "error":
                        cell.value = "=1/0"
                        cached[(f"sheet{index + 1}", cell.coordinate)] = ("e", value[1])
                    elif kind == "formula":
                        cell.value = value[1]
                        if value[2] is not None:
                            cached[(f"sheet{index + 1}", cell.coordinate)] = ("n", value[2])
                else:
                    cell.value = value
    out = io.BytesIO()
    wb.save(out)
    data = out.getvalue()
    return _with_cached_values(data, cached) if cached else data


def _with_cached_values(data: bytes, cached: dict) -> bytes:
    """openpyxl never saves a formula's value; write the given ones into the XML."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            match = re.fullmatch(r"xl/worksheets/(sheet\d+)\.xml", info.filename)
            if match:
                for (sheet, ref), (kind, value) in cached.items():
                    if sheet != match.group(1):
                        continue
                    pattern = re.compile(
                        rb'<c r="' + ref.encode() + rb'"([^>]*)>(<f>[^<]*</f>)<v\s*/?>(?:</v>)?'
                    )
                    t = b' t="e"' if kind == "e" else b""
                    body = pattern.sub(
                        lambda m, t=t, v=value, ref=ref: (
                            b'<c r="'
                            + ref.encode()
                            + b'"'
                            + m.group(1)
                            + t
                            + b">"
                            + m.group(2)
                            + b"<v>"
                            + v.encode()
                            + b"</v>"
                        ),
                        body,
                    )
            dst.writestr(info, body)
    return out.getvalue()


def big_log_xlsx(rows: int, reflection_words: int = 20) -> bytes:
    """A plain log of ``rows`` sessions, written straight as XML with a shared string
    table as Excel writes it (openpyxl is too slow for 100,000 rows): title row, header, then Date (a real date), Coachee, Duration
    (hrs), Session goal, Model used, Actions agreed, Reflection. Each row is 1.25 hours
    apart from every seventh, which is 0.75, so the total is known exactly."""
    header = [
        "Date",
        "Coachee",
        "Duration (hrs)",
        "Session goal",
        "Model used",
        "Actions agreed",
        "Reflection",
    ]

    strings: dict[str, int] = {}  # the shared string table, as Excel writes it

    def text(ref: str, value: str) -> str:
        index = strings.setdefault(value, len(strings))
        return f'<c r="{ref}" t="s"><v>{index}</v></c>'

    parts = ['<row r="1">' + text("A1", "Coaching hours log ILM 8580-501") + "</row>"]
    parts.append(
        '<row r="3">' + "".join(text(f"{chr(65 + i)}3", h) for i, h in enumerate(header)) + "</row>"
    )
    base = (dt.date(2001, 1, 8) - dt.date(1899, 12, 30)).days
    n = len(PROSE)
    for i in range(rows):
        r = i + 4
        hours = "0.75" if i % 7 == 6 else "1.25"
        k = (i * 7919) % n  # a different window of prose on each row, as real notes differ
        reflection = " ".join((PROSE + PROSE)[k : k + min(reflection_words, n)])
        parts.append(
            f'<row r="{r}"><c r="A{r}" s="1"><v>{base + i // 26 % 8000}</v></c>'
            + text(f"B{r}", f"Client {chr(65 + i % 26)}")
            + f'<c r="C{r}"><v>{hours}</v></c>'
            + text(f"D{r}", f"Goal {i * 31 % 997}: plan how to delegate report {i}")
            + text(f"E{r}", "GROW")
            + text(f"F{r}", f"Draft plan {i} by {i % 28 + 1}/{i % 12 + 1}")
            + text(f"G{r}", f"{reflection} ({i})")
            + "</row>"
        )
    shared = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{value}</t></si>" for value in strings)
        + "</sst>"
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + "".join(parts) + "</sheetData></worksheet>"
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Log" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
            "</cellXfs>"
            "</styleSheet>"
        ),
        "xl/worksheets/sheet1.xml": sheet,
        "xl/sharedStrings.xml": shared,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            z.writestr(name, body)
    return out.getvalue()


def big_log_hours(rows: int) -> float:
    """The exact total of ``big_log_xlsx(rows)``."""
    short = rows // 7
    return short * 0.75 + (rows - short) * 1.25
