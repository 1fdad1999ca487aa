"""The coaching-log reader, stats, summary and bad input (issue 4).

The LG rules' must-fire / must-not-fire cases are in tests/cases/LG.toml; this file
tests what sits around them: layouts the reader must understand, exact hours, reader
notes, hostile and broken files, every real-world workbook, memory on a 200,000-row log.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest
from docbuilder import rewrite_parts
from hypothesis import given, settings
from hypothesis import strategies as st
from logbuilder import big_log_hours, big_log_xlsx, build_xlsx

from linter.analysis.context import LintOptions, LogContext
from linter.api import lint_bytes
from linter.readers.xlsx_cells import read_date, read_duration
from linter.readers.xlsx_reader import read_xlsx, scan_sheet_xml
from linter.registry import get_rule
from linter.reporters.log_summary import format_log_summary
from linter.rules.logs import log_stats
from linter.units import Unit

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
SAMPLES = Path(__file__).resolve().parents[1] / "sample_docs" / "logs"
TODAY = dt.date(2026, 11, 22)


def lint(description: str | bytes, unit: str | None = None, name: str = "log.xlsx"):
    data = build_xlsx(description) if isinstance(description, str) else description
    return lint_bytes(data, name, LintOptions(unit=unit, today=TODAY))


def codes(result) -> list[str]:
    return [f.rule for f in result.findings]


# -- cells -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "seconds"),
    [
        (1.5, None, 5400),
        (90, "minutes", 5400),
        ("1:30", None, 5400),
        ("1:30:00", None, 5400),
        (dt.time(1, 30), None, 5400),
        (dt.timedelta(hours=26, minutes=30), None, 95400),
        (dt.datetime(1900, 1, 1, 2, 30), None, 95400),  # an h:mm cell past 24 hours
        ("1h 30m", None, 5400),
        ("1h30m", None, 5400),
        ("1 hr 30 mins", None, 5400),
        ("1 hour and 30 minutes", None, 5400),
        ("90 mins", None, 5400),
        ("90 minutes", None, 5400),
        ("1.5 hours", None, 5400),
        ("1.5hrs", None, 5400),
        ("1,5", None, 5400),
        ("1½ hours", None, 5400),
        ("half an hour", None, 1800),
        ("10:00-11:30", None, 5400),
        ("10am - 11.30am", None, 5400),
        ("45", "minutes", 2700),
    ],
)
def test_durations_read(value, unit, seconds) -> None:
    got, _, problem = read_duration(value, unit)
    assert problem is None and got == seconds


@pytest.mark.parametrize(
    "value", ["about an hour", "1-2 hrs", "#VALUE!", True, dt.date(2025, 1, 1)]
)
def test_durations_refused(value) -> None:
    got, _, problem = read_duration(value, None)
    assert got is None and problem


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("12/03/2025", dt.date(2025, 3, 12)),
        ("12-3-25", dt.date(2025, 3, 12)),
        ("12.03.2025", dt.date(2025, 3, 12)),
        ("2025-03-12", dt.date(2025, 3, 12)),
        ("12 March 2025", dt.date(2025, 3, 12)),
        ("Wed 12th Mar 2025", dt.date(2025, 3, 12)),
        ("March 12, 2025", dt.date(2025, 3, 12)),
        (dt.datetime(2025, 3, 12, 10, 0), dt.date(2025, 3, 12)),
        (45728.0, dt.date(2025, 3, 12)),  # a serial number left unformatted
    ],
)
def test_dates_read_day_first(value, day) -> None:
    got, problem, _ = read_date(value)
    assert problem is None and got == day


def test_ambiguous_text_date_offers_the_other_reading() -> None:
    assert read_date("03/04/2025") == (dt.date(2025, 4, 3), None, dt.date(2025, 3, 4))
    assert read_date("03/25/2025")[1] and "month-first" in read_date("03/25/2025")[1]


# -- layouts ---------------------------------------------------------------------------


def test_title_block_header_row_and_text_for_unit_detection() -> None:
    log = read_xlsx(
        build_xlsx("""
