"""The assessor checklist in the Word task pane (Chromium, the fake Office.js and the real
server, as tests/test_taskpane_browser.py runs them): ticks per section, progress on a
partly met requirement, and ticks that turn when the learner fixes the text and checks
again."""

from __future__ import annotations

from test_taskpane_browser import _group, _word

PAD = (
    "These paragraphs draw on many conversations held in a quiet room on the third floor, "
    "away from the noise of the main office, usually early on a Tuesday morning."
)
NO_MODEL = (
    "In practice, I worked through a dilemma when a sponsor asked what a director had said, "
    "by pausing and talking to my supervisor first."
)
WITH_MODEL = (
    "In practice, the APPEAR model gave me the steps to work through a dilemma when a "
    "sponsor asked what a director had said (Duffy and Passmore, 2010)."
)
DRAFT = f"""
{{style=Title}} Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level
# 1.2 Critically review the organisational context, strategy, culture and conditions
The organisational context of a regional housing association shapes what coaching can do (Hawkins, 2012). Its people strategy names coaching as the main route for developing senior leaders. A culture of blame makes directors wary of admitting doubt.
{PAD}
# 2.4 Evaluate the theoretical and practical elements of ethical practice
In theory, the EMCC Global Code of Ethics sets out what a coach owes the client, the sponsor and the profession (EMCC, 2021).
{NO_MODEL}
Overall, I judge that the code says what good conduct is and the model shows how to reach it.
{PAD}
# References
EMCC (2021) Global code of ethics. Available at: https://www.emccglobal.org/ (Accessed: 2 March 2026).
Hawkins, P. (2012) Creating a coaching culture. Maidenhead: Open University Press.
"""


def _tick(page, key: str, rid: str):
    return _group(page, key).locator(f'.checklist li[data-id="{rid}"]')


def test_ticks_show_per_section_with_progress_and_turn_on_recheck(browsing):
    page = browsing.open_pane(_word(DRAFT))
    model = _tick(page, "2.4", "decision-model")
    assert model.get_attribute("class") == "unmet"
    assert _tick(page, "2.4", "code-of-ethics").get_attribute("class") == "met"
    assert "EMCC" in _tick(page, "2.4", "code-of-ethics").inner_text()
    # 1.2 names three of the four elements: the cross says how far it has got.
    four = _tick(page, "1.2", "four-elements")
    assert four.get_attribute("class") == "unmet"
    assert "(3 of 4 so far: context; strategy; culture)" in four.inner_text()
    # The AC130 finding sits in the same group as its cross.
    assert _group(page, "2.4").locator('.finding[data-rule="AC130"]').count() == 1

    # The learner names a decision model in Word and checks again.
    page.evaluate(
        "([old, fresh]) => { const p = window.__doc.find(p => p.text === old); p.text = fresh; }",
        [NO_MODEL, WITH_MODEL],
    )
    page.locator("#check").click()
    browsing.wait_status("1 checklist item newly met")
    model = _tick(page, "2.4", "decision-model")
    assert model.get_attribute("class") == "met newly-met"
    assert "(newly met since the last check)" in model.inner_text()
    assert model.get_attribute("aria-label").startswith("Met (newly met): ")
    assert _group(page, "2.4").locator('.finding[data-rule="AC130"]').count() == 0
    # A tick that did not change is not marked.
    assert _tick(page, "2.4", "code-of-ethics").get_attribute("class") == "met"

    # Checking again without a change marks nothing.
    page.locator("#check").click()
    browsing.wait_status("Checked")
    assert _tick(page, "2.4", "decision-model").get_attribute("class") == "met"
    assert "newly" not in page.locator("#status").inner_text()
