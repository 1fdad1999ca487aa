"""Unit specifications: data files, one per unit, validated on load.

A centre adds a unit (or its adapted template) by dropping one more TOML file in a
folder named in the configuration (``units_dir``); no code changes. The file format is
described in ``linter/data/units/README.md``.

This module is on the CLI's cold-start path: standard library only, and the verb table
is read the first time it is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).parent / "data"
UNITS_DIR = DATA_DIR / "units"
VERBS_FILE = DATA_DIR / "verbs.toml"

KINDS = ("unit", "credential")
STRUCTURES = ("ac", "headings")

_AC_NUMBER = re.compile(r"^[1-9][0-9]?\.[1-9][0-9]?$")
_OUTCOME = re.compile(r"^[1-9][0-9]?$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+_-]*$")


class UnitError(ValueError):
    """A unit file that cannot be used: the message names the path and what is wrong."""


@dataclass(frozen=True)
class Requirement:
    """Something the assessor guidance says an AC section must (or could) contain (AC130)."""

    id: str
    description: str  # in the learner's terms: "a professional code of ethics"
    items: tuple[tuple[str, ...], ...]  # each item: its variants ("Schön", "Schon")
    need: int = 1  # distinct items needed
    cited: bool = False  # each counted item needs a citation in the same sentence/paragraph
    must: bool = True  # False: a suggestion, shown in the checklist, never a finding
    message: str = ""  # learner-facing text for the finding, optional
    basis: str = ""  # the seed's own words this requirement was transcribed from


@dataclass(frozen=True)
class AC:
    number: str  # "1.1"
    wording: str  # the exact AC wording
    verb: str  # command verb, lower case: "critically compare"
    outcome: str = ""  # learning outcome number: "1"
    outcome_text: str = ""
    marks: int | None = None
    min_sources: int | None = None  # CT308: distinct sources the section must cite
    section: str | None = None  # for "headings" units: the key of the heading that covers it
    requirements: tuple[Requirement, ...] = ()
    unit: str = ""  # in a file covering two units (D7.02+D7.03): the unit the AC belongs to
    match: tuple[str, ...] = ()  # other heading texts naming this AC (the template's own)

    @property
    def key(self) -> str:
        """Unique within its unit: "1.1", or "D7.03 1.1" in a file covering two units."""
        return f"{self.unit} {self.number}" if self.unit else self.number


@dataclass(frozen=True)
class RequiredSection:
    """A non-AC section the unit requires: the introduction, a mark-sheet heading ..."""

    key: str  # "introduction", "self-assessment"
    title: str  # the heading as the unit prints it
    match: tuple[str, ...] = ()  # heading texts that satisfy it (case-insensitive, fuzzy)
    marks: int | None = None
    min_marks: int | None = None
    verb: str = ""  # the command verb of the section's task, where there is one
    criteria: tuple[str, ...] = ()  # the mark-sheet criteria listed under it
    requirements: tuple[Requirement, ...] = ()  # what the section's task asks for (AC130)


@dataclass(frozen=True)
class Guidance:
    """The unit template's guidance text that learners must delete (PH400/PH401)."""

    phrases: tuple[str, ...] = ()  # short markers: any paragraph containing one is guidance
    paragraphs: tuple[str, ...] = ()  # whole guidance paragraphs, matched fuzzily
    placeholders: tuple[str, ...] = ()  # the template's placeholder lines


@dataclass(frozen=True)
class Unit:
    code: str  # "8589-700", "D7.01", "icf-acc"
    title: str
    level: int | None
    qualification: str
    kind: str = "unit"  # "unit" (ILM) or "credential" (ICF/EMCC hour profiles)
    structure: str = "ac"  # "ac": one section per AC; "headings": the sections below
    aliases: tuple[str, ...] = ()  # other strings naming the unit in a document
    acs: tuple[AC, ...] = ()
    sections: tuple[RequiredSection, ...] = ()
    introduction: bool = False  # an introduction is required
    min_references: int = 0
    reference_variety: bool = False  # the unit asks for books, journals and web material
    word_min: int | None = None
    word_max: int | None = None
    coaching_hours: float | None = None
    paid_hours: float | None = None
    min_coachees: int | None = None
    guidance: Guidance = Guidance()
    path: str = ""  # the file it was loaded from
    extra: dict = field(default_factory=dict, compare=False, hash=False)
    assessment: str = ""  # the assessment's name: "Work-Based Assignment"
    credits: int | None = None
    guided_hours: int | None = None
    source: str = ""  # where the data was transcribed from: "seed 000"
    notes: str = ""  # transcription notes for tutors

    def ac(self, number: str, unit: str | None = None) -> AC | None:
        """The AC with this number ("1.1", "AC 1.1", "D7.03 1.1"); ``unit`` narrows it."""
        text = number.strip()
        m = re.match(r"^(?:(\S+)\s+)?(?:AC\s*)?(\d+\.\d+)\.?$", text, re.IGNORECASE)
        if m and m.group(1) and unit is None and m.group(1).upper() != "AC":
            unit, text = m.group(1), m.group(2)
        elif m:
            text = m.group(2)
        for a in self.acs:
            if a.number == text and (unit is None or a.unit.casefold() == unit.casefold()):
                return a
        return None

    def section(self, key: str) -> RequiredSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def requirement_groups(self) -> list[tuple[str, tuple[Requirement, ...]]]:
        """Requirements grouped by the document section that must hold them, in order.

        "ac" units: one group per AC (keyed by ``AC.key``), then any required section
        with requirements. "headings" units: one group per heading (keyed by its
        ``key``): the heading's own requirements, then those of the ACs it covers.
        """
        groups: list[tuple[str, tuple[Requirement, ...]]] = []
        if self.structure == "headings":
            for s in self.sections:
                reqs = list(s.requirements)
                for a in self.acs:
                    if a.section == s.key:
                        reqs.extend(a.requirements)
                if reqs:
                    groups.append((s.key, tuple(reqs)))
            return groups
        groups = [(a.key, a.requirements) for a in self.acs if a.requirements]
        groups += [(s.key, s.requirements) for s in self.sections if s.requirements]
        return groups


