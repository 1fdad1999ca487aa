"""Coaching logs end to end against bare passes over the same cells (issue 4).

Prints, for a 200-row and a 100,000-row log (one sheet, seven columns, a title row, shared
strings as Excel writes them): the median wall and CPU milliseconds (CPU: process time,
steadier than wall on a shared machine) of lint_bytes with --unit 8580-501
(container, reader, every LG rule, stats), the same without LG612 (which runs the DR
family's directive engine on every text cell), of read_xlsx alone, and of a bare pass over every cell with openpyxl read-only
and with python-calamine; then the imports. Goals: 200 rows under 60 ms in-process,
100,000 rows under 3 s.
Run: python benchmarks/bench_logs.py [--rows 200,100000] [--repeat N]
(ILM_BENCH_SMOKE=1: one tiny log, one run, for tests/test_benchmarks.py; its figures
mean nothing.)
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from logbuilder import big_log_hours, big_log_xlsx  # noqa: E402
from timing import SMOKE, sizes  # noqa: E402
from timing import median_ms as timed_ms  # noqa: E402

from linter.analysis.context import LintOptions  # noqa: E402
from linter.api import lint_bytes  # noqa: E402
from linter.config import Config  # noqa: E402
from linter.readers.xlsx_reader import read_xlsx  # noqa: E402


def median_ms(fn, repeat: int) -> float:
    """Median wall milliseconds (the bare passes)."""
    return timed_ms(fn, repeat)[0]


def bare_openpyxl(data: bytes) -> int:
    import warnings

    import openpyxl

    warnings.simplefilter("ignore")  # "Workbook contains no default style"
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += len(row)
    wb.close()
    return n


def bare_calamine(data: bytes) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    n = 0
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).iter_rows():
            n += len(row)
    return n


def import_ms(module: str) -> float:
    code = (
        f"import time; t=time.perf_counter(); import {module}; print((time.perf_counter()-t)*1000)"
    )
    runs = [
        float(
            subprocess.run(
                [sys.executable, "-c", code], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(1 if SMOKE else 5)
    ]
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="200,100000")
    parser.add_argument(
        "--repeat",
        type=int,
        default=0,
        help="runs per figure (default: 15 for small logs, 3 for large)",
    )
    args = parser.parse_args()
    options = LintOptions(unit="8580-501")
    # LG612 runs the DR family's directive engine on every text cell: shown apart
    without_dr = LintOptions(config=Config(ignore=["LG612"]), unit="8580-501")
    lint_bytes(big_log_xlsx(50), "warm.xlsx", options)  # units, rules, regexes once
    print(
        f"{'rows':>8} {'lint ms':>9} {'cpu':>7} {'-LG612':>9} {'cpu':>7} {'read ms':>9} "
        f"{'cpu':>7} {'openpyxl':>9} {'calamine':>9} {'read/cal':>8}  hours (expected)"
    )
    wanted = [int(r) for r in args.rows.split(",")]
    for rows, repeat in sizes((r, args.repeat or (15 if r <= 5000 else 3)) for r in wanted):
        data = big_log_xlsx(rows)
        result = lint_bytes(data, "log.xlsx", options)
        lint, lint_cpu = timed_ms(lambda d=data: lint_bytes(d, "log.xlsx", options), repeat)
        no_dr, no_dr_cpu = timed_ms(lambda d=data: lint_bytes(d, "log.xlsx", without_dr), repeat)
        read, read_cpu = timed_ms(lambda d=data: read_xlsx(d), repeat)
        opx = median_ms(lambda d=data: bare_openpyxl(d), 1 if rows > 5000 else repeat)
        cal = median_ms(lambda d=data: bare_calamine(d), repeat)
        print(
            f"{rows:>8} {lint:>9.1f} {lint_cpu:>7.0f} {no_dr:>9.1f} {no_dr_cpu:>7.0f} "
            f"{read:>9.1f} {read_cpu:>7.0f} {opx:>9.1f} {cal:>9.1f} "
            f"{read / cal:>8.2f}  "
            f"{result.stats['hours']} ({big_log_hours(rows)})"
        )
    print(
        f"imports (ms, median of {1 if SMOKE else 5} fresh interpreters): "
        + ", ".join(
            f"{m} {import_ms(m):.0f}"
            for m in ("python_calamine", "openpyxl", "linter.readers.xlsx_reader")
        )
    )


if __name__ == "__main__":
    main()
