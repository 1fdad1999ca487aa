"""What each section must contain (AC130): the unit's requirements matched in its text.

A requirement (``linter.units.Requirement``) lists items, each a tuple of variants
("Schön", "Schon"), and how many distinct items the section must name. The matching
contract is the one ``linter/data/units/README.md`` states:

- only the learner's own text in the section counts (``ctx.own_paragraphs``: not the
  heading, not the AC wording repeated under it, not template guidance or placeholders,
  not the reference list), plus the footnotes and endnotes anchored in that text;
- a variant matches as whole words; a variant whose letters are all capitals, at least
  two of them ("GROW", "T-GROW", "EMCC"), matches only in capitals, any other ignores
  case; plurals and spellings are never guessed (the data lists them);
- typography is not spelling: curly apostrophes, non-breaking spaces and hyphens, and
  runs of spaces are read as their plain forms, and decomposed accents as composed ones;
- a mention counts whatever is said about it ("unlike Kolb's cycle ..." names Kolb);
- where ``cited`` is set, an item counts only in a paragraph (or its notes) that holds
  an in-text citation, as the citation parser finds them (``ctx.citations``).

``check_requirements(ctx)`` gives one ``GroupResult`` per section that has requirements
(an AC, or a prescribed heading of a "headings" unit); ``checklist(results)`` turns them
into the JSON file object's ``checklist``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..units import Requirement
    from .context import AssignmentContext
    from .sections import Section

# Typographic variants read as their plain form; one character for one, so offsets hold.
_PLAIN = str.maketrans(
    {
        "\u2019": "'",  # right single quotation mark (Word's apostrophe)
        "\u2018": "'",
        "\u02bc": "'",
        "\u00a0": " ",  # no-break space
        "\u202f": " ",
        "\u2009": " ",
        "\u2007": " ",
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",
        "\u2013": "-",  # en dash, as Word's autocorrect leaves it in "self–assessment"
    }
)
_WORD = re.compile(r"\w+")


def plain(text: str) -> str:
    """``text`` with typographic variants made plain and accents composed (NFC)."""
    text = text.translate(_PLAIN)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def capitals_only(variant: str) -> bool:
    """Whether a variant is matched only in capitals: two or more letters, all capitals."""
    letters = [c for c in variant if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(frozen=True)
class _Variant:
    item: int  # index into Requirement.items
    text: str  # the variant as the data writes it
    caps: bool  # matched only in capitals
    first: str  # its first word in lower case ("" when it has none): the index key
    rest: frozenset[str]  # its other words in lower case: all must be in the text too
    pattern: re.Pattern  # searched in the lowered text (caps: in the text as written)
    loose: re.Pattern | None  # ignoring case, for a text whose lower case changes length


@lru_cache(maxsize=4096)
def _variant(item: int, variant: str) -> _Variant:
    v = plain(variant)
    caps = capitals_only(v)
    words = _WORD.findall(v.lower())
    # Literal first, so the regex engine can skip ahead; the word boundary before the
    # match is checked by hand (a look-behind would make every search crawl).
    body = r"\s+".join(re.escape(part if caps else part.lower()) for part in v.split())
    loose = r"\s+".join(re.escape(part) for part in v.split())
    return _Variant(
        item,
        variant,
        caps,
        words[0] if words else "",
        frozenset(words[1:]),
        re.compile(body + r"(?!\w)"),
        None if caps else re.compile(loose + r"(?!\w)", re.IGNORECASE),
    )


@dataclass(frozen=True)
class _Index:
    """A requirement's variants ready to search."""

    by_word: dict[str, tuple[_Variant, ...]]  # by first word in lower case ("" for none)
    words: frozenset[str]  # the first words: a text holding none of them is skipped
    containers: frozenset[int]  # ids of variants holding another item's variant inside


