"""In-text Harvard citations: what the learner cites, where.

Recognised forms (RULES.md, CT family): ``Whitmore (2002)``, ``(Whitmore, 2002)``,
``(Hawkins and Smith, 2006)``, ``(Hawkins & Smith, 2006)``, ``(Passmore et al., 2013)``,
``(CIPD, 2021)``, ``(Covey, 2020, p. 12)``, ``(Kolb, 1984; Schön, 1983)``,
``(Downey, n.d.)``, ``(Clutterbuck, 2014a)``, ``Downey (2014, cited in Passmore, 2021)``,
possessives (``Starr's (2016)`` is Starr) and names with particles or punctuation
(``van Nieuwerburgh``, ``O'Connor``, ``Garvey-Berger``, ``Schön``).

Not citations: a parenthesis whose content is not a year (``Section 2 (2020 report)``,
``in 2019 (the year we restructured)``, ``Whitmore (12)``), or a year after something
that is not a name (``Unit 701 (2018)``, ``1500 units (2019)``, ``In January (2021)``).

``find_citations(text)`` parses one string; ``document_citations(ctx)`` gives those of
the learner's text (body, table cells, footnotes, endnotes and text boxes; not the
reference list or template guidance), cached on the context as ``ctx.citations``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .citation_names import (
    after_commentary,
    citation_words,
    clean_author,
    names_before,
    simple_name_before,
    split_authors,
)
from .text import fold

if TYPE_CHECKING:
    from .context import AssignmentContext


YEAR = r"(?:1[5-9]\d\d|20\d\d)"
NO_DATE = r"(?<![\w.])(?:n\.\s?d\.?|no\s+date|nd\b|forthcoming|in\s+press)"
_YEAR_ITEM = rf"(?:{YEAR}[a-z]?(?![\w])|{NO_DATE})"
_YEARS = rf"{_YEAR_ITEM}(?:\s*[,;]\s*(?:{_YEAR_ITEM}|[a-z](?![\w.])))*"
_LOCATOR = (
    r"(?:(?:p|pp|page|pages|para|paras|ch|chap|chapter|section|s)\.?\s*"
    r"[\dxivlc]+(?:\s*[-–]\s*[\dxivlc]+)?|[\d]+(?:\s*[-–]\s*\d+)?)"
)
_CITED_IN = re.compile(r"\s*[,;]?\s*(?:as\s+)?(?:cited|quoted|referenced|in)\s+(?:in:?\s+)?", re.I)
# One parenthetical item: names, optional comma, year(s), optional page locator.
_ITEM = re.compile(
    rf"(?P<names>[^\W\d_][^;()\d]{{0,150}}?)\s*,?\s*(?P<years>{_YEARS})"
    rf"(?P<loc>\s*[,:]\s*{_LOCATOR})?",
    re.I,
)
_YEARS_ONLY = re.compile(rf"\s*(?P<years>{_YEARS})(?P<loc>\s*[,:]\s*{_LOCATOR})?", re.I)
_YEAR_SPLIT = re.compile(rf"{YEAR}[a-z]?(?!\w)|{NO_DATE}|(?<![\w])[a-z](?![\w.])", re.I)
_PREFIX = re.compile(
    r"\s*(?:e\.\s?g\.,?|i\.\s?e\.,?|see\s+also|see|cf\.?|for\s+example,?|also|and|"
    r"after|following|adapted\s+from|based\s+on|quoted\s+in|cited\s+in|as\s+cited\s+in)\s+",
    re.I,
)
_SEPARATOR = re.compile(r"\s*(?:;|,|\band\b|&)\s*", re.I)
_TAIL = re.compile(r"\s*(?:[—–]|-\s|:\s|\.\s*$|$)")
_PARENS = re.compile(r"\(([^()]{1,400})\)")
_YEAR_SUFFIX = re.compile(rf"({YEAR})([a-z]?)", re.I)
_PRESS = re.compile(r"(?:forthcoming|in\s+press)", re.I)
_CITED_WORD = re.compile(r"cited|quoted|referenced", re.I)
_MAY_HOLD_YEAR = re.compile(r"\d|n\.\s?d|\bnd\b|no date|press|forthcoming", re.I)
_PLAIN_YEAR = re.compile(rf"{YEAR}")


@dataclass(frozen=True)
class Source:
    """A work as an in-text citation names it: authors and year."""

    surnames: tuple[str, ...]  # as written, particles kept: ("van Nieuwerburgh",)
    year: str  # "2002", "n.d." or "" (a "cited in" primary with no year given)
    suffix: str = ""  # "a" of 2014a
    et_al: bool = False

    @property
    def first(self) -> str:
        return self.surnames[0] if self.surnames else ""

    @property
    def key(self) -> tuple[str, str, str]:
        """(folded first surname, year, suffix): what a reference-list entry is keyed on."""
        return (fold(self.first), self.year, self.suffix)

    @property
    def label(self) -> str:
        """How the learner would write it: "Hawkins and Smith (2006)", "Passmore et al. (2013)"."""
        if self.et_al:
            names = f"{self.first} et al."
        elif len(self.surnames) == 2:
            names = f"{self.surnames[0]} and {self.surnames[1]}"
        elif len(self.surnames) > 2:
            names = ", ".join(self.surnames[:-1]) + f" and {self.surnames[-1]}"
        else:
            names = self.first
        year = f"{self.year}{self.suffix}" if self.year else "no year"
        return f"{names} ({year})"


@dataclass(frozen=True)
class Citation:
    """One in-text citation: the work, where it is, and for "cited in" the work read."""

    source: Source
    start: int  # character offsets in the paragraph's (or note's) text
    end: int
    text: str  # the citation as written
    narrative: bool  # Whitmore (2002) rather than (Whitmore, 2002)
    paragraph: int | None = None  # body paragraph index
    note: int | None = None  # index into Document.notes when it is in a note
    anchor: int | None = None  # for a note: the body paragraph it hangs from
    page: str | None = None  # "p. 12"
    secondary: Source | None = None  # Y of "X (1966, cited in Y, 1986)"

    @property
    def surnames(self) -> tuple[str, ...]:
        return self.source.surnames

    @property
    def year(self) -> str:
        return self.source.year

    @property
    def suffix(self) -> str:
        return self.source.suffix

    @property
    def listed(self) -> Source:
        """The work the reference list must hold: the secondary source for "cited in"."""
        return self.secondary or self.source

    @property
    def where(self) -> int | None:
        """The body paragraph to point at: the paragraph itself, or the note's anchor."""
        return self.paragraph if self.paragraph is not None else self.anchor


