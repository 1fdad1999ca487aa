"""Load the rule cases: one TOML file per rule family under tests/cases/.

Each ``[[case]]`` names a ``rule``, a ``name`` and how many findings of that rule it
``expect``s (0 for a must-not-fire trap). The input is described, never committed:

- ``doc``: a document in the tests/docbuilder.py language, linted as a .docx built with
  python-docx and (unless ``via = "docx"``) also as the task pane's paragraph JSON;
- ``xlsx``: a log described for tests/logbuilder.py (``build_xlsx``);
- ``bytes``: the name of a generator in tests/badfiles.py (corrupt zips, bombs ...).

Optional keys: ``unit`` (as --unit), ``severity`` and ``section`` (every finding of
the rule must have them), ``contains`` (text every message must contain), ``select``
(extra rules to enable or restrict to), ``filename`` (default case.docx / case.xlsx),
``via`` ("docx", "paragraphs" or "both"), ``today`` (ISO date for date rules),
``overrides`` (per-unit configuration overrides for ``unit``, as in ilm-lint.toml:
``{ word-min = 3000, word-max = 4000 }``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

CASES = Path(__file__).parent / "cases"
KNOWN = {
    "rule",
    "name",
    "expect",
    "doc",
    "xlsx",
    "bytes",
    "unit",
    "severity",
    "section",
    "contains",
    "select",
    "filename",
    "via",
    "today",
    "note",
    "grammar",
    "overrides",
}


@dataclass
class Case:
    rule: str
    name: str
    expect: int
    source: str  # the file it came from
    doc: str | None = None
    xlsx: Any = None
    bytes: str | None = None
    unit: str | None = None
    severity: str | None = None
    section: str | None = None
    contains: str | None = None
    select: list[str] = field(default_factory=list)
    filename: str | None = None
    via: str = "both"
    today: str | None = None
    grammar: str | None = None
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.rule}-{self.name}".replace(" ", "_")

    @property
    def today_date(self) -> dt.date:
        return dt.date.fromisoformat(self.today) if self.today else dt.date(2026, 11, 22)


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CASES.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for raw in data.get("case", []):
            unknown = set(raw) - KNOWN
            if unknown:
                raise ValueError(f"{path.name}: case {raw.get('name')}: unknown keys {unknown}")
            raw = {k: v for k, v in raw.items() if k != "note"}
            cases.append(Case(source=path.name, **raw))
    return cases


_REFERENCES = [
    "Bachkirova, T., Cox, E. and Clutterbuck, D. (2014) The complete handbook of coaching. "
    "2nd edn. London: Sage.",
    "Clutterbuck, D. (2014) Everyone needs a mentor. 5th edn. London: CIPD.",
    "Cox, E. (2013) Coaching understood. London: Sage.",
    "Downey, M. (2014) Effective modern coaching. London: LID Publishing.",
    "Garvey, B., Stokes, P. and Megginson, D. (2018) Coaching and mentoring: theory and "
    "practice. 3rd edn. London: Sage.",
    "Hawkins, P. and Smith, N. (2013) Coaching, mentoring and organizational consultancy. "
    "2nd edn. Maidenhead: Open University Press.",
    "Kolb, D.A. (1984) Experiential learning. Englewood Cliffs: Prentice Hall.",
    "Passmore, J. and Fillery-Travis, A. (2011) 'A critical review of executive coaching "
    "research', Coaching: An International Journal of Theory, Research and Practice, 4(2), "
    "pp. 70-88.",
    "Schön, D.A. (1983) The reflective practitioner. New York: Basic Books.",
    "Starr, J. (2016) The coaching manual. 4th edn. Harlow: Pearson.",
    "van Nieuwerburgh, C. (2017) An introduction to coaching skills. 2nd edn. London: Sage.",
    "Whitmore, J. (2017) Coaching for performance. 5th edn. London: Nicholas Brealey.",
    "CIPD (2021) Coaching and mentoring factsheet. Available at: https://www.cipd.org/uk/"
    "knowledge/factsheets/coaching-mentoring-factsheet/ (Accessed: 1 March 2026).",
    "EMCC (2021) Global code of ethics. Available at: https://www.emccglobal.org/"
    "leadership-development/ethics/ (Accessed: 2 March 2026).",
]


def expand_macros(spec: str) -> str:
    """Case shorthands: ``@acs UNIT [except N ...] [words N]`` writes one Heading 2 per
    AC with its wording and filler prose; ``@refs N`` a References heading with N
    Harvard entries whose authors the filler never cites."""
    from linter.units import UnitRegistry

    out = []
    for line in spec.splitlines():
        parts = line.strip().split()
        if parts[:1] == ["@acs"]:
            unit = UnitRegistry.load().get(parts[1])
            skip = set()
            words = 70
            rest = parts[2:]
            while rest:
                word = rest.pop(0)
                if word == "words":
                    words = int(rest.pop(0))
                elif word != "except":
                    skip.add(word)
            for ac in unit.acs:
                if ac.number not in skip:
                    out.append(f"## {ac.number} {ac.wording}")
                    out.append(f"[[words:{words}]]")
        elif parts[:1] == ["@refs"]:
            out.append("# References")
            out.extend(_REFERENCES[: int(parts[1])])
        else:
            out.append(line)
    return "\n".join(out)
