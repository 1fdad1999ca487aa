"""The HTML report in a real headless Chromium (Debian's): it renders, a header click
sorts the table, the inline script and style pass the page's own CSP, and the page makes
no network request."""

from __future__ import annotations

from test_reports import hostile_report

from linter.reporters import render


def _open(browser, tmp_path, report):
    page_file = tmp_path / "report.html"
    page_file.write_text(render(report, "html"), encoding="utf-8")
    page = browser.new_page()
    requests, problems = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("dialog", lambda d: (problems.append("dialog: " + d.message), d.dismiss()))
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    return page, page_file, requests, problems


def _column(page, table: str, index: int) -> list[str]:
    return page.eval_on_selector_all(
        f"{table} tbody tr", f"rows => rows.map(r => r.cells[{index}].textContent.trim())"
    )


def test_html_report_renders_sorts_and_stays_offline(browser, tmp_path):
    page, page_file, requests, problems = _open(browser, tmp_path, hostile_report())
    try:
        assert page.title().startswith("ilm-lint report")
        assert page.locator("#files-table tbody tr").count() == 4
        assert page.locator("article").count() == 4
        assert page.locator("#rules svg rect").count() >= 1
        assert page.locator("#files-table").is_visible()

        words = page.locator("#files-table thead th", has_text="Words")
        words.locator("button").click()  # a count column sorts largest first
        assert words.get_attribute("aria-sort") == "descending"
        assert _column(page, "#files-table", 3)[:2] == ["6,021", "4,100"]
        words.locator("button").click()
        assert words.get_attribute("aria-sort") == "ascending"
        assert _column(page, "#files-table", 3)[:2] == ["", ""]  # no word count sorts first
        assert [w for w in _column(page, "#files-table", 3) if w] == ["4,100", "6,021"]

        kind = page.locator("#files-table thead th", has_text="Kind")
        kind.locator("button").click()
        assert _column(page, "#files-table", 1) == ["assignment", "assignment", "log", "unreadable"]
        assert words.get_attribute("aria-sort") is None

        # the hostile file name is shown as text, never run as markup
        assert page.locator("img").count() == 0
        assert "<script>alert(1)</script>" in page.locator("#files-table").inner_text()

        page.fill("#file-filter", "log")
        visible = page.eval_on_selector_all(
            "#files-table tbody tr", "rows => rows.filter(r => !r.hidden).length"
        )
        assert visible == 1

    finally:
        page.close()
    assert requests == [page_file.as_uri()], "the page fetched something besides itself"
    assert problems == [], problems  # no CSP violation, script error or alert()


def test_html_report_of_an_empty_batch_renders(browser, tmp_path):
    from linter.reporters import Report

    page, _, requests, problems = _open(browser, tmp_path, Report([]))
    try:
        assert page.locator("#files-table tbody tr").count() == 0
        assert "No findings" in page.locator("#rules").inner_text()
    finally:
        page.close()
    assert len(requests) == 1 and problems == []
