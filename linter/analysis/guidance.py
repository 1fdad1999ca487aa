"""Which paragraphs are template guidance, placeholders or essay-mill advertising.

Computed once per document: the PH rules report these paragraphs, and every other
rule leaves them out of the learner's own text (word counts, citations, phrasing).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Document, Paragraph
from .text import bigrams, fold, top_level_bar, wording_similarity, words

if TYPE_CHECKING:
    from ..units import Unit

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA = Path(__file__).resolve().parent.parent / "data" / "guidance.toml"
_BULLET = re.compile(r"^\s*[•▪●◦\-–*·]\s*")


@dataclass(frozen=True)
class GuidanceData:
    markers: tuple[str, ...]  # folded
    placeholder: re.Pattern
    placeholder_gate: tuple[str, ...] | None  # a text holding none of these has no placeholder
    cover_field: re.Pattern
    advertising: tuple[str, ...]  # folded


_META = set("()[]{}?*+|.^$\\")


def _leading_literals(patterns: list[str]) -> tuple[str, ...] | None:
    """The plain text each pattern must start with ("[", "click or tap here", "<<"), lower
    case: a cheap test before the case-blind regex, which is slow on every paragraph.
    None when a pattern opens with something else, so a centre's pattern is never missed."""
    out = []
    for pattern in patterns:
        if top_level_bar(pattern):
            return None  # "foo|bar" may start with either: no one literal to test for
        rest = pattern.removeprefix("\\b")
        literal = ""
        while rest:
            if rest.startswith(("\\[", "\\<", "\\-")):
                literal, rest = literal + rest[1], rest[2:]
            elif rest[0] not in _META:
                literal, rest = literal + rest[0], rest[1:]
            else:
                break
        if rest[:1] in ("?", "*", "{"):  # the last character is optional
            literal = literal[:-1]
        if not literal.strip():
            return None
        out.append(literal.lower())
    return tuple(out)


@lru_cache(maxsize=1)
def guidance_data() -> GuidanceData:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    fields = "|".join(re.escape(f) for f in sorted(raw["cover_fields"], key=len, reverse=True))
    return GuidanceData(
        markers=tuple(fold(m) for m in raw["markers"]),
        placeholder=re.compile("|".join(f"(?:{p})" for p in raw["placeholders"]), re.I),
        placeholder_gate=_leading_literals(raw["placeholders"]),
        cover_field=re.compile(rf"^\s*(?:{fields})\s*[:\-–]?\s*[:_.\s]*$", re.I),
        advertising=tuple(fold(a) for a in raw["advertising"]),
    )


@dataclass(frozen=True)
class _UnitGuidance:
    phrases: tuple[str, ...]
    paragraphs: tuple[tuple[frozenset, int], ...]  # (bigram set, word count)
    placeholders: tuple[str, ...]
    index: dict  # bigram -> ids of the guidance paragraphs holding it
    all_grams: frozenset  # every bigram of every guidance paragraph


@lru_cache(maxsize=64)
def _unit_guidance(unit: Unit) -> _UnitGuidance:
    paras = []
    index: dict[tuple[str, str], list[int]] = {}
    for text in unit.guidance.paragraphs:
        tokens = words(_BULLET.sub("", text))
        if len(tokens) >= 4:
            grams = frozenset(bigrams(tokens))
            for gram in grams:
                index.setdefault(gram, []).append(len(paras))
            paras.append((grams, len(tokens)))
    return _UnitGuidance(
        phrases=tuple(fold(p) for p in unit.guidance.phrases if fold(p)),
        paragraphs=tuple(paras),
        placeholders=tuple(fold(p) for p in unit.guidance.placeholders if fold(p)),
        index=index,
        all_grams=frozenset(index),
    )


@dataclass
class GuidanceMarks:
    guidance: set[int] = field(default_factory=set)  # template guidance (PH400)
    placeholders: dict[int, str] = field(default_factory=dict)  # paragraph -> text (PH401)
    advertising: dict[int, str] = field(default_factory=dict)  # paragraph -> line (PH402)

    @property
    def excluded(self) -> set[int]:
        """Paragraphs that are not the learner's own text."""
        return self.guidance | set(self.placeholders) | set(self.advertising)


