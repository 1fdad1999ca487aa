"""GR: spelling and grammar for British English, in the learner's own prose only.

One grammar pass per document feeds both rules: the learner's own paragraphs (no
headings, AC wording, guidance, placeholders or reference list) go to the configured
engine through its per-paragraph cache; matches inside citations, quotations, URLs,
e-mail addresses and unit codes, and spelling matches on coaching words, cited surnames,
names and acronyms mid-sentence and cover-page fields, are dropped.
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator

from ..analysis.context import AssignmentContext
from ..analysis.text import wording_similarity
from ..grammar import SPELLING, EngineUnavailable, Match, check_paragraphs, get_engine
from ..grammar.lexicon import default_lexicon
from ..grammar.masking import Span, reference_surnames, surnames_in
from ..model import Finding, Paragraph
from ..registry import Rule, rule

AC_WORDING_SIMILARITY = 0.85
FORM_FIELD_WORDS = 6
QUOTATION_STYLES = ("quote", "intense quote", "block text", "block quote", "quotation")
_HAS_CITATION_PARSER = importlib.util.find_spec("linter.analysis.citations") is not None


def _paragraphs(ctx: AssignmentContext) -> list[Paragraph]:
    """Own prose, minus block quotations, form fields and any paragraph that repeats
    an AC's wording (a heading the section finder left in, such as a table's first
    cell)."""
    acs = ctx.unit.acs if ctx.unit is not None else ()
    out = []
    for p in ctx.own_paragraphs():
        if not p.text.strip() or p.is_heading_like:
            continue
        if p.style.lower() in QUOTATION_STYLES:
            continue  # a block quotation is someone else's words
        if _form_field(ctx, p):
            continue
        if p.words <= 60 and any(
            wording_similarity(p.text, ac.wording) >= AC_WORDING_SIMILARITY for ac in acs
        ):
            continue
        out.append(p)
    return out


def _form_field(ctx: AssignmentContext, p: Paragraph) -> bool:
    """A short line without a full stop in a table cell or on the cover page: a form's
    label or value ("Learner name", "Amira Okafor", "Northbridge Academy"), not prose."""
    if p.words > FORM_FIELD_WORDS or p.text.rstrip().endswith((".", "?", "!")):
        return False
    if p.cell is not None:
        return True
    section = ctx.structure.section_of(p.index)
    return section is None or section.kind == "front"


def _citations(ctx: AssignmentContext) -> tuple[dict[int, list[Span]] | None, set[str]]:
    """Citation spans by paragraph (None: let masking find them with its own regex)
    and every surname the document cites or lists in its references."""
    names: set[str] = set()
    refs = ctx.structure.references
    if refs is not None:
        for p in ctx.document.paragraphs[refs.start : refs.end]:
            names.update(reference_surnames(p.text))
    if not _HAS_CITATION_PARSER:
        for p in ctx.document.paragraphs:
            names.update(surnames_in(p.text))
        return None, names
    from ..analysis.citations import cited_surnames

    spans: dict[int, list[Span]] = {}
    for c in ctx.citations:
        if c.paragraph is not None:
            spans.setdefault(c.paragraph, []).append((c.start, c.end))
    names.update(cited_surnames(ctx.citations))
    return spans, names


def _notice(ctx: AssignmentContext, message: str) -> None:
    notices = ctx.extra.setdefault("notices", [])
    if message not in notices:
        notices.append(message)


def grammar_pass(ctx: AssignmentContext) -> list[Match]:
    """The document's matches, computed once for GR700 and GR701."""
    return ctx.memo("grammar_pass", lambda: _grammar_pass(ctx))


def _grammar_pass(ctx: AssignmentContext) -> list[Match]:
    matches: list[Match] = []
    name = ctx.options.grammar_engine
    if name and name != "off":
        paragraphs = _paragraphs(ctx)
        citation_spans, surnames = _citations(ctx)
        lexicon = default_lexicon().merged(sorted(n for n in surnames if n))
        try:
            try:
                engine = get_engine(name, ctx.options.config.languagetool_url)
            except ValueError as exc:  # an engine name the configuration let through
                raise EngineUnavailable(str(exc)) from exc
            matches = check_paragraphs(
                engine, [(p.index, p.text) for p in paragraphs], citation_spans, lexicon
            )
        except EngineUnavailable as exc:
            _notice(ctx, f"{exc}: spelling and grammar (GR700, GR701) were not checked.")
        except Exception as exc:  # an engine failing on odd text must not stop the lint
            if os.environ.get("ILM_LINT_DEBUG"):
                raise
            _notice(
                ctx,
                f"the {name} grammar engine failed on this document ({type(exc).__name__}): "
                "spelling and grammar (GR700, GR701) were not checked.",
            )
    return matches


def _section_key(ctx: AssignmentContext, index: int) -> str | None:
    s = ctx.structure.section_of(index)
    if s is None or s.kind == "front":
        return None
    return s.key if s.kind == "ac" else (s.title or s.key)


def _findings(ctx: AssignmentContext, r: Rule, spelling: bool) -> Iterator[Finding]:
    for m in grammar_pass(ctx):
        if (m.kind == SPELLING) != spelling:
            continue
        message = m.message
        if m.suggestions and m.rule != "american-spelling" and m.suggestions[0]:
            shown = ", ".join(f"‘{s}’" for s in m.suggestions if s)
            if shown and not re.search(r"did you mean", message, re.I):
                message = f"{message} Suggestions: {shown}."
        yield r.finding(
            message,
            section=_section_key(ctx, m.paragraph),
            paragraph=m.paragraph,
            start=m.start,
            end=m.end,
            text=m.text[:200],
            suggestions=m.suggestions,
        )


@rule(
    "GR700",
    "spelling",
    "info",
    "A word is misspelt for British English.",
    needs_unit=False,
)
def spelling(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: the spelling of the learner's own prose for British English, with
    the grammar engine chosen by ``--grammar harper|languagetool`` (off by default on
    the command line). American spellings are flagged ("organization" → "organisation",
    "analyze" → "analyse", "program" → "programme" unless it is software). Coaching
    vocabulary (coachee, mentee, GROW, OSCAR, CLEAR, TGROW, CIGAR, EMCC, ICF, CIPD,
    Kolb, Schön, Hawkins, Whitmore ...; linter/data/lexicon.txt), every surname cited
    in the document, citations, quotations, web addresses and the reference list are
    never flagged. The finding gives the word's offsets and the suggestions.

    Why it matters: careless spelling costs credibility with an assessor, and ILM
    centres in the UK expect British spelling.

    Example: "I recieved feedback from the organization about my coachee's progress."

    Instead: "I received feedback from the organisation about my coachee's progress."
    """
    return _findings(ctx, r, spelling=True)


@rule(
    "GR701",
    "grammar",
    "info",
    "A grammar or usage problem found by the grammar engine.",
    needs_unit=False,
)
def grammar(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: grammar and usage in the learner's own prose (agreement, repeated
    words, wrong articles, confused words such as their/they're, affect/effect), as the
    chosen grammar engine reports them. Rules about typography or house style that fire
    on sound academic writing (serial commas, sentence length, double spaces, list
    items in lower case) are switched off (linter/data/grammar_engines.toml).

    Why it matters: grammar slips distract an assessor from the argument and can make a
    critical point read as unclear.

    Example: "The coachee were keen to explore there options, and and we agreed a plan."

    Instead: "The coachee was keen to explore their options, and we agreed a plan."
    """
    return _findings(ctx, r, spelling=False)
