"""The CLI's full output on sample_docs/, snapshotted so any change in wording is seen.

After an intended change: UPDATE_SNAPSHOTS=1 python -m pytest tests/test_snapshot.py
and review the diff of tests/snapshots/ before committing it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT

SNAPSHOTS = ROOT / "tests" / "snapshots"


def _run(fmt: str) -> tuple[int, str]:
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "linter",
            "check",
            "sample_docs/",
            "--format",
            fmt,
            "--jobs",
            "2",
            "--no-progress",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert "Traceback" not in out.stderr, out.stderr
    return out.returncode, out.stdout


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_sample_docs_output_matches_snapshot(fmt: str) -> None:
    code, output = _run(fmt)
    assert code == 1  # the faulty samples carry errors on purpose
    output = output.replace(__import__("linter").__version__, "<version>")
    path = SNAPSHOTS / f"sample_docs.{fmt}"
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(output, encoding="utf-8")
        if not os.environ.get("UPDATE_SNAPSHOTS"):
            pytest.fail(f"{path.name} did not exist and was written: review and commit it")
    assert output == path.read_text(encoding="utf-8"), (
        f"output differs from {path}; if intended, re-run with UPDATE_SNAPSHOTS=1"
    )
