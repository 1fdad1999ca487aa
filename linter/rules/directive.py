"""DR: directive phrasing. Coaching is non-directive; mentoring may advise (seed 004).

The engine and its safeguards are in linter/analysis/directive.py, the phrases in
linter/data/phrases/directive.toml. These rules run it over the learner's own text
(body, table cells, appendices with their session logs, footnotes), never over
headings, template guidance, block quotations or the reference list, and soften a
finding in a section about mentoring.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from ..analysis.context import AssignmentContext
from ..analysis.directive import DirectiveHit, scan_directive
from ..analysis.text import fold
from ..model import Finding, Severity
from ..registry import Rule, rule

CODES = ("DR500", "DR501", "DR502")


def _about_mentoring(title: str) -> bool:
    words = fold(title)
    return "mentor" in words and "coach" not in words


class _Scan:
    """Every directive hit of a document, computed once and shared by the three rules."""

    def __init__(self, ctx: AssignmentContext) -> None:
        self.ctx = ctx

    @cached_property
    def hits(self) -> list[tuple[int | None, int | None, DirectiveHit, str | None, bool]]:
        """(paragraph, note, hit, section key, section is about mentoring)."""
        ctx = self.ctx
        structure = ctx.structure
        skip = set(structure.excluded)
        out = []
        for s in structure.sections:
            if s.kind in ("references", "contents"):
                continue
            title = " ".join(filter(None, [s.title, s.ac.wording if s.ac else ""]))
            mentoring = _about_mentoring(title)
            key = None if s.kind == "front" else (s.key if s.kind == "ac" else s.title or s.key)
            for i in range(s.start, s.end):
                p = ctx.document.paragraphs[i]
                if i in skip or not p.text or "quote" in p.style.lower():
                    continue
                out.extend((i, None, h, key, mentoring) for h in scan_directive(p.text))
        for n, note in enumerate(ctx.document.notes):
            if note.anchor is not None and note.anchor in skip:
                continue
            s = structure.section_of(note.anchor) if note.anchor is not None else None
            if s is not None and s.kind in ("references", "contents"):
                continue
            key = None if s is None or s.kind == "front" else (s.key if s.kind == "ac" else s.title)
            mentoring = s is not None and _about_mentoring(s.title)
            out.extend((note.anchor, n, h, key, mentoring) for h in scan_directive(note.text))
        return out


def _shared_scan(ctx: AssignmentContext) -> _Scan:
    """One scan of the text for the three DR rules."""
    return ctx.memo("directive_scan", lambda: _Scan(ctx))


def _findings(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    for paragraph, note, hit, section, mentoring in _shared_scan(ctx).hits:
        if hit.code != r.code:
            continue
        severity, reason = hit.severity, hit.reason
        if mentoring and severity is Severity.WARNING:
            severity, reason = Severity.INFO, "mentoring"
        where: dict = {"section": section, "paragraph": paragraph, "text": hit.text}
        if note is None:
            where.update(start=hit.start, end=hit.end)
        yield r.finding(
            MESSAGES[(hit.code, reason)].format(text=hit.text), severity=severity, **where
        )


MESSAGES = {
    ("DR500", ""): (
        "'{text}' reports you directing the coachee: coaching is non-directive, and an "
        "assessor reads advice as mentoring. If the coachee reached this themselves, show "
        "how your questions got them there ('I asked what options she saw; she chose to ...')."
    ),
    ("DR500", "permission"): (
        "'{text}': advice given at the coachee's request or with permission. Say so plainly "
        "and show how the coachee weighed it and decided for themselves."
    ),
    ("DR500", "mentoring"): (
        "'{text}': advising is legitimate in mentoring. Make sure it is clear this is "
        "mentoring, not your coaching practice, which the assessor expects to be non-directive."
    ),
    ("DR500", "joint"): (
        "'{text}' may read as you steering the session: make clear the coachee chose the direction."
    ),
    ("DR501", ""): (
        "'{text}' is a leading question: it carries your own solution. Open it up: "
        "'What options do you see?', 'What else could you do?'"
    ),
    ("DR502", ""): (
        "'{text}' instructs the coachee. In coaching, ask rather than tell: 'What do you "
        "think you need to do?'"
    ),
}


@rule(
    "DR500",
    "directive-report",
    "warning",
    "The learner reports directing the coachee ('I suggested she ...').",
    needs_unit=False,
)
def directive_report(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: first-person reports of directing the coachee: "I suggested",
    "I advised", "I told him to", "I recommended", "I gave her my advice", "I
    instructed", "I steered her towards", "my advice was", "I proposed that she".

    It does not fire on: negations and hypotheticals ("I did not advise", "if I
    suggested"); reflection on the urge ("I noticed I was tempted to advise", "I caught
    myself", "next time I will", "rather than advising"); the coachee as the subject
    ("she suggested"); words in quotation marks (the coachee's, or a quotation from the
    literature) and block quotations; process moves ("I suggested we take a break", "I
    proposed we recap", "I told him the sessions were confidential"). Advice given on
    request or with permission, and advice in a mentoring context, drop to info.

    Why it matters: coaching is non-directive; a log that reads "I suggested she speak
    to her line manager" describes mentoring, not coaching, and the coaching criterion
    is not met (seed 004).

    Example: "I suggested she speak to her line manager about the issue, which she
    agreed to do."

    Instead: "I asked who could help her with this; she decided to speak to her line
    manager."
    """
    yield from _findings(ctx, r)


@rule(
    "DR501",
    "leading-question",
    "info",
    "A question the coach reports asking leads rather than opens.",
    needs_unit=False,
)
def leading_question(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: questions the coach reports asking, in quotation marks or after "I
    asked", that lead rather than open: "Have you thought about ...?", "Why don't you
    ...?", "Wouldn't it be better to ...?", "Don't you think ...?", "Have you tried
    ...?". A question put by the coachee, or quoted from the literature as an example,
    is not reported.

    Why it matters: a leading question is advice dressed as a question; assessors look
    for open questions that let the coachee find their own answer.

    Example: I asked, "Have you thought about talking to HR?"

    Instead: I asked, "Who could help you with this?"
    """
    yield from _findings(ctx, r)


@rule(
    "DR502",
    "directive-instruction",
    "info",
    "Coach speech that instructs ('you should', 'you need to').",
    needs_unit=False,
)
def directive_instruction(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: "you should", "you need to", "you must", "you ought to" in the
    coach's own quoted speech (I said, "You should ..."), or reported ("I told her that
    she should ..."). The coachee's words and quotations from the literature are left
    alone.

    Why it matters: telling the coachee what to do takes the decision away from them,
    the opposite of the non-directive stance the coaching units assess.

    Example: I said, "You should speak to her first."

    Instead: I asked, "Who do you want to speak to first, and why?"
    """
    yield from _findings(ctx, r)
