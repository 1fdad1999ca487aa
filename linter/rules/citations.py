"""CT: Harvard citations and the reference list, checked against each other.

The parsing lives in linter/analysis/citations.py and references.py; the rules here only
decide. Every CT rule also records the ``references`` and ``citations`` counts of the
JSON stats, so they are there whichever CT rules are selected.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..analysis.citations import Citation, Source
from ..analysis.context import AssignmentContext
from ..analysis.references import KIND_NAMES, Reference, ReferenceList
from ..analysis.sections import Section
from ..model import Finding
from ..registry import Rule, rule
from .evaluative import MIN_SECTION_WORDS, verb_sections

HARVARD = "Surname, Initials. (Year) Title. Place: Publisher."


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _section_key(ctx: AssignmentContext, index: int | None) -> str | None:
    if index is None:
        return None
    s = ctx.structure.section_of(index)
    if s is None or s.kind == "front":
        return None
    return s.key if s.kind == "ac" else (s.title or s.key)


def _record_stats(ctx: AssignmentContext) -> None:
    if "citations" not in ctx.stats:
        refs = ctx.reference_list
        ctx.stats["references"] = len(refs.entries) if refs is not None else 0
        ctx.stats["citations"] = len(ctx.citations)


def _at_citation(ctx: AssignmentContext, c: Citation) -> dict:
    where: dict = {"section": _section_key(ctx, c.where), "paragraph": c.where, "text": c.text}
    if c.paragraph is not None:
        where.update(start=c.start, end=c.end)
    return where


def _at_entry(ctx: AssignmentContext, e: Reference) -> dict:
    return {
        "section": _section_key(ctx, e.paragraph),
        "paragraph": e.paragraph,
        "text": e.text[:200],
    }


def _by_paragraph(ctx: AssignmentContext) -> dict[int | None, list[Citation]]:
    out: dict[int | None, list[Citation]] = {}
    for c in ctx.citations:
        out.setdefault(c.where, []).append(c)
    return out


def _section_citations(ctx: AssignmentContext, s: Section) -> list[Citation]:
    """The citations in a section (its heading, paragraphs, table cells and notes)."""
    by_paragraph = ctx.memo("citations_by_paragraph", lambda: _by_paragraph(ctx))
    found = [c for i in range(s.start, s.end) for c in by_paragraph.get(i, ())]
    return by_paragraph.get(s.heading, []) + found if s.heading is not None else found


def _listed_entries(ctx: AssignmentContext) -> ReferenceList | None:
    refs = ctx.reference_list
    return refs if refs is not None and refs.entries else None


@rule("CT300", "too-few-references", "error", "The reference list is shorter than required.")
def too_few_references(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that the reference list holds at least the unit's minimum number of
    entries (12 at Level 7 for 8589-700, per its template; set per unit or in the
    configuration with ``min-references``).

    Why it matters: the template says "at this level of qualification this will be a
    minimum of 12 references"; fewer is a shortfall the assessor counts.

    Example: eight entries under "References" in an 8589-700 assignment.

    Instead: add the further books, journal articles and web sources you drew on, each
    cited in the text where you use it.
    """
    _record_stats(ctx)
    minimum = ctx.unit.min_references if ctx.unit else 0
    refs = ctx.reference_list
    if not minimum or refs is None or not refs.entries:
        return  # no list at all: CT306 says so
    n = len(refs.entries)
    if n >= minimum:
        return
    variety = (
        " from a variety of books, journals and web material" if ctx.unit.reference_variety else ""
    )
    yield r.finding(
        f"Your reference list has {_plural(n, 'entry', 'entries')}; unit {ctx.unit.code} asks "
        f"for at least {minimum}{variety}. Add the sources you drew on, each cited in the text.",
        section=refs.section.title or "References",
        paragraph=refs.heading,
        text=refs.section.title[:200] or None,
    )


