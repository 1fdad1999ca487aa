"""The production lint pool (addin_server/pool.py): the same answers as linting in
process, errors that cross the process boundary intact, and a worker that dies."""

from __future__ import annotations

import concurrent.futures
import os
import time

import pytest
from docbuilder import build_docx, build_paragraphs

from addin_server.linting import Linter, LintError
from addin_server.pool import LintPool
from addin_server.settings import load_settings
from linter.api import UnknownUnit
from linter.readers.paragraphs_json import read_paragraphs

SPEC = """
{style=Title} Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level
# 1.1 Critically review the purpose of coaching
Coaching helps leaders reflect (Whitmore, 2017). [[words:120]]
# References
Whitmore, J. (2017) Coaching for performance. 5th edn. London: Nicholas Brealey.
"""


def crash_on_request(kind, payload, filename, unit, grammar):
    """A worker target that dies like a native library aborting, for "crash.docx"."""
    if filename == "crash.docx":
        os._exit(70)
    return {"kind": "assignment", "path": filename, "findings": [], "pid": os.getpid()}


def sleep_a_little(kind, payload, filename, unit, grammar):
    time.sleep(0.4)
    return {"kind": "assignment", "path": filename, "findings": []}


def hang_on_request(kind, payload, filename, unit, grammar):
    """A worker target that never finishes "slow.docx", like a rule caught in a loop."""
    if filename == "slow.docx":
        time.sleep(3600)
    return {"kind": "assignment", "path": filename, "findings": []}


@pytest.fixture(scope="module")
def settings():
    return load_settings(grammar="off")


@pytest.fixture(scope="module")
def pool(settings):
    lint_pool = LintPool(settings, workers=2)
    yield lint_pool
    lint_pool.close()


def test_pool_answers_as_linting_in_process(pool, settings):
    here = Linter(settings)
    data = build_docx(SPEC)
    document = read_paragraphs(build_paragraphs(SPEC))
    for kind, payload, name in (("bytes", data, "a.docx"), ("document", document, "(Word)")):
        assert pool(kind, payload, name, "8589-700", None) == here.lint_here(
            kind, payload, name, "8589-700", None
        )


def test_errors_cross_the_process_boundary_intact(pool):
    with pytest.raises(UnknownUnit) as caught:
        pool("bytes", build_docx(SPEC), "a.docx", "NOPE-1", None)
    assert caught.value.code == "NOPE-1"
    assert str(caught.value).startswith("unknown unit 'NOPE-1'")


def test_malformed_paragraphs_are_refused_before_they_reach_a_worker(pool, settings):
    # A body nested far too deep cannot even be pickled for a worker: the HTTP process
    # reads the paragraph list itself and answers 400, as the in-process server does.
    front = Linter(settings)
    front.runner = pool
    nested: object = "x"
    for _ in range(2000):
        nested = [nested]
    for body in ({"paragraphs": "not a list"}, {"paragraphs": [{"text": "a", "style": nested}]}):
        with pytest.raises(LintError) as caught:
            front.lint_json(body)
        assert (caught.value.status, caught.value.code) == (400, "bad_paragraphs")
    assert front.lint_json(build_paragraphs(SPEC))["kind"] == "assignment"


def test_a_dying_worker_costs_only_its_own_request(settings):
    crashing = LintPool(settings, workers=2, target=crash_on_request)
    try:
        names = ["crash.docx"] + [f"learner{i}.docx" for i in range(7)]
        with concurrent.futures.ThreadPoolExecutor(8) as threads:
            answers = list(threads.map(lambda n: crashing("bytes", b"", n, None, None), names))
        crashed, *others = answers
        assert crashed["kind"] == "unknown"
        assert crashed["findings"][0]["rule"] == "FL900"
        assert "stopped unexpectedly" in crashed["findings"][0]["message"]
        assert [a["path"] for a in others] == names[1:]  # in flight or not, answered
        assert all(a["kind"] == "assignment" for a in others)
        # the pool was rebuilt: later requests are served as before
        assert crashing("bytes", b"", "later.docx", None, None)["kind"] == "assignment"
        assert crashing("bytes", b"", "crash.docx", None, None)["kind"] == "unknown"
    finally:
        crashing.close()


def test_pool_needs_a_worker(settings):
    with pytest.raises(ValueError, match="workers"):
        LintPool(settings, workers=0)


def test_a_lint_past_the_time_limit_is_stopped_and_its_worker_replaced(settings):
    hanging = LintPool(settings, workers=2, target=hang_on_request, timeout=1.5)
    try:
        names = ["slow.docx"] + [f"learner{i}.docx" for i in range(7)]
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(8) as threads:
            answers = list(threads.map(lambda n: hanging("bytes", b"", n, None, None), names))
        assert time.monotonic() - started < 60  # not the hour the target asked for
        slow, *others = answers
        assert slow["kind"] == "unknown" and slow["findings"][0]["rule"] == "FL900"
        assert "took longer than the 1.5 s limit" in slow["findings"][0]["message"]
        assert [a["kind"] for a in others] == ["assignment"] * 7
        assert hanging("bytes", b"", "later.docx", None, None)["kind"] == "assignment"
    finally:
        hanging.close()


def test_the_time_limit_runs_from_when_a_worker_takes_the_request(settings):
    # Twelve requests of about 0.4 s on two workers queue for over a second: none of
    # them is stopped, since none runs past the limit itself.
    slowish = LintPool(settings, workers=2, target=sleep_a_little, timeout=1.0)
    try:
        with concurrent.futures.ThreadPoolExecutor(12) as threads:
            answers = list(
                threads.map(lambda i: slowish("bytes", b"", f"f{i}.docx", None, None), range(12))
            )
        assert [a["kind"] for a in answers] == ["assignment"] * 12
    finally:
        slowish.close()


def test_pool_refuses_a_time_limit_of_zero(settings):
    with pytest.raises(ValueError, match="timeout"):
        LintPool(settings, workers=1, timeout=0)


def test_a_check_that_crashed_or_timed_out_is_a_422_on_the_paragraph_path_too(settings):
    front = Linter(settings)
    front.runner = lambda kind, payload, filename, unit, grammar: crash_answer(filename)
    with pytest.raises(LintError) as caught:
        front.lint_json(build_paragraphs(SPEC))
    assert (caught.value.status, caught.value.code) == (422, "unreadable_file")
    assert "stopped unexpectedly" in caught.value.message


def crash_answer(filename):
    from linter.batch import crashed_result

    return crashed_result(filename, None, batch=False).to_dict()
