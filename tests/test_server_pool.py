"""The production lint pool (addin_server/pool.py): the same answers as linting in
process, errors that cross the process boundary intact, and a worker that dies."""

from __future__ import annotations

import concurrent.futures
import os

import pytest
from docbuilder import build_docx, build_paragraphs

from addin_server.linting import Linter
from addin_server.pool import LintPool
from addin_server.settings import load_settings
from linter.api import UnknownUnit

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
    paragraphs = build_paragraphs(SPEC)
    for kind, payload, name in (("bytes", data, "a.docx"), ("paragraphs", paragraphs, "(Word)")):
        assert pool(kind, payload, name, "8589-700", None) == here.lint_here(
            kind, payload, name, "8589-700", None
        )


def test_errors_cross_the_process_boundary_intact(pool):
    with pytest.raises(UnknownUnit) as caught:
        pool("bytes", build_docx(SPEC), "a.docx", "NOPE-1", None)
    assert caught.value.code == "NOPE-1"
    assert str(caught.value).startswith("unknown unit 'NOPE-1'")
    with pytest.raises(ValueError, match="paragraphs"):
        pool("paragraphs", {"paragraphs": "not a list"}, "(Word)", None, None)


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