@rule("CT301", "section-without-citation", "warning", "An evidence-verb AC section cites nothing.")
def section_without_citation(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that each AC section whose command verb asks for evidence
    (critically ..., analyse, evaluate, review, justify) has at least one in-text
    citation. Sections under 50 words are left to AC103.

    Why it matters: these verbs ask you to weigh evidence from your reading; a section
    with no citation reads as opinion and is commonly referred.

    Example: AC 2.1 "Critically analyse the knowledge, skills, behaviours and practices
    ..." written entirely from experience, with no (Author, Year) anywhere.

    Instead: support your points with the reading: "Active listening is central to
    coaching (Starr, 2016)", and list each source under References.
    """
    _record_stats(ctx)
    for vs in verb_sections(ctx):
        if not vs.flags.get("evidence"):
            continue
        s = vs.section
        if ctx.structure.words(s) < MIN_SECTION_WORDS:
            continue
        if _section_citations(ctx, s):
            continue
        yield r.finding(
            f"{vs.label} cites no sources: '{vs.verb}' asks for evidence from your reading. "
            "Support your points with in-text citations such as (Whitmore, 2017) and list "
            "each source under References.",
            section=vs.key,
            paragraph=s.heading,
            text=(s.title or "")[:200] or None,
        )


def _not_listed_message(c: Citation, near: list[Reference], times: int) -> str:
    again = f" (cited {times} times)" if times > 1 else ""
    if c.secondary is not None:
        return (
            f"{c.source.label} is cited through {c.secondary.label}{again}, which is not in "
            f"your reference list: list {c.secondary.label}, the work you read."
        )
    source = c.source
    if near:
        options = " or ".join(e.label for e in near[:3])
        return (
            f"{source.label} is cited{again} but your reference list has no entry for that "
            f"year: did you mean {options}? Correct the year in the text or in the list."
        )
    return (
        f"{source.label} is cited{again} but is not in your reference list: add it under "
        "References in Harvard form, or correct the citation."
    )


@rule(
    "CT302",
    "cited-not-listed",
    "warning",
    "An in-text citation matches no reference-list entry.",
    needs_unit=False,
)
def cited_not_listed(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that each in-text citation (first author's surname and year, with
    any suffix: 2014a) matches an entry of the reference list, and says "did you mean
    ...?" when only the year differs. For "Downey (2014, cited in Passmore, 2021)" it
    is Passmore (2021), the work you read, that must be listed. One finding per work,
    at its first citation.

    Why it matters: every citation must lead the assessor to a full reference; a
    mismatch looks careless at best and unsupported at worst.

    Example: "Whitmore (2009)" in the text while the list holds "Whitmore, J. (2017)
    Coaching for performance ...".

    Instead: correct the year in the text or in the list so they agree, or add the
    missing work to the list.
    """
    _record_stats(ctx)
    refs = _listed_entries(ctx)
    if refs is None:
        return  # no list: CT306 reports that once, not every citation
    missing: dict[tuple[str, str, str], list[Citation]] = {}
    for c in ctx.citations:
        if not c.listed.year or refs.find(c.listed) is None:
            missing.setdefault(c.listed.key, []).append(c)
    for group in missing.values():
        c = group[0]
        near = refs.near(c.listed)
        yield r.finding(
            _not_listed_message(c, near, len(group)),
            suggestions=tuple(e.label for e in near[:3]),
            **_at_citation(ctx, c),
        )


def _cited_entries(refs: ReferenceList, citations: list[Citation]) -> set[int]:
    """Numbers of the entries that some citation names, or that a citation with the
    wrong year points to (CT302 already says "did you mean" about those)."""
    cited: set[int] = set()
    sources: dict[tuple[str, str, str], Source] = {}
    for c in citations:
        for s in (c.source, c.secondary):
            if s is not None and s.year:
                sources.setdefault(s.key, s)
    for s in sources.values():
        hit = refs.find(s)
        if hit is not None:
            cited.add(hit.number)
        else:
            cited.update(e.number for e in refs.near(s))
    return cited


@rule(
    "CT303",
    "listed-not-cited",
    "info",
    "A reference-list entry is never cited.",
    needs_unit=False,
)
def listed_not_cited(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that each entry of the reference list is cited somewhere in the text
    (body, tables, footnotes). Entries under a "Bibliography" heading, which may list
    works consulted, are not reported; nor are entries CT302 already pairs with a
    citation whose year differs, or entries with no year (CT304).

    Why it matters: Harvard reference lists hold only what the text cites; a long list
    of uncited works looks padded.

    Example: "Covey, S.R. (2020) The 7 habits of highly effective people ..." listed, but
    Covey appears nowhere in the text.

    Instead: cite the work where you draw on it, or move it to a Bibliography of works
    consulted, or remove it.
    """
    _record_stats(ctx)
    refs = _listed_entries(ctx)
    if refs is None:
        return
    cited = _cited_entries(refs, ctx.citations)
    for e in refs.entries:
        if e.bibliography or not e.year or e.number in cited:
            continue
        yield r.finding(
            f"'{_short(e.text)}' is in your reference list but never cited: cite it where you "
            "use it, or remove it.",
            **_at_entry(ctx, e),
        )


@rule(
    "CT304",
    "reference-not-harvard",
    "warning",
    "A reference-list entry lacks the Harvard shape.",
    needs_unit=False,
)
def reference_not_harvard(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that each reference-list entry has the Harvard shape: the author(s)
    or organisation first, the year in brackets (or n.d.), then the title.

    Why it matters: ILM asks for Harvard referencing; entries without an author or a
    year cannot be matched to the citations in the text.

    Example: "https://www.mindtools.com/grow" or "Coaching for Performance, John
    Whitmore, 2017".

    Instead: Whitmore, J. (2017) Coaching for performance. 5th edn. London: Nicholas
    Brealey. For a web page: Organisation (Year) Title. Available at: URL (Accessed:
    date).
    """
    _record_stats(ctx)
    refs = ctx.reference_list
    if refs is None:
        return
    for e in refs.entries:
        if not e.problems:
            continue
        yield r.finding(
            f"'{_short(e.text)}' is not in Harvard form: {'; '.join(e.problems)}. "
            f"Harvard: {HARVARD}",
            **_at_entry(ctx, e),
        )


@rule("CT305", "reference-variety", "info", "Every reference is of one kind.")
def reference_variety(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: where the unit asks for "a variety of books, journals, and web-based
    material" (8589-700), that the reference list is not all of one kind (all web
    pages, or all books). Entries whose kind cannot be told are left out; it needs at
    least three entries of a known kind.

    Why it matters: a Level 7 assessor looks for academic sources as well as practical
    ones; a list of web pages only suggests no academic reading.

    Example: twelve entries, each a web page "Available at: https://...".

    Instead: add peer-reviewed journal articles (e.g. from the International Journal of
    Evidence Based Coaching and Mentoring) and core books beside the web sources.
    """
    _record_stats(ctx)
    refs = ctx.reference_list
    if ctx.unit is None or not ctx.unit.reference_variety or refs is None:
        return
    kinds = {e.kind for e in refs.entries}
    if len(refs.entries) < 3 or len(kinds) != 1 or "other" in kinds:
        return
    kind = kinds.pop()
    yield r.finding(
        f"All {len(refs.entries)} of your references are {KIND_NAMES[kind]}: this unit asks "
        "for a variety of books, journals and web material. Add sources of the other kinds.",
        section=refs.section.title or "References",
        paragraph=refs.heading,
        text=refs.section.title[:200] or None,
    )


@rule(
    "CT306",
    "missing-reference-list",
    "error",
    "Sources are cited (or required) but there is no reference list.",
    needs_unit=False,
)
def missing_reference_list(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that a document with in-text citations, or for a unit that requires
    references, has a reference list under a heading "References", "Reference list" or
    "Bibliography", with entries under it.

    Why it matters: citations with nothing to lead to, or a unit's reference minimum
    with no list at all, is a referral on its own.

    Example: an assignment citing (Whitmore, 2017) and (Kolb, 1984) that ends with the
    last AC section.

    Instead: add a heading "References" at the end and list every cited work in
    Harvard form, in alphabetical order of author.
    """
    _record_stats(ctx)
    refs = ctx.reference_list
    if refs is not None and refs.entries:
        return
    citations = ctx.citations
    required = ctx.unit.min_references if ctx.unit else 0
    if not citations and not required:
        return
    if citations:
        why = f"Your text cites {_plural(len(citations), 'source')} (first {citations[0].listed.label})"
    else:
        why = f"Unit {ctx.unit.code} asks for at least {required} references"
    if refs is None:
        yield r.finding(
            f"{why} but there is no reference list: add a heading 'References' at the end "
            "and list every cited work in Harvard form.",
        )
    else:
        yield r.finding(
            f"{why} but your '{refs.section.title}' heading has no entries under it: list "
            "every cited work there in Harvard form.",
            section=refs.section.title,
            paragraph=refs.heading,
            text=refs.section.title[:200] or None,
        )


@rule(
    "CT307",
    "web-reference-incomplete",
    "info",
    "A web reference lacks 'Available at:' with a URL, or an accessed date.",
    needs_unit=False,
)
def web_reference_incomplete(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that each web reference (a web page, or a report or code read
    online) gives "Available at:" with the address, and the date you accessed it.

    Why it matters: web pages change and vanish; Harvard asks for the address and the
    date so the assessor can see what you read.

    Example: "Mind Tools (2022) The GROW model. Available at: www.mindtools.com/grow".

    Instead: Mind Tools (2022) The GROW model. Available at: https://www.mindtools.com/
    grow (Accessed: 3 March 2026).
    """
    _record_stats(ctx)
    refs = ctx.reference_list
    if refs is None:
        return
    for e in refs.entries:
        if not e.web_missing or (e.problems and not e.year):
            continue  # a bare address is CT304's
        yield r.finding(
            f"Web reference '{_short(e.text)}' lacks {' and '.join(e.web_missing)}: Harvard web "
            "references end 'Available at: URL (Accessed: date)'.",
            **_at_entry(ctx, e),
        )


@rule(
    "CT308",
    "too-few-sources-for-verb",
    "warning",
    "A 'critically explore' AC cites fewer than three sources.",
)
def too_few_sources_for_verb(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that an AC whose verb is "critically explore" (or another the unit
    data marks with a minimum of sources) cites at least that many distinct works in
    its section (three by default). A section citing nothing is left to CT301.

    Why it matters: the ILM verifier's guide says "critically explore means to take
    evidence from three or more sources and to say to what extent you agree or
    disagree with that evidence" (seed 002).

    Example: AC 2.1 of 8580-500 "Critically explore the knowledge, skills and behaviour
    of an effective coach" citing only Starr (2016) and Whitmore (2017).

    Instead: bring in at least one more source, e.g. van Nieuwerburgh (2017), and say
    how far you agree with each.
    """
    _record_stats(ctx)
    for vs in verb_sections(ctx):
        if not vs.min_sources:
            continue
        s = vs.section
        if ctx.structure.words(s) < MIN_SECTION_WORDS:
            continue
        works: dict[tuple[str, str, str], Source] = {}
        for c in _section_citations(ctx, s):
            works.setdefault(c.listed.key, c.listed)
        n = len(works)
        if n == 0 or n >= vs.min_sources:
            continue
        named = ", ".join(w.label for w in works.values())
        yield r.finding(
            f"{vs.label} cites {_plural(n, 'source')} ({named}): '{vs.verb}' means taking "
            f"evidence from {vs.min_sources} or more sources and saying how far you agree "
            f"with each. Add at least {vs.min_sources - n} more.",
            section=vs.key,
            paragraph=s.heading,
            text=(s.title or "")[:200] or None,
        )