## Coaching record
ILM Level 7 Diploma D7.04 - coaching log
Learner: A. Learner
~
| Date of session | Client ref | Time spent | Reflective notes |
@rows 3 hours=1.25
""")
    )
    assert log.sheets == ["Coaching record"]
    assert "D7.04" in log.text and "Coaching record" in log.text
    info = log.extras["sheet_info"]["Coaching record"]
    assert info["header_row"] == 4 and info["columns"]["duration"] == "C"
    assert [s.row for s in log.sessions] == [5, 6, 7]
    assert log.sessions[0].cells["duration"] == "C5"
    assert log_stats(log)["hours"] == 3.75


def test_label_value_cells_in_the_title_block_are_not_a_header() -> None:
    log = read_xlsx(
        build_xlsx("""
Coachee: Client A | Date: March 2025
| Date | Hours |
@rows 2 hours=1.5
""")
    )
    assert log.extras["sheet_info"]["Log"]["header_row"] == 2
    assert [s.coachee for s in log.sessions] == ["Client A", "Client A"]


def test_minutes_by_header_and_by_magnitude() -> None:
    by_header = read_xlsx(build_xlsx("| Date | Coachee | Length (mins) |\n@rows 2 fmt=mins"))
    by_size = read_xlsx(build_xlsx("| Date | Coachee | Duration |\n@rows 2 fmt=mins"))
    hours_header = read_xlsx(build_xlsx("| Date | Coachee | Hours |\n@rows 2 hours=1.5"))
    assert [s.hours for s in by_header.sessions] == [1.5, 1.5]
    assert [s.hours for s in by_size.sessions] == [1.5, 1.5]
    assert by_size.extras["sheet_info"]["Log"]["minutes_by_magnitude"]
    assert [s.hours for s in hours_header.sessions] == [1.5, 1.5]


def test_sheets_per_coachee_combined_and_other_sheets_skipped() -> None:
    result = lint(
        """
## Read me
How to use this workbook: one sheet per coachee, one row per session.
## Client A
| Date | Duration (hrs) | Reflection |
@rows 2 hours=2
## Client B
| Date | Duration (hrs) | Reflection |
@rows 3 hours=1.5
## Lookups
| Models |
| GROW |
| OSCAR |
## Summary
| Coachee | Hours |
| Client A | 4 |
| Client B | 4.5 |
| Total | 8.5 |
""",
        unit="8580-501",
    )
    assert result.stats["sheets"] == ["Client A", "Client B"]
    assert set(result.stats["skipped_sheets"]) == {"Read me", "Lookups", "Summary"}
    assert result.stats["hours_per_coachee"] == {"Client A": 4.0, "Client B": 4.5}
    assert result.stats["hours"] == 8.5
    assert "LG610" not in codes(result)  # the summary's total agrees
    assert codes(result).count("LG601") == 1  # two coachees of three


def test_totals_and_subtotals_are_never_sessions() -> None:
    log = read_xlsx(
        build_xlsx("""
| Date | Coachee | Duration (hrs) |
| d:2025-01-06 | Client A | 1.5 |
| Sub-total January | | 1.5 |
| d:2025-02-03 | Client B | 2 |
| TOTAL | | =SUM(C2:C4) -> 3.5 |
| Total hours required | | 12 |
""")
    )
    assert len(log.sessions) == 2
    kinds = [(t["kind"], t["seconds"]) for t in log.extras["totals"]]
    assert kinds == [("subtotal", 5400), ("total", 12600)]


def test_repeated_header_and_example_rows_are_skipped() -> None:
    log = read_xlsx(
        build_xlsx("""
| Date | Coachee | Duration (hrs) |
| e.g. 01/01/2025 | Client X | 1 |
@rows 2
| Date | Coachee | Duration (hrs) |
@rows 2
""")
    )
    assert len(log.sessions) == 4
    assert log.extras["examples"] == [{"sheet": "Log", "row": 2}]


def test_paid_and_group_columns_and_icf_paid_hours() -> None:
    log = read_xlsx(
        build_xlsx("""
