"""Lint many files in parallel, each one isolated, results in input order.

A tutor's folder holds 30 to 300 submissions, some of them broken. Each file is linted
in a worker process of a small pool written here rather than with
``concurrent.futures``: a ``ProcessPoolExecutor`` cannot stop a running task, so a file
that hangs its worker would hold the batch up for ever, and a worker that dies breaks
the whole executor. Here a worker that runs past the per-file time limit is killed and
replaced, a worker that dies is replaced, and either way that one file becomes an FL900
finding while the batch goes on.

``jobs=1`` lints in this process (no pool, no pickling); the time limit is then kept
with ``SIGALRM`` where the platform has it, which cannot interrupt a long C call.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from .analysis.context import LintOptions
from .model import FileResult, Severity

LintFunction = Callable[[str, LintOptions], FileResult]

_TICK = 0.2  # seconds between progress-bar refreshes while waiting on slow files


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _lint_path(path: str, options: LintOptions) -> FileResult:
    from . import api

    return api.lint_path(path, options)  # looked up per call, so tests can patch it


def _internal_error(path: str, exc: BaseException) -> FileResult:
    from .api import unreadable

    if os.environ.get("ILM_LINT_DEBUG"):  # for developers: the traceback a tutor never sees
        import traceback

        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
    return unreadable(
        path,
        f"ilm-lint failed while checking this file (internal error: {type(exc).__name__}); "
        "the other files were checked. Open it in Word or Excel, save it again and check "
        "it on its own; if it still fails, please report the file to the ilm-lint team.",
    )


def crashed_result(path: str, exitcode: int | None, batch: bool = True) -> FileResult:
    """FL900 for a file whose check killed the process checking it (a native library
    aborting on a pathological file): in a batch, or in the server's worker pool."""
    from .api import unreadable

    if exitcode is not None and exitcode < 0:
        try:
            how = f"was stopped by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"was stopped by signal {-exitcode}"
    elif exitcode is not None:
        how = f"exited unexpectedly (code {exitcode})"
    else:
        how = "stopped unexpectedly"
    others = "; the other files were checked" if batch else ""
    return unreadable(
        path,
        f"The checker {how} while reading this file{others}. Open it in Word or Excel, "
        "save it again as .docx/.xlsx and check it on its own; if it still fails, please "
        "report the file to the ilm-lint team.",
    )


def timed_out_result(path: str, timeout: float, batch: bool = True) -> FileResult:
    """FL900 for a file whose check was stopped at the time limit."""
    from .api import unreadable

    if batch:
        advice = (
            "the other files were checked. Open it in Word or Excel, save it again as "
            ".docx/.xlsx and check it on its own, or allow more time with --timeout."
        )
    else:
        advice = (
            "open it in Word or Excel, save it again as .docx/.xlsx and try again; if it "
            "still fails, please report the file to the ilm-lint team."
        )
    return unreadable(
        path,
        f"Checking this file took longer than the {timeout:g} s limit, so it was stopped; "
        + advice,
    )


def _lint_safely(lint: LintFunction, path: str, options: LintOptions) -> FileResult:
    """``lint`` never raises here: a bug in a rule becomes FL900 for this file only."""
    try:
        result = lint(path, options)
    except Exception as exc:  # a learner's file must never stop the batch
        return _internal_error(path, exc)
    if not isinstance(result, FileResult):
        return _internal_error(path, TypeError(f"lint returned {type(result).__name__}"))
    return result


# -- in this process (jobs=1) --------------------------------------------------------------


class _Alarm(BaseException):  # not an Exception, so _lint_safely lets it through
    pass


