"""Harper (harper-py): an offline checker with a British dialect, no Java, no server.

Building harper's first linter costs about a second (its curated dictionary), so it is
built once per process, on first use, and reused by every document after. A harper
``Linter`` is not thread-safe but releases the GIL while it lints, so a long first pass
is split over a few linters in threads: the dictionary is shared inside harper, so each
extra linter costs some 40 ms, not a second. Each linter is used by one thread at a
time. ILM_LINT_GRAMMAR_THREADS caps the threads (default: the cores, at most 4; a batch
that already runs one process per core can set it to 1).
"""

from __future__ import annotations

import os
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from .base import GRAMMAR, SPELLING, Engine, EngineUnavailable, Items, Match, disabled_rules
from .lexicon import default_lexicon

# harper's lint kinds that mean a word is misspelt rather than a sentence ungrammatical.
SPELLING_KINDS = frozenset({"Spelling", "Typo", "BoundaryError", "Regionalism"})
MAX_SUGGESTIONS = 3
PARALLEL_MIN_WORDS = 1500  # below this a single linter is quicker than starting threads

build_seconds: float | None = None  # how long the process's first linter took to build

_lock = threading.Lock()
_idle: queue.LifoQueue = queue.LifoQueue()
_first = None
_created = 0
_executor: ThreadPoolExecutor | None = None


def max_threads() -> int:
    raw = os.environ.get("ILM_LINT_GRAMMAR_THREADS", "")
    if raw.strip().isdigit() and int(raw) > 0:
        return int(raw)
    return max(1, min(4, os.cpu_count() or 1))


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
    if build_seconds is None:
        build_seconds = time.perf_counter() - started
    return linter


def shared_linter():
    """The process's first harper linter, built on the first call."""
    global _first, _created
    if _first is None:
        with _lock:
            if _first is None:
                _first = _build()
                _created += 1
                _idle.put(_first)
    return _first


def _acquire(limit: int):
    """An idle linter, a new one while fewer than ``limit`` exist, or the next freed."""
    global _created
    shared_linter()
    try:
        return _idle.get_nowait()
    except queue.Empty:
        pass
    with _lock:
        make = _created < limit
        if make:
            _created += 1
    if make:
        try:
            return _build()
        except BaseException:
            with _lock:
                _created -= 1
            raise
    return _idle.get()


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


def _lint_items(items: list[tuple[int, str]], limit: int) -> list[Match]:
    linter = _acquire(limit)
    out: list[Match] = []
    try:
        for index, text in items:
            found = linter.organized_lints(text, language="plaintext")
            for rule_name, lints in found.items():
                for lint in lints:
                    out.append(_match(index, text, rule_name, lint))
    finally:
        _idle.put(linter)
    return out


def _match(index: int, text: str, rule_name: str, lint) -> Match:
    start, end = lint.span.start, lint.span.end
    suggestions: list[str] = []
    for s in lint.suggestions:
        r = _replacement(lint, s)
        if r not in suggestions and r != lint.problem_text:
            suggestions.append(r)
    return Match(
        paragraph=index,
        start=start,
        end=end,
        text=text[start:end],
        message=_message(lint),
        suggestions=tuple(suggestions[:MAX_SUGGESTIONS]),
        kind=SPELLING if lint.lint_kind in SPELLING_KINDS else GRAMMAR,
        rule=rule_name,
    )


def _split(items: list[tuple[int, str]], parts: int) -> list[list[tuple[int, str]]]:
    """``parts`` groups of about equal length (longest paragraphs placed first)."""
    groups: list[list[tuple[int, str]]] = [[] for _ in range(parts)]
    sizes = [0] * parts
    for item in sorted(items, key=lambda it: -len(it[1])):
        n = sizes.index(min(sizes))
        groups[n].append(item)
        sizes[n] += len(item[1])
    return [g for g in groups if g]


class HarperEngine(Engine):
    name = "harper"

    def check(self, items: Items) -> list[Match]:
        global _executor
        items = [(i, t) for i, t in items if t.strip()]
        if not items:
            return []
        limit = max_threads()
        words = sum(t.count(" ") + 1 for _, t in items)
        threads = min(limit, max(1, words // PARALLEL_MIN_WORDS), len(items))
        if threads <= 1:
            return _lint_items(items, limit)
        with _lock:
            if _executor is None:
                _executor = ThreadPoolExecutor(max_workers=limit, thread_name_prefix="harper")
        futures = [_executor.submit(_lint_items, g, limit) for g in _split(items, threads)]
        out: list[Match] = []
        for f in futures:
            out.extend(f.result())
        return out

    def describe(self) -> str:
        return "harper (British English, offline)"
