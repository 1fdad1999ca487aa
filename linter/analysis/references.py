"""The reference list: find it, split it into entries, key, classify and check each one.

The list is the section under "References", "Reference list" or "Bibliography" (the
section finder decides where it starts and that it ends at an appendix or the end).
Each entry is one paragraph; a paragraph that does not start like an entry (a line
starting "Available at:", a lower-case line, a journal's volume and pages) continues the
previous one. Entries are keyed on the first author's surname (or the organisation) plus
year and suffix, so ``Clutterbuck, D. (2014a)`` and ``(Clutterbuck, 2014a)`` meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .citations import YEAR, Source
from .text import fold

if TYPE_CHECKING:
    from .context import AssignmentContext
    from .sections import Section

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA = Path(__file__).resolve().parent.parent / "data" / "phrases" / "references.toml"
KINDS = ("book", "journal", "chapter", "web", "report", "other")
KIND_NAMES = {
    "book": "books",
    "journal": "journal articles",
    "chapter": "book chapters",
    "web": "web pages",
    "report": "reports",
    "other": "other sources",
}

_NUMBERING = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}[.)]|[•▪●◦\-–*·])\s*")
_BRACKET_YEAR = re.compile(
    rf"\(\s*(?:(?P<year>{YEAR})(?P<suffix>[a-z]?)|(?P<nd>n\.\s?d\.?|no\s+date|nd)|"
    r"(?P<press>in\s+press|forthcoming))\s*[,;)]",
    re.I,
)
_BARE_YEAR = re.compile(rf"(?:^|[\s,.])(?P<year>{YEAR})(?P<suffix>[a-z]?)(?=[.,:;\s]|$)")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_AVAILABLE = re.compile(r"\bavailable\s+(?:at|from|online)\b\s*:?", re.I)
_ACCESSED = re.compile(r"\b(?:accessed|retrieved|viewed)\b[^)\]]{0,40}\d", re.I)
_INITIALS = re.compile(r"^[^\W\d_][\w'’\-]+(?:\s+[^\W\d_][\w'’\-]+)?,\s*[A-Z]\.?(?:\s|$|[A-Z.,])")
_CONTINUATION = re.compile(
    r"^(?:available|accessed|\[accessed|\(accessed|retrieved|viewed|doi|https?://|www\.|"
    r"in:|pp?\.|vol\.|\d|\(|\[)",
    re.I,
)
_CHAPTER = re.compile(r"\bin:?\s+[^()]{0,200}\((?:eds?|editors?)\.?\)|\bin:\s", re.I)
_VOLUME = re.compile(r"\b\d{1,4}\s*\(\s*\d{1,4}(?:\s*[-–/]\s*\d{1,4})?\s*\)|\bpp?\.\s*\d", re.I)
_EDITION = re.compile(r"\b\d+(?:st|nd|rd|th)\s+ed(?:n|ition)?\b|\b[A-Z][a-z]+:\s*[A-Z]")


@dataclass(frozen=True)
class KindCues:
    publishers: tuple[str, ...]
    journal: tuple[str, ...]
    report: tuple[str, ...]


@lru_cache(maxsize=1)
def kind_cues() -> KindCues:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return KindCues(
        publishers=tuple(fold(p) for p in raw.get("publishers", [])),
        journal=tuple(fold(p) for p in raw.get("journal", [])),
        report=tuple(fold(p) for p in raw.get("report", [])),
    )


@dataclass(frozen=True)
class Reference:
    """One entry of the reference list."""

    number: int  # 1-based position in the list
    paragraphs: tuple[int, ...]  # body paragraph indexes it spans
    text: str
    authors: str  # the author segment as written: "Hawkins, P. and Smith, N."
    surname: str  # first author's surname, or the organisation: "Hawkins", "CIPD"
    aliases: tuple[str, ...] = ()  # other names it goes by: "CIPD" for the Institute
    year: str = ""  # "2017", "n.d.", "in press" or "" when none was found
    suffix: str = ""
    year_in_brackets: bool = False
    title: str = ""
    kind: str = "other"  # book, journal, chapter, web, report, other
    problems: tuple[str, ...] = ()  # how it departs from the Harvard shape (CT304)
    web_missing: tuple[str, ...] = ()  # what a web reference lacks (CT307)
    bibliography: bool = False  # listed under a "Bibliography" heading

    @property
    def paragraph(self) -> int:
        return self.paragraphs[0]

    @property
    def key(self) -> tuple[str, str, str]:
        return (fold(self.surname), self.year, self.suffix)

    @property
    def label(self) -> str:
        year = f"{self.year}{self.suffix}" if self.year else "no year"
        return f"{self.surname} ({year})"

    def names(self, source: Source) -> bool:
        """Whether a citation's first author names this entry's first author."""
        cited = fold(source.first)
        if not cited:
            return False
        mine = fold(self.surname)
        if cited == mine or cited in (fold(a) for a in self.aliases):
            return True
        if mine and (cited.endswith(" " + mine) or mine.endswith(" " + cited)):
            return True
        if "," in self.authors:
            return False  # "Garvey Berger, J." is not Garvey: the surname ends at the comma
        authors = fold(self.authors)  # an organisation: "Chartered Institute of ..."
        return authors == cited or authors.startswith(cited + " ")

    def matches(self, source: Source) -> bool:
        return (
            bool(self.year)
            and self.year == source.year
            and self.suffix == source.suffix
            and self.names(source)
        )


@dataclass
class ReferenceList:
    sections: list[Section]
    entries: list[Reference] = field(default_factory=list)
    _found: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def section(self) -> Section:
        return self.sections[0]

    @property
    def heading(self) -> int | None:
        return self.section.heading

    def find(self, source: Source) -> Reference | None:
        # Memoised by source: a long essay cites the same twenty works a thousand times.
        key = (source.surnames, source.year, source.suffix)
        if key not in self._found:
            self._found[key] = next((e for e in self.entries if e.matches(source)), None)
        return self._found[key]

    def near(self, source: Source) -> list[Reference]:
        """Entries by the same first author with another year or suffix (did you mean?)."""
        return [e for e in self.entries if e.names(source) and not e.matches(source)]


# -- one entry -------------------------------------------------------------------------


def _year_of(text: str) -> tuple[re.Match | None, bool]:
    m = _BRACKET_YEAR.search(text[:400])
    if m:
        return m, True
    m = _BARE_YEAR.search(text[:200])
    return m, False


def _year_parts(m: re.Match | None) -> tuple[str, str]:
    if m is None:
        return "", ""
    groups = m.groupdict()
    if groups.get("nd"):
        return "n.d.", ""
    if groups.get("press"):
        return "in press", ""
    return m.group("year"), (m.group("suffix") or "").lower()


def _surname(authors: str) -> tuple[str, tuple[str, ...]]:
    aliases = tuple(a.strip() for a in re.findall(r"[(\[]([^()\[\]]{2,20})[)\]]", authors))
    plain = re.sub(r"\s*[(\[][^()\[\]]*[)\]]\s*", " ", authors).strip(" .,")
    plain = re.sub(r",?\s*\bet\.?\s*al\b\.?$", "", plain).strip(" .,")
    if "," in plain:
        return plain.split(",", 1)[0].strip(), aliases
    return plain, aliases


def _classify(text: str, url: bool) -> str:
    cues = kind_cues()
    folded = f" {fold(text)} "
    if _CHAPTER.search(text):
        return "chapter"
    if _VOLUME.search(text) or re.search(r"\bdoi\b|10\.\d{4,}/", text, re.I):
        return "journal"
    if any(f" {c} " in folded for c in cues.journal) and not url:
        return "journal"
    if any(f" {c} " in folded for c in cues.report):
        return "report"
    if url or _AVAILABLE.search(text):
        return "web"
    if _EDITION.search(text) or any(f" {c} " in folded for c in cues.publishers):
        return "book"
    return "other"


_NAME_GLUE = frozenset(
    [
        "and",
        "&",
        "et",
        "al",
        "of",
        "for",
        "the",
        "in",
        "on",
        "van",
        "von",
        "de",
        "der",
        "den",
        "du",
        "da",
        "di",
        "la",
        "le",
        "y",
    ]
)


def _looks_like_title(authors: str) -> bool:
    """A lower-case word a name would not hold: "Coaching for performance (2017)"."""
    words = re.findall(r"[^\W\d_][\w'’\-]*", re.sub(r"[(\[][^)\]]*[)\]]", "", authors))
    return any(w[0].islower() and w.lower() not in _NAME_GLUE for w in words)


def _guess_authors(body: str) -> str:
    """The author part of an entry with no year: "Whitmore, J." of "Whitmore, J. Coaching"."""
    if _INITIALS.match(body):
        m = re.match(r"^(.*?\b[A-Z]\.)(?:\s+(?![A-Z]\.)|$)", body)
        return m.group(1) if m else body.split(",", 1)[0]
    m = re.match(r"^([^.]{2,120}?)\.\s", body)
    return m.group(1) if m else ""


def parse_entry(
    text: str, number: int = 1, paragraphs: tuple[int, ...] = (), bibliography: bool = False
) -> Reference:
    """One reference-list entry from its text."""
    body = _NUMBERING.sub("", text).strip()
    url = bool(_URL.search(body))
    problems: list[str] = []
    if _URL.fullmatch(body.strip(" .")):
        problems.append(
            "it is only a web address: give the author or organisation, the year in "
            "brackets and the title, then 'Available at:' the address and the date you "
            "accessed it"
        )
        return Reference(
            number, paragraphs, text, "", body, year="", kind="web", problems=tuple(problems),
            bibliography=bibliography,
        )  # fmt: skip
    m, bracketed = _year_of(body)
    year, suffix = _year_parts(m)
    if m is not None:
        authors = body[: m.start()].strip(" ,.")
        after = body[m.end() :]
    else:
        authors, after = _guess_authors(body), body
    surname, aliases = _surname(authors)
    title = after.strip(" .,:;)")
    if m is None:
        problems.append("add the year of publication in brackets after the author, or (n.d.)")
    elif not bracketed:
        problems.append(f"put the year in brackets after the author: ({year}{suffix})")
    if not authors or not (authors[0].isupper() or authors[:3].lower() in ("van", "von", "de ")):
        problems.append("start with the author's surname and initials, or the organisation")
    elif len(authors.split()) > 25 or authors[0] in "'\"‘“" or _looks_like_title(authors):
        problems.append("start with the author's surname and initials, not the title")
    if m is not None and not re.search(r"[^\W\d_]{2,}", title):
        problems.append("add the title after the year")
    kind = _classify(body, url)
    web_missing: list[str] = []
    if kind == "web" or (kind in ("report", "other") and (url or _AVAILABLE.search(body))):
        if not (_AVAILABLE.search(body) and url):
            web_missing.append("'Available at:' with the web address")
        if not _ACCESSED.search(body):
            web_missing.append("the date you accessed it, e.g. (Accessed: 3 March 2026)")
    return Reference(
        number=number,
        paragraphs=paragraphs,
        text=text,
        authors=authors,
        surname=surname,
        aliases=aliases,
        year=year,
        suffix=suffix,
        year_in_brackets=bracketed,
        title=title[:200],
        kind=kind,
        problems=tuple(problems),
        web_missing=tuple(web_missing),
        bibliography=bibliography,
    )


def starts_entry(text: str, previous: str | None) -> bool:
    """Whether a paragraph of the list opens a new entry (else it continues ``previous``)."""
    body = _NUMBERING.sub("", text).strip()
    if not body:
        return False
    if previous is None:
        return True
    if _URL.match(body):
        # A bare address is its own (faulty) entry unless the one before still lacks one.
        return bool(_URL.search(previous)) or not _AVAILABLE.search(previous)
    if _CONTINUATION.match(body):
        return False
    first = body[0]
    if not (first.isupper() or first in "'\"‘“" or body.split()[0].lower() in ("van", "von", "de")):
        return False
    if _INITIALS.match(body):
        return True
    return _year_of(body[:200])[0] is not None


# -- the list --------------------------------------------------------------------------


def _entry_paragraphs(ctx: AssignmentContext, section: Section) -> list[tuple[int, str]]:
    """(index, text) of the paragraphs that hold entries: no guidance, placeholders or
    sub-headings ("Books", "Journals"), but bold entries kept."""
    structure = ctx.structure
    guidance = ctx.guidance.excluded
    out = []
    for i in range(section.start, section.end):
        text = ctx.document.paragraphs[i].text.strip()
        if not text or i in guidance:
            continue
        if i in structure.excluded and _year_of(text)[0] is None:
            continue
        out.append((i, text))
    return out


def parse_reference_list(
    paragraphs: list[tuple[int, str]], bibliography: bool = False, start: int = 1
) -> list[Reference]:
    """Entries from (index, text) paragraphs in order."""
    groups: list[tuple[list[int], list[str]]] = []
    for index, text in paragraphs:
        previous = " ".join(groups[-1][1]) if groups else None
        if starts_entry(text, previous):
            groups.append(([index], [text]))
        else:
            groups[-1][0].append(index)
            groups[-1][1].append(text)
    return [
        parse_entry(" ".join(texts), start + n, tuple(indexes), bibliography)
        for n, (indexes, texts) in enumerate(groups)
    ]


def find_reference_list(ctx: AssignmentContext) -> ReferenceList | None:
    """The document's reference list (every References/Bibliography section), or None."""
    sections = ctx.structure.find("references")
    if not sections:
        return None
    found = ReferenceList(sections)
    for section in sections:
        bibliography = "bibliography" in fold(section.title)
        found.entries.extend(
            parse_reference_list(
                _entry_paragraphs(ctx, section), bibliography, start=len(found.entries) + 1
            )
        )
    return found
