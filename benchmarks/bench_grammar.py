"""The time the grammar pass (harper) adds to a 6,000-word assignment (issue 7).

Prints, in milliseconds of wall-clock and of CPU time: the engine build (once per process), the first grammar pass
over new text, and a re-check after one paragraph changed (the add-in re-lints the whole
document on every edit), each as lint_bytes with grammar on minus the same with grammar
off. Goals after the build: first pass under 1,000 ms, re-check under 100 ms.

The prose is real coaching text (the seed documents in ../shared/seeds, cut into
paragraphs of about 80 words), not the repeated filler of make_assignment.py, because
harper remembers sentences it has seen and repeated filler would flatter it. Run it in
a fresh process: harper's own caches make a second "first pass" in one process cheaper.

Run: python benchmarks/bench_grammar.py [--words 6000]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from docbuilder import build_docx  # noqa: E402

from linter.analysis.context import LintOptions  # noqa: E402
from linter.api import lint_bytes  # noqa: E402
from linter.config import Config  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
ACS = ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1", "3.2"]


def seed_sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        if path.name.startswith("000_"):
            continue  # the unit template: its text is guidance, left out of the count
        for line in path.read_text(encoding="utf-8").splitlines():
            if "<" in line or len(line.split()) < 8:
                continue  # HTML fragments and headings
            sentences.extend(s for s in re.split(r"(?<=[.!?])\s+", line) if len(s.split()) > 4)
    return sentences


def assignment(words: int) -> tuple[str, list[str]]:
    """A docbuilder description of a ``words``-word assignment and its paragraphs."""
    sentences = seed_sentences()
    if not sentences:
        raise SystemExit(f"no seed documents in {SEEDS}: the benchmark needs real prose")
    paragraphs: list[str] = []
    current: list[str] = []
    total = 0
    i = 0
    while total < words:
        sentence = sentences[i % len(sentences)]
        if i >= len(sentences):  # past the end: vary it so it is new text to harper
            sentence = f"In round {i // len(sentences) + 1}, {sentence[0].lower()}{sentence[1:]}"
        current.append(sentence)
        total += len(sentence.split())
        i += 1
        if sum(len(s.split()) for s in current) >= 80:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    lines = ["Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level"]
    per_section = max(1, len(paragraphs) // len(ACS))
    for n, text in enumerate(paragraphs):
        if n % per_section == 0 and n // per_section < len(ACS):
            lines.append(f"## {ACS[n // per_section]} Section {n // per_section + 1}")
        lines.append(text)
    lines.append("# References")
    lines.append("Whitmore, J. (2017) Coaching for performance. 5th edn. London: Nicholas Brealey.")
    return "\n".join(lines), paragraphs


class Timing:
    """Wall-clock and CPU milliseconds of one call (CPU time is what to compare when
    the machine is busy with other work: wall time then includes waiting for a core)."""

    def __init__(self, wall: float, cpu: float) -> None:
        self.wall, self.cpu = wall, cpu

    def __sub__(self, other: Timing) -> Timing:
        return Timing(self.wall - other.wall, self.cpu - other.cpu)

    def __str__(self) -> str:
        return f"{self.wall:8.1f} ms wall {self.cpu:8.1f} ms CPU"


def timed(fn) -> Timing:
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return Timing((time.perf_counter() - w0) * 1000, (time.process_time() - c0) * 1000)


def median(timings: list[Timing]) -> Timing:
    return Timing(
        statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=6000)
    parser.add_argument("--edits", type=int, default=7, help="re-checks to take the median of")
    args = parser.parse_args()

    spec, paragraphs = assignment(args.words)
    data = build_docx(spec)
    off = LintOptions(config=Config(grammar="off"))
    harper = LintOptions(config=Config(grammar="harper"))

    lint_bytes(build_docx("Warm up.\n## 1.1 A heading\nSome text."), "warm.docx", off)
    baseline = median([timed(lambda: lint_bytes(data, "a.docx", off)) for _ in range(5)])

    from linter.grammar.harper_engine import shared_linter

    build = timed(shared_linter)

    result = None

    def first() -> None:
        nonlocal result
        result = lint_bytes(data, "a.docx", harper)

    first_pass = timed(first) - baseline
    assert result is not None
    words = result.stats.get("words") or sum(len(p.split()) for p in paragraphs)
    gr = [f for f in result.findings if f.rule.startswith("GR")]

    recheck: list[Timing] = []
    for n in range(args.edits):
        target = paragraphs[(n * 7 + 3) % len(paragraphs)]
        edited = spec.replace(target, target + f" I noted this on day {n + 2} of the programme.")
        edited_data = build_docx(edited)
        plain = timed(lambda d=edited_data: lint_bytes(d, "a.docx", off))
        recheck.append(timed(lambda d=edited_data: lint_bytes(d, "a.docx", harper)) - plain)

    load = f", load average {os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else ""
    print(
        f"assignment: {words:,} counted words, {len(paragraphs)} prose paragraphs, "
        f"{len(gr)} GR findings ({os.cpu_count()} cores{load})"
    )
    print(f"lint without grammar (median of 5):      {baseline}")
    print(f"harper engine build (once per process):  {build}")
    print(f"grammar pass, first over new text:       {first_pass}   goal < 1000 ms")
    print(
        f"grammar pass, re-check after one edit:   {median(recheck)}   goal < 100 ms "
        f"(median of {len(recheck)}; wall min {min(t.wall for t in recheck):.1f}, "
        f"max {max(t.wall for t in recheck):.1f})"
    )


if __name__ == "__main__":
    main()
