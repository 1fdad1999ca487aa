"""Which unit a document or workbook is for, when --unit does not say."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Document
from .text import wording_similarity

if TYPE_CHECKING:
    from ..units import Unit, UnitRegistry

HEADING_MATCH = 0.8
SEARCH_CHARS = 20_000


def heading_texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text and (p.is_heading_like or p.words <= 40)]


_SEPARATORS = re.compile(r"[\s\-/.–—]+")


def _key(name: str) -> str:
    return _SEPARATORS.sub("", name).lower()


def _code_pattern(code: str) -> str:
    # "8589-700" also as "8589/700", "8589 700", "8589–700"; "D7.01" also as "D7 01", "D701".
    parts = re.split(r"[-/.\s–]+", code)
    return r"\s?[-/.–—]?\s?".join(re.escape(p) for p in parts)


@lru_cache(maxsize=8)
def _names(registry: UnitRegistry) -> tuple[re.Pattern, dict[str, Unit]]:
    """One pattern for every unit code and alias (one pass over the text), and the unit
    each name stands for."""
    by_key: dict[str, Unit] = {}
    for unit in registry.all():
        if unit.kind != "unit":
            continue  # credential profiles are chosen with --unit only
        for name in (unit.code, *unit.aliases):
            by_key.setdefault(_key(name), unit)
    names = sorted(
        {n for u in by_key.values() for n in (u.code, *u.aliases)}, key=len, reverse=True
    )
    body = "|".join(_code_pattern(n) for n in names)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w]|\.\d)", re.IGNORECASE), by_key


def detect_unit(text: str, headings: Iterable[str] | None, registry: UnitRegistry) -> Unit | None:
    """The unit named most often in the text; else the one whose AC wording the
    headings carry best (at least two ACs matched)."""
    # Unit codes stand on the cover, in titles and headings: searching the opening and
    # the headings keeps detection cheap on a 60,000-word document.
    headings = list(headings or ())
    text = "\n".join([text[:SEARCH_CHARS], *(h for h in headings if len(h) < 300)])
    pattern, by_key = _names(registry)
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    by_code: dict[str, Unit] = {}
    for hit in pattern.finditer(text):
        unit = by_key.get(_key(hit.group(0)))
        if unit is None:
            continue
        counts[unit.code] += 1
        first.setdefault(unit.code, hit.start())
        by_code[unit.code] = unit
    if counts:
        best = max(counts, key=lambda c: (counts[c], -first[c]))
        return by_code[best]
    if not headings:
        return None
    scores: list[tuple[int, Unit]] = []
    for unit in registry.all():
        if not unit.acs:
            continue
        matched = sum(
            1
            for ac in unit.acs
            if any(wording_similarity(h, ac.wording) >= HEADING_MATCH for h in headings)
        )
        if matched >= 2:
            scores.append((matched, unit))
    if not scores:
        return None
    return max(scores, key=lambda s: s[0])[1]
