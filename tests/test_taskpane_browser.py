"""The task pane and the upload page in a real browser (Debian's Chromium through
Playwright) against the real server (waitress) on 127.0.0.1.

Office.js is replaced by route interception with tests/test_taskpane_fake_office.js, a
fake Office/Word object that records every call; every other request that does not go to
127.0.0.1 is aborted and fails the test. Without Chromium the tests skip, except under
CI (env CI set), where they fail: `.ci/run` must install it (apt-get install chromium).
"""

from __future__ import annotations

import io
import json

import pytest
from browser_support import Browsing
from docbuilder import build_docx, build_paragraphs
from test_server_live import start_server

# A learner's draft with the planted faults: guidance and a placeholder left under 1.1,
# an advertising line, AC 1.2 answered, AC 1.3 missing (and the rest of the unit).
FAULTY = """
{style=Title} Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level
# 1.1 Critically compare the strategic purposes of coaching and mentoring at an executive or senior level
What the Assessor is looking for
- a comparison of the strategic purposes of coaching and mentoring
Top Tip: use at least two academic sources in this section.
[Please insert your text for this assessment criterion here and delete all the above guide comments prior to your final submission]
Coaching at senior level supports strategic thinking (Whitmore, 2017). [[words:120]]
Buy Answer of This Assessment & Raise Your Grades
# 1.2 Critically review the organisational context, strategy, culture and conditions required for effective coaching or mentoring at an executive or senior level
The organisational context shapes coaching (Whitmore, 2017). [[words:140]]
# 1.4 Determine the relevant factors which can impact on how coaching or mentoring are integrated effectively at an executive or senior level
Several factors matter here (Whitmore, 2017). [[words:100]]
# References
Whitmore, J. (2017) Coaching for performance. 5th edn. London: Nicholas Brealey.
"""

GUIDANCE_TEXTS = [
    "What the Assessor is looking for",
    "a comparison of the strategic purposes of coaching and mentoring",
    "Top Tip: use at least two academic sources in this section.",
    "[Please insert your text for this assessment criterion here and delete all the above "
    "guide comments prior to your final submission]",
    "Buy Answer of This Assessment & Raise Your Grades",
]


def _word(paragraphs_spec: str = FAULTY, **extra) -> dict:
    return {"host": "Word", "platform": "OfficeOnline", "sets": {"WordApi": "1.3"},
            "paragraphs": build_paragraphs(paragraphs_spec)["paragraphs"], **extra}  # fmt: skip


def _group(page, key: str):
    return page.locator(f'#results .group[data-key="{key}"]')


def test_pane_lints_the_faulty_sample_and_groups_findings_by_section(browsing, live):
    page = browsing.open_pane(_word())
    # What the pane sent is what Word.run read, as CONTRACT.md's paragraph JSON.
    loads = browsing.calls("load")
    assert (
        "items/styleBuiltIn" in loads[0]["what"] and "items/tableNestingLevel" in loads[0]["what"]
    )
    _, expected = live.json("POST", "/api/lint?grammar=on", build_paragraphs(FAULTY))
    assert page.locator("#unit-used").inner_text().startswith("8589-700: ")
    assert "(detected)" in page.locator("#unit-used").inner_text()
    g11 = _group(page, "1.1")
    assert g11.locator("h3").inner_text().startswith("AC 1.1 Critically compare")
    rules_11 = g11.locator(".finding").evaluate_all("els => els.map(e => e.dataset.rule)")
    assert {"PH400", "PH401", "PH402"} <= set(rules_11)
    assert _group(page, "1.3").locator('.finding[data-rule="AC100"]').count() == 1
    assert _group(page, "1.2").locator('.finding[data-rule="PH400"]').count() == 0
    # Groups follow the unit's order: the missing 1.3 between 1.2 and the missing 2.1.
    keys = page.locator("#results .group").evaluate_all("els => els.map(e => e.dataset.key)")
    assert keys.index("1.1") < keys.index("1.2") < keys.index("1.3") < keys.index("2.1")
    errors = sum(1 for f in expected["findings"] if f["severity"] == "error")
    assert page.locator('.counts [data-severity="error"]').inner_text().startswith(f"{errors} ")
    assert page.locator(".finding").count() == len(expected["findings"])


