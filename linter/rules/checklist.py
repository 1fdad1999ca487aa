"""AC130: what the assessor looks for in each section, and the checklist it builds.

The requirements are unit data (``[[acs.requirements]]``, linter/data/units/README.md);
the matching is ``linter.analysis.requirements``. Every requirement, suggestions
included, goes into the file object's ``checklist``; only unmet ``must`` requirements of
sections the document has become findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import AssignmentContext
from ..analysis.requirements import GroupResult, RequirementResult, check_requirements, checklist
from ..model import Finding
from ..registry import Rule, rule

MIN_SECTION_WORDS = 50  # below this AC103 reports the section as empty: do not pile on


def _label(group: GroupResult) -> str:
    s = group.section
    return s.label if s is not None else group.key


def _words(ctx: AssignmentContext, group: GroupResult) -> int:
    """The section's counted words (those the file's stats give, from the same cache)."""
    return sum(ctx.structure.words(s) for s in group.sections)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def message(group: GroupResult, result: RequirementResult) -> str:
    """The unit's own message for the requirement, or one built from its description,
    followed by what was found so far when that helps the learner finish it."""
    req = result.requirement
    text = req.message or (
        f"{_label(group)} does not include {req.description}: the assessor looks for it"
    )
    parts = [_sentence(text)]
    if result.counted and result.found < req.need:
        terms = ", ".join(m.text for m in result.counted)
        parts.append(f"Found {result.found} of {req.need}: {terms}.")
    if result.uncited:
        terms = ", ".join(m.text for m in result.uncited)
        parts.append(f"Named without a citation in the same paragraph: {terms}.")
    return " ".join(parts)


@rule(
    "AC130",
    "required-content-missing",
    "warning",
    "A section lacks something the assessor guidance says it must contain.",
)
def required_content_missing(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that each section names what the unit's assessor guidance says it
    must contain: the requirements listed per AC in the unit file (a code of ethics and
    an ethical decision model in 8589-700 AC 2.4, at least three alternative L&D methods
    each with a reference in 1.3, questioning, listening and feedback in 8580-501 2.3).
    Only the learner's own text in the AC's section counts: not the heading, template
    guidance, another section or the reference list. A mention counts whatever is said
    about it ("unlike Kolb's cycle ..."). One finding per unmet requirement; what the
    guidance calls useful or helpful is shown in the checklist (``--checklist``, the
    JSON ``checklist``, the task pane) but never reported. A missing section (AC100) or
    one under 50 words (AC103) gets no AC130 finding; the checklist still shows it.
    docs/checklist.md explains the checklist with an example.

    Why it matters: a section can be long and well referenced and still be referred
    because it never names what the assessor looks for; the assessor marks against
    exactly these points.

    Example: AC 2.4 "Evaluate the theoretical and practical elements of ethical
    practice" that discusses the EMCC Global Code of Ethics at length but names no
    ethical decision model.

    Instead: name and use what the guidance asks for in that section, with a citation
    where it asks for one: "Applying the ACTION model (Passmore, 2009) to the dilemma,
    I ...". The checklist shows which requirements are met and by which words.
    """
    groups = check_requirements(ctx)
    if not groups:
        return
    ctx.extra["checklist"] = checklist(groups)
    for group in groups:
        if not group.present:
            continue  # AC100 / AC120 report the missing section
        if _words(ctx, group) < MIN_SECTION_WORDS:
            continue  # AC103 / WC201 report the empty section; the checklist still shows it
        section = group.section
        for result in group.results:
            if result.met or not result.requirement.must:
                continue
            yield r.finding(
                message(group, result),
                section=group.key,
                paragraph=section.heading,
                text=(section.title or "")[:200] or None,
            )
