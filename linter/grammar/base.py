"""What every grammar engine answers, whichever checker sits behind it.

An engine takes a list of ``(paragraph index, text)`` and returns matches whose offsets
are code points within that paragraph's text (Python ``str`` indices), so a finding can
point at the spot and the task pane can replace it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

ENGINES_DATA = Path(__file__).resolve().parent.parent / "data" / "grammar_engines.toml"

SPELLING = "spelling"
GRAMMAR = "grammar"

Items = Sequence[tuple[int, str]]


@dataclass(frozen=True)
class Match:
    """One problem an engine found in one paragraph."""

    paragraph: int  # the paragraph index it was handed with
    start: int  # code-point offsets within the paragraph's text
    end: int
    text: str  # text[start:end]
    message: str
    suggestions: tuple[str, ...] = ()  # replacements for text[start:end]; "" removes it
    kind: str = GRAMMAR  # SPELLING or GRAMMAR
    rule: str = ""  # the engine's own rule id ("SpellCheck", "MORFOLOGIK_RULE_EN_GB" ...)

    def overlaps(self, start: int, end: int) -> bool:
        return self.start < end and start < self.end


class EngineUnavailable(RuntimeError):
    """The engine cannot run here (server unreachable, package missing); the message
    says why in words a user can act on."""


class Engine(ABC):
    """A spelling and grammar checker for British English."""

    name: str = ""

    @abstractmethod
    def check(self, items: Items) -> list[Match]:
        """Matches for every paragraph handed in; raises EngineUnavailable."""

    def describe(self) -> str:
        return self.name


@lru_cache(maxsize=4)
def disabled_rules(engine: str) -> tuple[str, ...]:
    """The engine's rules switched off for assignments (linter/data/grammar_engines.toml)."""
    data = tomllib.loads(ENGINES_DATA.read_text(encoding="utf-8"))
    return tuple(data.get(engine, {}).get("disabled", ()))