BOLD_HEADINGS = """
Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level
**1.1 Critically compare the strategic purposes of coaching and mentoring at an executive or senior level**
Coaching at senior level supports strategic thinking (Whitmore, 2017). [[words:120]]
**1.2 Critically review the organisational context, strategy, culture and conditions required for effective coaching or mentoring at an executive or senior level**
The organisational context shapes coaching (Whitmore, 2017). [[words:140]]
| Learner name | A. Learner |
| Centre | North |
"""


def _posted_paragraphs(page, action) -> list[dict]:
    with page.expect_request(
        lambda r: r.url.endswith("/api/lint?grammar=on") and r.method == "POST"
    ) as req:
        action()
    return json.loads(req.value.post_data)["paragraphs"]


def test_bold_lines_list_numbers_and_table_cells_reach_the_server(browsing):
    config = _word(BOLD_HEADINGS)
    cells = [p for p in config["paragraphs"] if p["tableNestingLevel"]]
    for n, p in enumerate(cells):
        p["rowIndex"], p["cellIndex"] = divmod(n, 2)
    config["paragraphs"][0]["listString"] = "1."
    page = browsing.open_pane(config)
    sent = _posted_paragraphs(page, lambda: page.locator("#check").click())
    assert sent[0]["listString"] == "1."
    assert sent[1]["bold"] is True and "bold" not in sent[2]
    table = [p for p in sent if p["tableNestingLevel"]]
    assert [(p["tableIndex"], p["rowIndex"], p["cellIndex"]) for p in table] == [
        (0, 0, 0), (0, 0, 1), (0, 1, 0), (0, 1, 1)]  # fmt: skip
    browsing.wait_status("Checked")
    # The bold lines head their AC sections: 1.1 and 1.2 are not reported missing.
    missing = page.locator('.finding[data-rule="AC100"]').evaluate_all(
        "els => els.map(e => e.closest('.group').dataset.key)"
    )
    assert "1.1" not in missing and "1.2" not in missing and "1.3" in missing


def test_a_host_that_refuses_a_property_still_gets_checked(browsing):
    page = browsing.open_pane(_word(refuse=["listItemOrNullObject"]))
    loads = [c["what"] for c in browsing.calls("load")]
    assert "listItemOrNullObject" in loads[0] and "listItemOrNullObject" not in loads[1]
    assert "items/styleBuiltIn" in loads[1]
    assert _group(page, "1.1").locator('.finding[data-rule="PH400"]').count() == 1


def test_clicking_a_finding_selects_its_paragraph(browsing):
    page = browsing.open_pane(_word())
    texts = [p["text"] for p in build_paragraphs(FAULTY)["paragraphs"]]
    _group(page, "1.1").locator('.finding[data-rule="PH400"] button.body').click()
    browsing.wait_status("Selected")
    select = browsing.calls("select")[-1]
    assert select["paragraph"] == texts.index("What the Assessor is looking for")
    assert select["text"] == "What the Assessor is looking for"


def test_a_moved_paragraph_is_found_by_search(browsing):
    page = browsing.open_pane(_word())
    # The learner adds a paragraph at the top after the check: indexes shift by one.
    page.evaluate("window.__doc.unshift({text: 'A new first line', comments: []})")
    _group(page, "1.1").locator('.finding[data-rule="PH402"] button.body').click()
    browsing.wait_status("Selected")
    search = browsing.calls("search")[-1]
    assert search["scope"] == "body"
    assert search["text"] == "Buy Answer of This Assessment & Raise Your Grades"
    chosen = browsing.calls("selectRange")[-1]
    assert chosen["text"] == "Buy Answer of This Assessment & Raise Your Grades"
    assert browsing.doc()[chosen["paragraph"]] == chosen["text"]


