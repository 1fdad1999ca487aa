"""Harper (harper-py): an offline checker with a British dialect, no Java, no server.

Building harper's linter costs about 0.6 s, so there is one per process, built on first
use and reused by every document after. A harper ``Linter`` is not thread-safe, so calls
are serialised with a lock (the add-in server may lint from several threads).
"""

from __future__ import annotations

import threading
import time

from .base import GRAMMAR, SPELLING, Engine, EngineUnavailable, Items, Match, disabled_rules
from .lexicon import default_lexicon

# harper's lint kinds that mean a word is misspelt rather than a sentence ungrammatical.
SPELLING_KINDS = frozenset({"Spelling", "Typo", "BoundaryError", "Regionalism"})
MAX_SUGGESTIONS = 3

_lock = threading.Lock()
_linter = None
build_seconds: float | None = None  # how long the process's linter took to build


def _build():
    global build_seconds
    try:
        import harper
    except ImportError as exc:  # pragma: no cover - harper-py is a dependency
        raise EngineUnavailable(
            "the harper grammar engine is not installed (pip install harper-py)"
        ) from exc
    started = time.perf_counter()
    linter = harper.Linter(harper.Dialect.BRITISH)
    config = linter.get_default_lint_config()
    for name in disabled_rules("harper"):
        if name in config:
            config[name] = False
    linter.set_lint_config(config)
    linter.import_words(default_lexicon().engine_words())
    build_seconds = time.perf_counter() - started
    return linter


def shared_linter():
    """The process's harper linter, built on first call."""
    global _linter
    if _linter is None:
        with _lock:
            if _linter is None:
                _linter = _build()
    return _linter


def _replacement(lint, suggestion) -> str:
    kind = int(suggestion.kind)
    if kind == 1:  # REMOVE
        return ""
    if kind == 2:  # INSERT_AFTER: the span followed by the inserted text
        return lint.problem_text + suggestion.replacement_text
    return suggestion.replacement_text


def _message(lint) -> str:
    # harper quotes words in backticks (Markdown); reports use typographic quotes.
    parts = lint.message.split("`")
    return "".join(p if i % 2 == 0 else f"‘{p}’" for i, p in enumerate(parts))


class HarperEngine(Engine):
    name = "harper"

    def check(self, items: Items) -> list[Match]:
        linter = shared_linter()
        out: list[Match] = []
        with _lock:
            for index, text in items:
                if not text.strip():
                    continue
                found = linter.organized_lints(text, language="plaintext")
                for rule_name, lint in ((r, x) for r, lints in found.items() for x in lints):
                    start, end = lint.span.start, lint.span.end
                    suggestions: list[str] = []
                    for s in lint.suggestions:
                        r = _replacement(lint, s)
                        if r not in suggestions and r != lint.problem_text:
                            suggestions.append(r)
                    out.append(
                        Match(
                            paragraph=index,
                            start=start,
                            end=end,
                            text=text[start:end],
                            message=_message(lint),
                            suggestions=tuple(suggestions[:MAX_SUGGESTIONS]),
                            kind=SPELLING if lint.lint_kind in SPELLING_KINDS else GRAMMAR,
                            rule=rule_name,
                        )
                    )
        return out

    def describe(self) -> str:
        return "harper (British English, offline)"
