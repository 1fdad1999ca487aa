import os
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(TESTS))

# A rule that raises must fail the test, not turn into a notice.
os.environ.setdefault("ILM_LINT_DEBUG", "1")


# -- real headless Chromium, shared by every browser test (tests/browser_support.py) --------

import pytest  # noqa: E402


@pytest.fixture(scope="session")
def browser():
    from browser_support import launch_or_skip
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_or_skip(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The real server (waitress, one worker) on 127.0.0.1 for the task-pane tests."""
    from test_server_live import start_server

    with start_server(tmp_path_factory.mktemp("browser"), workers=1, threads=4) as server:
        yield server


@pytest.fixture()
def browsing(browser, live):
    from browser_support import Browsing

    b = Browsing(browser, live)
    yield b
    b.close()