def _matches_unit_paragraph(tokens: list[str], ug: _UnitGuidance) -> bool:
    if len(tokens) < 5:
        return False
    grams = bigrams(tokens)
    shared_any = grams & ug.all_grams
    if len(shared_any) < 0.7 * len(grams):
        return False  # not even all the guidance together holds 70% of it: the usual case
    hits = Counter(g for gram in shared_any for g in ug.index[gram])
    for gid, shared in hits.items():
        # Light edits still match; a learner's sentence that quotes a phrase does not.
        count = ug.paragraphs[gid][1]
        if 0.5 * count <= len(tokens) <= 1.6 * count and shared / len(grams) >= 0.7:
            return True
    return False


def _placeholder_text(p: Paragraph, data: GuidanceData, ug: _UnitGuidance | None) -> str | None:
    if p.placeholder:
        return p.text or "(empty content control)"
    text = p.text
    if not text:
        return None
    gate = data.placeholder_gate
    lowered = text.lower() if gate is not None else ""
    if gate is None or any(lit in lowered for lit in gate):
        m = data.placeholder.search(text)
        if m:
            return m.group(0)
    if p.cell is None and len(text) <= 60 and data.cover_field.match(text):
        return text  # in a cover table the answer is in the next cell: _cover_row_empty
    if ug and ug.placeholders:
        folded = fold(text)
        if any(ph and ph in folded for ph in ug.placeholders):
            return text[:200]
    return None


def _cover_row_empty(doc: Document, i: int, data: GuidanceData) -> bool:
    """A cover table row whose label cell ("Learner Name") has an empty answer cell."""
    p = doc.paragraphs[i]
    if p.cell is None or p.cell.column != 0 or not data.cover_field.match(p.text + ":"):
        return False
    same_row = [
        q
        for q in doc.paragraphs[i + 1 : i + 8]
        if q.cell and q.cell.table == p.cell.table and q.cell.row == p.cell.row
    ]
    return bool(same_row) and all(not q.text for q in same_row)


def _repeats_ac_wording(text: str, unit: Unit) -> bool:
    """The AC's own wording repeated under its heading is part of the heading, not
    guidance, even where a guidance paragraph of the template contains it."""
    return any(wording_similarity(text, ac.wording) >= 0.85 for ac in unit.acs)


def mark_guidance(document: Document, unit: Unit | None) -> GuidanceMarks:
    data = guidance_data()
    ug = _unit_guidance(unit) if unit is not None else None
    marks = GuidanceMarks()
    paragraphs = document.paragraphs
    after_marker = False  # bullets straight after "What the Assessor is looking for"
    markers = data.markers + (ug.phrases if ug is not None else ())
    for i, p in enumerate(paragraphs):
        if not p.text:
            continue
        folded = fold(p.text)
        ad = next((a for a in data.advertising if a in folded), None)
        if ad is not None:
            marks.advertising[i] = p.text[:200]
            continue
        placeholder = _placeholder_text(p, data, ug)
        if placeholder is None and _cover_row_empty(document, i, data):
            placeholder = p.text
        if placeholder is not None:
            marks.placeholders[i] = placeholder[:200]
            after_marker = False
            continue
        tokens = folded.split()
        # Guidance opens with its marker ("'Top Tip': ..."); a learner's "my top tip" does not.
        is_marker = folded.startswith(markers)
        bulleted = p.is_list_item or bool(_BULLET.match(p.text))
        if is_marker or (after_marker and bulleted and not p.is_heading_like):
            marks.guidance.add(i)
            after_marker = after_marker or is_marker
            continue
        after_marker = False
        if (
            ug is not None
            and not p.is_heading_like
            and _matches_unit_paragraph(tokens, ug)
            and not _repeats_ac_wording(p.text, unit)
        ):
            marks.guidance.add(i)
    return marks


def blocks(indexes: set[int], document: Document) -> list[list[int]]:
    """Contiguous runs of paragraphs (empty paragraphs between them do not break a run)."""
    runs: list[list[int]] = []
    for i in sorted(indexes):
        if runs:
            last = runs[-1][-1]
            gap = document.paragraphs[last + 1 : i]
            if all(not q.text for q in gap):
                runs[-1].append(i)
                continue
        runs.append([i])
    return runs