@lru_cache(maxsize=2048)
def _index(requirement: Requirement) -> _Index:
    """The requirement's variants by their first word in lower case: a paragraph is only
    searched for the variants whose first word it holds."""
    by_word: dict[str, list[_Variant]] = {}
    variants = [_variant(n, text) for n, texts in enumerate(requirement.items) for text in texts]
    for v in variants:
        by_word.setdefault(v.first, []).append(v)
    # Once an item is counted its variants need no search, unless one could hide another
    # item's variant inside it ("T-GROW" holds "GROW"): that one must still win the overlap.
    lowered = [(v, plain(v.text).lower()) for v in variants]
    containers = frozenset(
        id(v)
        for v, low in lowered
        if any(w.item != v.item and other in low for w, other in lowered)
    )
    return _Index({k: tuple(vs) for k, vs in by_word.items()}, frozenset(by_word), containers)


@dataclass(frozen=True)
class Mention:
    """One item named in the section: where and how."""

    item: int  # index into Requirement.items
    variant: str  # the variant of the data it matched
    text: str  # as the learner wrote it
    paragraph: int  # body paragraph (for a note: the paragraph it hangs from)
    start: int | None  # offsets in that paragraph's text (None in a note)
    end: int | None
    cited: bool  # the paragraph (or the note) holds an in-text citation


@dataclass(frozen=True)
class RequirementResult:
    requirement: Requirement
    counted: tuple[Mention, ...]  # the first counting mention of each distinct item
    uncited: tuple[Mention, ...]  # cited requirements: items named only without a citation
    present: bool  # the section exists in the document

    @property
    def found(self) -> int:
        return len(self.counted)

    @property
    def met(self) -> bool:
        return self.present and self.found >= self.requirement.need

    @property
    def evidence(self) -> str | None:
        """The learner's words that count, in document order ("EMCC; ACTION")."""
        if not self.counted:
            return None
        return "; ".join(_unique(m.text for m in self.counted))

    def to_dict(self) -> dict[str, Any]:
        r = self.requirement
        out: dict[str, Any] = {
            "id": r.id,
            "description": r.description,
            "met": self.met,
            "evidence": self.evidence,
            "must": r.must,
            "need": r.need,
            "found": self.found,
        }
        if r.cited:
            out["cited"] = True
        if self.counted:
            out["paragraph"] = self.counted[0].paragraph
        return out


@dataclass(frozen=True)
class GroupResult:
    """The requirements of one section: an AC ("2.4") or a prescribed heading's key."""

    key: str
    sections: tuple[Section, ...]  # the document's sections for it (two for a duplicate)
    results: tuple[RequirementResult, ...]

    @property
    def present(self) -> bool:
        return bool(self.sections)

    @property
    def section(self) -> Section | None:
        return self.sections[0] if self.sections else None


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        if v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return out


class _Text:
    """One stretch of the learner's text to search (a paragraph or a note), with its
    words collected once for every requirement of the section."""

    __slots__ = ("cited", "lowered", "offsets", "paragraph", "text", "words")

    def __init__(self, raw: str, paragraph: int, note: bool, cited: bool) -> None:
        self.text = plain(raw)
        self.paragraph = paragraph
        # Offsets index the paragraph's own text unless NFC changed its length.
        self.offsets = not note and len(self.text) == len(raw)
        self.cited = cited
        low = self.text.lower()
        # None when lowering changes the length (a rare letter such as "İ").
        self.lowered = low if len(low) == len(self.text) else None
        self.words = frozenset(_WORD.findall(low))

    def spans(self, v: _Variant) -> list[tuple[int, int]]:
        """Where the variant occurs as whole words (its first word is known to be here)."""
        if v.rest and not self.words.issuperset(v.rest):
            return []
        if v.caps:
            text, pattern = self.text, v.pattern
        elif self.lowered is not None:
            text, pattern = self.lowered, v.pattern
        else:
            text, pattern = self.text, v.loose
        out = []
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            start = m.start()
            before = text[start - 1] if start else " "
            if not (before.isalnum() or before == "_"):
                out.append((start, m.end()))
            pos = start + 1
        return out


