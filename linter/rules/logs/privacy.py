"""LG608: a coachee's real name, e-mail address or phone number in a log."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from ...analysis.context import LogContext
from ...model import Finding
from ...registry import Rule, rule

NAMES_FILE = Path(__file__).resolve().parents[2] / "data" / "first_names.txt"

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# UK numbers: 07700 900123, 0161 496 0000, 020 7946 0000, +44 7700 900123, (0117) 496 0000.
# Every alternative starts with its literal character, the look back coming after it
# (nothing of [\w+] before the number), so re jumps from one "+", "0" or "(" to the next
# instead of trying each position: the alternatives and their order are those of
# (?<![\w+])(?:\+44\s?\(?0?\)?\s?|0044\s?|\(?0), which tests/test_logs.py holds it to.
PHONE = re.compile(
    r"(?:\+(?<![\w+]\+)44\s?\(?0?\)?\s?|0(?<![\w+]0)044\s?|\((?<![\w+]\()0|0(?<![\w+]0))"
    r"(?:[1-3]|7|8)\d{1,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\d)"
)
# A capitalised word and another: the capital first and the word boundary looked back at
# after it (no word character before), so re jumps from capital to capital.
CANDIDATE = re.compile(r"([A-Z](?<!\w[A-Z])[a-z]{1,14})\s+((?:Mc|Mac|O')?[A-Z][a-zA-Z'’-]{1,25})\b")
# Capitalised words that follow a first name without being a surname.
_NOT_SURNAMES = """
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
June July August September October November December Manager Director Head Team Client
Coachee Mentee Coach Lead Leader Officer Assistant Group Department Finance Sales Model
Session Sessions Goal Reality Options Will The And But Then When This That What Why How
Who Where She He They We I It Is Was Has Had Said Asked Felt Agreed Reflected Noted
Explained Described Wanted Decided Chose Suggested Spoke Told Also Again Today Next Last
Later Before After During Project Board Committee Review Plan Action Actions Feedback
Supervisor Partner Council Trust School University College Limited Ltd Plc Services
"""
NOT_SURNAMES = frozenset(_NOT_SURNAMES.split())


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    lines = NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def personal_data(text: str) -> tuple[str, str] | None:
    """``(what, matched text)`` for the first name, e-mail or phone number in ``text``."""
    match = EMAIL.search(text) if "@" in text else None
    if match:
        return "an e-mail address", match.group(0)
    match = PHONE.search(text) if "0" in text or "+44" in text else None
    if match and 10 <= len(re.sub(r"\D", "", match.group(0))) <= 14:
        return "a phone number", match.group(0)
    names = first_names()
    for match in CANDIDATE.finditer(text):
        first, last = match.group(1), match.group(2)
        if first not in names or last in NOT_SURNAMES or (last.upper() == last and len(last) < 3):
            continue
        after = text[match.end() : match.end() + 8]
        if re.match(r"\s*[(,]\s*(?:\d{4}|n\.d\.)", after):
            continue  # a citation: Whitmore (2002), an author not a coachee
        return "a personal name", match.group(0)
    return None


_cached_personal_data = lru_cache(maxsize=4096)(personal_data)


def _credential_contacts(ctx: LogContext) -> bool:
    """ICF logs must list each client's name and contact details for audit."""
    unit = ctx.unit
    return unit is not None and unit.kind == "credential" and unit.code.lower().startswith("icf")


@rule(
    "LG608",
    "coachee-not-anonymised",
    "warning",
    "A cell holds what looks like a real person's name, an e-mail address or a phone number.",
    kind="log",
    needs_unit=False,
)
def coachee_not_anonymised(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: the coachee cells and the text cells of each session (goal, actions,
    reflection, feedback, notes) for a first name followed by a surname ("Sarah Jones"), an
    e-mail address or a UK phone number. Role descriptions ("Head of Finance", "Client A",
    "C1") and cited authors ("Whitmore (2002)") pass. For ICF credential profiles the
    coachee and contact columns are left alone: ICF asks for client names and contact
    details so that it can audit the log.

    Why it matters: ILM logs must be anonymised; a coachee's name or contact details in a
    submitted log is a breach of the confidentiality the coaching contract promised.

    Example: "Sarah Jones" in the coachee column; "emailed her at s.jones@example.com".

    Instead: use a reference or a role ("Client A", "a middle manager in finance") and keep
    the key to it out of the log.
    """
    skip_contacts = _credential_contacts(ctx)
    coachees: dict[str, list] = {}  # one finding per name, however many rows repeat it
    for s in ctx.log.sessions:
        if not skip_contacts and s.coachee:
            coachees.setdefault(s.coachee, []).append(s)
        texts = s.texts
        if not texts:
            continue
        # One pass over the row's cells joined by NUL (no pattern crosses it); only a row
        # with a hit is looked at cell by cell. Most rows have none.
        if personal_data("\0".join(texts.values())) is None:
            continue
        for field, text in texts.items():
            if not text or (skip_contacts and field == "contact"):
                continue
            hit = personal_data(text)
            if hit is None:
                continue
            what, matched = hit
            cell = s.cells.get(field)
            yield r.finding(
                f"{field.capitalize()} {cell or f'row {s.row}'} holds what looks like {what} "
                f"({matched}): use an anonymised reference or a role instead.",
                sheet=s.sheet,
                row=s.row,
                cell=cell,
                text=matched,
            )
    for name, rows in coachees.items():
        hit = _cached_personal_data(name)
        if hit is None:
            continue
        what, matched = hit
        first = rows[0]
        cell = first.cells.get("coachee")
        if cell is None:  # the coachee is the sheet's name (or a title-block line)
            yield r.finding(
                f"Sheet '{first.sheet}' names its coachee as {what} ({matched}): use a "
                "reference such as 'Client A'.",
                sheet=first.sheet,
                text=matched,
            )
            continue
        more = (
            f" (and {len(rows) - 1} more row{'s' if len(rows) > 2 else ''})"
            if len(rows) > 1
            else ""
        )
        yield r.finding(
            f"Coachee {cell}{more} holds what looks like {what} ({matched}): use an "
            "anonymised reference such as 'Client A'.",
            sheet=first.sheet,
            row=first.row,
            cell=cell,
            text=matched,
        )
