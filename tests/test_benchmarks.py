"""Every benchmark script still runs against the current library.

Benchmarks are not tests and their figures are never asserted; but a script that a
change in the library broke (a renamed function, a new return type) must fail here, not
months later when someone wants a number. ``ILM_BENCH_SMOKE=1`` shrinks each script's
inputs to a size that runs in seconds (benchmarks/timing.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

SCRIPTS = {  # script -> (arguments, text its output must hold)
    "bench_core.py": ([], "cold start"),
    "bench_rules.py": ([], "share = all minus"),
    "bench_reader.py": ([], "read_docx ms"),
    "bench_logs.py": ([], "rows"),
    "bench_batch.py": (["--files", "3", "--repeat", "1"], "files/s"),
    "bench_grammar.py": (["--words", "400", "--edits", "1"], "assignment:"),
    "load_server.py": (
        ["--duration", "2", "--concurrency", "2", "--grammar", "off"],
        "req/s",
    ),
}


def test_every_benchmark_script_is_listed():
    scripts = {p.name for p in BENCHMARKS.glob("*.py")}
    helpers = {"make_assignment.py", "timing.py"}
    assert scripts - helpers == set(SCRIPTS)


@pytest.mark.parametrize("script", sorted(SCRIPTS))
def test_benchmark_runs(script):
    args, expected = SCRIPTS[script]
    proc = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "ILM_BENCH_SMOKE": "1"},
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert expected in proc.stdout, proc.stdout[-2000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
