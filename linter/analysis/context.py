"""What a rule is handed: the model, the unit and the analyses computed once for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import Config
from ..model import Document, Log, Paragraph
from ..registry import Selection

if TYPE_CHECKING:
    from ..units import Unit, UnitRegistry
    from .citations import Citation
    from .guidance import GuidanceMarks
    from .references import ReferenceList
    from .sections import Section, Structure

T = TypeVar("T")


@dataclass
class LintOptions:
    """Everything about a run that is not the file itself."""

    config: Config = field(default_factory=Config)
    unit: str | None = None  # --unit, applies to every file
    today: dt.date = field(default_factory=dt.date.today)
    grammar: str | None = None  # overrides config.grammar when set
    outline: bool = False  # add the section/guidance map the Word add-in needs to fix

    @cached_property
    def selection(self) -> Selection:
        return Selection(self.config.select, self.config.ignore)

    @cached_property
    def units(self) -> UnitRegistry:
        from ..units import default_registry

        # Loaded and validated once per process and set of folders, not once per file.
        return default_registry(tuple(str(d) for d in self.config.units_dirs))

    @property
    def grammar_engine(self) -> str:
        return self.grammar or self.config.grammar


@dataclass
class AssignmentContext:
    document: Document
    unit: Unit | None
    options: LintOptions
    stats: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # checklist, notices ...
    _memo: dict[Hashable, Any] = field(default_factory=dict, repr=False)

    @cached_property
    def guidance(self) -> GuidanceMarks:
        from .guidance import mark_guidance

        return mark_guidance(self.document, self.unit)

    @cached_property
    def structure(self) -> Structure:
        from .sections import find_structure

        return find_structure(self.document, self.unit, self.guidance)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """A value several rules share, computed once per document (kept out of
        ``extra``, which goes into the JSON)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def own_paragraphs(self, section: Section | None = None) -> list[Paragraph]:
        """The learner's own prose: no headings, guidance, placeholders or reference list."""
        return self.structure.own_paragraphs(section)

    @cached_property
    def citations(self) -> list[Citation]:
        """In-text citations of the learner's text (body, table cells, notes)."""
        from .citations import compute_document_citations

        return compute_document_citations(self)

    @cached_property
    def reference_list(self) -> ReferenceList | None:
        """The parsed reference list, or None when the document has none."""
        from .references import find_reference_list

        return find_reference_list(self)


@dataclass
class LogContext:
    log: Log
    unit: Unit | None
    options: LintOptions
    stats: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