# -- years ---------------------------------------------------------------------------


def _years(raw: str) -> list[tuple[str, str]]:
    """[(year, suffix)] from "2014a, b" / "2002; 2017" / "n.d."."""
    if _PLAIN_YEAR.fullmatch(raw):
        return [(raw, "")]
    out: list[tuple[str, str]] = []
    for m in _YEAR_SPLIT.finditer(raw):
        tok = m.group(0)
        if len(tok) == 1:
            if out and out[-1][0] not in ("n.d.", ""):
                out.append((out[-1][0], tok.lower()))
            continue
        ym = _YEAR_SUFFIX.fullmatch(tok)
        if ym:
            out.append((ym.group(1), ym.group(2).lower()))
        elif _PRESS.match(tok):
            out.append(("in press", ""))
        else:
            out.append(("n.d.", ""))
    return out


def _page(loc: str | None) -> str | None:
    return loc.strip(" ,:") if loc else None


# -- parsing -------------------------------------------------------------------------


def _parse_item(content: str, pos: int) -> tuple[Source, list[tuple[str, str]], str, int] | None:
    """An author-year item at ``pos``: (first source, all years, locator, end)."""
    m = _ITEM.match(content, pos)
    if not m:
        return None
    split = split_authors(m.group("names")) or split_authors(after_commentary(m.group("names")))
    if split is None:
        return None
    authors, et_al = split
    years = _years(m.group("years"))
    if not years:
        return None
    year, suffix = years[0]
    return Source(authors, year, suffix, et_al), years, m.group("loc") or "", m.end()


def _cited_in(content: str, pos: int) -> tuple[Source, int] | None:
    m = _CITED_IN.match(content, pos)
    if not m or not _CITED_WORD.search(m.group(0)):
        return None
    item = _parse_item(content, m.end())
    if item is None:
        return None
    return item[0], item[3]


def _parenthetical(content: str) -> list[tuple[Source, str, Source | None]]:
    """Every (source, locator, secondary) in a bracket's content; [] when none parse."""
    out: list[tuple[Source, str, Source | None]] = []
    for segment in content.split(";"):
        seg = segment
        pos = len(seg) - len(seg.lstrip())
        prefix = _PREFIX.match(seg, pos)
        if prefix:
            pos = prefix.end()
        previous: Source | None = out[-1][0] if out else None
        # "(Whitmore, 2002; 2017)": a year alone continues the previous author.
        only = _YEARS_ONLY.fullmatch(seg[pos:].rstrip(" ."))
        if only and previous is not None:
            for y, s in _years(only.group("years")):
                out.append((Source(previous.surnames, y, s, previous.et_al), None, None))
            continue
        while pos < len(seg):
            item = _parse_item(seg, pos)
            if item is None:
                break
            source, years, loc, end = item
            secondary = None
            cited = _cited_in(seg, end)
            if cited is not None:
                secondary, end = cited
            if not _TAIL.match(seg, end) and not _SEPARATOR.match(seg, end):
                break
            for y, s in years:
                out.append((Source(source.surnames, y, s, source.et_al), _page(loc), secondary))
            sep = _SEPARATOR.match(seg, end)
            if not sep or sep.end() == end:
                break
            pos = sep.end()
    return out


