"""Where each section of an assignment starts and ends.

A section starts at a heading or heading-like paragraph that carries an AC number
("1.1", "AC 1.1", "1.1.", "Assessment criterion 1.1", an automatic list number), or,
failing a number, the AC wording; or that names a section the unit requires
(introduction, a D7.x mark-sheet heading), the reference list or an appendix. ACs may
also be rows of a two-column table, the answer in the second cell: the row's cells
follow each other in body order, so the same rule finds them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Document, Paragraph
from .text import fold, wording_similarity

if TYPE_CHECKING:
    from ..units import AC, RequiredSection, Unit
    from .guidance import GuidanceMarks

_AC_LABEL = r"(?:AC|A\.\s?C\.?|assessment\s+criteri(?:on|a)|criteri(?:on|a))"
_NUMBER = r"(\d{1,2})\s?\.\s?(\d{1,2})(?!\s?\.\s?\d)(?:\.(?!\d))?"
# "1.1", "1.1.", "AC 1.1", "AC1.1:", "Assessment criterion 1.1", "Task 1.1", "(1.1)",
# "1.1Critically ..." (no space), at the start of the paragraph.
AC_NUMBER = re.compile(
    rf"^\s*[(\[]?\s*(?:(?:{_AC_LABEL}|task|question|part|section|q)\s*[:.\-–]?\s*)?"
    rf"{_NUMBER}[)\]]?(?=$|[\s:\-–—).,]|[A-Z])",
    re.IGNORECASE,
)
# An explicit AC label later in a short heading: "LO1 – AC 1.1", "Task 1: AC 1.1",
# "Learning outcome 1, assessment criterion 1.1".
AC_LABEL_INSIDE = re.compile(rf"\b{_AC_LABEL}\s*[:.\-–]?\s*{_NUMBER}(?=$|[\s:\-–—).,])", re.I)
_LABELLED = re.compile(rf"^\s*[(\[]?\s*{_AC_LABEL}\b|\b{_AC_LABEL}\s*[:.\-–]?\s*\d", re.I)
REFERENCE_TITLES = (
    "references",
    "reference list",
    "bibliography",
    "references bibliography",
    "list of references",
    "sources",
    "works cited",
    "reference",
)
APPENDIX = re.compile(r"^\s*(?:appendix|appendices|annex)\b", re.I)
CONTENTS_TITLES = ("contents", "table of contents")
INTRO_TITLES = ("introduction", "intro")
CONCLUSION_TITLES = ("conclusion", "conclusions", "summary and conclusion", "final reflections")
WORDING_THRESHOLD = 0.8


@dataclass
class Section:
    key: str  # AC number ("1.1"), a required-section key, "references", "appendix" ...
    kind: str  # front, introduction, ac, required, references, appendix, contents, other
    title: str  # the heading's text ("" for front matter)
    heading: int | None  # paragraph index of the heading
    start: int  # first paragraph after the heading
    end: int  # one past the last paragraph
    ac: AC | None = None
    required: RequiredSection | None = None
    matched_by: str = ""  # number, wording, table, list-number, title

    @property
    def label(self) -> str:
        return f"AC {self.key}" if self.kind == "ac" else (self.title or self.key)


@dataclass
class Structure:
    document: Document
    sections: list[Section]
    excluded: set[int]  # guidance, placeholders, advertising, headings, TOC lines
    unknown_ac_headings: list[tuple[int, str]] = field(default_factory=list)  # (para, "4.3")
    _words: dict = field(default_factory=dict, repr=False)

    def section_of(self, index: int) -> Section | None:
        for s in self.sections:
            if (s.heading == index) or s.start <= index < s.end:
                return s
        return None

    def ac_sections(self) -> list[Section]:
        return [s for s in self.sections if s.kind == "ac"]

    def find(self, kind: str) -> list[Section]:
        return [s for s in self.sections if s.kind == kind]

    @property
    def references(self) -> Section | None:
        found = self.find("references")
        return found[0] if found else None

    def own_paragraphs(self, section: Section | None = None) -> list[Paragraph]:
        """The learner's own prose in a section, or in the whole document (no reference
        list, appendices or contents) when ``section`` is None."""
        if section is not None:
            ranges = [section]
        else:
            ranges = [
                s for s in self.sections if s.kind not in ("references", "appendix", "contents")
            ]
        paras = self.document.paragraphs
        return [
            paras[i]
            for s in ranges
            for i in range(s.start, s.end)
            if paras[i].text and i not in self.excluded
        ]

    def words(self, section: Section | None = None) -> int:
        """Counted words of a section (or the document), computed once: the stats and
        the AC, CT, WC and EV rules all ask."""
        key = None if section is None else (section.start, section.end)
        if key not in self._words:
            self._words[key] = sum(p.words for p in self.own_paragraphs(section))
        return self._words[key]

    @property
    def counted_words(self) -> int:
        """Words as RULES.md counts them (headings, references, appendices, TOC, guidance
        and placeholders left out; deleted revisions are never in the text)."""
        return self.words()


def _level(p: Paragraph) -> int:
    if p.heading_level is not None:
        return p.heading_level
    if p.outline_level is not None:
        return p.outline_level
    if p.bold:
        return 10
    return 11


_TOC_TAIL = re.compile(r"(?:\.{3,}|…+|\t|\s{2,})\s*\d{1,3}$")


def _is_toc(p: Paragraph) -> bool:
    """A table-of-contents line: a TOC style, or a short line ending in leader dots and a
    page number."""
    style = p.style.lower()
    if style.startswith(("toc", "table of contents", "contents")):
        return True
    text = p.text
    return (
        bool(text) and text[-1].isdigit() and len(text) < 300 and bool(_TOC_TAIL.search(text[-40:]))
    )


def ac_number(p: Paragraph) -> tuple[str, str] | None:
    """(number, rest of the text) when the paragraph opens with an AC-like number."""
    text = p.text
    if p.list_number and re.fullmatch(r"\d{1,2}\.\d{1,2}\.?", p.list_number.strip()):
        return p.list_number.strip().rstrip("."), text
    m = AC_NUMBER.match(text)
    if m is None and (p.is_heading_like or p.words <= 15):
        m = AC_LABEL_INSIDE.search(text, 0, 120)
    if m is None:
        return None
    return f"{int(m.group(1))}.{int(m.group(2))}", text[m.end() :].strip(" :.-–—)]")


def _wording_score(text: str, ac: AC) -> float:
    """How well ``text`` carries the AC's wording or one of the template's own headings."""
    return max(wording_similarity(text, w) for w in (ac.wording, *ac.match))


def _short_title(p: Paragraph) -> str:
    return fold(re.sub(r"^\s*\d+(\.\d+)*\.?\s*", "", p.text))


def _required_match(title: str, unit: Unit | None) -> RequiredSection | None:
    if unit is None:
        return None
    for req in unit.sections:
        names = {fold(req.title), *(fold(m) for m in req.match)}
        if title in names or any(n and wording_similarity(title, n) >= 0.85 for n in names):
            return req
    return None


def _could_be_heading(p: Paragraph) -> bool:
    return p.is_heading_like or (p.cell is not None and p.cell.column == 0 and p.words <= 40)


def _classify(p: Paragraph, unit: Unit | None, ac_numbers: dict[str, AC]):
    """(kind, key, matched_by, ac, required) when ``p`` opens a section, else None."""
    if not p.text or _is_toc(p):
        return None
    heading_like = _could_be_heading(p)
    title = _short_title(p)
    numbered = ac_number(p)
    if numbered is not None:
        number, rest = numbered
        ac = ac_numbers.get(number)
        by = (
            "list-number"
            if p.list_number and p.list_number.strip().rstrip(".") == number
            else "number"
        )
        if ac is not None:
            wording_ok = wording_similarity(rest, ac.wording) >= 0.5
            short_label = p.words <= 12 and not p.text.rstrip().endswith((".", "?", "!"))
            if heading_like or _LABELLED.match(p.text) or wording_ok or short_label:
                return "ac", number, ("table" if p.cell else by), ac, None
        elif heading_like and p.words <= 40 and unit is not None and unit.structure == "ac":
            return "unknown-ac", number, by, None, None
    if heading_like or p.words <= 6:
        if title in REFERENCE_TITLES or re.fullmatch(
            r"references?\s*(?:and|&)?\s*bibliography", title
        ):
            return "references", "references", "title", None, None
        if APPENDIX.match(p.text) and p.words <= 15:
            return "appendix", "appendix", "title", None, None
        if title in CONTENTS_TITLES:
            return "contents", "contents", "title", None, None
        req = _required_match(title, unit)
        if req is not None and req.key != "introduction":
            return "required", req.key, "title", None, req
        if title in INTRO_TITLES or (req is not None and req.key == "introduction"):
            return "introduction", "introduction", "title", None, req
        if title in CONCLUSION_TITLES:
            return "other", "conclusion", "title", None, None
    if heading_like and unit is not None and unit.structure == "ac" and p.words <= 60:
        scored = [(_wording_score(p.text, a), a) for a in unit.acs]
        score, best = max(scored, key=lambda s: s[0], default=(0.0, None))
        if best is not None and score >= WORDING_THRESHOLD:
            return "ac", best.number, ("table" if p.cell else "wording"), best, None
    if p.is_heading_like:
        return "heading", title, "title", None, None
    return None


def find_structure(document: Document, unit: Unit | None, guidance: GuidanceMarks) -> Structure:
    paras = document.paragraphs
    ac_numbers = {a.number: a for a in unit.acs} if unit and unit.structure == "ac" else {}
    excluded = set(guidance.excluded)
    sections: list[Section] = []
    unknown: list[tuple[int, str]] = []
    current = Section("front", "front", "", None, 0, len(paras))
    current_level = 99
    for i, p in enumerate(paras):
        if i in guidance.excluded:
            continue
        if p.text and _is_toc(p):
            excluded.add(i)
            continue
        found = _classify(p, unit, ac_numbers)
        if found is None:
            continue
        kind, key, by, ac, req = found
        if kind == "unknown-ac":
            unknown.append((i, key))
            kind, key = "heading", p.text
        if kind == "heading":
            # A sub-heading inside a section stays in it; a heading as high as the
            # section's own starts an unnamed section (e.g. "Learning outcome 2").
            if current.kind in ("front",) or _level(p) > current_level or _level(p) >= 10:
                excluded.add(i)
                continue
            kind, key = "other", fold(p.text)[:60]
        current.end = i
        sections.append(current)
        current = Section(
            key, kind, p.text, i, i + 1, len(paras), ac=ac, required=req, matched_by=by
        )
        current_level = _level(p) if p.is_heading_like else 12
        excluded.add(i)
        # The AC wording repeated on its own line under a numbered heading is a heading too.
        if ac is not None and i + 1 < len(paras):
            nxt = paras[i + 1]
            if nxt.text and wording_similarity(nxt.text, ac.wording) >= 0.85 and nxt.words <= 60:
                excluded.add(i + 1)
    current.end = len(paras)
    sections.append(current)
    if sections and sections[0].kind == "front" and sections[0].end == 0:
        sections.pop(0)
    return Structure(document, sections, excluded, unknown)
