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
worker a second time gets the FL900 answer of a crashed check, as in a batch run. A lint
still running after ``timeout`` seconds (the configuration's ``timeout``, as for a batch)
has its worker killed and gets the FL900 answer of a stopped check: a file that sent a
rule into a loop must not hold a worker for good.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .linting import Linter
from .settings import Settings

# Imported once in the fork server, so every worker forked from it starts warm.
PRELOAD = ["linter.api", "linter.rules", "linter.readers.docx_reader", "addin_server.linting"]

_worker_linter: Linter | None = None
_started: Any = None  # the queue a worker announces each task on: (task id, pid)
POLL = 0.2  # seconds between looks at a running task's clock


def _start_worker(settings: Settings, started: Any = None) -> None:
    global _worker_linter, _started
    _started = started
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


def _announced(task: int, target: Callable, *args: Any) -> Any:
    """Run ``target`` after telling the pool which process runs ``task``."""
    if _started is not None:
        _started.put((task, os.getpid()))
    return target(*args)


class _TimedOut(Exception):
    pass


class LintPool:
    """``Linter.runner`` for production: ``pool(kind, payload, filename, unit, grammar)``
    gives the JSON file object, linted in a worker process."""

    def __init__(
        self,
        settings: Settings,
        workers: int,
        target: Callable = _lint_in_worker,
        timeout: float | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be 1 or more")
        if timeout is not None and timeout <= 0:
            raise ValueError("timeout must be above 0")
        self.settings = settings
        self.workers = workers
        self.timeout = timeout
        self._ids = itertools.count()
        self._running: dict[int, tuple[int, float] | None] = {}  # task -> (pid, seen at)
        self._running_lock = threading.Lock()
        self._target = target  # what a worker runs: importable by name (tests swap it)
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn"
        )
        if "forkserver" in methods:
            self._context.set_forkserver_preload(PRELOAD)
        # Each executor has its own announcement queue: a worker killed mid-announcement
        # could leave a shared one locked.
        self._queues: dict[ProcessPoolExecutor, Any] = {}
        self._closed = False
        self._lock = threading.Lock()
        self._alone_lock = threading.Lock()
        self._alone: ProcessPoolExecutor | None = None  # retries after a crash, one at a time
        self._executor = self._start()

    def _start(self, workers: int | None = None) -> ProcessPoolExecutor:
        workers = workers or self.workers
        started = self._context.Queue() if self.timeout is not None else None
        executor = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=self._context,
            initializer=_start_worker,
            initargs=(self.settings, started),
        )
        self._queues[executor] = started
        # Start every worker now, so the first learners do not wait for them.
        for future in [executor.submit(_ready) for _ in range(workers * 2)]:
            future.result()
        return executor

    def __call__(
        self, kind: str, payload: Any, filename: str, unit: str | None, grammar: str | None
    ) -> dict[str, Any]:
        args = (kind, payload, filename, unit, grammar)
        executor = self._executor
        try:
            return self._run(executor, args)
        except _TimedOut:
            self._replace(executor)
            return self._timed_out(filename)
        except CancelledError:  # still queued when the pool was replaced: never ran
            if self._closed:
                raise
            return self(kind, payload, filename, unit, grammar)
        except BrokenProcessPool:
            self._replace(executor)
        # A worker died with this request in flight: it or another one killed it. Tried
        # again alone in a one-worker pool, only the culprit dies a second time.
        with self._alone_lock:
            if self._alone is None:
                self._alone = self._start(1)
            try:
                return self._run(self._alone, args)
            except (BrokenProcessPool, _TimedOut) as exc:
                self._stop(self._alone, wait=False)
                self._alone = None
                if isinstance(exc, _TimedOut):
                    return self._timed_out(filename)
        from linter.batch import crashed_result

        return crashed_result(filename, None, batch=False).to_dict()

    @staticmethod
    def _submit(executor: ProcessPoolExecutor, fn: Callable, *args: Any):
        try:
            return executor.submit(fn, *args)
        except RuntimeError as exc:  # shut down by another thread's _replace: retry
            raise BrokenProcessPool(str(exc)) from None

    def _run(self, executor: ProcessPoolExecutor, args: tuple) -> dict[str, Any]:
        if self.timeout is None:
            return self._submit(executor, self._target, *args).result()
        task = next(self._ids)
        with self._running_lock:
            self._running[task] = None
        try:
            future = self._submit(executor, _announced, task, self._target, *args)
            while True:
                try:
                    return future.result(timeout=POLL)
                except FutureTimeout:
                    # The clock runs from when a worker took the task, not from the
                    # queue: a busy server is slow, not stuck.
                    started = self._started_at(task, executor)
                    if started is not None and time.monotonic() - started[1] > self.timeout:
                        if future.done():  # finished meanwhile: its worker may be on
                            continue  # another request, which must not be killed
                        self._kill(started[0])
                        raise _TimedOut from None
        finally:
            with self._running_lock:
                self._drain(executor)  # every answer empties the queue, so it never grows
                self._running.pop(task, None)

    def _started_at(self, task: int, executor: ProcessPoolExecutor) -> tuple[int, float] | None:
        """(pid, when first seen) of the worker running ``task``, None before one has
        taken it."""
        with self._running_lock:
            self._drain(executor)
            return self._running.get(task)

    def _drain(self, executor: ProcessPoolExecutor) -> None:
        """Read the workers' announcements; those of tasks already answered are dropped."""
        queue = self._queues.get(executor)
        while queue is not None:
            try:
                task, pid = queue.get_nowait()
            except Exception:  # queue.Empty, or a queue broken by a killed worker
                return
            if task in self._running and self._running[task] is None:
                self._running[task] = (pid, time.monotonic())

    @staticmethod
    def _kill(pid: int) -> None:
        with contextlib.suppress(ProcessLookupError):  # it finished or died meanwhile
            os.kill(pid, signal.SIGKILL)

    def _timed_out(self, filename: str) -> dict[str, Any]:
        from linter.batch import timed_out_result

        return timed_out_result(filename, self.timeout or 0, batch=False).to_dict()

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken and not self._closed:
                self._stop(broken, wait=False)
                self._executor = self._start()

    def _stop(self, executor: ProcessPoolExecutor, wait: bool) -> None:
        executor.shutdown(wait=wait, cancel_futures=True)
        queue = self._queues.pop(executor, None)
        if queue is not None:
            queue.close()

    def close(self) -> None:
        self._closed = True
        with self._lock, self._alone_lock:
            self._stop(self._executor, wait=True)
            if self._alone is not None:
                self._stop(self._alone, wait=True)