def test_guidance_quick_fix_deletes_exactly_the_guidance_after_confirmation(browsing):
    page = browsing.open_pane(_word())
    before = browsing.doc()
    page.locator("#fix-template").click()
    dialog = page.locator("#confirm")
    assert dialog.is_visible()
    listed = dialog.locator("#confirm-list li").all_inner_texts()
    assert len(listed) == len(GUIDANCE_TEXTS)
    assert any("What the Assessor is looking for" in line for line in listed)
    page.locator("#confirm-cancel").click()
    assert browsing.calls("delete") == [] and browsing.doc() == before
    page.locator("#fix-template").click()
    page.locator("#confirm-ok").click()
    browsing.wait_status("Checked")  # re-checked after the fix
    deleted = [c["text"] for c in browsing.calls("delete")]
    assert sorted(deleted) == sorted(GUIDANCE_TEXTS)
    assert browsing.doc() == [t for t in before if t not in GUIDANCE_TEXTS]
    assert page.locator('.finding[data-rule="PH400"]').count() == 0
    assert page.locator('.finding[data-rule="PH401"]').count() == 0


def test_missing_ac_heading_is_inserted_with_the_units_wording_in_place(browsing, live):
    page = browsing.open_pane(_word())
    _, units = live.json("GET", "/api/units")
    wording = next(
        a["wording"]
        for u in units
        if u["code"] == "8589-700"
        for a in u["acs"]
        if a["number"] == "1.3"
    )
    _group(page, "1.3").locator('button[data-fix="insert-heading"]').click()
    browsing.wait_status("Checked")
    doc = browsing.doc()
    heading = doc.index(f"1.3 {wording}")
    assert doc[heading + 2].startswith("1.4 Determine")  # then an empty paragraph, then 1.4
    assert doc[heading + 1] == ""
    styled = [
        c
        for c in browsing.calls("set")
        if c["property"] == "styleBuiltIn" and c["text"].startswith("1.3 ")
    ]
    assert styled and styled[-1]["value"] == "Heading1"  # the style of the other AC headings
    assert _group(page, "1.3").locator('.finding[data-rule="AC100"]').count() == 0


def test_findings_become_comments_only_where_wordapi_1_4_is_supported(browsing, browser, live):
    page = browsing.open_pane(_word())
    assert page.locator("#fix-comments").is_hidden()
    other = Browsing(browser, live)
    try:
        page = other.open_pane(_word(sets={"WordApi": "1.4"}))
        page.locator("#fix-comments").click()
        other.wait_status("comment")
        comments = other.calls("insertComment")
        assert comments and all(c["comment"].startswith("ILM Lint ") for c in comments)
        assert any(
            "PH400" in c["comment"] and c["text"] == "What the Assessor is looking for"
            for c in comments
        )
        asked = [
            c
            for c in other.calls("isSetSupported")
            if c["name"] == "WordApi" and c["version"] == "1.4"
        ]
        assert asked
    finally:
        other.close()


def test_the_unit_can_be_changed_and_the_check_reruns_with_it(browsing):
    page = browsing.open_pane(_word())
    assert "(detected)" in page.locator("#unit-used").inner_text()
    page.locator("#unit").select_option("8580-500")
    browsing.page.wait_for_function(
        "() => document.getElementById('unit-used').textContent.startsWith('8580-500')"
    )
    assert "(chosen)" in page.locator("#unit-used").inner_text()
    assert page.locator("#unit").input_value() == "8580-500"


def test_dismiss_lasts_the_session_and_recheck(browsing):
    page = browsing.open_pane(_word())
    n = page.locator(".finding").count()
    page.locator('.finding[data-rule="PH402"] button.dismiss').click()
    assert page.locator(".finding").count() == n - 1
    assert page.locator('.finding[data-rule="PH402"]').count() == 0
    page.locator("#check").click()
    browsing.wait_status("Checked")
    assert page.locator('.finding[data-rule="PH402"]').count() == 0  # still dismissed
    page.locator("#show-dismissed").click()
    assert page.locator('.finding[data-rule="PH402"]').count() == 1


def test_keyboard_reaches_and_opens_findings(browsing):
    page = browsing.open_pane(_word())
    first = page.locator("#results .finding button.body").first
    first.focus()
    page.keyboard.press("ArrowDown")
    second_rule = page.evaluate("document.activeElement.dataset.rule")
    assert page.evaluate("document.activeElement.classList.contains('body')")
    page.keyboard.press("Enter")
    browsing.wait_status("Selected")
    assert second_rule


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_controls_have_names_and_text_has_contrast(browser, live, scheme):
    browsing = Browsing(browser, live, scheme=scheme)
    try:
        _names_and_contrast(browsing)
    finally:
        browsing.close()