def _narrative_content(content: str) -> tuple[list[tuple[str, str]], str, Source | None] | None:
    """Years, locator and secondary source when a bracket after a name holds only those."""
    text = content.strip()
    m = _YEARS_ONLY.match(text)
    if m:
        years = _years(m.group("years"))
        end = m.end()
        secondary = None
        cited = _cited_in(text, end)
        if cited is not None:
            secondary, end = cited
        if text[end:].strip(" .,"):
            return None
        return years, m.group("loc") or "", secondary
    cited = _cited_in(", " + text, 0)
    if cited is not None and not (", " + text)[cited[1] :].strip(" .,"):
        return [("", "")], "", cited[0]
    return None


_FAST_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_FAST_BRACKET = re.compile(r"([A-Z][a-z]+), (1[5-9]\d\d|20\d\d)")


def _fast_citation(text: str, m: re.Match, content: str, where: dict) -> list[Citation] | None:
    """[citation] or [] for the two commonest forms, None for anything else."""
    if _FAST_YEAR.fullmatch(content):
        found = simple_name_before(text, m.start())
        if found is None:
            return None
        start, name = found
        author = clean_author([name], citation_words())
        if author is None:
            return []
        source = Source((author,), content)
        return [Citation(source, start, m.end(), text[start : m.end()], True, **where)]
    bracket = _FAST_BRACKET.fullmatch(content)
    if bracket is not None:
        author = clean_author([bracket.group(1)], citation_words())
        if author is None:
            return []
        source = Source((author,), bracket.group(2))
        return [Citation(source, m.start(), m.end(), m.group(0), False, **where)]
    return None


def find_citations(
    text: str,
    fast: bool = True,
    *,
    paragraph: int | None = None,
    note: int | None = None,
    anchor: int | None = None,
) -> list[Citation]:
    """Every in-text citation in ``text``, in order; offsets index ``text``. ``fast``
    takes the commonest forms by a shortcut (the tests compare it with the full parse);
    ``paragraph``, ``note`` and ``anchor`` are copied into each citation."""
    if "(" not in text:
        return []
    where = {"paragraph": paragraph, "note": note, "anchor": anchor}
    found: list[Citation] = []
    for m in _PARENS.finditer(text):
        content = m.group(1)
        if fast:
            quick = _fast_citation(text, m, content, where)
            if quick is not None:
                found.extend(quick)
                continue
        if not _MAY_HOLD_YEAR.search(content):
            continue
        narrative = _narrative_content(content)
        if narrative is not None:
            names = names_before(text, m.start())
            if names is not None:
                start, authors, et_al = names
                years, loc, secondary = narrative
                for year, suffix in years:
                    found.append(
                        Citation(
                            Source(authors, year, suffix, et_al),
                            start,
                            m.end(),
                            text[start : m.end()],
                            narrative=True,
                            page=_page(loc),
                            secondary=secondary,
                            **where,
                        )
                    )
            continue
        for source, loc, secondary in _parenthetical(content):
            found.append(
                Citation(
                    source,
                    m.start(),
                    m.end(),
                    m.group(0),
                    narrative=False,
                    page=loc,
                    secondary=secondary,
                    **where,
                )
            )
    return found


def cited_surnames(citations: list[Citation]) -> set[str]:
    """Every surname word cited, for spelling checks ("Nieuwerburgh", "Schön")."""
    out: set[str] = set()
    for c in citations:
        for source in (c.source, c.secondary):
            if source is None:
                continue
            for name in source.surnames:
                out.update(w for w in re.split(r"[\s\-]+", name) if w)
    return out


def compute_document_citations(ctx: AssignmentContext) -> list[Citation]:
    """The learner's citations: body (table cells included) and notes; not the
    reference list, contents or template guidance."""
    structure = ctx.structure
    skip = set(ctx.guidance.excluded)
    for s in structure.sections:
        if s.kind in ("references", "contents"):
            skip.update(range(s.start, s.end))
            if s.heading is not None:
                skip.add(s.heading)
    out: list[Citation] = []
    for index, p in enumerate(ctx.document.paragraphs):
        if index in skip or "(" not in p.text:
            continue
        out.extend(find_citations(p.text, paragraph=index))
    for n, note in enumerate(ctx.document.notes):
        if note.anchor is not None and note.anchor in skip:
            continue
        out.extend(find_citations(note.text, note=n, anchor=note.anchor))
    return out


def document_citations(ctx: AssignmentContext) -> list[Citation]:
    """The learner's citations, computed once per document (``ctx.citations``)."""
    return ctx.citations
