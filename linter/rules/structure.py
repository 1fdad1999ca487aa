"""AC: the assessment-criterion structure of an assignment."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import AssignmentContext
from ..model import Finding
from ..registry import Rule, rule

MIN_SECTION_WORDS = 50


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _ac_rules_apply(ctx: AssignmentContext) -> bool:
    return ctx.unit is not None and ctx.unit.structure == "ac" and bool(ctx.unit.acs)


@rule("AC100", "missing-ac-section", "error", "An AC of the unit has no section.")
def missing_ac_section(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that every assessment criterion (AC) of the unit has its own section,
    started by a heading (or a bold line, or the first cell of a table row) that carries
    the AC number ("1.1", "AC 1.1", "Assessment criterion 1.1") or the AC wording.

    Why it matters: an assessor marks AC by AC; a criterion with no section is a referral,
    however good the rest is.

    Example: a unit with ACs 1.1 to 3.2 whose document goes from "1.2" straight to "1.4".

    Instead: add a heading "1.3 Critically evaluate alternative learning & development
    methods ..." using the AC's exact wording, and answer it underneath.
    """
    if not _ac_rules_apply(ctx):
        return
    present = {s.key for s in ctx.structure.ac_sections()}
    for ac in ctx.unit.acs:
        if ac.number not in present:
            yield r.finding(
                f"AC {ac.number} ({_short(ac.wording)}) has no section: add a heading with "
                "the AC number and its wording, and answer it underneath.",
                section=ac.number,
            )


