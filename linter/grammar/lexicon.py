"""The coaching and assessment words that GR700 never flags, plus cited surnames.

``linter/data/lexicon.txt`` holds one entry a line. An entry written in lower case
("coachee") is allowed in any case; an entry with capitals ("Kolb", "GROW") only when
the word in the text is capitalised too, so "Gray" the author does not excuse "gray"
the American spelling.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "lexicon.txt"

_APOSTROPHES = "'’ʼ"
_POSSESSIVE = re.compile(r"[’'ʼ]s?$")
_SPLIT = re.compile(r"[\s&/]+|(?<=\w)[-‐–](?=\w)")
_EDGE = re.compile(r"^[^\w]+|[^\w°]+$")


def _norm(word: str) -> str:
    """Apostrophes unified, no surrounding punctuation, no possessive."""
    word = _EDGE.sub("", word)
    for a in _APOSTROPHES[1:]:
        word = word.replace(a, "'")
    return _POSSESSIVE.sub("", word)


def _forms(entry: str) -> list[str]:
    """The entry itself and its parts of three letters or more ("Kets de Vries" gives
    "Kets" and "Vries"; "EQ-i" does not make "i" a word)."""
    whole = _norm(entry)
    parts = [_norm(p) for p in _SPLIT.split(entry)]
    return [w for w in (whole, *parts) if w and (w == whole or len(w) >= 3)]


class Lexicon:
    """A set of allowed words, case-aware as the module docstring says."""

    def __init__(self, entries: Iterable[str] = ()) -> None:
        self.any_case: set[str] = set()  # entries written in lower case
        self.capitalised: set[str] = set()  # casefolded entries that carry capitals
        self.entries: list[str] = []
        self.add(entries)

    def add(self, entries: Iterable[str]) -> None:
        for entry in entries:
            entry = entry.strip()
            if not entry:
                continue
            self.entries.append(entry)
            for word in _forms(entry):
                if word == word.lower():
                    self.any_case.add(word)
                else:
                    self.capitalised.add(word.casefold())

    def merged(self, extra: Iterable[str]) -> Lexicon:
        out = Lexicon()
        out.any_case = set(self.any_case)
        out.capitalised = set(self.capitalised)
        out.entries = list(self.entries)
        out.add(extra)
        return out

    def _word_allowed(self, word: str) -> bool:
        word = _norm(word)
        if not word:
            return True
        folded = word.casefold()
        candidates = {folded}
        if folded.endswith("s") and len(folded) > 2:
            candidates.add(folded[:-1])  # a plural of a lexicon word ("GROW models", "KPIs")
        if any(c in self.any_case for c in candidates):
            return True
        return not word.islower() and any(c in self.capitalised for c in candidates)

    def allows(self, text: str) -> bool:
        """Whether every word of ``text`` (a flagged span) is in the lexicon."""
        words = [w for w in _SPLIT.split(text.strip()) if _norm(w)]
        if not words:
            return False
        return (len(words) > 1 and self._word_allowed(text)) or all(
            self._word_allowed(w) for w in words
        )

    def engine_words(self) -> list[str]:
        """The forms to add to an engine's own dictionary: each word, its possessive
        and, for lower-case nouns and acronyms, the plural."""
        out: set[str] = set()
        for entry in self.entries:
            for word in _forms(entry):
                if " " in word:
                    continue
                out.update((word, f"{word}'s"))
                if word == word.lower() or word.isupper():
                    out.update((f"{word}s", f"{word}s'"))
        return sorted(out)


def read_lexicon(path: Path) -> list[str]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            entries.append(entry)
    return entries


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return Lexicon(read_lexicon(DATA))