def _names_and_contrast(browsing):
    page = browsing.open_pane(_word())
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('button, select, input, a')]
            .filter(e => e.offsetParent !== null)
            .filter(e => {
              const label = e.getAttribute('aria-label') || e.textContent.trim() ||
                (e.id && document.querySelector(`label[for="${e.id}"]`));
              return !label;
            }).map(e => e.outerHTML.slice(0, 80))"""
    )
    assert unnamed == []
    low = page.evaluate(
        """() => {
          const lum = c => { const [r, g, b] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number)
              .map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
              return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
          const bg = e => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor;
              if (c && !c.endsWith(', 0)') && c !== 'transparent') return c; } return 'rgb(255, 255, 255)'; };
          const out = [];
          for (const e of document.querySelectorAll('.message, .where, .badge, h1, h2, h3, label, button, .counts li, dt, dd')) {
            if (e.offsetParent === null) continue;
            const a = lum(getComputedStyle(e).color), b = lum(bg(e));
            const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
            if (ratio < 4.5) out.push([e.className || e.tagName, ratio.toFixed(2)]);
          }
          return out; }"""
    )
    assert low == []


def test_outside_word_the_pane_says_so_and_offers_the_upload_page(browsing):
    page = browsing.open_pane({"host": None}, wait="Not running inside Word")
    outside = page.locator("#outside")
    assert outside.is_visible()
    assert "works inside Word" in outside.inner_text()
    assert page.locator("#upload-link").get_attribute("href") == "/"
    assert page.locator("#controls").is_hidden()
    assert browsing.calls("Word.run") == []


def test_without_office_js_the_pane_says_so(browser, live):
    b = Browsing(browser, live, office_js="/* Office.js could not load */")
    try:
        page = b.open_pane({}, wait="Not running inside Word")
        assert page.locator("#outside").is_visible()
    finally:
        b.close()


def _docx_bytes() -> list[int]:
    return list(build_docx(FAULTY))


def test_desktop_sends_the_whole_file_in_slices_and_closes_it(browsing):
    data = _docx_bytes()
    page = browsing.open_pane(_word(platform="PC", file=data, sliceSize=8192))
    got = browsing.calls("getFileAsync")[0]
    assert got["type"] == "compressed" and got["sliceSize"] <= 4 * 2**20
    slices = [c["index"] for c in browsing.calls("getSliceAsync")]
    assert slices == list(range(-(-len(data) // 8192)))
    assert len(browsing.calls("closeAsync")) == 1
    assert page.locator(".result").get_attribute("data-path") == "document.docx"
    assert _group(page, "1.1").locator('.finding[data-rule="PH400"]').count() == 1


def test_a_failed_slice_still_closes_the_file_and_falls_back_to_paragraphs(browsing):
    page = browsing.open_pane(_word(platform="PC", file=_docx_bytes(), sliceSize=8192, failSlice=1))
    assert [c["index"] for c in browsing.calls("getSliceAsync")] == [0, 1]
    assert len(browsing.calls("closeAsync")) == 1
    assert page.locator(".result").get_attribute("data-path") == "(Word document)"
    assert page.locator("#result-title").inner_text() == "This document"
    assert _group(page, "1.1").locator('.finding[data-rule="PH400"]').count() == 1


# -- the upload page ------------------------------------------------------------------


def _log_xlsx() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Coaching log"
    ws.append(["Coaching log: ILM 8580-501"])
    ws.append([])
    ws.append(["Date", "Coachee", "Duration (hrs)", "Session goal", "Reflection"])
    reflection = (
        "I noticed how silence gave the coachee room to think; next time I will wait longer."
    )
    ws.append(["03/02/2025", "Client A", 1.5, "Delegation", reflection])
    ws.append(["10/02/2025", "Client B", "ninety-ish", "Confidence", reflection])  # row 5
    ws.append(["17/02/2025", "Client A", 1.0, "Delegation", reflection])
    ws.append(["45/13/2025", "Client C", 1.0, "Time", reflection])  # row 7
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(page, live, name: str, data: bytes, mime: str):
    page.goto(f"{live.base}/")
    page.set_input_files("#file", files=[{"name": name, "mimeType": mime, "buffer": data}])
    page.locator("#submit").click()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_upload_page_validates_a_log_and_shows_row_numbers(browser, live, javascript):
    b = Browsing(browser, live, javascript=javascript)
    try:
        page = b.page
        _upload(page, live, "my-log.xlsx", _log_xlsx(), XLSX)
        page.wait_for_selector("#result-title", timeout=30_000)
        assert page.locator("#result-title").inner_text() == "my-log.xlsx"
        assert "Coaching hours" in page.locator(".figures").inner_text()
        rows = page.locator(".finding").evaluate_all(
            "els => els.map(e => [e.dataset.rule, e.dataset.row])"
        )
        assert ["LG603", "5"] in rows
        assert ["LG604", "7"] in rows
        text = page.locator("#results").inner_text()
        assert "row 5" in text and "row 7" in text
        assert "Sheet Coaching log" in text
    finally:
        b.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_upload_page_checks_an_assignment(browser, live, javascript):
    b = Browsing(browser, live, javascript=javascript)
    try:
        page = b.page
        _upload(page, live, "essay.docx", build_docx(FAULTY), DOCX)
        page.wait_for_selector("#result-title", timeout=30_000)
        group = page.locator("#results .group").filter(has_text="AC 1.1 Critically compare")
        assert group.locator('.finding[data-rule="PH400"]').count() == 1
        _upload(page, live, "notes.docx", b"%PDF-1.7 not really", DOCX)
        page.wait_for_selector(".notice.error", timeout=30_000)
        assert "looks like a PDF" in page.locator(".notice.error").inner_text()
    finally:
        b.close()


def test_checklist_ticks_render_per_ac(browsing, live):
    from test_server_api import CHECKLIST_FILE

    page = browsing.page
    page.goto(f"{live.base}/")
    groups = page.evaluate(
        """async (file) => {
          const m = await import('/static/js/render.js');
          m.renderFile(document.getElementById('results'), file, {});
          return [...document.querySelectorAll('#results .group')].map(g => [g.dataset.key,
            [...g.querySelectorAll('.checklist li')].map(li => li.className + ': ' + li.textContent)]);
        }""",
        CHECKLIST_FILE,
    )
    assert groups == [
        ["2.3", ["met: a model of reflective learning (Kolb, Schön)"]],
        [
            "2.4",
            ["unmet: a professional code of ethics", "met: a useful example (ICF) (suggested)"],
        ],
    ]


SPELLING = """
# 1.1 Critically compare the strategic purposes of coaching and mentoring at an executive or senior level
The organization recieved the report and the organization agreed. [[words:60]]
"""


def test_a_spelling_suggestion_replaces_exactly_the_flagged_word(browser, tmp_path):
    with start_server(tmp_path, workers=1, threads=2, env={"ILM_LINT_GRAMMAR": "harper"}) as server:
        b = Browsing(browser, server)
        try:
            page = b.open_pane(
                _word(SPELLING, paragraphs=build_paragraphs(SPELLING, "8589-700")["paragraphs"])
            )
            fixes = page.locator('button[data-fix="replace"]')
            labels = fixes.evaluate_all("els => els.map(e => e.textContent)")
            assert labels.count("Use “organisation”") == 2 and "Use “received”" in labels
            assert "Suggestion: received" in page.locator("#results").inner_text()
            fixes.filter(has_text="organisation").nth(1).click()  # the second "organization"
            b.wait_status("Checked")
            replaced = b.calls("rangeInsertText")[-1]
            assert replaced["removed"] == "organization" and replaced["text"] == "organisation"
            assert b.doc()[1].startswith(
                "The organization recieved the report and the organisation agreed."
            )
        finally:
            b.close()


def test_a_file_dropped_on_the_upload_page_is_checked(browsing, live):
    page = browsing.page
    page.goto(f"{live.base}/")
    data = list(_log_xlsx())
    page.evaluate(
        """(bytes) => {
          const file = new File([new Uint8Array(bytes)], 'dropped-log.xlsx');
          const dt = new DataTransfer();
          dt.items.add(file);
          const drop = document.getElementById('drop');
          drop.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true, cancelable: true}));
          drop.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""",
        data,
    )
    page.wait_for_selector("#result-title", timeout=30_000)
    assert page.locator("#result-title").inner_text() == "dropped-log.xlsx"
    assert page.locator('.finding[data-rule="LG603"]').get_attribute("data-row") == "5"
