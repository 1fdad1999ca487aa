"""The batch runner: input order, isolation of files that hang or crash their worker,
in-process jobs=1, the progress bar and the summary a batch's text output ends with."""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest

from linter import api
from linter.batch import lint_many, rule_counts, summary_lines
from linter.model import FileResult, Finding, Location, Severity
from linter.reporters import Report, render

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and fork")


def fake_lint(path: str, options) -> FileResult:
    """Stands in for api.lint_path: the file name says how the 'file' behaves."""
    name = os.path.basename(path)
    if name.startswith("hang"):
        time.sleep(60)
    if name.startswith("exit"):
        os._exit(3)
    if name.startswith("segv"):
        os.kill(os.getpid(), signal.SIGSEGV)
    if name.startswith("raise"):
        raise RuntimeError("a bug in a rule")
    if name.startswith("slow"):
        time.sleep(random.uniform(0, 0.05))
    findings = [Finding("PH400", "template-guidance-left", Severity.ERROR, "guidance", Location())]
    return FileResult(path=path, kind="assignment", findings=findings if "bad" in name else [])


def _fl900(result: FileResult) -> str:
    assert result.kind == "unknown"
    assert [f.rule for f in result.findings] == ["FL900"]
    return result.findings[0].message


def test_results_come_back_in_input_order():
    paths = [f"slow-{i:03}{'-bad' if i % 3 == 0 else ''}.docx" for i in range(40)]
    results = lint_many(paths, jobs=2, lint=fake_lint)
    assert [r.path for r in results] == paths
    assert all(r.kind == "assignment" for r in results)


def test_a_hung_file_is_stopped_and_the_batch_goes_on():
    paths = ["a.docx", "hang-1.docx", "b.docx", "hang-2.docx", "c.docx", "d.docx"]
    started = time.monotonic()
    results = lint_many(paths, jobs=2, timeout=1.0, lint=fake_lint)
    elapsed = time.monotonic() - started
    assert [r.path for r in results] == paths
    for r in results:
        if r.path.startswith("hang"):
            message = _fl900(r)
            assert "longer than the 1 s limit" in message
            assert "--timeout" in message
        else:
            assert r.kind == "assignment"
    assert elapsed < 10, "the hung workers were not killed"


def test_a_worker_that_dies_becomes_fl900_for_that_file_only(monkeypatch, capfd):
    monkeypatch.delenv("ILM_LINT_DEBUG", raising=False)  # conftest turns tracebacks on
    paths = ["a.docx", "exit.docx", "b.docx", "segv.docx", "raise.docx", "c.docx", "d.docx"]
    results = lint_many(paths, jobs=2, timeout=10, lint=fake_lint)
    assert [r.path for r in results] == paths
    by_name = {r.path: r for r in results}
    assert "exited unexpectedly (code 3)" in _fl900(by_name["exit.docx"])
    assert "stopped by signal SIGSEGV" in _fl900(by_name["segv.docx"])
    assert "internal error: RuntimeError" in _fl900(by_name["raise.docx"])
    for name in ("a.docx", "b.docx", "c.docx", "d.docx"):
        assert by_name[name].kind == "assignment"
    for r in results:  # no traceback or Python detail reaches a tutor
        assert all("Traceback" not in f.message for f in r.findings)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Fatal Python error" not in err


def test_a_monkeypatched_lint_path_runs_in_the_forked_workers(monkeypatch, tmp_path):
    """The default lint function looks api.lint_path up per call, as the CLI uses it."""
    monkeypatch.setattr(api, "lint_path", fake_lint)
    paths = [tmp_path / "a.docx", tmp_path / "hang.docx", tmp_path / "exit.docx", tmp_path / "b"]
    results = lint_many(paths, jobs=2, timeout=1.0)
    assert [r.path for r in results] == [str(p) for p in paths]
    assert [r.kind for r in results] == ["assignment", "unknown", "unknown", "assignment"]