| Client | Individual/Group | Start date | Paid hours | Pro bono hours |
| Client A | Individual | d:2025-01-06 | 10 | 2 |
| Client B | Group | d:2025-02-03 | | 5 |
| Client C | 1:1 | d:2025-03-03 | 60 | |
""")
    )
    stats = log_stats(log)
    assert stats["hours"] == 77 and stats["paid_hours"] == 70 and stats["group_hours"] == 5
    assert [s.paid for s in log.sessions] == [True, False, True]
    assert [s.group for s in log.sessions] == [False, True, False]
    icf = Unit(
        code="icf-acc",
        title="ICF ACC",
        level=None,
        qualification="ICF",
        kind="credential",
        coaching_hours=100,
        paid_hours=75,
        min_coachees=8,
    )
    ctx = LogContext(log, icf, LintOptions(today=TODAY))
    lg600 = get_rule("LG600")
    messages = [f.message for f in lg600.check(ctx, lg600)]
    assert len(messages) == 2 and "77.00 hours" in messages[0] and "70.00 paid" in messages[1]
    lg608 = get_rule("LG608")
    assert not list(lg608.check(ctx, lg608))  # ICF logs list clients by name for audit


def test_paid_column_flags() -> None:
    log = read_xlsx(
        build_xlsx("""
| Date | Coachee | Duration (hrs) | Paid/Pro bono |
| d:2025-01-06 | Client A | 1.5 | Paid |
| d:2025-01-13 | Client B | 1 | Pro bono |
| d:2025-01-20 | Client C | 2 | £120 |
""")
    )
    assert log_stats(log)["paid_hours"] == 3.5


def test_uncached_formulas_and_error_cells_are_noted() -> None:
    xml = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><f>2+2</f><v>4</v></c>'
        b'<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1"><f t="shared" si="0"/>'
        b"<v></v></c></row></sheetData></worksheet>"
    )
    grid, uncached, errors = scan_sheet_xml(xml)
    assert uncached == {"A1", "D1"} and errors == {"C1": "#DIV/0!"} and grid == 4


def test_exact_hours_to_the_hundredth() -> None:
    # 7 sessions of 1:20 is 9h 20m = 9.333... hours: shown 9.33, never 9.329999
    result = lint("| Date | Coachee | Duration |\n@rows 7 hours=1.3333333333 fmt=hm")
    assert result.stats["hours"] == 9.33
    tenths = lint("| Date | Coachee | Hours |\n@rows 30 hours=0.1")
    assert tenths.stats["hours"] == 3.0  # 30 x 0.1 summed as seconds, not floats


# Rows for the reader's one-step path (a real date and a number of hours) and for every
# way out of it: other date and duration types, blanks, formulas, errors, start, paid and
# group columns, minutes by header and by magnitude, a coachee from the title block.
_ROW_TABLE = [
    """
| Date | Coachee | Duration (hrs) | Reflection | Goal |
| d:2025-01-06 | Client A | 1.5 | @words 20 | Delegate |
| d:2025-01-07 | Client B | 2 | went well | |
| d:2025-01-08 | Client C | 0 | | GROW |
| d:2025-01-08 | Client C | -1.25 | 7 | 3.5 |
| d:1975-01-01 | Client A | 1.25 | | |
| d:2125-01-01 | Client A | 1.25 | | |
| dt:2025-01-08T10:00 | Client C | 1 | | |
| 14/01/2025 | Client A | 1:30 | | |
| 45000 | Client A | 2 | | |
| d:2025-01-09 | | td:1:30 | | |
| d:2025-01-10 | '   | t:1:15 | | |
| d:2025-01-11 | Client A | b:true | | |
| d:2025-01-12 | Client A | 1h 30m | | |
| d:2025-01-13 | Client A | | | |
| | Client A | 1.5 | | |
| d:2025-01-14 | 7 | 1.5 | | |
| d:2025-01-15 | Client A | =1+1 -> 2 | | |
| d:2025-01-16 | Client A | =1+1 | | |
| d:2025-01-17 | Client A | e:#DIV/0! | | |
| =TODAY() | Client A | 1 | | |
| Total | | 20 | | |
| d:2025-01-18 | Client A | 1.5 | | |
""",
    """
Coachee: Client D
| Date | Duration | Start time | Paid/pro bono | Individual/group |
| d:2025-02-03 | 90 | t:10:00 | Paid | Group |
| d:2025-02-04 | 60 | | pro bono | 1:1 |
| d:2025-02-05 | 45 | 10:00 | | |
| d:2025-02-06 | 30 | | | |
""",
    """
## Minutes by magnitude
| Date | Coachee | Duration |
| d:2025-02-03 | Client A | 90 |
| d:2025-02-04 | Client B | 60 |
| d:2025-02-05 | Client C | 45 |
| Total | | 195 |
## Hours by magnitude
| Date | Coachee | Duration |
| d:2025-02-03 | Client A | 1.5 |
| d:2025-02-04 | Client B | 1 |
""",
    """
