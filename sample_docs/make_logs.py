#!/usr/bin/env python3
"""Build the sample coaching-hour logs in sample_docs/logs/ (issue 4).

    python sample_docs/make_logs.py [--out DIR] [--no-libreoffice]

Clean logs sit just above each unit's requirement (8580-501, D7.03, 8581-701, 8581-702,
D7.04, and the ICF ACC profile); faulty ones plant named LG faults. ``expected.toml``
beside them gives, per file, the unit, the exact hours and the codes that must be found
(tests/test_logs.py checks it). Coachees and organisations are fictitious.

openpyxl output is made deterministic (fixed zip times and core properties). The sample
marked ``calc`` is saved by LibreOffice Calc (``soffice --headless --convert-to xlsx``),
so the committed file is Calc's own, with its formulas calculated and saved; it is rebuilt
only when its openpyxl source changes, and kept as committed when soffice is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
LOGS = HERE / "logs"
FIXED = dt.datetime(2026, 3, 1, 9, 0)
START = dt.date(2025, 1, 6)

HEADER = [
    "Date",
    "Coachee ref",
    "Duration (hrs)",
    "Session goal",
    "Model used",
    "Actions agreed",
    "Reflection",
    "Coachee feedback",
]
GOALS = [
    "To plan how to hand the monthly report to the team",
    "To prepare for a difficult conversation with a colleague",
    "To decide which development priority to work on first",
    "To find a way to protect time for strategic work",
]
MODELS = ["GROW", "OSCAR", "CLEAR", "TGROW"]
ACTIONS = [
    "Coachee will draft a delegation plan and share it with the team by Friday",
    "Coachee will book the conversation and note what she wants from it",
    "Coachee will list three options and test one before the next session",
    "Coachee will block two mornings a month in his diary",
]
REFLECTIONS = [
    "I held the silence after the options question and the coachee found a route I had not "
    "thought of; next time I will check the goal again before moving on to options.",
    "The reality stage felt rushed, so I slowed down and summarised; the coachee said that "
    "hearing it back helped her see the pattern, which I want to practise more.",
    "I noticed the urge to offer my own experience and instead asked what she had already "
    "tried; her answer opened up the options stage and kept the ownership with her.",
    "Contracting at the start made the session feel safe; I would like to use more scaling "
    "questions in the will stage to test commitment rather than assume it.",
]
FEEDBACK = [
    "Found the questions helpful and left with a clear plan",
    "Said the session gave her space to think it through",
    "Valued the summary and the challenge to his assumption",
]


def session(i: int, coachee: str, hours, day: dt.date | None = None) -> list:
    return [
        day or START + dt.timedelta(days=7 * i),
        coachee,
        hours,
        GOALS[i % len(GOALS)],
        MODELS[i % len(MODELS)],
        ACTIONS[i % len(ACTIONS)],
        REFLECTIONS[i % len(REFLECTIONS)],
        FEEDBACK[i % len(FEEDBACK)],
    ]


def clients(n: int) -> list[str]:
    return [f"Client {chr(65 + k)}" for k in range(n)]


def new_book() -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "ilm-lint samples"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.lastModifiedBy = "ilm-lint samples"
    return wb


def add_log(
    wb,
    name: str,
    title: list[str],
    rows: list[list],
    header=HEADER,
    duration_format: str | None = None,
    total: str | None = None,
) -> None:
    ws = wb.create_sheet(name)
    for line in title:
        ws.append([line])
    if title:
        ws.append([])
    ws.append(header)
    first = ws.max_row + 1
    for row in rows:
        ws.append(row)
        r = ws.max_row
        for c, value in enumerate(row, 1):
            if isinstance(value, dt.date):
                ws.cell(r, c).number_format = "dd/mm/yyyy"
            elif isinstance(value, (dt.time, dt.timedelta)) or (
                duration_format
                and c == header.index(_duration_header(header)) + 1
                and isinstance(value, (int, float))
            ):
                ws.cell(r, c).number_format = duration_format or "h:mm"
    if total:
        col = header.index(_duration_header(header)) + 1
        letter = openpyxl.utils.get_column_letter(col)
        row = [None] * len(header)
        row[0] = "Total"
        row[col - 1] = total.format(col=letter, first=first, last=ws.max_row)
        ws.append(row)
        if duration_format:
            ws.cell(ws.max_row, col).number_format = duration_format
    widths = {"A": 12, "B": 14, "C": 14, "D": 40, "E": 12, "F": 45, "G": 70, "H": 40}
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width


def _duration_header(header: list[str]) -> str:
    return next(
        h for h in header if any(w in h.lower() for w in ("duration", "hours", "length", "time"))
    )


def save(wb) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return normalise_zip(out.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Fixed member times and order, so the same workbook gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(
            src.infolist(), key=lambda i: (i.filename != "[Content_Types].xml", i.filename)
        ):
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time
                stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                body = re.sub(
                    rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\g<2>", body
                )
            dst.writestr(fixed, body)
    return out.getvalue()


# -- the samples -------------------------------------------------------------------------


def clean_8580_501():
    """12.5 hours with three coachees, header under a title block, a static total."""
    wb = new_book()
    names = clients(3)
    hours = [1.5, 1.0, 1.5, 1.5, 1.0, 1.5, 1.25, 1.0, 1.25, 1.0]  # 12.5
    rows = [session(i, names[i % 3], h) for i, h in enumerate(hours)]
    add_log(
        wb,
        "Coaching log",
        ["ILM Level 5 Certificate in Coaching and Mentoring", "Unit 8580-501: coaching log"],
        rows,
    )
    wb["Coaching log"].append(["Total", None, 12.5])
    return save(wb), {"unit": "8580-501", "hours": 12.5, "clean": True}


def clean_d7_03():
    """12.25 hours, one sheet per coachee, minutes, an instructions sheet."""
    wb = new_book()
    info = wb.create_sheet("Instructions")
    info.append(
        [
            "ILM Level 7 D7.03 coaching log: use one sheet per coachee and record "
            "each session's length in minutes."
        ]
    )
    header = [
        "Date",
        "Length (mins)",
        "Session goal",
        "Model used",
        "Actions agreed",
        "Reflection",
        "Coachee feedback",
    ]
    minutes = {
        "Client A": [60, 75, 60, 60],
        "Client B": [90, 60, 45, 60],
        "Client C": [60, 60, 45, 60],
    }  # 735 minutes = 12.25 hours
    i = 0
    for name, lengths in minutes.items():
        rows = []
        for m in lengths:
            row = session(i, name, m)
            rows.append([row[0], m, *row[3:]])
            i += 1
        add_log(wb, name, [f"Coachee: {name}"], rows, header=header)
    return save(wb), {"unit": "D7.02+D7.03", "hours": 12.25, "clean": True}


def clean_8581_701():
    """21 hours as h:mm times."""
    wb = new_book()
    names = clients(4)
    lengths = [dt.time(1, 30), dt.time(1, 15), dt.time(1, 0), dt.time(1, 30)] * 4  # 21.0
    rows = [session(i, names[i % 4], t) for i, t in enumerate(lengths)]
    header = ["Date", "Client", "Duration (h:mm)", *HEADER[3:]]
    add_log(
        wb,
        "Log",
        ["ILM Level 7 Certificate in Executive Coaching and Mentoring", "8581-701 coaching hours"],
        rows,
        header=header,
    )
    total = sum((t.hour * 60 + t.minute for t in lengths), 0) / 60
    return save(wb), {"unit": "8581-701", "hours": round(total, 2), "clean": True}


def clean_8581_702():
    """100.5 hours, mixed duration forms a learner really types."""
    wb = new_book()
    names = clients(6)
    forms = ["1.5", "1:30", "1h 30m", "90 mins", 1.5]
    rows = [
        session(i, names[i % 6], forms[i % len(forms)], START + dt.timedelta(days=3 * i))
        for i in range(67)
    ]  # 100.5
    add_log(
        wb,
        "Sessions",
        ["8581-702 Diploma in Executive Coaching and Mentoring - log"],
        rows,
        header=["Date", "Coachee", "Time spent", *HEADER[3:]],
    )
    return save(wb), {"unit": "8581-702", "hours": 100.5, "clean": True}


def clean_d7_04_calc():
    """125.5 hours over 84 sessions with a SUM total: saved by LibreOffice Calc."""
    wb = new_book()
    names = clients(8)
    hours = [1.5] * 83 + [1.0]  # 125.5
    rows = [
        session(i, names[i % 8], h, START + dt.timedelta(days=4 * i)) for i, h in enumerate(hours)
    ]
    add_log(
        wb,
        "Coaching hours",
        ["ILM Level 7 Diploma for Professional Executive Coaches", "D7.04 coaching log"],
        rows,
        total="=SUM({col}{first}:{col}{last})",
    )
    return save(wb), {"unit": "D7.04", "hours": 125.5, "clean": True, "calc": True}


def clean_icf_acc():
    """ICF ACC: 101 hours, 76 paid, 8 clients (the profile is chosen with --unit)."""
    wb = new_book()
    header = [
        "Client",
        "Contact",
        "Individual/Group",
        "Start date",
        "End date",
        "Paid hours",
        "Pro bono hours",
    ]
    paid = [10, 9.5, 9, 9.5, 10, 9, 9.5, 9.5]  # 76
    free = [3, 3, 3, 3, 4, 3, 3, 3]  # 25
    ws = wb.create_sheet("Client coaching log")
    ws.append(["ICF ACC client coaching log"])
    ws.append([])
    ws.append(header)
    for k, name in enumerate(clients(8)):
        ws.append(
            [
                name,
                "held by the coach",
                "Individual",
                START + dt.timedelta(days=30 * k),
                START + dt.timedelta(days=30 * k + 180),
                paid[k],
                free[k],
            ]
        )
        ws.cell(ws.max_row, 4).number_format = "dd/mm/yyyy"
        ws.cell(ws.max_row, 5).number_format = "dd/mm/yyyy"
    return save(wb), {"unit": "icf-acc", "option": True, "hours": 101.0, "clean": True}


def faulty_8580_501_practice():
    """Short hours, two coachees, thin reflections, advice, a real name and an e-mail."""
    wb = new_book()
    rows = [session(i, ["Client A", "Client B"][i % 2], 1.5) for i in range(6)]
    rows.append(session(6, "Sarah Jones", 1.5))
    rows[2][5] = "I suggested she speak to her line manager about the workload"
    rows[3][6] = "Went well."
    rows[4][6] = ""
    rows[5][7] = "Sent the notes to s.jones@example.com afterwards"
    add_log(wb, "Log", ["8580-501 coaching log"], rows)
    return save(wb), {
        "unit": "8580-501",
        "hours": 10.5,
        "codes": ["LG600", "LG608", "LG609", "LG612"],
    }


def faulty_8581_701_cells():
    """Cells a learner gets wrong: every cell-level LG fault once."""
    wb = new_book()
    names = clients(4)
    rows = [session(i, names[i % 4], 1.5) for i in range(14)]  # 21 hours before the faults
    rows[1][2] = "about an hour"  # LG603: not counted (19.5)
    rows[3][0] = "03/25/2025"  # LG604: month-first
    rows[5][0] = dt.date(2031, 3, 14)  # LG605: future
    rows[7] = list(rows[6])  # LG606: pasted twice
    rows[9][2] = 6  # LG607: six hours (+4.5: 24)
    rows[11][2] = "=1.5*1"  # LG611: formula never calculated (-1.5: 22.5)
    add_log(wb, "Log", ["8581-701 coaching hours"], rows, total="=SUM({col}{first}:{col}{last})")
    ws = wb["Log"]
    ws.cell(ws.max_row, 3).value = 30  # LG610: a typed total that disagrees
    return save(wb), {
        "unit": "8581-701",
        "hours": 22.5,
        "codes": ["LG603", "LG604", "LG605", "LG606", "LG607", "LG610", "LG611"],
    }


def faulty_d7_04_columns():
    """No coachee or duration column, only a date and notes: LG602 and LG600."""
    wb = new_book()
    ws = wb.create_sheet("Sheet1")
    ws.append(["D7.04 coaching log"])
    ws.append(["Date", "Notes", "Reflection"])
    for i in range(5):
        ws.append([START + dt.timedelta(days=7 * i), GOALS[i % 4], REFLECTIONS[i % 4]])
        ws.cell(ws.max_row, 1).number_format = "dd/mm/yyyy"
    return save(wb), {"unit": "D7.04", "hours": 0.0, "codes": ["LG600", "LG602"]}


def faulty_no_log():
    """A workbook that holds no log (a budget): LG613."""
    wb = new_book()
    ws = wb.create_sheet("Budget 8580-501")
    for row in (["Item", "Cost", "Revenue"], ["Books", 120, 0], ["Room hire", 300, 0]):
        ws.append(row)
    return save(wb), {"unit": "8580-501", "hours": 0.0, "codes": ["LG613"]}


SAMPLES = {
    "clean_8580-501_log.xlsx": clean_8580_501,
    "clean_D7.03_sheet_per_coachee.xlsx": clean_d7_03,
    "clean_8581-701_hmm.xlsx": clean_8581_701,
    "clean_8581-702_mixed_forms.xlsx": clean_8581_702,
    "clean_D7.04_calc.xlsx": clean_d7_04_calc,
    "clean_icf-acc_paid.xlsx": clean_icf_acc,
    "faulty_8580-501_practice.xlsx": faulty_8580_501_practice,
    "faulty_8581-701_cells.xlsx": faulty_8581_701_cells,
    "faulty_D7.04_columns.xlsx": faulty_d7_04_columns,
    "faulty_no_log.xlsx": faulty_no_log,
}


# -- LibreOffice Calc --------------------------------------------------------------------


def calc(data: bytes, name: str, committed: Path) -> bytes | None:
    """``data`` saved by LibreOffice Calc; the committed file when its source is unchanged
    or soffice is missing."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    if committed.exists() and digest.encode() in _core(committed.read_bytes()):
        return committed.read_bytes()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        print(f"  note: soffice not found, {name}: keeping the committed file")
        return committed.read_bytes() if committed.exists() else None
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.properties.description = f"source {digest}"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src" / name
        src.parent.mkdir()
        src.write_bytes(save(wb))
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        try:
            subprocess.run(
                [
                    soffice,
                    profile,
                    "--headless",
                    "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML",
                    "--outdir",
                    str(Path(tmp) / "out"),
                    str(src),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            return (Path(tmp) / "out" / name).read_bytes()
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"  note: LibreOffice failed on {name} ({exc}): keeping the committed file")
            return committed.read_bytes() if committed.exists() else None


def _core(data: bytes) -> bytes:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml")
    except (zipfile.BadZipFile, KeyError):
        return b""


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, (int, float)):
        return repr(float(value)) if isinstance(value, float) else str(value)
    return f'"{value}"'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=LOGS)
    parser.add_argument("--no-libreoffice", action="store_true")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    lines = [
        "# What the linter must find in each sample log (written by make_logs.py).",
        "# unit: the unit used (option = true: given with --unit, not detected);",
        "# hours: stats.hours exactly; codes: must all be found; clean: no error.",
        "",
    ]
    for name, make in SAMPLES.items():
        data, expected = make()
        if expected.pop("calc", False):
            committed = args.out / name
            if args.no_libreoffice:
                data = committed.read_bytes() if committed.exists() else None
            else:
                data = calc(data, name, committed)
            if data is None:
                print(f"  skipped {name}")
                continue
        (args.out / name).write_bytes(data)
        print(f"  wrote {name}")
        lines.append(f'["{name}"]')
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in expected.items())
        lines.append("")
    (args.out / "expected.toml").write_text("\n".join(lines), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
