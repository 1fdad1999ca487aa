"""The command line as users and scripts meet it: exit codes, JSON, config, selection."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from docbuilder import build_docx

from linter.cli import main

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "linter" / "schemas" / "output.schema.json").read_text()
)
CLEAN = """
Unit 8589-700
# Introduction
[[words:80]]
@acs 8589-700
@refs 12
"""
GUIDANCE = """
Unit 8589-700
## 2.4 Evaluate the theoretical and practical elements of ethical practice
'Top Tip': You must explore both the theory and practical elements of reflective practice.
[[words:80]]
"""


def _write(tmp_path: Path, name: str, spec: str) -> Path:
    from rule_cases import expand_macros

    path = tmp_path / name
    path.write_bytes(build_docx(expand_macros(spec)))
    return path


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "linter", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.startswith("ilm-lint ")
    assert run().returncode == 2


def test_json_output_follows_the_schema_and_exit_code_1(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.docx", GUIDANCE)
    out = run("check", str(path), "--format", "json")
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    jsonschema.validate(doc, SCHEMA)
    (file,) = doc["files"]
    assert file["kind"] == "assignment" and file["unit"] == "8589-700"
    assert any(f["rule"] == "PH400" for f in file["findings"])


def test_fail_on_never_and_ignore(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.docx", GUIDANCE)
    assert run("check", str(path), "--fail-on", "never").returncode == 0
    out = run("check", str(path), "--format", "json", "--ignore", "PH,AC,CT,WC,EV,DR,PD")
    assert all(
        not f["rule"].startswith(("PH", "AC"))
        for f in json.loads(out.stdout)["files"][0]["findings"]
    )


def test_select_by_name_and_prefix(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.docx", GUIDANCE)
    out = run("check", str(path), "--format", "json", "--select", "template-guidance-left")
    rules = {f["rule"] for f in json.loads(out.stdout)["files"][0]["findings"]}
    assert rules == {"PH400"}


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.docx", GUIDANCE)
    assert run("check", str(tmp_path / "missing.docx")).returncode == 2
    assert run("check", str(path), "--unit", "9999-999").returncode == 2
    assert run("check", str(path), "--jobs", "0").returncode == 2
    assert run("check", str(path), "--timeout", "-1").returncode == 2
    bad = run("check", str(path), "--select", "ZZ999")
    assert bad.returncode == 2 and "ZZ999" in bad.stderr
    (tmp_path / "notes.txt").write_text("not a submission")
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("x")
    assert run("check", str(empty)).returncode == 2


def test_unreadable_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04 this is not really a zip")
    out = run("check", str(bad), "--format", "json")
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    (file,) = json.loads(out.stdout)["files"]
    assert file["kind"] == "unknown" and file["findings"][0]["rule"] == "FL900"


def test_folder_mixed_with_other_files(tmp_path: Path) -> None:
    _write(tmp_path, "one.docx", GUIDANCE)
    sub = tmp_path / "sub"
    sub.mkdir()
    _write(sub, "two.docx", GUIDANCE)
    (sub / "readme.txt").write_text("ignore me")
    (sub / "~$two.docx").write_bytes(b"lock file")
    out = run("check", str(tmp_path), "--format", "json")
    doc = json.loads(out.stdout)
    assert [Path(f["path"]).name for f in doc["files"]] == ["one.docx", "two.docx"]
    assert doc["skipped"] == 2


def test_config_file_found_upwards_and_overrides(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.docx", GUIDANCE)
    (tmp_path / "ilm-lint.toml").write_text('ignore = ["PH400"]\nfail-on = "never"\n')
    nested = tmp_path / "deeper"
    nested.mkdir()
    out = run("check", str(path), "--format", "json", cwd=nested)
    assert out.returncode == 0
    assert not any(f["rule"] == "PH400" for f in json.loads(out.stdout)["files"][0]["findings"])
    (tmp_path / "ilm-lint.toml").write_text("jobs = 0\n")
    zero = run("check", str(path), cwd=nested)
    assert zero.returncode == 2 and "jobs" in zero.stderr
    (tmp_path / "ilm-lint.toml").write_text('colour = "blue"\n')
    bad = run("check", str(path), cwd=nested)
    assert bad.returncode == 2 and "colour" in bad.stderr


def test_pyproject_table_and_unit_override(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ilm-lint]\nunit = "8589-700"\n[tool.ilm-lint.units."8589-700"]\nmin-references = 15\n'
    )
    from linter.config import load_config

    cfg = load_config(tmp_path / "pyproject.toml")
    assert cfg.unit == "8589-700"
    assert cfg.unit_overrides == {"8589-700": {"min_references": 15}}


def test_units_and_rules_commands(capsys: pytest.CaptureFixture) -> None:
    assert main(["units"]) == 0
    listing = capsys.readouterr().out
    assert "8589-700" in listing and "D7.01" in listing
    assert main(["units", "8589-700"]) == 0
    shown = capsys.readouterr().out
    assert "1.1" in shown and "minimum references: 12" in shown
    assert main(["rules", "AC100"]) == 0
    assert "Why it matters" in capsys.readouterr().out
    assert main(["rules", "nope"]) == 2


def test_text_output_groups_by_section(tmp_path: Path) -> None:
    path = _write(tmp_path, "a.docx", GUIDANCE)
    out = run("check", str(path))
    assert "AC 2.4" in out.stdout and "PH400" in out.stdout
    assert out.stdout.rstrip().splitlines()[-1].startswith("Summary: 1 file,")
    assert "\033[" not in out.stdout  # no colour when not a terminal