| Date | Client | Length (mins) | Notes |
| d:2025-03-03 | C1 | 90 | I suggested she go |
| d:2025-03-04 | C2 | 45.5 | |
| 03/04/2025 | C2 | 60 | |
""",
]


@pytest.mark.parametrize("description", _ROW_TABLE)
def test_one_step_rows_read_as_the_full_path_reads_them(description, monkeypatch) -> None:
    from linter.readers.xlsx_sheet import SheetReader

    def read(fast: bool):
        monkeypatch.setattr(SheetReader, "fast_rows", fast)
        log = read_xlsx(build_xlsx(description))
        rows = [
            (s.sheet, s.row, s.date, s.start, s.hours, s.coachee, s.paid, s.group, s.texts, s.cells)
            for s in log.sessions
        ]
        return [(*r[:8], dict(r[8]), dict(r[9])) for r in rows], log.extras, log.text

    fast, full = read(True), read(False)
    assert fast == full
    assert len(fast[0]) >= 3


def test_coachees_told_apart_by_key_however_written() -> None:
    """per_coachee and LG606 look a coachee's key up once per spelling: the figures are
    those of one lookup per session."""
    import re

    from linter.model import Log, Session
    from linter.rules.logs.common import per_coachee

    spellings = ["Client A", "client a ", "CLIENT  A", " Client A", "Client B", "   ", None, "B"]
    day = dt.date(2025, 1, 6)
    sessions = [
        Session("Log", 5 + i, day + dt.timedelta(days=i % 3), None, [1.5, 0.0, -1, None][i % 4])
        for i in range(40)
    ]
    for i, s in enumerate(sessions):
        s.coachee = spellings[i % len(spellings)]
    log = Log(sessions=sessions, sheets=["Log"], extras={"sheet_info": {"Log": {}}})
    expected: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for s in sessions:
        key = re.sub(r"\s+", " ", s.coachee or "").strip().casefold()
        if not key:
            continue
        entry = expected.setdefault(names.setdefault(key, s.coachee.strip()), [0, 0])
        entry[0] += 1
        secs = round(s.hours * 3600) if s.hours is not None else 0
        entry[1] += max(secs, 0)
    assert per_coachee(log) == {k: tuple(v) for k, v in expected.items()}
    ctx = LogContext(log, None, LintOptions())
    rule = get_rule("LG606")
    repeats = [f.location.row for f in rule.check(ctx, rule)]
    seen, want = set(), []
    for s in sessions:
        key = re.sub(r"\s+", " ", s.coachee or "").strip().casefold()
        if not key or s.hours is None:
            continue
        ident = (key, s.date, round(s.hours * 3600))
        if ident in seen:
            want.append(s.row)
        seen.add(ident)
    assert repeats == want and repeats


def test_stats_and_summary_lines() -> None:
    result = lint("""
