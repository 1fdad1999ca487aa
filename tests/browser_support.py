"""Real headless Chromium for the browser tests: Debian's package driven by Playwright
(never a browser Playwright downloads), and a page context whose only way out is
127.0.0.1 plus a faked Office.js. The fixtures are in conftest.py."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
FAKE_OFFICE = Path(__file__).with_name("test_taskpane_fake_office.js").read_text()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("ILM_LINT_CHROMIUM"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch_or_skip(playwright):
    """Chromium, or a skip that says why; under CI a missing browser fails instead."""
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed: .ci/run must run 'apt-get install chromium'")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


class Browsing:
    """A browser context whose only way out is 127.0.0.1 (and the faked Office.js)."""

    def __init__(
        self, browser, live, javascript: bool = True, office_js: str = FAKE_OFFICE, scheme="light"
    ):
        self.live = live
        self.outside: list[str] = []
        self.context = browser.new_context(java_script_enabled=javascript, color_scheme=scheme)
        self.context.route("**/*", self._route)
        self.office_js = office_js
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route):
        url = route.request.url
        if url.startswith(self.live.base + "/"):
            route.continue_()
        elif url.split("?")[0] == OFFICE_JS:
            route.fulfill(status=200, content_type="text/javascript", body=self.office_js)
        else:
            self.outside.append(url)
            route.abort()

    def open_pane(self, config: dict, wait: str | None = "Checked"):
        self.page.add_init_script(f"window.__FAKE_OFFICE__ = {json.dumps(config)};")
        self.page.goto(f"{self.live.base}/taskpane.html")
        if wait:
            self.wait_status(wait)
        return self.page

    def wait_status(self, text: str, timeout: float = 30_000):
        self.page.wait_for_function(
            "t => document.getElementById('status').textContent.includes(t)", arg=text,
            timeout=timeout,
        )  # fmt: skip

    def calls(self, op: str | None = None) -> list[dict]:
        calls = self.page.evaluate("window.__officeCalls")
        return [c for c in calls if op is None or c["op"] == op]

    def doc(self) -> list[str]:
        return self.page.evaluate("window.__doc.map(p => p.text)")

    def close(self):
        self.context.close()
        assert self.outside == [], f"requests left 127.0.0.1: {self.outside}"
        assert self.errors == [], f"JavaScript errors: {self.errors}"
