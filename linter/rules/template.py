"""PH: template guidance, placeholders and advertising left in the submission."""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.context import AssignmentContext
from ..analysis.guidance import blocks
from ..model import Finding
from ..registry import Rule, rule


def _section_key(ctx: AssignmentContext, index: int) -> str | None:
    s = ctx.structure.section_of(index)
    if s is None or s.kind == "front":
        return None
    return s.key if s.kind == "ac" else (s.title or s.key)


@rule(
    "PH400",
    "template-guidance-left",
    "error",
    "Assessor guidance from the template is still in.",
    needs_unit=False,
)
def template_guidance_left(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that the template's assessor guidance has been deleted: "What the
    Assessor is looking for", "Top Tip", "Note from Assessor", "Please use the headings
    shown below", and any paragraph that matches the unit template's guidance text,
    even lightly edited. One finding per block of guidance, at its first paragraph.

    Why it matters: centres refer submissions that still carry the template's guidance;
    it also inflates the word count.

    Example: "'Top Tip': Remember to critically review your chosen model from three
    different perspectives ..." left under AC 2.2.

    Instead: delete the guidance (headings, bullets and tips) once you have written your
    answer; keep only the AC heading and your own text.
    """
    paras = ctx.document.paragraphs
    for run in blocks(ctx.guidance.guidance, ctx.document):
        first = paras[run[0]]
        n = len(run)
        extent = {1: "", 2: " and the paragraph after it"}.get(
            n, f" and the {n - 1} paragraphs after it"
        )
        yield r.finding(
            f"Template guidance is still in the document (this paragraph{extent}): "
            "delete it before you submit.",
            section=_section_key(ctx, run[0]),
            paragraph=run[0],
            text=first.text[:200],
        )


@rule(
    "PH401",
    "placeholder-left",
    "error",
    "Placeholder text or an empty cover field is left.",
    needs_unit=False,
)
def placeholder_left(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: placeholder text such as "[Please insert your text ... here ...]",
    "[Insert ...]", "Click or tap here to enter text.", a content control still showing
    its placeholder, and empty cover-sheet fields ("Learner Name:" with nothing after).

    Why it matters: a placeholder tells the assessor a part was never written; an empty
    cover sheet can stop the submission being logged.

    Example: "[Please insert your text for this assessment criterion here and delete all
    the above guide comments prior to your final submission]".

    Instead: replace the placeholder with your text, or fill in the field.
    """
    for index, text in sorted(ctx.guidance.placeholders.items()):
        para = ctx.document.paragraphs[index].text
        start = para.find(text) if text and text in para else None
        yield r.finding(
            f'Placeholder left in: "{text[:80]}": replace it with your own text or '
            "fill in the field.",
            section=_section_key(ctx, index),
            paragraph=index,
            text=text[:200],
            start=start,
            end=(start + len(text)) if start is not None else None,
        )


@rule(
    "PH402",
    "advertising-boilerplate",
    "error",
    "Essay-mill advertising is in the document.",
    needs_unit=False,
)
def advertising_boilerplate(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: lines of essay-mill advertising that come with templates downloaded
    from the web ("Buy Answer of This Assessment & Raise Your Grades", "Do You Need
    Assignment of This Question").

    Why it matters: it is an academic-integrity risk: an assessor who sees it will ask
    where the rest of the text came from.

    Example: "Are You Looking for Answer of This Assignment or Essay".

    Instead: delete the line, and write every answer yourself.
    """
    for index, text in sorted(ctx.guidance.advertising.items()):
        yield r.finding(
            f'Essay-mill advertising is in the document ("{text[:60]}"): delete it; an '
            "assessor treats it as an academic-integrity concern.",
            section=_section_key(ctx, index),
            paragraph=index,
            text=text,
        )


@rule(
    "PH403",
    "review-artifacts-left",
    "warning",
    "Tracked changes or comments are still in.",
    needs_unit=False,
)
def review_artifacts_left(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: tracked changes not yet accepted or rejected, and comments still in
    the document.

    Why it matters: the assessor sees your tutor's comments and your deleted text, and a
    word count with revisions pending is not the one you meant.

    Example: a draft returned by a tutor with comments, resubmitted as it is.

    Instead: Review > Accept All Changes, then Review > Delete All Comments, and save.
    """
    doc = ctx.document
    parts = []
    if doc.revisions:
        parts.append(f"{doc.revisions} tracked change{'s' if doc.revisions != 1 else ''}")
    if doc.comments:
        parts.append(f"{doc.comments} comment{'s' if doc.comments != 1 else ''}")
    if not parts:
        return
    first = next((p.index for p in doc.paragraphs if p.has_revision or p.has_comment), None)
    yield r.finding(
        f"The document still holds {' and '.join(parts)}: accept or reject every change "
        "and delete the comments before you submit.",
        paragraph=first,
        section=_section_key(ctx, first) if first is not None else None,
    )