Coaching log for unit 8580-501
| Date | Coachee | Duration (hrs) | Reflection |
@rows 7 coachees=3 hours=1.5
""")
    assert result.unit == "8580-501"
    stats = result.stats
    assert stats["hours"] == 10.5 and stats["sessions"] == 7 and stats["coachees"] == 3
    assert stats["sheets"] == ["Log"] and stats["required_hours"] == 12
    lines = format_log_summary(result)
    assert lines[0] == "sheets read: Log"
    assert any(line.startswith("Client A") and line.endswith("4.50") for line in lines)
    assert any("10.50  of 12 required (1.50 short)" in line for line in lines)
    assert any("coachees: 3 of 3 required (met)" in line for line in lines)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Rang her on 07700 900123", "a phone number"),
        ("call (0117) 496 0000", "a phone number"),
        ("+44 7700 900123", "a phone number"),
        ("0044 20 7946 0000", "a phone number"),
        ("sent it to j.smith@example.co.uk", "an e-mail address"),
        ("Sarah Jones", "a personal name"),
        ("met with Mohammed O'Connor", "a personal name"),
        ("Goal 123: plan the 2025 budget", None),
        ("Head of Finance", None),
        ("Client A", None),
        ("C1", None),
        ("as Kate Smith (2019) argues", None),
        ("on Monday March 3", None),
        ("Will Power", None),
    ],
)
def test_personal_data(text, what) -> None:
    from linter.rules.logs.privacy import personal_data

    hit = personal_data(text)
    assert (hit[0] if hit else None) == what


# The patterns as first written, look back first: the rewritten ones (literal character
# first, so that re jumps between candidates) must find the same spans.
_PHONE_AS_WRITTEN = (
    r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|0044\s?|\(?0)(?:[1-3]|7|8)\d{1,4}\)?[\s-]?\d{3,4}"
    r"[\s-]?\d{3,4}(?!\d)"
)
_CANDIDATE_AS_WRITTEN = r"\b([A-Z][a-z]{1,14})\s+((?:Mc|Mac|O')?[A-Z][a-zA-Z'’-]{1,25})\b"
_PD_TEXTS = [
    "07700 900123", "0161 496 0000", "020 7946 0000", "+44 7700 900123", "(0117) 496 0000",
    "0044 20 7946 0000", "+44 (0) 20 7946 0000", "+44(0)2079460000", "x07700 900123",
    "+07700900123", "a+447700900123", "_07700 900123", "(+44 7700 900123", "((0117) 496 0000",
    "Tel:07700900123;07700 900 123", "0800 123 4567", "0044 0044 20 7946 0000",
    "Goal 123: plan the 2025 budget", "(0)", "0 0 0", "report 1000 by 10/10",
    "Sarah Jones", "met with Mohammed O'Connor", "as Kate Smith (2019) argues",
    "on Monday March 3", "Will Power", "ÉSarah Jones", "_Sarah Jones", "xSarah Jones",
    "Sarah McDonald", "Anna Lopez-Smith", "SARAH Jones", "Sarah  jones", "I met Sarah\tJones",
    "Goal 1: plan\0GROW\0Draft plan 1 by 2/2\0I noticed Kate Smith said", "Ángel Ruiz",
]  # fmt: skip


@pytest.mark.parametrize("text", _PD_TEXTS)
def test_personal_data_patterns_find_what_they_did(text: str) -> None:
    import re

    from linter.rules.logs.privacy import CANDIDATE, PHONE

    for fast, written in ((PHONE, _PHONE_AS_WRITTEN), (CANDIDATE, _CANDIDATE_AS_WRITTEN)):
        assert [(*m.groups(), m.span()) for m in fast.finditer(text)] == [
            (*m.groups(), m.span()) for m in re.finditer(written, text)
        ], text


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789 +()-_aJxSM'’\t\0Éé", max_size=40))
def test_personal_data_patterns_on_generated_text(text: str) -> None:
    import re

    from linter.rules.logs.privacy import CANDIDATE, PHONE

    for fast, written in ((PHONE, _PHONE_AS_WRITTEN), (CANDIDATE, _CANDIDATE_AS_WRITTEN)):
        assert [m.span() for m in fast.finditer(text)] == [
            m.span() for m in re.finditer(written, text)
        ]


# -- LG612 ---------------------------------------------------------------------------


def test_lg612_runs_the_dr_engine() -> None:
    """One phrase list for logs and assignments: LG612 calls the DR family's engine."""
    from linter.analysis.directive import find_directive
    from linter.rules.logs import text

    assert text.find_directive is find_directive


# -- bad input -------------------------------------------------------------------------


def _ole2() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4088