@rule("AC101", "ac-out-of-order", "warning", "AC sections appear out of the unit's order.")
def ac_out_of_order(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that AC sections follow the order of the unit (1.1, 1.2, ... 3.2).

    Why it matters: assessors read with the mark sheet beside them; a section out of
    place is easily missed and reads as missing.

    Example: "2.1" placed after "2.3".

    Instead: move the section so the ACs run in the unit's order.
    """
    if not _ac_rules_apply(ctx):
        return
    order = {ac.number: n for n, ac in enumerate(ctx.unit.acs)}
    seen: set[str] = set()
    highest = -1
    for s in ctx.structure.ac_sections():
        if s.key in seen:
            continue
        seen.add(s.key)
        rank = order[s.key]
        if rank < highest:
            after = ctx.unit.acs[highest].number
            yield r.finding(
                f"AC {s.key} comes after AC {after}: put the sections in the unit's order.",
                section=s.key,
                paragraph=s.heading,
                text=_short(s.title, 200),
            )
        highest = max(highest, rank)


@rule("AC102", "duplicate-ac-section", "warning", "The same AC heads two sections.")
def duplicate_ac_section(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that no AC number or wording heads more than one section.

    Why it matters: a second "2.3" usually means a pasted or renumbered section, and the
    assessor cannot tell which one answers the criterion.

    Example: two headings "2.3 Reflect on ..." (the second was meant to be 2.4).

    Instead: merge the two sections, or correct the number of the second.
    """
    if not _ac_rules_apply(ctx):
        return
    first: dict[str, int | None] = {}
    for s in ctx.structure.ac_sections():
        if s.key in first:
            yield r.finding(
                f"AC {s.key} heads a second section (the first is at paragraph "
                f"{first[s.key]}): merge them or correct the number.",
                section=s.key,
                paragraph=s.heading,
                text=_short(s.title, 200),
            )
        else:
            first[s.key] = s.heading


@rule("AC103", "empty-ac-section", "error", "An AC section holds under 50 words of own text.")
def empty_ac_section(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that each AC section holds at least 50 words of the learner's own
    text; the heading, template guidance and placeholders do not count.

    Why it matters: a heading with the template's guidance still under it looks answered
    at a glance and is referred at marking.

    Example: "2.2 Critically review a model ..." followed only by "[Please insert your
    text for this assessment criterion here ...]".

    Instead: write the answer under the heading and delete the guidance.
    """
    if not _ac_rules_apply(ctx):
        return
    for s in ctx.structure.ac_sections():
        count = ctx.structure.words(s)
        if count < MIN_SECTION_WORDS:
            yield r.finding(
                f"AC {s.key} holds {count} word{'s' if count != 1 else ''} of your own text "
                f"(template guidance not counted): answer the criterion here.",
                section=s.key,
                paragraph=s.heading,
                text=_short(s.title, 200),
            )


@rule("AC104", "unknown-ac-heading", "warning", "A heading carries an AC number the unit lacks.")
def unknown_ac_heading(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that headings numbered like an AC ("4.3") name an AC of the unit.

    Why it matters: a number the unit does not have is usually a typo for a real AC, or
    a section from another unit's assignment pasted in.

    Example: "4.3 Evaluate ..." in unit 8589-700, whose ACs end at 3.2.

    Instead: correct the number to the AC you are answering, or remove the section.
    """
    if not _ac_rules_apply(ctx):
        return
    last = ctx.unit.acs[-1].number
    for index, number in ctx.structure.unknown_ac_headings:
        yield r.finding(
            f"The heading numbered {number} is not an AC of unit {ctx.unit.code} "
            f"(its ACs run from {ctx.unit.acs[0].number} to {last}): correct the number.",
            section=number,
            paragraph=index,
            text=_short(ctx.document.paragraphs[index].text, 200),
        )


@rule(
    "AC110",
    "unit-not-detected",
    "error",
    "The unit cannot be told from the document.",
    needs_unit=False,
)
def unit_not_detected(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that the unit is known: given with --unit, or named in the document
    (a unit code such as "8589-700" or "D7.01"), or recognisable from its AC headings.

    Why it matters: without the unit the linter cannot know which ACs, references and
    word counts to expect, so the AC, WC and CT checks are skipped.

    Example: an assignment with no unit code on its cover and headings that match no unit.

    Instead: put the unit code on the cover page ("Unit 8589-700"), or run with
    --unit CODE (see 'ilm-lint units').
    """
    if ctx.unit is None:
        yield r.finding(
            "The unit could not be detected, so the AC, word-count and reference checks "
            "were skipped: put the unit code (e.g. 8589-700) on the cover page or run "
            "with --unit CODE.",
        )


def _has_section(ctx: AssignmentContext, kind: str, key: str | None = None) -> bool:
    return any(s.kind == kind and (key is None or s.key == key) for s in ctx.structure.sections)


@rule("AC120", "missing-required-section", "error", "A non-AC section the unit requires is absent.")
def missing_required_section(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that the sections a unit requires besides its ACs are there: the
    introduction where the unit asks for one, the headings of a D7.x assessment
    ("Self-assessment", "Learning Log", ...), and the reference list. (When CT306 is
    enabled it reports the missing reference list instead, so it is not reported twice.)

    Why it matters: D7.x assessments are marked heading by heading, with a minimum mark
    for each; a missing heading is a section with no marks.

    Example: a D7.04 assessment with no "Learning Log" heading.

    Instead: add the heading exactly as the unit prints it and write that part.
    """
    unit = ctx.unit
    if unit.introduction and not _has_section(ctx, "introduction"):
        yield r.finding(
            "There is no introduction: the unit asks you to begin by outlining yourself, "
            "your role and the situation in which you coach or mentor.",
            section="introduction",
        )
    for req in unit.sections:
        if req.key == "introduction":
            continue
        if not _has_section(ctx, "required", req.key):
            marks = f" ({req.marks} marks)" if req.marks else ""
            yield r.finding(
                f'The heading "{req.title}"{marks} is missing: use the assessment\'s '
                "headings as given and write each part.",
                section=req.key,
            )
    ct306_reports_it = ctx.options.selection.enabled_code("CT306")
    if unit.min_references and ctx.structure.references is None and not ct306_reports_it:
        yield r.finding(
            'There is no reference list: add a "References" heading at the end and '
            "list your sources in Harvard style.",
            section="references",
        )
