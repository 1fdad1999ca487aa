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
_NAME = r"[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?"
_DETERMINER_BEFORE = re.compile(r"(?:my|our|the)\s+$")  # "Sarah Jones, my client" needs one
_MORE_NAMES = re.compile(rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?P<name>{_NAME}\s+{_NAME})\b")
# Each starts with a literal character, so re jumps between candidates.
_ZERO_START = re.compile(r"0(?<![\w.]0)\d")
_PLUS_START = re.compile(r"\+(?<![\w+]\+)\d")


@dataclass(frozen=True)
class PersonalWords:
    roles: tuple[str, ...]  # role nouns, lower case, longest first
    before: re.Pattern  # matched right after a role: ", Sarah Jones"
    after: re.Pattern  # matched right before a role: "Sarah Jones, my "
    not_names: frozenset[str]
    pseudonym: re.Pattern
    mailboxes: frozenset[str]
    phone_prefixes: tuple[str, ...]


@lru_cache(maxsize=1)
def personal_words() -> PersonalWords:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    pseud = "|".join(re.escape(p.lower()) for p in raw["pseudonym"])
    return PersonalWords(
        roles=tuple(sorted({r.lower() for r in raw["roles"]}, key=len, reverse=True)),
        before=re.compile(
            rf"\s*(?:[,:(–—-]\s*|\s)(?:(?i:was|is|called|named)\s+)?(?P<name>{_NAME}\s+{_NAME})\b"
        ),
        after=re.compile(rf"(?P<name>{_NAME}\s+{_NAME}),?\s+(?:\(|-\s+)?(?i:my|our|the)\s+$"),
        not_names=frozenset(raw["not_names"]),
        pseudonym=re.compile(pseud),
        mailboxes=frozenset(m.lower() for m in raw["organisational_mailboxes"]),
        phone_prefixes=tuple(raw["organisational_phone_prefixes"]),
    )


@dataclass(frozen=True)
class PersonalHit:
    kind: str  # "email", "phone", "name"
    start: int
    end: int
    text: str


def _role_spans(lowered: str, roles: tuple[str, ...]) -> list[tuple[int, int]]:
    """Whole-word occurrences of the role nouns (str.find: far quicker than a case-blind
    regular expression tried at every character)."""
    spans: list[tuple[int, int]] = []
    for role in roles:
        i = lowered.find(role)
        while i != -1:
            end = i + len(role)
            before_ok = i == 0 or not lowered[i - 1].isalnum()
            after_ok = end == len(lowered) or not lowered[end].isalnum()
            if before_ok and after_ok and not any(s <= i < e for s, e in spans):
                spans.append((i, end))
            i = lowered.find(role, end)
    return spans


def _named(text: str, lowered: str, words: PersonalWords) -> list[tuple[int, int, str]]:
    """(start, end, name) of coachees named next to a role noun, in either order."""
    found = []
    for start, end in _role_spans(lowered, words.roles):
        m = words.before.match(text, end)
        if m is None and _DETERMINER_BEFORE.search(lowered, max(0, start - 12), start):
            m = words.after.search(text, max(0, start - 60), start)
        if m is None:
            continue
        while m is not None:
            name = m.group("name")
            if any(w in words.not_names for w in name.split()):
                break
            if words.pseudonym.search(lowered, max(0, m.start() - 60), m.end() + 60):
                break
            found.append((m.start("name"), m.end("name"), name))
            m = _MORE_NAMES.match(text, m.end())  # "Leah Carter and Omar Haddad"
    return found


def _phones(text: str, words: PersonalWords) -> Iterator[re.Match]:
    """Phone numbers, tried only where one can start: a 0 or a + before a digit."""
    for start in (_ZERO_START, _PLUS_START):
        for s in start.finditer(text):
            pos = s.start() - 1 if s.start() and text[s.start() - 1] == "(" else s.start()
            m = PHONE.match(text, pos)
            if m is None:
                continue
            digits = re.sub(r"\D", "", m.group(0))
            local = "0" + digits[2:] if digits.startswith("44") else digits
            if len(digits) >= 10 and not local.startswith(words.phone_prefixes):
                yield m


def find_personal_data(text: str, contacts: bool = True) -> list[PersonalHit]:
    """E-mail addresses, phone numbers (when ``contacts``) and named coachees in ``text``."""
    words = personal_words()
    hits: list[PersonalHit] = []
    if contacts and "@" in text:
        for m in EMAIL.finditer(text):
            if m.group(1).lower() not in words.mailboxes:
                hits.append(PersonalHit("email", m.start(), m.end(), m.group(0)))
    if contacts:
        for m in _phones(text, words):
            if not any(h.start <= m.start() < h.end for h in hits):
                hits.append(PersonalHit("phone", m.start(), m.end(), m.group(0).strip()))
    for start, end, name in _named(text, text.lower(), words):
        if not any(h.start <= start < h.end for h in hits):
            hits.append(PersonalHit("name", start, end, name))
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
    excluded = ctx.guidance.excluded  # a property that builds a set: once, not per paragraph
    has_body = any(s.kind != "front" for s in structure.sections)
    for s in structure.sections:
        if s.kind in ("references", "contents"):
            continue
        # Cover-page contact details are the learner's own.
        contacts = not (s.kind == "front" and has_body)
        key = None if s.kind == "front" else (s.key if s.kind == "ac" else s.title or s.key)
        for i in range(s.start, s.end):
            p = ctx.document.paragraphs[i]
            if i in excluded or not p.text:
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