def _corrupt_zip() -> bytes:
    data = build_xlsx("| Date | Coachee | Hours |\n@rows 3")
    return data[: len(data) // 2]


def _sheet_with_entities() -> bytes:
    data = build_xlsx("| Date | Coachee | Hours |\n@rows 2")
    entities = b'<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><worksheet'
    return rewrite_parts(
        data, {"xl/worksheets/sheet1.xml": lambda body: body.replace(b"<worksheet", entities, 1)}
    )


@pytest.mark.parametrize(
    ("maker", "expect"),
    [
        (lambda: b"", "empty"),
        (_ole2, ".xls"),
        (_corrupt_zip, "damaged"),
        (_sheet_with_entities, "entity"),
        (lambda: (REALWORLD / "xlsx" / "calamine__pass_protected.xlsx").read_bytes(), "password"),
        (lambda: (REALWORLD / "xlsx" / "excelize__encryptAES.xlsx").read_bytes(), "password"),
        (lambda: (REALWORLD / "xlsx" / "poi__poc-xmlbomb.xlsx").read_bytes(), "entity"),
    ],
    ids=[
        "0-byte",
        "legacy-xls",
        "corrupt-zip",
        "entity-bomb-sheet",
        "password-calamine",
        "password-aes",
        "xml-bomb",
    ],
)
def test_bad_input_is_fl900_with_a_clear_message(maker, expect) -> None:
    result = lint(maker())
    assert result.kind == "unknown" and codes(result) == ["FL900"]
    assert expect in result.findings[0].message.lower()


def test_workbook_without_a_log_is_lg613() -> None:
    result = lint("## Budget\n| Item | Cost |\n| Books | 12 |", unit="8580-501")
    assert result.kind == "log" and codes(result) == ["LG613"]
    assert "Budget" in result.findings[0].message


def test_cells_spread_to_xfd_are_refused_before_calamine_allocates() -> None:
    # calamine allocates a sheet's bounding box densely: A1 + XFD1048576 would abort the
    # process. Run in a child so a regression cannot take pytest down with it.
    code = (
        "import sys; sys.path.insert(0, 'tests')\n"
        "from logbuilder import build_xlsx\n"
        "import openpyxl, io\n"
        "wb = openpyxl.Workbook(); ws = wb.active\n"
        "ws['A1'] = 'Date'; ws['B1'] = 'Hours'; ws['A2'] = 1; ws['XFD1048576'] = 'x'\n"
        "out = io.BytesIO(); wb.save(out)\n"
        "from linter.api import lint_bytes\n"
        "r = lint_bytes(out.getvalue(), 'x.xlsx')\n"
        "print([f.rule for f in r.findings])\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "LG613" in done.stdout


def test_formatted_rows_to_the_sheet_end_are_read() -> None:
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" s="0"/><c r="XFD{r}" s="0"/></row>' for r in (1048575, 1048576)
    )
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row>'
        f"{rows}</sheetData></worksheet>"
    ).encode()
    assert scan_sheet_xml(xml)[0] == 1


REALWORLD_XLSX = sorted((REALWORLD / "xlsx").glob("*.xls[xm]")) if REALWORLD.is_dir() else []


@pytest.mark.skipif(not REALWORLD_XLSX, reason="../shared/realworld is not beside the checkout")
@pytest.mark.parametrize("path", REALWORLD_XLSX, ids=[p.name for p in REALWORLD_XLSX])
def test_realworld_workbook_gives_a_result(path: Path) -> None:
    start = time.perf_counter()
    result = lint_bytes(path.read_bytes(), path.name, LintOptions(today=TODAY))
    assert time.perf_counter() - start < 20
    assert result.kind in ("log", "unknown")
    if result.kind == "unknown":
        assert codes(result) == ["FL900"]
    else:
        assert isinstance(result.stats["hours"], float)


# -- scale -----------------------------------------------------------------------------


def test_200000_rows_read_in_bounded_memory() -> None:
    rows = 200_000
    data = big_log_xlsx(rows, reflection_words=8)
    tracemalloc.start()
    try:
        log = read_xlsx(data)
        retained, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(log.sessions) == rows
    assert log_stats(log)["hours"] == big_log_hours(rows)
    # What the reader needs beyond the sessions it returns stays small (one row at a
    # time; Session.cells is computed, not a dict per row), and the whole stays far from
    # what openpyxl's full load would hold.
    assert peak - retained < 96 * 2**20, (peak, retained)
    assert peak < 512 * 2**20, peak


# -- samples ---------------------------------------------------------------------------


SAMPLE_FILES = sorted(SAMPLES.glob("*.xlsx")) if SAMPLES.is_dir() else []


def _expected() -> dict:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    path = SAMPLES / "expected.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


@pytest.mark.skipif(not SAMPLE_FILES, reason="sample_docs/logs not generated yet")
@pytest.mark.parametrize("path", SAMPLE_FILES, ids=[p.name for p in SAMPLE_FILES])
def test_sample_logs_hours_exact_and_faults_found(path: Path) -> None:
    expected = _expected()[path.name]
    unit = expected["unit"] if expected.get("option") else None  # credentials: --unit only
    result = lint_bytes(path.read_bytes(), path.name, LintOptions(unit=unit, today=TODAY))
    assert result.unit == expected["unit"]
    assert result.stats["hours"] == pytest.approx(expected["hours"], abs=0.005)
    found = set(codes(result))
    assert set(expected.get("codes", [])) <= found, (path.name, sorted(found))
    if expected.get("clean"):
        assert not any(f.severity.value == "error" for f in result.findings), result.findings


