"""Spelling and grammar for British English (rules GR700 and GR701).

- ``base``: the engine interface (``Engine.check([(paragraph, text), ...]) -> [Match]``);
- ``harper_engine``: harper-py, offline, the default;
- ``languagetool_engine``: a LanguageTool server through language-tool-python;
- ``cache``: results per paragraph text, so a re-check only checks what changed;
- ``american``: American spellings flagged in British English;
- ``masking``: citations, quotations, URLs and e-mails, which are not checked;
- ``lexicon``: coaching words and cited surnames, never flagged.

``get_engine`` gives the process's engine for a configuration; ``check_paragraphs``
runs it and drops what touches a masked span or is an allowed word.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence

from .base import GRAMMAR, SPELLING, Engine, EngineUnavailable, Items, Match
from .cache import CachedEngine
from .lexicon import Lexicon, default_lexicon
from .masking import Span, prose_masks, touches

__all__ = [
    "GRAMMAR",
    "SPELLING",
    "CachedEngine",
    "Engine",
    "EngineUnavailable",
    "Lexicon",
    "Match",
    "check_paragraphs",
    "default_lexicon",
    "get_engine",
    "looks_like_a_name",
    "prose_masks",
]

ENGINES = ("harper", "languagetool")
_engines: dict[tuple[str, str | None], CachedEngine] = {}
_engines_lock = threading.Lock()


def get_engine(
    name: str, languagetool_url: str | None = None, timeout: float = 10.0
) -> CachedEngine:
    """The process's cached engine ``name`` ("harper" or "languagetool"), made once."""
    if name not in ENGINES:
        raise ValueError(f"unknown grammar engine {name!r}: choose harper, languagetool or off")
    key = (name, languagetool_url if name == "languagetool" else None)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            if name == "harper":
                from .harper_engine import HarperEngine

                engine = CachedEngine(HarperEngine())
            else:
                from .languagetool_engine import LanguageToolEngine

                engine = CachedEngine(LanguageToolEngine(languagetool_url, timeout=timeout))
            _engines[key] = engine
    return engine


def check_paragraphs(
    engine: Engine,
    items: Items,
    citations: Mapping[int, Sequence[Span]] | None = None,
    lexicon: Lexicon | None = None,
) -> list[Match]:
    """The engine's matches minus those touching a span that is not the learner's prose
    (``prose_masks``, with the citation parser's spans by paragraph index when given),
    made only of allowed words (``lexicon``, default: the coaching lexicon), or unknown
    words that look like names or acronyms (see ``looks_like_a_name``). A paragraph's
    masks are worked out only when the engine reports something in it: most paragraphs
    have no match, and a re-check served from the cache should cost next to nothing.
    Raises EngineUnavailable."""
    items = list(items)
    texts = dict(items)
    masks: dict[int, list[Span]] = {}
    lexicon = lexicon if lexicon is not None else default_lexicon()
    out = []
    for m in engine.check(items):
        spans = masks.get(m.paragraph)
        if spans is None:
            cited = None if citations is None else citations.get(m.paragraph, ())
            spans = masks[m.paragraph] = prose_masks(texts.get(m.paragraph, ""), cited)
        if touches(m.start, m.end, spans):
            continue
        single_word = len(m.text.split()) == 1
        if m.start < m.end and (m.kind == SPELLING or single_word) and lexicon.allows(m.text):
            continue
        if m.kind == SPELLING and looks_like_a_name(texts.get(m.paragraph, ""), m):
            continue
        out.append(m)
    return out


_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|^\s*[-•*–]\s*)[\"“‘'(\[]*\s*$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]+(?:[’']?s)?$")
_CAPITALISED = re.compile(r"^[A-Z][^\W\d_]*(?:[-’'][^\W\d_]*)*$")


def looks_like_a_name(text: str, m: Match) -> bool:
    """An unknown word that is an acronym ("SLT", "HRBP") or capitalised in the middle
    of a sentence ("at Northbridge", "Ms Okafor") names something: a spell checker's
    dictionary cannot know a learner's colleagues, places and organisations. A
    capitalised word that opens a sentence is still checked."""
    word = m.text.strip()
    if m.rule == "american-spelling" or " " in word:
        return False
    if _ACRONYM.match(word):
        return True
    return bool(_CAPITALISED.match(word)) and not _SENTENCE_START.search(text[: m.start])
