"""Unit specifications: data files, one per unit, validated on load.

A centre adds a unit (or its adapted template) by dropping one more TOML file in a
folder named in the configuration (``units_dir``); no code changes. The file format is
described in ``linter/data/units/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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

    def ac(self, number: str) -> AC | None:
        return next((a for a in self.acs if a.number == number), None)


class UnitRegistry:
    """Every unit known: the bundled ones plus those of the configured folders."""

    def __init__(self, units: list[Unit]) -> None:
        raise NotImplementedError

    @classmethod
    def load(cls, extra_dirs: list[Path] = ()) -> UnitRegistry:
        raise NotImplementedError

    def get(self, code: str) -> Unit | None:
        """By code or alias, case-insensitive ("d7.01", "8589/700")."""
        raise NotImplementedError

    def all(self) -> list[Unit]:
        raise NotImplementedError


def load_unit_file(path: Path) -> Unit:
    """Read and validate one unit file; UnitError names the path and what is wrong."""
    raise NotImplementedError