@contextlib.contextmanager
def _time_limit(seconds: float | None):
    usable = (
        seconds
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def _lint_in_process(
    lint: LintFunction, path: str, options: LintOptions, timeout: float | None
) -> FileResult:
    try:
        with _time_limit(timeout):
            return _lint_safely(lint, path, options)
    except _Alarm:
        return timed_out_result(path, timeout or 0)


# -- the pool ---------------------------------------------------------------------------------


def _worker(conn: Connection, options: LintOptions, lint: LintFunction) -> None:
    """Lint ``(index, path)`` tasks from ``conn`` until told to stop (None or EOF)."""
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if not os.environ.get("ILM_LINT_DEBUG"):
        import faulthandler

        faulthandler.disable()  # a crash is reported as FL900, not as a C stack on stderr
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        index, path = task
        result = _lint_safely(lint, path, options)
        try:
            conn.send((index, result))
        except (EOFError, OSError):
            return
        except Exception as exc:  # a result that cannot be pickled
            conn.send((index, _internal_error(path, exc)))


@dataclass
class _Slot:
    process: Any
    conn: Connection
    task: tuple[int, str] | None = None
    deadline: float = float("inf")


def _context(start_method: str | None):
    if start_method:
        return multiprocessing.get_context(start_method)
    # fork is the cheapest start on Linux, and the parent has no threads to break
    # (the progress bar is refreshed from this thread); elsewhere fork is unsafe.
    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _Pool:
    def __init__(self, size: int, options: LintOptions, lint: LintFunction, ctx) -> None:
        self.options, self.lint, self.ctx = options, lint, ctx
        self.slots = [self._start() for _ in range(size)]

    def _start(self) -> _Slot:
        parent_end, child_end = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(
            target=_worker,
            args=(child_end, self.options, self.lint),
            name="ilm-lint-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Slot(process, parent_end)

    def assign(self, slot: _Slot, task: tuple[int, str], timeout: float | None) -> bool:
        try:
            slot.conn.send(task)
        except (OSError, EOFError):
            return False
        slot.task = task
        slot.deadline = time.monotonic() + timeout if timeout and timeout > 0 else float("inf")
        return True

    def replace(self, slot: _Slot) -> _Slot:
        self._stop(slot, kill=True)
        fresh = self._start()
        self.slots[self.slots.index(slot)] = fresh
        return fresh

    @staticmethod
    def _stop(slot: _Slot, kill: bool) -> None:
        process = slot.process
        if kill and process.is_alive():
            process.kill()
        process.join(2 if kill else 5)
        if process.is_alive():
            process.kill()
            process.join(2)
        slot.conn.close()

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError, EOFError):
                slot.conn.send(None)
        for slot in self.slots:
            self._stop(slot, kill=slot.task is not None)


def _run_pool(
    paths: Sequence[str],
    options: LintOptions,
    lint: LintFunction,
    jobs: int,
    timeout: float | None,
    progress: _Progress,
    start_method: str | None,
) -> list[FileResult]:
    results: list[FileResult | None] = [None] * len(paths)
    pending = deque(enumerate(paths))
    pool = _Pool(jobs, options, lint, _context(start_method))
    try:
        for slot in list(pool.slots):
            _feed(pool, slot, pending, timeout, progress)
        done = 0
        while done < len(paths):
            busy = [s for s in pool.slots if s.task is not None]
            if not busy:  # no worker could be started: finish here rather than fail
                while pending:
                    index, path = pending.popleft()
                    results[index] = _lint_in_process(lint, path, options, timeout)
                    done += 1
                    progress.finished(path)
                break
            deadline = min(s.deadline for s in busy)
            wait_for = None if deadline == float("inf") else max(0.0, deadline - time.monotonic())
            if progress.enabled:
                wait_for = _TICK if wait_for is None else min(wait_for, _TICK)
            ready = wait([s.conn for s in busy] + [s.process.sentinel for s in busy], wait_for)
            now = time.monotonic()
            for slot in busy:
                index, path = slot.task
                outcome: FileResult | None = None
                if slot.conn in ready or slot.process.sentinel in ready:
                    try:
                        got_index, outcome = slot.conn.recv()
                    except (EOFError, OSError):  # the worker died mid-file
                        slot.process.join(1)
                        outcome = crashed_result(path, slot.process.exitcode)
                        slot = pool.replace(slot)
                    else:
                        if got_index != index:  # cannot happen; never misfile a result
                            outcome = _internal_error(path, RuntimeError("result out of order"))
                            slot = pool.replace(slot)
                elif now >= slot.deadline:
                    outcome = timed_out_result(path, timeout or 0)
                    slot = pool.replace(slot)
                if outcome is None:
                    continue
                results[index] = outcome
                slot.task = None
                done += 1
                progress.finished(path)
                _feed(pool, slot, pending, timeout, progress)
            progress.refresh()
    finally:
        pool.close()
    return [r for r in results if r is not None]


def _feed(pool: _Pool, slot: _Slot, pending: deque, timeout, progress: _Progress) -> None:
    """Give ``slot`` the next file; a worker that cannot take it is replaced once."""
    if not pending:
        return
    if not slot.process.is_alive():
        slot = pool.replace(slot)
    task = pending.popleft()
    if not pool.assign(slot, task, timeout):
        slot = pool.replace(slot)
        if not pool.assign(slot, task, timeout):
            pending.appendleft(task)
            return
    progress.started(task[1])


# -- progress ---------------------------------------------------------------------------------


class _Progress:
    """A rich progress bar on stderr: counts and the file(s) being checked."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.enabled = enabled and total > 0
        self.current: list[str] = []
        if not self.enabled:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        # auto_refresh=False: no refresh thread, so forking workers stays safe
        self.bar = Progress(
            TextColumn("[bold]ilm-lint[/]"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.description}", markup=False),
            console=Console(stderr=True),
            auto_refresh=False,
            transient=True,
        )
        self.task = self.bar.add_task("", total=total)

    def __enter__(self) -> _Progress:
        if self.enabled:
            self.bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self.bar.stop()

    def _describe(self) -> None:
        names = [os.path.basename(p) for p in self.current]
        text = ", ".join(names)
        self.bar.update(self.task, description=text if len(text) <= 60 else text[:59] + "…")

    def started(self, path: str) -> None:
        if self.enabled:
            self.current.append(path)
            self._describe()

    def finished(self, path: str) -> None:
        if self.enabled:
            if path in self.current:
                self.current.remove(path)
            self.bar.advance(self.task)
            self._describe()

    def refresh(self) -> None:
        if self.enabled:
            self.bar.refresh()


# -- the entry point --------------------------------------------------------------------------


def lint_many(
    files: Iterable[str | os.PathLike],
    options: LintOptions | None = None,
    jobs: int | None = None,
    timeout: float | None = 30.0,
    progress: bool = False,
    *,
    lint: LintFunction | None = None,
    start_method: str | None = None,
) -> list[FileResult]:
    """Lint ``files`` with ``jobs`` processes (default: the cores); results in input order.

    A file whose check raises, kills its worker or runs past ``timeout`` seconds becomes
    one FL900 finding; the batch goes on. ``lint`` replaces ``api.lint_path`` (it must be
    picklable where workers are spawned rather than forked).
    """
    options = options or LintOptions()
    paths = [os.fspath(f) for f in files]
    lint = lint or _lint_path
    jobs = min(jobs or default_jobs(), len(paths)) if paths else 1
    with _Progress(len(paths), progress) as bar:
        if jobs <= 1:
            out = []
            for path in paths:
                bar.started(path)
                bar.refresh()
                out.append(_lint_in_process(lint, path, options, timeout))
                bar.finished(path)
                bar.refresh()
            return out
        from .registry import all_rules

        all_rules()  # import every rule family once here; forked workers inherit them
        _ = options.selection, options.units
        return _run_pool(paths, options, lint, jobs, timeout, bar, start_method)


# -- the summary the text report ends with ----------------------------------------------------


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def summary_lines(results: Sequence[FileResult], top: int = 5) -> list[str]:
    """Files by kind and by outcome, and the most frequent findings, for a batch."""
    kinds = Counter(r.kind for r in results)
    names = {"assignment": "assignment", "log": "log", "unknown": "unreadable file"}
    by_kind = ", ".join(
        _plural(kinds[k], names.get(k, k), "unreadable files" if k == "unknown" else None)
        for k in ("assignment", "log", "unknown", *sorted(set(kinds) - set(names)))
        if kinds[k]
    )
    outcome = Counter()
    for r in results:
        worst = max((f.severity.rank for f in r.findings), default=0)
        outcome[worst] += 1
    by_outcome = ", ".join(
        f"{outcome[rank]:,} {label}"
        for rank, label in (
            (Severity.ERROR.rank, "with errors"),
            (Severity.WARNING.rank, "with warnings only"),
            (Severity.INFO.rank, "with info only"),
            (0, "clean"),
        )
        if outcome[rank]
    )
    lines = [
        f"Files: {_plural(len(results), 'file')} ({by_kind})" if results else "Files: none",
        f"Outcome: {by_outcome}" if results else "",
    ]
    frequent = rule_counts(results)[:top]
    if frequent:
        lines.append("Most frequent findings:")
        width = max(len(name) for _, name, _, _, _ in frequent)
        for code, name, _severity, count, files in frequent:
            lines.append(
                f"  {code} {name:<{width}}  {_plural(count, 'finding')} in {_plural(files, 'file')}"
            )
    return [line for line in lines if line]


def rule_counts(results: Sequence[FileResult]) -> list[tuple[str, str, Severity, int, int]]:
    """(code, name, severity, findings, files) per rule, most findings first."""
    findings: Counter[str] = Counter()
    files: Counter[str] = Counter()
    about: dict[str, tuple[str, Severity]] = {}
    for r in results:
        seen = set()
        for f in r.findings:
            findings[f.rule] += 1
            about.setdefault(f.rule, (f.name, f.severity))
            seen.add(f.rule)
        files.update(seen)
    order = sorted(findings, key=lambda code: (-findings[code], -files[code], code))
    return [(c, about[c][0], about[c][1], findings[c], files[c]) for c in order]
