"""The whole of ../shared/realworld/ plus sample_docs/ as one batch with 2 jobs, through
the real command line, in every report format: every file accounted for, no traceback,
the exit code of CONTRACT.md."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from linter.api import iter_lintable
from linter.reporters.sarif import artifact_uri

ROOT = Path(__file__).resolve().parents[1]
REALWORLD = ROOT.parent / "shared" / "realworld"
SAMPLES = ROOT / "sample_docs"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"

if not REALWORLD.is_dir() and not os.environ.get("CI"):
    pytest.skip("../shared/realworld is not beside this checkout", allow_module_level=True)


def _inputs() -> list[str]:
    return [str(REALWORLD)] + ([str(SAMPLES)] if SAMPLES.is_dir() else [])


@pytest.fixture(scope="module")
def expected() -> list[str]:
    files, _skipped, missing = iter_lintable(_inputs())
    assert not missing
    assert len(files) >= 200
    return [str(f) for f in files]


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ILM_LINT_DEBUG"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    out_dir = tmp_path_factory.mktemp("batch")
    runs = {}
    for fmt, suffix in (
        ("json", "json"),
        ("csv", "csv"),
        ("xlsx", "xlsx"),
        ("html", "html"),
        ("sarif", "sarif"),
    ):
        target = out_dir / f"report.{suffix}"
        runs[fmt] = (
            _run("check", *_inputs(), "--jobs", "2", "--format", fmt, "-o", str(target)),
            target,
        )
    runs["text"] = (_run("check", *_inputs(), "--jobs", "2"), None)
    return runs


@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "html", "sarif", "text"])
def test_no_traceback_and_contract_exit_code(reports, fmt):
    proc, _ = reports[fmt]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert proc.returncode == 1, proc.stderr[-2000:]  # unreadable files are FL900 errors


def test_json_accounts_for_every_file_in_order(reports, expected):
    _, target = reports["json"]
    files = json.loads(target.read_text(encoding="utf-8"))["files"]
    assert [f["path"] for f in files] == expected
    kinds = {f["kind"] for f in files}
    assert kinds <= {"assignment", "log", "unknown"} and "unknown" in kinds
    for f in files:
        if f["kind"] == "unknown":
            assert [x["rule"] for x in f["findings"]] == ["FL900"]
        for x in f["findings"]:  # a crash or hang would be FL900 with these words
            assert "internal error" not in x["message"], (f["path"], x["message"])
            assert "longer than the" not in x["message"], f["path"]
            assert "The checker " not in x["message"], f["path"]


def _findings_total(reports) -> int:
    files = json.loads(reports["json"][1].read_text(encoding="utf-8"))["files"]
    return sum(len(f["findings"]) for f in files)


def test_csv_accounts_for_every_file(reports, expected):
    _, target = reports["csv"]
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["path"].removeprefix("'") for r in rows] == expected


def test_xlsx_accounts_for_every_file_and_finding(reports, expected):
    _, target = reports["xlsx"]
    wb = openpyxl.load_workbook(target, read_only=True)
    summary = [row[0] for row in wb["Summary"].iter_rows(min_row=2, values_only=True)]
    assert summary == expected
    findings = list(wb["Findings"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == _findings_total(reports)
    assert {row[0] for row in findings} <= set(expected)


def test_html_accounts_for_every_file(reports, expected):
    _, target = reports["html"]
    page = target.read_text(encoding="utf-8")
    assert page.count('<tr><td class="path"') == len(expected)
    assert page.count('<article id="file-') == len(expected)
    for path in expected:
        assert f'title="{html.escape(path, quote=True)}"' in page, path


def test_sarif_accounts_for_every_file_and_is_valid(reports, expected):
    _, target = reports["sarif"]
    log = json.loads(target.read_text(encoding="utf-8"))
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert not errors, errors[0].message
    run = log["runs"][0]
    assert [a["location"]["uri"] for a in run["artifacts"]] == [artifact_uri(p) for p in expected]
    assert len(run["results"]) == _findings_total(reports)


def test_text_names_every_file_and_ends_with_the_batch_summary(reports, expected):
    proc, _ = reports["text"]
    for path in expected:
        assert path in proc.stdout
    lines = proc.stdout.rstrip().splitlines()
    assert lines[-1].startswith(f"Summary: {len(expected):,} files")
    assert any(line.startswith(f"Files: {len(expected):,} files (") for line in lines)
    assert "Most frequent findings:" in lines


def test_fail_on_never_exits_0_even_with_unreadable_files():
    broken = REALWORLD / "docx" / "poi__bug53475-password-is-pass.docx"  # encrypted
    plain = REALWORLD / "docx" / "pandoc__docx-unicode.docx"
    proc = _run("check", str(broken), str(plain), "--jobs", "2", "--fail-on", "never")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert "FL900" in proc.stdout
