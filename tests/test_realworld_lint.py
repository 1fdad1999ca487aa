"""Every third-party file in ../shared/realworld/ through the whole pipeline.

Word, LibreOffice, Google Docs, Pages, Excel Online and WPS files, and broken,
encrypted, fuzzed and hostile ones: each gives a result or FL900, never a traceback,
and its JSON follows the output schema. (The batch tests run them in worker processes;
this runs every rule in-process so a failure points at the file.)
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT, SHARED

from linter.analysis.context import LintOptions
from linter.api import lint_bytes
from linter.reporters import Report
from linter.reporters.json_report import as_dict

REALWORLD = SHARED / "realworld"
FILES = sorted(p for sub in ("docx", "xlsx") for p in (REALWORLD / sub).glob("*") if p.is_file())
SCHEMA = json.loads((ROOT / "linter" / "schemas" / "output.schema.json").read_text())
LIMIT = {"docx": 10.0, "xlsx": 20.0}  # seconds per file, from the issues


@pytest.mark.skipif(not FILES, reason="../shared/realworld is not beside the checkout")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_realworld_file(path: Path) -> None:
    options = LintOptions()
    started = time.perf_counter()
    result = lint_bytes(path.read_bytes(), path.name, options)
    elapsed = time.perf_counter() - started
    assert result.kind in ("assignment", "log", "unknown")
    if result.kind == "unknown":
        (finding,) = [f for f in result.findings if f.rule == "FL900"]
        assert "Traceback" not in finding.message and len(finding.message) > 20
    jsonschema.validate(as_dict(Report([result])), SCHEMA)
    # Far above the measured times (milliseconds); catches a runaway, not noise.
    assert elapsed < LIMIT[path.parent.name], f"{path.name} took {elapsed:.1f} s"


def test_realworld_folder_is_complete() -> None:
    if not FILES:
        pytest.skip("../shared/realworld is not beside the checkout")
    manifest = (REALWORLD / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()[1:]
    assert len(FILES) == len([line for line in manifest if line.strip()])
