"""Production linting in a pool of worker processes behind one HTTP process.

Linting is CPU-bound Python: threads of one process take turns on one core, and their
switching costs a quarter more CPU per request at four threads. Worker processes that
each accepted their own connections (the usual pre-fork server) serve a connection from
start to end in the process that accepted it, so a few kept-alive connections can pile
onto one process while the other idles. Here one waitress process reads requests in its
threads and hands each lint to the first free worker of a ``ProcessPoolExecutor``: one
queue, first come first served, every core busy, a slow file holding up only its own
worker.

Workers start from a fork server (multiprocessing's "forkserver": forked from a clean
single-threaded process, never from the threaded HTTP process) and load the unit data,
rules and grammar engine once. A request's bytes and its answer cross a pipe in memory;
nothing is written to disk. A worker that dies (a native library aborting on a
pathological file) breaks the pool: it is rebuilt, and the requests that were in flight
are tried again one at a time in a one-worker pool, so that only the file that kills a
worker a second time gets the FL900 answer of a crashed check, as in a batch run.
"""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .linting import Linter
from .settings import Settings

# Imported once in the fork server, so every worker forked from it starts warm.
PRELOAD = ["linter.api", "linter.rules", "linter.readers.docx_reader", "addin_server.linting"]

_worker_linter: Linter | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_linter
    # Ctrl-C reaches the whole process group: the HTTP process stops the pool itself,
    # so a worker should finish its request rather than print a KeyboardInterrupt.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_linter = Linter(settings)
    _worker_linter.base()  # unit files and rules, once per worker
    if settings.grammar == "harper":
        from linter.grammar import get_engine

        get_engine("harper")  # the dictionaries load once, not on a learner's first check


def _lint_in_worker(kind: str, payload: Any, filename: str, unit, grammar) -> dict[str, Any]:
    assert _worker_linter is not None, "the pool's initializer did not run"
    return _worker_linter.lint_here(kind, payload, filename, unit, grammar)


def _ready() -> bool:
    return _worker_linter is not None


class LintPool:
    """``Linter.runner`` for production: ``pool(kind, payload, filename, unit, grammar)``
    gives the JSON file object, linted in a worker process."""

    def __init__(
        self, settings: Settings, workers: int, target: Callable = _lint_in_worker
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be 1 or more")
        self.settings = settings
        self.workers = workers
        self._target = target  # what a worker runs: importable by name (tests swap it)
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn"
        )
        if "forkserver" in methods:
            self._context.set_forkserver_preload(PRELOAD)
        self._lock = threading.Lock()
        self._alone_lock = threading.Lock()
        self._alone: ProcessPoolExecutor | None = None  # retries after a crash, one at a time
        self._executor = self._start()

    def _start(self, workers: int | None = None) -> ProcessPoolExecutor:
        workers = workers or self.workers
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(self.settings,),
        )
        # Start every worker now, so the first learners do not wait for them.
        for future in [executor.submit(_ready) for _ in range(workers * 2)]:
            future.result()
        return executor

    def __call__(
        self, kind: str, payload: Any, filename: str, unit: str | None, grammar: str | None
    ) -> dict[str, Any]:
        executor = self._executor
        try:
            return executor.submit(self._target, kind, payload, filename, unit, grammar).result()
        except BrokenProcessPool:
            self._replace(executor)
        # A worker died with this request in flight: it or another one killed it. Tried
        # again alone in a one-worker pool, only the culprit dies a second time.
        with self._alone_lock:
            if self._alone is None:
                self._alone = self._start(1)
            try:
                future = self._alone.submit(self._target, kind, payload, filename, unit, grammar)
                return future.result()
            except BrokenProcessPool:
                self._alone.shutdown(wait=False, cancel_futures=True)
                self._alone = None
        from linter.batch import crashed_result

        return crashed_result(filename, None, batch=False).to_dict()

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                broken.shutdown(wait=False, cancel_futures=True)
                self._executor = self._start()

    def close(self) -> None:
        with self._lock, self._alone_lock:
            self._executor.shutdown(wait=True, cancel_futures=True)
            if self._alone is not None:
                self._alone.shutdown(wait=True, cancel_futures=True)