def test_jobs_1_lints_in_this_process_and_still_isolates_errors_and_time():
    seen = []

    def here(path, options):
        seen.append(os.getpid())
        if path.startswith("sleep"):
            time.sleep(30)  # interrupted by SIGALRM
        return fake_lint(path, options)

    results = lint_many(
        ["a.docx", "raise.docx", "sleep.docx", "b.docx"], jobs=1, timeout=0.5, lint=here
    )
    assert set(seen) == {os.getpid()}
    assert [r.kind for r in results] == ["assignment", "unknown", "unknown", "assignment"]
    assert "internal error: RuntimeError" in _fl900(results[1])
    assert "longer than the 0.5 s limit" in _fl900(results[2])
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None, signal.default_int_handler)


def test_empty_batch_and_more_jobs_than_files():
    assert lint_many([], jobs=4, lint=fake_lint) == []
    assert [r.path for r in lint_many(["only.docx"], jobs=8, lint=fake_lint)] == ["only.docx"]


def test_progress_bar_does_not_disturb_the_results(capsys):
    paths = [f"slow-{i}.docx" for i in range(10)]
    results = lint_many(paths, jobs=2, progress=True, lint=fake_lint)
    assert [r.path for r in results] == paths
    assert capsys.readouterr().out == ""  # the bar never writes to stdout


def _results() -> list[FileResult]:
    def finding(code, name, sev):
        return Finding(code, name, sev, "m", Location())

    return [
        FileResult(
            "a.docx",
            "assignment",
            findings=[finding("AC100", "missing-ac-section", Severity.ERROR)] * 2,
        ),
        FileResult(
            "b.docx",
            "assignment",
            findings=[finding("DR500", "directive-report", Severity.WARNING)],
        ),
        FileResult(
            "c.xlsx", "log", findings=[finding("LG609", "missing-reflection", Severity.WARNING)] * 3
        ),
        FileResult("d.docx", "assignment"),
        FileResult(
            "e.doc", "unknown", findings=[finding("FL900", "unreadable-file", Severity.ERROR)]
        ),
    ]


def test_summary_lines_give_kinds_outcomes_and_top_findings():
    lines = summary_lines(_results(), top=2)
    assert lines[0] == "Files: 5 files (3 assignments, 1 log, 1 unreadable file)"
    assert lines[1] == "Outcome: 2 with errors, 2 with warnings only, 1 clean"
    assert lines[2] == "Most frequent findings:"
    assert lines[3].split() == ["LG609", "missing-reflection", "3", "findings", "in", "1", "file"]
    assert lines[4].split()[:3] == ["AC100", "missing-ac-section", "2"]
    assert len(lines) == 5
    assert rule_counts(_results())[0][:2] == ("LG609", "missing-reflection")


def test_text_output_of_a_batch_ends_with_the_summary():
    text = render(Report(_results()), "text")
    lines = text.rstrip().splitlines()
    assert lines[-1].startswith("Summary: 5 files")
    assert "Files: 5 files (3 assignments, 1 log, 1 unreadable file)" in lines
    single = render(Report(_results()[:1]), "text")
    assert "Most frequent findings" not in single


_PTY_SCRIPT = """
import time
from linter.batch import lint_many
from linter.model import FileResult

def slow(path, options):
    time.sleep(0.3)
    return FileResult(path, "assignment")

results = lint_many([f"learner{i}.docx" for i in range(6)], jobs=2, progress=True, lint=slow)
print(len(results))
"""


def test_progress_bar_on_a_terminal_shows_counts_and_the_current_file():
    import pty
    import select
    import subprocess
    from pathlib import Path

    master, slave = pty.openpty()
    root = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=root, COLUMNS="120", TERM="xterm")
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", _PTY_SCRIPT], stdout=subprocess.PIPE, stderr=slave, env=env
    )
    os.close(slave)
    screen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            screen += chunk
        elif proc.poll() is not None:
            break
    out, _ = proc.communicate(timeout=30)
    os.close(master)
    assert out == b"6\n"  # the report stream stays clean
    assert b"ilm-lint" in screen and b"6/6" in screen
    assert b"learner" in screen and b".docx" in screen  # the file being checked
