"""The parts of a paragraph that are not the learner's own prose.

Citations, quoted text, URLs, e-mail addresses, unit codes and the letters of
anonymised people ("Client A") stay in the text the engine reads (so
sentences keep their shape and offsets stay exact) and every match that touches one of
these spans is dropped afterwards. Citation spans come from the citation parser when it
is there; until then a small Harvard regex here finds the common forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

Span = tuple[int, int]

URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"“”]+[^\s<>\"“”.,;:!?)\]’']", re.I)
DOI = re.compile(r"\bdoi:\s*\S+[^\s.,;)]", re.I)
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# The letter of an anonymised person: "Client A", "Coachee B's", "Participant C."
PSEUDONYM = re.compile(
    r"\b(?:Client|Coachee|Mentee|Person|Participant|Colleague|Manager|Leader|Director|"
    r"Learner|Employee|Supervisee|Member|Individual|Interviewee|Respondent|Candidate|"
    r"Team|Company|Organisation|Organization)\s+([A-Z])(?:[’']s)?\b"
)
# Qualification and unit codes: "8589-700", "D7.01".
UNIT_CODE = re.compile(r"\b(?:\d{4}-\d{3}|[A-Z]\d{1,2}\.\d{2})\b")

# Quotations: double quotes of either kind, curly single quotes, and straight single
# quotes that open after a space or bracket and close before one (so "coachees' goals"
# is not a quotation). A quotation stays inside its paragraph.
QUOTE = re.compile(
    r"“[^”\n]{1,2000}”"
    r"|\"[^\"\n]{1,2000}\""
    r"|(?<![\w’'])‘[^‘’\n]{0,2000}?[^\s‘](?:’(?![\w]))"
    r"|(?<![\w’'])'(?=\S)[^'\n]{0,2000}?[^\s'](?:'(?![\w]))"
)

_NAME = r"(?:(?:van|von|de|der|den|du|da|di|la|le|st\.?)\s+)*[A-ZÀ-ÖØ-Þ][\w’'\-]+"
_NOT_NAME = (
    r"(?!(?:In|On|At|By|Since|From|During|Until|Before|After|The|This|That|I|"
    r"See|Also|Cited|Adapted|As|Eg|Ie|Page|Figure|Table|Level|Unit|Section|AC)\b)"
)
_AUTHORS = (
    rf"{_NOT_NAME}{_NAME}(?:\s*(?:,|&|and)\s*{_NOT_NAME}{_NAME})*"
    r"(?:\s+et\s*al\.?)?"
)
_YEAR = r"(?:(?:1[89]\d\d|20\d\d)[a-z]?|n\.\s?d\.|in\s+press|forthcoming)(?!\w)"
_PAGES = r"(?:[,:]\s*(?:pp?\.\s*)?\d+(?:\s*[-–]\s*\d+)?)?"
# (Whitmore, 2009), (Hawkins and Smith, 2013, p. 4; CIPD, 2021), (see Kolb 1984)
PARENTHETICAL = re.compile(rf"\((?=[^()]*?{_AUTHORS}\s*,?\s*(?:{_YEAR}))[^()]{{0,400}}\)")
# Kolb (1984), Hawkins and Shohet (2012: 23), Passmore et al. (2013), Schön's (1983)
NARRATIVE = re.compile(rf"{_AUTHORS}\s*\(\s*(?:{_YEAR})\s*{_PAGES}\s*\)")
_SURNAME = re.compile(rf"{_NOT_NAME}{_NAME}")
_INITIALS = re.compile(r"^(?:[A-Z]\.)+[A-Z]?$|^[A-Z]{1,2}$")


def fallback_citations(text: str) -> list[Span]:
    """Citation spans found by this module's own regex."""
    spans = [m.span() for m in PARENTHETICAL.finditer(text)]
    spans += [m.span() for m in NARRATIVE.finditer(text)]
    return merge(spans)


def surnames_in(text: str) -> set[str]:
    """Capitalised names inside the citations of ``text`` ("Hawkins", "van Nieuwerburgh")."""
    names = set()
    for start, end in fallback_citations(text):
        for m in _SURNAME.finditer(text, start, end):
            name = re.sub(r"[’']s?$", "", m.group(0))
            if not _INITIALS.match(name) and not re.fullmatch(r"\d+", name):
                names.add(name)
    return names


_REF_AUTHORS = re.compile(rf"^(.*?)(?:\(\s*(?:{_YEAR})\s*\)|\b(?:{_YEAR}))")


def reference_surnames(entry: str) -> set[str]:
    """Authors' surnames at the head of a reference-list entry (before its year)."""
    m = _REF_AUTHORS.match(entry)
    if m is None:
        return set()
    names = set()
    for word in re.findall(_NAME, m.group(1)):
        word = re.sub(r"[’']s?$", "", word).strip("-")
        if len(word) > 1 and not _INITIALS.match(word) and word not in ("Eds", "Ed", "And"):
            names.add(word)
    return names


def merge(spans: Iterable[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def prose_masks(text: str, citations: Sequence[Span] | None = None) -> list[Span]:
    """Spans of ``text`` that are not the learner's prose. ``citations`` are spans from
    the citation parser; None means use this module's regex."""
    spans: list[Span] = list(citations) if citations is not None else fallback_citations(text)
    for pattern in (URL, DOI, EMAIL, UNIT_CODE, QUOTE):
        spans.extend(m.span() for m in pattern.finditer(text))
    spans.extend(m.span(1) for m in PSEUDONYM.finditer(text))
    return merge(spans)


def touches(start: int, end: int, spans: Sequence[Span]) -> bool:
    return any(s < end and start < e for s, e in spans)
