"""WC: word count and the balance of words between sections.

Words are counted as RULES.md says (``Structure.counted_words``): headings, the
reference list, appendices, tables of contents, template guidance and placeholders,
comments and deleted revisions are left out; in-text citations and tables count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..analysis.context import AssignmentContext
from ..model import Finding
from ..registry import Rule, rule

TOLERANCE = 0.10  # WC200: outside the guidance by more than this share
MIN_SECTION_WORDS = 50  # thinner sections are AC103's (empty section), not WC201's
MIN_TOTAL_WORDS = 200  # below this a balance is noise
UNDER, OVER = 0.5, 2.0  # WC201 / WC202: share below half / above twice the expected


@rule("WC200", "word-count-out-of-range", "warning", "The word count is outside the guidance.")
def word_count_out_of_range(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that the counted words are within the unit's word guidance, give or
    take 10% (only where the unit or the configuration, with ``word-min`` and
    ``word-max``, gives a figure). Counted words leave out headings, the reference
    list, appendices, the table of contents, template guidance and placeholders.

    Why it matters: centres apply the word guidance; far over it, the assessor may stop
    reading, and far under it, the criteria are rarely covered in depth.

    Example: 2,900 counted words where the unit asks for 4,000 to 5,000.

    Instead: develop the thinnest sections (WC201 names them), or cut repetition and
    description from the longest.
    """
    unit = ctx.unit
    if unit is None or (unit.word_min is None and unit.word_max is None):
        return
    total = ctx.structure.counted_words
    low, high = unit.word_min, unit.word_max
    if low and high:
        guidance = f"{low:,} to {high:,} words"
    elif low:
        guidance = f"at least {low:,} words"
    else:
        guidance = f"at most {high:,} words"
    if low and total < low * (1 - TOLERANCE):
        off = f"{(low - total) / low:.0%} under"
        advice = "develop the thinner sections"
    elif high and total > high * (1 + TOLERANCE):
        off = f"{(total - high) / high:.0%} over"
        advice = "cut repetition and description"
    else:
        return
    yield r.finding(
        f"Your assignment has {total:,} counted words, {off} the unit's guidance of "
        f"{guidance} (headings, references, appendices and template guidance not counted): "
        f"{advice}.",
    )


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    heading: int | None
    title: str
    words: int
    share: float  # of the words in the compared sections
    expected: float


def section_shares(ctx: AssignmentContext) -> tuple[list[Share], str]:
    """Each compared section's share of the words against its expected share, and the
    basis of the expectation ("marks" or "equal"); computed once for WC201 and WC202."""
    return ctx.memo("section_shares", lambda: _shares(ctx))


def _shares(ctx: AssignmentContext) -> tuple[list[Share], str]:
    structure = ctx.structure
    unit = ctx.unit
    headings_unit = unit is not None and unit.structure == "headings"
    kind = "required" if headings_unit else "ac"
    words: dict[str, int] = {}
    first: dict[str, tuple] = {}
    marks: dict[str, int | None] = {}
    for s in structure.sections:
        if s.kind != kind:
            continue
        words[s.key] = words.get(s.key, 0) + ctx.structure.words(s)
        first.setdefault(s.key, (s.label, s.heading, s.title))
        mark = s.ac.marks if s.ac is not None else (s.required.marks if s.required else None)
        marks[s.key] = mark
    total = sum(words.values())
    if len(words) < 2 or total < MIN_TOTAL_WORDS:
        return [], ""
    by_marks = all(m for m in marks.values())
    mark_total = sum(m for m in marks.values() if m) if by_marks else 0
    out = []
    for key, count in words.items():
        expected = marks[key] / mark_total if by_marks else 1 / len(words)
        label, heading, title = first[key]
        out.append(Share(key, label, heading, title, count, count / total, expected))
    return out, ("marks" if by_marks else "equal")


def _basis(basis: str, kind: str) -> str:
    if basis == "marks":
        return "its share of the marks"
    return "an equal share of the AC sections" if kind == "ac" else "an equal share"


@rule("WC201", "section-underweight", "warning", "A section is far shorter than its share.")
def section_underweight(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that no section's share of the counted words is below half of its
    expected share: its share of the marks where the unit gives marks (the D7.x mark
    sheets), else an equal share of the AC sections. AC sections under 50 words are
    left to AC103 (empty section).

    Why it matters: a criterion answered in a few lines next to sections of a thousand
    words is rarely met in depth; for D7.x units each section must pass on its own.

    Example: in an 11-AC assignment of 5,500 words, AC 2.5 with 180 words (3% against
    an expected 9%).

    Instead: develop the section: more evidence, your own analysis and a conclusion;
    take words from the longest sections if you are near the limit.
    """
    shares, basis = section_shares(ctx)
    kind = "required" if ctx.unit and ctx.unit.structure == "headings" else "ac"
    for s in shares:
        if s.share >= s.expected * UNDER or (kind == "ac" and s.words < MIN_SECTION_WORDS):
            continue
        yield r.finding(
            f"{s.label} has {s.words:,} words, {s.share:.0%} of the words in the compared "
            f"sections against an expected {s.expected:.0%} ({_basis(basis, kind)}): it is "
            "probably too thin for what it carries; develop it.",
            section=s.key,
            paragraph=s.heading,
            text=s.title[:200] or None,
        )


@rule("WC202", "section-overweight", "info", "A section is far longer than its share.")
def section_overweight(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: whether a section's share of the counted words is more than twice
    its expected share (of the marks where the unit gives them, else equal).

    Why it matters: words spent beyond a section's marks are words other criteria
    lack, and the assessor may read the excess as description.

    Example: in an 11-AC assignment, AC 1.1 with 2,000 of 5,500 words (36% against an
    expected 9%).

    Instead: trim description and repetition from the section and develop the thinner
    ones.
    """
    shares, basis = section_shares(ctx)
    kind = "required" if ctx.unit and ctx.unit.structure == "headings" else "ac"
    for s in shares:
        if s.share <= s.expected * OVER:
            continue
        yield r.finding(
            f"{s.label} has {s.words:,} words, {s.share:.0%} of the words in the compared "
            f"sections, more than twice its expected {s.expected:.0%} ({_basis(basis, kind)}): "
            "consider trimming it and developing thinner sections.",
            section=s.key,
            paragraph=s.heading,
            text=s.title[:200] or None,
        )
