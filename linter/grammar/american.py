"""American spellings in British English, from ``linter/data/american_british.toml``.

Runs beside whichever engine is chosen, so harper and LanguageTool users see the same
"organization → organisation" findings; the engine's own finding on the same span is
dropped in favour of this one, whose message says why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .base import SPELLING, Items, Match

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA = Path(__file__).resolve().parent.parent / "data" / "american_british.toml"
RULE_ID = "american-spelling"

_WORD = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*[’']?")
_POSSESSIVE = re.compile(r"[’']s?$")
_BREAK = re.compile(r"[.!?;:()\[\]]")
_IZE = re.compile(r"^([^\W\d_]{2,}?)(iz|yz)(e|es|ed|ing|er|ers|ation|ations|ational|able)$", re.I)


@dataclass(frozen=True)
class ContextRule:
    word: str
    british: str
    message: str
    after: tuple[tuple[str, ...], ...] = ()  # each a run of preceding words, lower case
    unless_near: frozenset[str] = frozenset()


@dataclass(frozen=True)
class SpellingMap:
    words: dict[str, str]
    exempt: frozenset[str]
    context: dict[str, ContextRule]


@lru_cache(maxsize=1)
def spelling_map() -> SpellingMap:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    context = {}
    for item in raw.get("context", []):
        context[item["word"]] = ContextRule(
            word=item["word"],
            british=item["british"],
            message=item["message"],
            after=tuple(tuple(a.lower().split()) for a in item.get("after", [])),
            unless_near=frozenset(w.lower() for w in item.get("unless_near", [])),
        )
    return SpellingMap(
        words={k.lower(): v for k, v in raw["words"].items()},
        exempt=frozenset(raw["ize"]["exempt"]),
        context=context,
    )


def _same_case(model: str, word: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def british_form(word: str, smap: SpellingMap | None = None) -> str | None:
    """The British spelling of an always-American word, or None."""
    smap = smap or spelling_map()
    lower = word.lower()
    if lower in smap.words:
        return _same_case(word, smap.words[lower])
    m = _IZE.match(lower)
    if m is None:
        return None
    stem, z, ending = m.groups()
    base = f"{stem}{z}e"
    if z == "iz" and base in smap.exempt:
        return None
    return _same_case(word, f"{stem}{'is' if z == 'iz' else 'ys'}{ending}")


def _in_context(rule: ContextRule, before: list[str], around: list[str]) -> bool:
    if rule.unless_near and rule.unless_near & set(around):
        return False
    if not rule.after:
        return True
    return any(len(before) >= len(a) and tuple(before[-len(a) :]) == a for a in rule.after)


def _tokens(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, word without a possessive, whether a sentence break precedes it)."""
    out = []
    last = 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        end = m.end()
        possessive = _POSSESSIVE.search(word)
        if possessive is not None:
            word = word[: possessive.start()]
            end = m.start() + len(word)
        out.append((m.start(), end, word, bool(_BREAK.search(text, last, m.start()))))
        last = m.end()
    return out


def american_matches(items: Items) -> list[Match]:
    smap = spelling_map()
    out: list[Match] = []
    for index, text in items:
        tokens = _tokens(text)
        lowered = [t[2].lower().replace("’", "'") for t in tokens]
        for n, (start, end, word, _) in enumerate(tokens):
            if word.isupper() and len(word) > 1:
                continue  # an acronym or a shouted heading, not a spelling choice
            rule = smap.context.get(lowered[n])
            if rule is not None:
                first = n
                while first > max(0, n - 3) and not tokens[first][3]:
                    first -= 1
                before = lowered[first:n]
                around = lowered[max(0, n - 3) : n] + lowered[n + 1 : n + 4]
                if not _in_context(rule, before, around):
                    continue
                british = _same_case(word, rule.british)
                message = rule.message
            else:
                british = british_form(word, smap)
                if british is None:
                    continue
                message = f"‘{word}’ is the American spelling: British English writes ‘{british}’."
            out.append(Match(index, start, end, word, message, (british,), SPELLING, RULE_ID))
    return out
