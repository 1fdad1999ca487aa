"""Small text helpers shared by the analyses: normalising and fuzzy matching."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, accents and punctuation folded, single spaces: for comparisons only."""
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", text.lower()).strip()


def words(text: str) -> list[str]:
    return fold(text).split()


def bigrams(tokens: list[str]) -> set[tuple[str, str]]:
    return set(pairwise(tokens))


_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "for",
        "on",
        "at",
        "or",
        "by",
        "with",
        "as",
        "is",
        "are",
        "be",
        "your",
        "you",
        "their",
        "its",
        "it",
        "this",
        "that",
        "from",
        "into",
        "within",
    ]
)


@lru_cache(maxsize=8192)
def content_words(text: str) -> frozenset[str]:
    # Cached: every heading is compared with every AC's wording, and ACs repeat per file.
    return frozenset(w for w in words(text) if w not in _STOP)


def wording_similarity(candidate: str, wording: str) -> float:
    """How well a heading carries an AC's wording: 1.0 when every content word is there.

    Measured against the AC wording (a heading may add "AC 1.1:" or trim the end), and
    penalised when the heading is much longer than the wording (a body paragraph).
    """
    target = content_words(wording)
    have = content_words(candidate)
    if not target or not have:
        return 0.0
    hit = len(target & have) / len(target)
    extra = len(have - target) / len(have)
    return hit * (1.0 - 0.5 * max(0.0, extra - 0.3))


def top_level_bar(pattern: str) -> bool:
    """Whether ``pattern`` has a "|" outside every group and class ("a|b", not "(?:a|b)")."""
    depth, i, n = 0, 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 1
        elif c == "[":
            i += 1
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1  # a "]" first in a class is a literal
            while i < n and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False
