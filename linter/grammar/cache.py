"""Results kept per paragraph text, so a re-check after editing one paragraph checks
only that paragraph (the add-in re-lints the whole document on every change).

The cache sits in front of an engine and the American-spelling pass, keyed by the
paragraph's exact text: what an engine says about a paragraph depends on nothing else.
Per-document filtering (citations, cited surnames) happens after it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

from .american import american_matches
from .base import SPELLING, Engine, Items, Match

DEFAULT_SIZE = 20_000  # paragraphs: a few dozen long assignments


def _combine(engine_matches: list[Match], own: list[Match]) -> list[Match]:
    """Both lists, minus an engine's spelling match where the American pass flagged
    the same word (its message says why)."""
    kept = [
        m
        for m in engine_matches
        if not (m.kind == SPELLING and any(o.overlaps(m.start, m.end) for o in own))
    ]
    return kept + own


class CachedEngine(Engine):
    """An engine with an LRU cache of results per paragraph text."""

    def __init__(
        self,
        engine: Engine,
        maxsize: int = DEFAULT_SIZE,
        extra_pass: Callable[[Items], list[Match]] | None = american_matches,
    ) -> None:
        self.engine = engine
        self.name = engine.name
        self.maxsize = maxsize
        self.extra_pass = extra_pass
        self._cache: OrderedDict[str, tuple[Match, ...]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def describe(self) -> str:
        return self.engine.describe()

    def __len__(self) -> int:
        return len(self._cache)

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def _get(self, text: str) -> tuple[Match, ...] | None:
        with self._lock:
            found = self._cache.get(text)
            if found is not None:
                self._cache.move_to_end(text)
            return found

    def _put(self, text: str, matches: tuple[Match, ...]) -> None:
        with self._lock:
            self._cache[text] = matches
            self._cache.move_to_end(text)
            while len(self._cache) > self.maxsize:
                self._cache.popitem(last=False)

    def check(self, items: Items) -> list[Match]:
        out: list[Match] = []
        todo: dict[str, list[int]] = {}  # text not yet known -> paragraphs that hold it
        for index, text in items:
            found = self._get(text)
            if found is None:
                todo.setdefault(text, []).append(index)
                continue
            self.hits += 1
            out.extend(replace(m, paragraph=index) for m in found)
        if todo:
            texts = list(todo)
            self.misses += len(texts)
            numbered = list(enumerate(texts))
            fresh = self.engine.check(numbered)  # may raise EngineUnavailable: nothing cached
            own = self.extra_pass(numbered) if self.extra_pass else []
            by_engine: dict[int, list[Match]] = {}
            by_pass: dict[int, list[Match]] = {}
            for m in fresh:
                by_engine.setdefault(m.paragraph, []).append(m)
            for m in own:
                by_pass.setdefault(m.paragraph, []).append(m)
            for pos, text in enumerate(texts):
                matches = _combine(by_engine.get(pos, []), by_pass.get(pos, []))
                stored = tuple(
                    sorted(
                        (replace(m, paragraph=-1) for m in matches),
                        key=lambda m: (m.start, m.end, m.rule),
                    )
                )
                self._put(text, stored)
                for index in todo[text]:
                    out.extend(replace(m, paragraph=index) for m in stored)
        out.sort(key=lambda m: (m.paragraph, m.start, m.end, m.rule))
        return out
