"""PD: personal data in an assignment (e-mail addresses, phone numbers, named coachees).

The word lists are linter/data/phrases/personal.toml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..analysis.context import AssignmentContext
from ..model import Finding
from ..registry import Rule, rule

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA = Path(__file__).resolve().parent.parent / "data" / "phrases" / "personal.toml"
EMAIL = re.compile(r"(?<![\w.+-])([\w.+-]+)@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
PHONE = re.compile(
    r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?(?:[\s-]?\d){6,8}(?![\d])"
    r"|(?<![\w])\+(?!44)\d{1,3}(?:[\s-]?\d){8,12}(?!\d)"
)
_NAME = r"(?-i:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)"


@dataclass(frozen=True)
class PersonalWords:
    before: re.Pattern  # "my coachee, Sarah Jones"
    after: re.Pattern  # "Sarah Jones, my coachee"
    not_names: frozenset[str]
    pseudonym: re.Pattern
    mailboxes: frozenset[str]
    phone_prefixes: tuple[str, ...]


@lru_cache(maxsize=1)
def personal_words() -> PersonalWords:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    roles = "|".join(re.escape(r) for r in sorted(raw["roles"], key=len, reverse=True))
    pseud = "|".join(re.escape(p) for p in raw["pseudonym"])
    return PersonalWords(
        before=re.compile(
            rf"\b(?:{roles})\b\s*(?:[,:(–—-]\s*|\s)(?:(?:was|is|called|named)\s+)?"
            rf"(?P<name>{_NAME}\s+{_NAME})\b",
            re.I,
        ),
        after=re.compile(
            rf"(?P<name>{_NAME}\s+{_NAME}),?\s+(?:\(|-\s+)?(?:my|our|the)\s+(?:{roles})\b", re.I
        ),
        not_names=frozenset(raw["not_names"]),
        pseudonym=re.compile(pseud, re.I),
        mailboxes=frozenset(m.lower() for m in raw["organisational_mailboxes"]),
        phone_prefixes=tuple(raw["organisational_phone_prefixes"]),
    )


@dataclass(frozen=True)
class PersonalHit:
    kind: str  # "email", "phone", "name"
    start: int
    end: int
    text: str


def find_personal_data(text: str, contacts: bool = True) -> list[PersonalHit]:
    """E-mail addresses, phone numbers (when ``contacts``) and named coachees in ``text``."""
    words = personal_words()
    hits: list[PersonalHit] = []
    if contacts and "@" in text:
        for m in EMAIL.finditer(text):
            if m.group(1).lower() not in words.mailboxes:
                hits.append(PersonalHit("email", m.start(), m.end(), m.group(0)))
    if contacts and re.search(r"\d{3}", text):
        for m in PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group(0))
            local = "0" + digits[2:] if digits.startswith("44") else digits
            if len(digits) < 10 or local.startswith(words.phone_prefixes):
                continue
            if any(h.start <= m.start() < h.end for h in hits):
                continue
            hits.append(PersonalHit("phone", m.start(), m.end(), m.group(0).strip()))
    for pattern in (words.before, words.after):
        for m in pattern.finditer(text):
            name = m.group("name")
            if any(w in words.not_names for w in name.split()):
                continue
            if words.pseudonym.search(text, max(0, m.start() - 60), m.end() + 60):
                continue
            s = m.start("name")
            if not any(h.start <= s < h.end for h in hits):
                hits.append(PersonalHit("name", s, m.end("name"), name))
    return sorted(hits, key=lambda h: h.start)


MESSAGES = {
    "email": (
        "'{text}' is an e-mail address: remove it. An assignment must not hold personal "
        "contact details; describe the person by role instead."
    ),
    "phone": (
        "'{text}' looks like a phone number: remove it. An assignment must not hold "
        "personal contact details."
    ),
    "name": (
        "'{text}' names your coachee: anonymise them ('Coachee A', 'a senior manager in "
        "finance'). Coachee details must be anonymised throughout."
    ),
}


@rule(
    "PD800",
    "personal-data",
    "warning",
    "An e-mail address, phone number or named coachee in the text.",
    needs_unit=False,
)
def personal_data(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: e-mail addresses, phone numbers and named coachees ("my coachee,
    Sarah Jones", "Sarah Jones, my client") in the learner's text, table cells and
    footnotes. Role descriptions ("my client, Head of Finance", "Coachee A"), a name
    marked as invented ("not her real name"), organisations' mailboxes and help lines
    (info@..., 0800 ...), the reference list, and the learner's own contact details on
    the cover page are left alone.

    Why it matters: all coachee details must be anonymised (seed 004); a submission
    that identifies a client breaches confidentiality and data protection.

    Example: "My coachee, Sarah Jones (sarah.jones@example.com), is a finance manager."

    Instead: "My coachee, a finance manager I will call Coachee A, ..."
    """
    structure = ctx.structure
    has_body = any(s.kind != "front" for s in structure.sections)
    for s in structure.sections:
        if s.kind in ("references", "contents"):
            continue
        # Cover-page contact details are the learner's own.
        contacts = not (s.kind == "front" and has_body)
        key = None if s.kind == "front" else (s.key if s.kind == "ac" else s.title or s.key)
        for i in range(s.start, s.end):
            p = ctx.document.paragraphs[i]
            if i in ctx.guidance.excluded or not p.text:
                continue
            for h in find_personal_data(p.text, contacts):
                yield r.finding(
                    MESSAGES[h.kind].format(text=h.text),
                    section=key,
                    paragraph=i,
                    start=h.start,
                    end=h.end,
                    text=h.text,
                )
    for note in ctx.document.notes:
        for h in find_personal_data(note.text):
            yield r.finding(
                MESSAGES[h.kind].format(text=h.text), paragraph=note.anchor, text=h.text
            )