# --------------------------------------------------------------------------- reading


def load_unit_file(path: Path) -> Unit:
    """Read and validate one unit file; UnitError names the path and what is wrong."""
    from .unit_files import read_unit_file

    return read_unit_file(Path(path))


# --------------------------------------------------------------------------- registry


def normalise_code(text: str) -> str:
    """The form unit codes are compared in: "Unit 8589/700" -> "8589-700", "D7.1" -> "d7.01"."""
    s = " ".join(text.split()).casefold().strip(" .:;,()[]")
    s = re.sub(r"^(?:ilm[\s-]+)?(?:unit[\s:#.-]*)?", "", s)
    s = re.sub(r"\s*(?:\+|&|\band\b)\s*", "+", s)
    s = re.sub(r"[\s/_:\u2010-\u2015-]+", "-", s)
    s = re.sub(r"\bd7[.-]?0?([1-9])\b", r"d7.0\1", s)
    return s.strip("-.")


class UnitRegistry:
    """Every unit known: the bundled ones plus those of the configured folders."""

    def __init__(self, units: list[Unit]) -> None:
        self._units: dict[str, Unit] = {}
        self._index: dict[str, Unit] = {}
        for u in units:
            key = normalise_code(u.code)
            if key in self._index:
                other = self._index[key]
                raise UnitError(f"{u.path}: unit {u.code} is also defined in {other.path}")
            self._units[u.code] = u
            self._index[key] = u
        for u in units:
            for alias in u.aliases:
                key = normalise_code(alias)
                other = self._index.get(key)
                if other is not None and other is not u:
                    raise UnitError(
                        f"{u.path}: alias {alias!r} already names unit {other.code} ({other.path})"
                    )
                self._index[key] = u

    @classmethod
    def load(cls, extra_dirs: Iterable[Path | str] = ()) -> UnitRegistry:
        """Bundled units, then each folder in turn: a later file with the same code wins."""
        units: dict[str, Unit] = {}
        for u in _load_folder(UNITS_DIR):
            units[normalise_code(u.code)] = u
        for folder in extra_dirs:
            folder = Path(folder)
            if not folder.is_dir():
                raise UnitError(f"{folder}: is not a folder of unit files")
            for u in _load_folder(folder):
                units[normalise_code(u.code)] = u
        return cls(list(units.values()))

    def get(self, code: str) -> Unit | None:
        """By code or alias, case-insensitive ("d7.01", "8589/700")."""
        if not code or not code.strip():
            return None
        return self._index.get(normalise_code(code))

    def all(self, kind: str | None = None) -> list[Unit]:
        units = sorted(self._units.values(), key=lambda u: u.code.casefold())
        return [u for u in units if kind is None or u.kind == kind]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self.get(code) is not None

    def __len__(self) -> int:
        return len(self._units)


def _load_folder(folder: Path) -> list[Unit]:
    units: dict[str, Unit] = {}
    for path in sorted(folder.glob("*.toml")):
        unit = load_unit_file(path)
        key = normalise_code(unit.code)
        if key in units:
            raise UnitError(f"{path}: unit {unit.code} is also defined in {units[key].path}")
        units[key] = unit
    return list(units.values())


@lru_cache(maxsize=8)
def default_registry(extra_dirs: tuple[str, ...] = ()) -> UnitRegistry:
    """The registry for these folders, loaded once per process."""
    return UnitRegistry.load([Path(d) for d in extra_dirs])


# --------------------------------------------------------------------------- verbs

_VERB_KEYS = ("evidence", "judgement", "critical", "min_sources", "explanation", "source")


@lru_cache(maxsize=1)
def _verbs() -> dict[str, dict[str, Any]]:
    from .unit_files import _read_toml, _Table

    data = _read_toml(VERBS_FILE)
    verbs: dict[str, dict[str, Any]] = {}
    for verb, table in data.items():
        key = " ".join(verb.split())
        t = _Table(VERBS_FILE, table if isinstance(table, dict) else {}, f"verb {verb!r}")
        if not isinstance(table, dict):
            raise t.fail("must be a table of flags")
        if key != key.lower() or not key:
            raise t.fail("verbs are written in lower case")
        info = {
            "verb": key,
            "known": True,
            "evidence": t.boolean("evidence"),
            "judgement": t.boolean("judgement"),
            "critical": t.boolean("critical", default=key.startswith("critically ")),
            "min_sources": t.integer("min_sources", minimum=1),
            "explanation": " ".join(t.string("explanation").split()),
            "source": t.string("source"),
        }
        t.done(_VERB_KEYS)
        verbs[key] = info
    return verbs


def verb_info(verb: str) -> dict[str, Any]:
    """Flags of a command verb: evidence, judgement, critical, min_sources, explanation.

    A verb the table does not list gets ``known = False`` and flags guessed from its
    shape: a verb starting with "critically" is critical and asks for evidence.
    """
    key = " ".join(verb.split()).lower()
    info = _verbs().get(key)
    if info is not None:
        return dict(info)
    critical = key.startswith("critically ")
    return {
        "verb": key,
        "known": False,
        "evidence": critical,
        "judgement": False,
        "critical": critical,
        "min_sources": None,
        "explanation": "",
        "source": "",
    }