def _cited(ctx: AssignmentContext) -> tuple[set[int], set[int]]:
    """(body paragraphs, notes) that hold an in-text citation; a note's citation also
    counts for the paragraph it hangs from."""
    paragraphs: set[int] = set()
    notes: set[int] = set()
    for c in ctx.citations:
        if c.note is not None:
            notes.add(c.note)
        if c.where is not None:
            paragraphs.add(c.where)
    return paragraphs, notes


def _texts(
    ctx: AssignmentContext, sections: tuple[Section, ...], cited: tuple[set[int], set[int]]
) -> list[_Text]:
    cited_at, cited_notes = cited
    out: list[_Text] = []
    own: set[int] = set()
    for s in sections:
        for p in ctx.own_paragraphs(s):
            own.add(p.index)
            out.append(_Text(p.text, p.index, False, p.index in cited_at))
    for n, note in enumerate(ctx.document.notes):
        if note.anchor in own and note.text.strip():
            out.append(
                _Text(note.text, note.anchor, True, n in cited_notes or note.anchor in cited_at)
            )
    return out


def evaluate(requirement: Requirement, texts: list[_Text], present: bool) -> RequirementResult:
    """How far ``texts`` meet one requirement: the first counting mention of each item.

    Mentions are taken in document order; where two variants overlap the longer one
    wins ("T-GROW" is not also "GROW"). An item once counted is not searched for again.
    """
    index = _index(requirement)
    anywhere = index.by_word.get("", ())
    containers = index.containers
    counted: dict[int, Mention] = {}
    uncited: dict[int, Mention] = {}
    for t in texts:
        if not anywhere and index.words.isdisjoint(t.words):
            continue
        candidates = [
            v
            for word in index.words & t.words
            for v in index.by_word[word]
            if v.item not in counted or id(v) in containers
        ]
        candidates.extend(v for v in anywhere if v.item not in counted or id(v) in containers)
        if all(v.item in counted for v in candidates):
            continue
        spans: list[tuple[int, int, _Variant]] = []
        for v in candidates:
            spans.extend((start, end, v) for start, end in t.spans(v))
        if len(spans) > 1:
            spans.sort(key=lambda s: (s[0], s[0] - s[1]))
        last_end = -1
        for start, end, v in spans:
            if start < last_end:
                continue
            last_end = end
            if v.item in counted:
                continue
            counts = t.cited or not requirement.cited
            if not counts and v.item in uncited:
                continue
            mention = Mention(
                item=v.item,
                variant=v.text,
                text=t.text[start:end],
                paragraph=t.paragraph,
                start=start if t.offsets else None,
                end=end if t.offsets else None,
                cited=t.cited,
            )
            (counted if counts else uncited)[v.item] = mention
    left = tuple(m for item, m in uncited.items() if item not in counted)
    return RequirementResult(requirement, tuple(counted.values()), left, present)


def _sections_by_key(ctx: AssignmentContext) -> dict[str, list[Section]]:
    found: dict[str, list[Section]] = {}
    for s in ctx.structure.sections:
        if s.kind in ("ac", "required", "introduction"):
            found.setdefault(s.key, []).append(s)
    return found


def check_requirements(ctx: AssignmentContext) -> list[GroupResult]:
    """Every requirement of the unit checked against its own section, in the unit's order.

    A section the document lacks gives unmet results with ``present`` False: AC100 or
    AC120 report the missing section, AC130 does not pile on.
    """
    unit = ctx.unit
    if unit is None:
        return []
    sections = _sections_by_key(ctx)
    cited = _cited(ctx)
    out: list[GroupResult] = []
    for key, requirements in unit.requirement_groups():
        # An AC of a two-unit file is keyed "D7.03 1.1"; its section carries "1.1".
        mine = tuple(sections.get(key) or sections.get(key.split()[-1]) or ())
        texts = _texts(ctx, mine, cited) if mine else []
        results = tuple(evaluate(r, texts, bool(mine)) for r in requirements)
        out.append(GroupResult(key, mine, results))
    return out


def checklist(groups: list[GroupResult]) -> dict[str, list[dict[str, Any]]]:
    """The JSON file object's ``checklist``: section key -> its requirements, in order."""
    return {g.key: [r.to_dict() for r in g.results] for g in groups}