_HUGE_DIGITS = "9" * 400


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="C5"><v>1E+999</v></c>',  # infinity
        '<c r="C5"><v>1e308</v></c>',  # finite, but not in seconds
        f'<c r="C5" t="inlineStr"><is><t>{_HUGE_DIGITS}</t></is></c>',
        f'<c r="C5" t="inlineStr"><is><t>{_HUGE_DIGITS} hours</t></is></c>',
    ],
)
def test_a_number_too_big_for_a_duration_is_one_bad_cell_not_a_lost_sheet(cell):
    # Once such a cell stopped the whole sheet (LG613, every session lost).
    data = rewrite_parts(
        big_log_xlsx(5),
        {
            "xl/worksheets/sheet1.xml": lambda b: b.replace(
                b'<c r="C5"><v>1.25</v></c>', cell.encode()
            )
        },
    )
    result = lint_bytes(data, "log.xlsx", LintOptions())
    assert result.stats["sessions"] == 5 and result.stats["hours"] == 5.0
    bad = [f for f in result.findings if f.rule in ("LG603", "LG613")]
    assert [(f.rule, f.message) for f in bad] == [
        ("LG603", "Duration C5 holds a number that cannot be read.")
    ]


@pytest.mark.parametrize("value", [1e300, float("inf"), float("-inf"), float("nan"), -1e301])
def test_read_duration_refuses_numbers_without_finite_seconds(value):
    assert read_duration(value, None) == (None, False, "holds a number that cannot be read")
    assert read_duration(value, "minutes")[2] == "holds a number that cannot be read"


def _totals_reference(sessions, totals):
    """LG610's sums as first written (a pass over the sheet per totals row): what the
    prefix sums must equal."""
    from linter.rules.logs.common import counted_seconds

    out = []
    for t in totals:
        mine = [s for s in sessions if s.sheet == t["sheet"]]
        if t["scope"] == "rows":
            above = [s for s in mine if s.row < t["row"]]
            earlier = [
                x["row"]
                for x in totals
                if x["scope"] == "rows" and x["sheet"] == t["sheet"] and x["row"] < t["row"]
            ]
            since = [s for s in above if not earlier or s.row > max(earlier)]
            out.append((counted_seconds(above), counted_seconds(since)))
        else:
            out.append((counted_seconds(mine), counted_seconds(mine)))
    return out


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Log", "Client B"]),
            st.integers(2, 60),
            st.one_of(st.none(), st.floats(-2, 5, allow_nan=False)),
        ),
        max_size=40,
    ),
    st.lists(
        st.tuples(
            st.sampled_from(["Log", "Client B", "Summary"]),
            st.integers(2, 62),
            st.sampled_from(["rows", "sheet"]),
        ),
        max_size=8,
    ),
)
def test_totals_sums_by_prefix_equal_a_pass_per_totals_row(rows, totals):
    from linter.model import Session
    from linter.rules.logs.hours import _SheetSums

    sessions = [Session(sheet, row, hours=hours) for sheet, row, hours in rows]
    entries = [{"sheet": s, "row": r, "scope": scope} for s, r, scope in totals]
    sums = _SheetSums.of(sessions, entries)
    got = []
    for t in entries:
        mine = sums.get(t["sheet"]) or _SheetSums([], [0], [])
        if t["scope"] == "rows":
            got.append(
                (mine.between(None, t["row"]), mine.between(mine.total_before(t["row"]), t["row"]))
            )
        else:
            got.append((mine.all, mine.all))
    assert got == _totals_reference(sessions, entries)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Duration h:mm", "duration"),
        ("Length hh:mm", "duration"),
        ("Time hh:mm", "start"),
        ("Duration hh:mm:ss", "duration"),
        ("Coachee: Client A", None),  # a title block's label and value
        ("Date: March 2026", None),
    ],
)
def test_a_time_format_in_a_header_is_not_a_label_and_value(text, field):
    from linter.readers.xlsx_layout import match_header

    found = match_header(text)
    assert (found[0] if found else None) == field
