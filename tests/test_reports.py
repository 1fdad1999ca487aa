"""The csv, xlsx, html and sarif reports on a small batch whose file names and quoted
learner text are hostile: every file accounted for, nothing executed or broken."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from linter.model import FileResult, Finding, Location, Severity
from linter.registry import all_rules
from linter.reporters import Report, render

DATA = Path(__file__).resolve().parent / "data"
EVIL = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
FORMULA = '=HYPERLINK("http://example.invalid","click")'


def hostile_report() -> Report:
    guidance = Finding(
        "PH400",
        "template-guidance-left",
        Severity.ERROR,
        f"Template guidance is still in the document: {EVIL}",
        Location(section="1.1", paragraph=4, text=f"{FORMULA} \x0b\x01 tail"),
    )
    missing = Finding(
        "AC100",
        "missing-ac-section",
        Severity.ERROR,
        "AC 1.3 has no section.",
        Location(section="1.3"),
    )
    directive = Finding(
        "DR500",
        "directive-report",
        Severity.WARNING,
        "You report directing the coachee.",
        Location(section="2.2", paragraph=9, start=0, end=11, text="I suggested"),
    )
    reflection = Finding(
        "LG609",
        "missing-reflection",
        Severity.WARNING,
        "No reflective note.",
        Location(sheet="Log <b>", row=7, cell="F7"),
    )
    unreadable = Finding(
        "FL900", "unreadable-file", Severity.ERROR, "Save it as .docx.", Location()
    )
    checklist = {
        "1.2": [
            {"description": "context", "met": True, "evidence": "context", "must": True},
            {"description": f"culture {EVIL}", "met": False, "evidence": None, "must": True},
        ],
        "2.3": [{"description": "a reflective model", "met": False, "must": False}],
    }
    return Report(
        [
            FileResult(
                f"subs/{EVIL}.docx",
                "assignment",
                "8589-700",
                {"words": 6021, "references": 14, "citations": 30},
                [guidance, missing, directive],
                {"checklist": checklist},
            ),
            FileResult(
                "=cmd|' /C calc'!A0.docx",
                "assignment",
                "8589-700",
                {"words": 4100, "references": 3},
                [],
                {"checklist": {"1.2": [dict(checklist["1.2"][1], met=True)]}},
            ),
            FileResult(
                "subs/log.xlsx",
                "log",
                "8580-501",
                {"hours": 11.5, "sessions": 9, "coachees": 3, "sheets": ["Log <b>"]},
                [reflection],
            ),
            FileResult("subs/old.doc.docx", "unknown", None, {}, [unreadable]),
        ],
        skipped=2,
        notices=["grammar checked with harper"],
    )


def test_csv_one_row_per_file_and_no_formula():
    text = render(hostile_report(), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["kind"] for r in rows] == ["assignment", "assignment", "log", "unknown"]
    assert list(rows[0]) == [
        "path", "unit", "kind", "words", "references", "hours", "sessions", "coachees",
        "errors", "warnings", "infos", "codes",
    ]  # fmt: skip
    first, formula, log, broken = rows
    assert (first["words"], first["references"], first["errors"], first["warnings"]) == (
        "6021", "14", "2", "1",
    )  # fmt: skip
    assert first["codes"] == "AC100 DR500 PH400"
    assert formula["path"].startswith("'=")  # a spreadsheet shows it, never runs it
    assert (log["hours"], log["sessions"], log["coachees"], log["codes"]) == (
        "11.5",
        "9",
        "3",
        "LG609",
    )
    assert broken["codes"] == "FL900" and broken["errors"] == "1"


def test_xlsx_summary_and_findings_sheets_with_filters_and_frozen_header():
    data = render(hostile_report(), "xlsx")
    assert isinstance(data, bytes)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[:2] == ["Summary", "Findings"]
    assert {"Rules", "Checklist", "About"} <= set(wb.sheetnames)
    summary, findings = wb["Summary"], wb["Findings"]
    for ws in (summary, findings, wb["Rules"]):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    assert summary.max_row == 1 + 4
    header = [c.value for c in summary[1]]
    assert header[:3] == ["path", "unit", "kind"]
    paths = [summary.cell(row=r, column=1).value for r in range(2, 6)]
    assert paths[1] == "=cmd|' /C calc'!A0.docx"
    for row in summary.iter_rows():  # learner text is stored as text, never as a formula
        for cell in row:
            assert cell.data_type != "f"
    assert findings.max_row == 1 + 5  # one row per finding
    by_rule = {findings.cell(row=r, column=4).value: r for r in range(2, 7)}
    assert set(by_rule) == {"PH400", "AC100", "DR500", "LG609", "FL900"}
    text_col = [c.value for c in findings[1]].index("text") + 1
    text = findings.cell(row=by_rule["PH400"], column=text_col).value
    assert text.startswith("=HYPERLINK") and "\x0b" not in text and "\x01" not in text
    checklist = wb["Checklist"]
    rows = [[c.value for c in r] for r in checklist.iter_rows(min_row=2)]
    culture = next(r for r in rows if r[2].startswith("culture"))
    assert culture[:2] == ["8589-700", "1.2"] and culture[4:] == [1, 2]  # 1 of 2 learners


def test_html_is_self_contained_and_escapes_everything():
    page = render(hostile_report(), "html")
    assert page.startswith("<!DOCTYPE html>")
    assert EVIL not in page and "<img" not in page
    assert page.count("<script>") == 1  # the page's own sorting script only
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and html.unescape(csp.group(1)).startswith("default-src 'none';")
    for attr in re.findall(r'(?:src|href)="([^"]*)"', page):
        assert attr.startswith("#"), attr  # nothing is loaded from anywhere
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert page.count('<tr><td class="path"') == 4  # every file in the summary table
    assert page.count('<article id="file-') == 4  # and in the details
    assert "<svg" in page and "AC100 missing-ac-section" in page
    assert 'id="checklist"' in page
    assert "grammar checked with harper" in page and "2 other files skipped" in page


def test_html_without_checklists_has_no_checklist_section():
    report = hostile_report()
    for r in report.results:
        r.extra.pop("checklist", None)
    assert 'id="checklist"' not in render(report, "html")


@pytest.fixture(scope="module")
def sarif_validator():
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def test_sarif_is_valid_2_1_0_with_every_rule_in_the_driver(sarif_validator):
    log = json.loads(render(hostile_report(), "sarif"))
    errors = sorted(sarif_validator.iter_errors(log), key=str)
    assert not errors, "\n".join(e.message for e in errors[:5])
    assert log["version"] == "2.1.0" and len(log["runs"]) == 1
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    registered = [r.code for r in all_rules()]
    assert [r["id"] for r in rules][: len(registered)] == registered
    used = {f.rule for r in hostile_report().results for f in r.findings}
    assert {r["id"] for r in rules} == set(registered) | used
    for descriptor in rules:
        assert descriptor["name"] and descriptor["shortDescription"]["text"]
        assert descriptor.get("helpUri") or descriptor.get("fullDescription", {}).get("text")
    assert len(run["artifacts"]) == 4  # every file, with or without findings
    results = run["results"]
    assert len(results) == 5
    levels = {r["ruleId"]: r["level"] for r in results}
    assert levels == {
        "PH400": "error", "AC100": "error", "DR500": "warning", "LG609": "warning", "FL900": "error",
    }  # fmt: skip
    for r in results:
        assert rules[r["ruleIndex"]]["id"] == r["ruleId"]
        artifact = r["locations"][0]["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][artifact["index"]]["location"]["uri"] == artifact["uri"]
    cell = next(r for r in results if r["ruleId"] == "LG609")
    assert cell["locations"][0]["logicalLocations"][0]["name"] == "Log <b>!F7"
    assert cell["properties"]["row"] == 7


def test_checklist_misses_keep_units_apart_and_count_learners():
    from linter.reporters.csv_report import checklist_misses

    def learner(unit, met):
        item = {"description": "a named model", "met": met, "must": True}
        return FileResult(
            f"{unit}-{met}.docx", "assignment", unit, extra={"checklist": {"1.1": [item]}}
        )

    rows = checklist_misses(
        [learner("8589-700", False), learner("8589-700", True), learner("8580-501", False),
         FileResult("no-checklist.docx", "assignment", "8589-700")]
    )  # fmt: skip
    assert [(r["unit"], r["ac"], r["missed"], r["checked"]) for r in rows] == [
        ("8580-501", "1.1", 1, 1),
        ("8589-700", "1.1", 1, 2),
    ]
