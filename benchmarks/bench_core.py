"""Reader + rules against a bare parse, and the cold start of the CLI (issue 2).

Prints median CPU milliseconds of lint_bytes (reader and every rule, grammar off), of a
bare zipfile + lxml iterparse of word/document.xml, and their ratio, for:

- a 6,000-word and a 60,000-word assignment as python-docx writes it (one run per
  paragraph: the leanest XML there is, so the bare parse is at its fastest);
- the same sizes with runs split the way Word saves edited text (bench_reader.build;
  its bare parse matches BASELINES.md's 2.3 ms for 6,000 words);
- every third-party document of 1,500 words or more in ../shared/realworld/docx;

then the cold start of `ilm-lint --version`. Run: python benchmarks/bench_core.py
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
import bench_reader
from make_assignment import build
from timing import SMOKE, median_ms, sizes

from linter.analysis.context import LintOptions
from linter.api import lint_bytes

REALWORLD = Path(__file__).resolve().parents[2] / "shared" / "realworld" / "docx"


def bare_parse(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z, z.open("word/document.xml") as fh:
        for _event, elem in etree.iterparse(fh, events=("end",)):
            elem.clear(keep_tail=True)


def row(label: str, data: bytes, options: LintOptions, repeat: int) -> tuple[float, float]:
    result = lint_bytes(data, "a.docx", options)
    _, lint_cpu = median_ms(lambda: lint_bytes(data, "a.docx", options), repeat)
    _, bare_cpu = median_ms(lambda: bare_parse(data), repeat)
    print(
        f"{label:<34} {result.stats.get('words', 0):>8,} {lint_cpu:>8.1f} {bare_cpu:>7.2f} "
        f"{lint_cpu / bare_cpu:>6.1f}x"
    )
    return lint_cpu, bare_cpu


def realworld(options: LintOptions) -> None:
    if not REALWORLD.is_dir():
        print(f"(no {REALWORLD}: real-world rows skipped)")
        return
    ratios = []
    for path in sorted(REALWORLD.glob("*.docx")):
        data = path.read_bytes()
        result = lint_bytes(data, path.name, options)
        if result.stats.get("words", 0) < 1500:
            continue  # unreadable, or too small for a ratio to mean anything
        lint_cpu, bare_cpu = row(path.name[:34], data, options, 7)
        ratios.append(lint_cpu / bare_cpu)
    if ratios:
        print(f"{'real-world median ratio':<34} {'':>8} {'':>8} {'':>7} "
              f"{statistics.median(ratios):>6.1f}x  ({len(ratios)} files)")  # fmt: skip


def main() -> None:
    options = LintOptions()
    lint_bytes(build(600), "warm.docx", options)  # load units, rules, regexes once
    print(f"{'input (CPU ms, medians)':<34} {'words':>8} {'lint':>8} {'bare':>7} {'ratio':>7}")
    for words, repeat in sizes(((6000, 15), (60000, 5))):
        row(f"python-docx runs, {words:,} words", build(words), options, repeat)
    for words, repeat in sizes(((6000, 15), (60000, 5))):
        row(f"Word-like runs, {words:,} words", bench_reader.build(words), options, repeat)
    if not SMOKE:
        realworld(options)
    starts = []
    for _ in range(1 if SMOKE else 7):
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
