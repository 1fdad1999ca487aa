"""The sample assignments in sample_docs/: rebuilt the same way, and linted as EXPECTED.md says.

Clean samples must give no error and no warning. Faulty samples must give at least the
codes EXPECTED.md lists for them; a code whose rule is not registered yet (another part
of the project still being written) is skipped with a message, and becomes a real
assertion as soon as the rule exists. The same holds for a sample whose unit file is not
there yet.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT
from lxml import etree

from linter.analysis.context import LintOptions
from linter.api import lint_path
from linter.config import Config
from linter.model import FileResult
from linter.registry import get_rule
from linter.units import UnitRegistry

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

SAMPLES = ROOT / "sample_docs"
ASSIGNMENTS = SAMPLES / "assignments"
RECIPES = SAMPLES / "content" / "samples"
EXPECTED = SAMPLES / "EXPECTED.md"
MAX_TOTAL_BYTES = 2 * 2**20
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_PARTS = ("word/document.xml", "word/footnotes.xml", "word/comments.xml")


@dataclass(frozen=True)
class Expected:
    file: str
    unit: str | None
    clean: bool
    codes: tuple[tuple[str, str | None], ...]  # (code, section or None)


def _expected() -> dict[str, Expected]:
    """The table of EXPECTED.md: file | unit | layout | expected | what is planted."""
    rows: dict[str, Expected] = {}
    for line in EXPECTED.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 5 or not cells[0].startswith("`"):
            continue
        name, unit, expected = cells[0].strip("`"), cells[1], cells[3]
        codes = tuple(
            (m.group(1), m.group(2))
            for m in re.finditer(r"([A-Z]{2}\d{3})(?:\s*\(([^)]+)\))?", expected)
        )
        rows[name] = Expected(name, None if unit in ("-", "") else unit, expected == "clean", codes)
    return rows


EXPECTATIONS = _expected()
CLEAN = sorted(n for n, e in EXPECTATIONS.items() if e.clean)
PLANTED = sorted(
    (name, code, section)
    for name, e in EXPECTATIONS.items()
    if not e.clean
    for code, section in e.codes
)


def _recipe(name: str) -> dict:
    return tomllib.loads((RECIPES / (Path(name).stem + ".toml")).read_text(encoding="utf-8"))


@cache
def _lint(name: str) -> FileResult:
    # Grammar is left off: its infos do not bear on these expectations.
    return lint_path(ASSIGNMENTS / name, LintOptions(config=Config(grammar="off")))


def _skip_unless_unit_known(name: str) -> None:
    unit = EXPECTATIONS[name].unit
    if unit and UnitRegistry.load().get(unit) is None:
        pytest.skip(f"unit {unit} has no unit file yet: {name} is checked once it exists")


def _text(data: bytes) -> dict[str, list[str]]:
    """The paragraph texts of each text-bearing part (inserted and deleted runs included)."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return {"bytes": [data.hex()]}
    out = {}
    for part in TEXT_PARTS:
        if part in package.namelist():
            root = etree.fromstring(package.read(part))
            out[part] = [
                "".join(t.text or "" for t in p.iter(W + "t", W + "delText"))
                for p in root.iter(W + "p")
            ]
    return out


def test_expected_md_lists_every_sample_and_recipe() -> None:
    made = {p.name for p in ASSIGNMENTS.glob("*.docx")}
    recipes = {p.stem + ".docx" for p in RECIPES.glob("*.toml")}
    assert set(EXPECTATIONS) == made, "EXPECTED.md and sample_docs/assignments/ differ"
    assert recipes == made, "content/samples/*.toml and sample_docs/assignments/ differ"
    assert CLEAN and PLANTED


def test_samples_are_small() -> None:
    total = sum(p.stat().st_size for p in ASSIGNMENTS.iterdir() if p.is_file())
    assert total < MAX_TOTAL_BYTES, f"sample assignments take {total:,} bytes"


def test_rebuild_gives_the_committed_samples(tmp_path: Path) -> None:
    """make_samples.py is deterministic and the committed files are up to date with
    their content (LibreOffice files are kept as committed with --no-libreoffice)."""
    subprocess.run(
        [sys.executable, str(SAMPLES / "make_samples.py"), "--out", str(tmp_path),
         "--no-libreoffice", "--no-logs"],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    rebuilt = sorted(p.name for p in tmp_path.iterdir())
    assert rebuilt == sorted(EXPECTATIONS)
    for name in rebuilt:
        fresh = _text((tmp_path / name).read_bytes())
        committed = _text((ASSIGNMENTS / name).read_bytes())
        assert fresh == committed, f"{name} differs from a rebuild: run make_samples.py"


@pytest.mark.parametrize("name", sorted(n for n in EXPECTATIONS if _recipe(n).get("libreoffice")))
def test_libreoffice_samples_were_saved_by_libreoffice(name: str) -> None:
    app = zipfile.ZipFile(ASSIGNMENTS / name).read("docProps/app.xml").decode()
    assert "LibreOffice" in app, f"{name} was not produced by LibreOffice"


def test_at_least_two_libreoffice_samples_one_clean_one_faulty() -> None:
    made_by_lo = [n for n in EXPECTATIONS if _recipe(n).get("libreoffice")]
    assert {EXPECTATIONS[n].clean for n in made_by_lo} == {True, False}


@pytest.mark.parametrize("name", CLEAN)
def test_clean_sample_has_no_error_or_warning(name: str) -> None:
    _skip_unless_unit_known(name)
    result = _lint(name)
    assert result.kind == "assignment"
    assert result.unit == EXPECTATIONS[name].unit
    bad = [
        f"{f.rule} {f.severity.value} {f.location.to_dict()}: {f.message}"
        for f in result.findings
        if f.severity.value in ("error", "warning")
    ]
    assert not bad, f"{name} should be clean:\n" + "\n".join(bad)


@pytest.mark.parametrize(("name", "code", "section"), PLANTED)
def test_faulty_sample_gives_its_planted_finding(name: str, code: str, section: str | None):
    if get_rule(code) is None:
        pytest.skip(f"{code} is not registered yet: checked in {name} once the rule exists")
    _skip_unless_unit_known(name)
    found = [f for f in _lint(name).findings if f.rule == code]
    assert found, f"{name}: no {code} finding (planted: see EXPECTED.md)"
    if section is not None:
        sections = [str(f.location.to_dict().get("section", "")) for f in found]
        assert section.casefold() in (s.casefold() for s in sections), (
            f"{name}: {code} found in sections {sections}, expected in {section}"
        )
