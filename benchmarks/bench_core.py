"""Reader + rules against a bare parse, and the cold start of the CLI (issue 2).

Prints, for a 6,000-word and a 60,000-word assignment: median milliseconds of
lint_bytes (reader and every rule, grammar off), of a bare zipfile + lxml iterparse of
word/document.xml, and their ratio; then the cold start of `ilm-lint --version`.
Run: python benchmarks/bench_core.py
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_assignment import build

from linter.analysis.context import LintOptions
from linter.api import lint_bytes


def median_ms(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds (CPU time is steadier on a busy machine)."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def bare_parse(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z, z.open("word/document.xml") as fh:
        for _event, elem in etree.iterparse(fh, events=("end",)):
            elem.clear(keep_tail=True)


def main() -> None:
    options = LintOptions()
    lint_bytes(build(600), "warm.docx", options)  # load units, rules, regexes once
    print(
        f"{'words':>8} {'lint ms':>9} {'(cpu)':>7} {'bare ms':>9} {'(cpu)':>7} {'ratio':>7}  findings"
    )
    for words, repeat in ((6000, 15), (60000, 5)):
        data = build(words)
        result = lint_bytes(data, "a.docx", options)
        lint, lint_cpu = median_ms(lambda d=data: lint_bytes(d, "a.docx", options), repeat)
        bare, bare_cpu = median_ms(lambda d=data: bare_parse(d), repeat)
        print(
            f"{result.stats.get('words', 0):>8,} {lint:>9.1f} {lint_cpu:>7.1f} {bare:>9.1f} "
            f"{bare_cpu:>7.1f} {lint_cpu / bare_cpu:>6.1f}x  {len(result.findings)}"
        )
    starts = []
    for _ in range(7):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "linter", "--version"], check=True, capture_output=True
        )
        starts.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare_start = (time.perf_counter() - t0) * 1000
    print(
        f"cold start `ilm-lint --version`: {statistics.median(starts):.0f} ms "
        f"(bare interpreter {bare_start:.0f} ms)"
    )


if __name__ == "__main__":
    main()
