"""Reader + every rule, and the share of the evidence and writing rules (issue 3).

Not a test: run ``python benchmarks/bench_rules.py`` and read the figures. For a
6,000-word and a 60,000-word assignment (benchmarks/make_assignment.py: headings,
tables, ~95 citations per 6,000 words, 20 references, footnotes) it prints median
milliseconds of:

- ``lint_bytes`` with every rule (grammar off), against the goals of 50 ms and 500 ms;
- the same with the CT, WC, DR, EV and PD families ignored, and the difference;
- each of those rules alone, and the citation and reference parse they share;
- a bare zipfile + lxml iterparse of word/document.xml, to calibrate a busy machine.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_core import bare_parse
from make_assignment import build
from timing import median_ms, sizes, timings_ms

from linter.analysis.context import AssignmentContext, LintOptions
from linter.analysis.detect import heading_texts
from linter.api import _resolve_unit, lint_bytes
from linter.config import Config
from linter.readers.container import open_package
from linter.readers.docx_reader import read_docx

FAMILIES = ("CT", "WC", "DR", "EV", "PD")
GOALS = {6000: 50.0, 60000: 500.0}


def per_rule(data: bytes, options: LintOptions, repeat: int) -> dict[str, float]:
    """Median ms of the shared parse and of each rule of the five families, on a context
    whose guidance and sections are already computed (those belong to the core)."""
    samples: dict[str, list[float]] = {}
    for _ in range(repeat):
        document = read_docx(open_package(data, "a.docx"))
        unit = _resolve_unit(options, document.text, heading_texts(document))
        ctx = AssignmentContext(document, unit, options)
        ctx.structure  # noqa: B018 - the core's share, not measured here
        t0 = time.perf_counter()
        ctx.citations  # noqa: B018
        ctx.reference_list  # noqa: B018
        samples.setdefault("parse", []).append((time.perf_counter() - t0) * 1000)
        for rule in options.selection.rules("assignment"):
            if rule.family not in FAMILIES:
                continue
            t0 = time.perf_counter()
            list(rule.check(ctx, rule))
            samples.setdefault(rule.code, []).append((time.perf_counter() - t0) * 1000)
    return {k: statistics.median(v) for k, v in samples.items()}


def main() -> None:
    every = LintOptions(config=Config(grammar="off"))
    without = LintOptions(config=Config(grammar="off", ignore=list(FAMILIES)))
    lint_bytes(build(600), "warm.docx", every)  # load units, rules, regexes once
    print(
        f"{'words':>8} {'all ms':>8} {'best':>6} {'goal':>9} {'without':>8} {'share':>7} "
        f"{'parse':>6} {'rules':>6} {'bare':>6}  slowest rules"
    )
    for words, repeat in sizes(((6000, 15), (60000, 5))):
        data = build(words)
        counted = lint_bytes(data, "a.docx", every).stats.get("words", 0)
        runs, _ = timings_ms(lambda d=data: lint_bytes(d, "a.docx", every), repeat)
        full, best = statistics.median(runs), min(runs)
        rest, _ = median_ms(lambda d=data: lint_bytes(d, "a.docx", without), repeat)
        bare, _ = median_ms(lambda d=data: bare_parse(d), repeat)
        rules = per_rule(data, every, repeat)
        parse = rules.pop("parse")
        slowest = sorted(rules.items(), key=lambda kv: -kv[1])[:4]
        shown = ", ".join(f"{code} {ms:.1f}" for code, ms in slowest)
        verdict = "ok" if full <= GOALS.get(words, full) else "over"
        print(
            f"{counted:>8,} {full:>8.1f} {best:>6.1f} {GOALS.get(words, 0):>4.0f} {verdict:<4} {rest:>8.1f} "
            f"{full - rest:>7.1f} {parse:>6.1f} {sum(rules.values()):>6.1f} {bare:>6.1f}  {shown}"
        )
    print("share = all minus 'without' (the CT, WC, DR, EV and PD families ignored);")
    print("parse = the citation and reference parse those rules share; rules = their sum;")
    print("all ms and the others are medians, best the fastest run (a busy machine's noise)")


if __name__ == "__main__":
    main()
