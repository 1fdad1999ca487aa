"""Evidence and writing rules beyond the case files: the JSON stats on the samples, the
directive engine's API (LG612 calls it on log cells), data-file extension, robustness."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from docbuilder import build_docx, build_paragraphs
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.analysis.context import LintOptions
from linter.analysis.directive import DATA, find_directive, load_phrases, scan_directive
from linter.api import lint_bytes, lint_paragraphs, lint_path
from linter.config import Config
from linter.model import Severity
from linter.rules.personal import find_personal_data

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

SAMPLES = ROOT / "sample_docs"
ASSIGNMENTS = SAMPLES / "assignments"
CONTENT = SAMPLES / "content"


# -- JSON stats on the samples ----------------------------------------------------------


def _recipe(sample: Path) -> dict:
    return tomllib.loads((CONTENT / "samples" / f"{sample.stem}.toml").read_text(encoding="utf-8"))


def _essay(recipe: dict) -> str:
    return (CONTENT / recipe["source"]).read_text(encoding="utf-8")


def hand_count(essay: str) -> tuple[int, int]:
    """(words, references) of an essay's Markdown source, counted the way a tutor would:
    every word of the prose and bullets, no headings, no front matter, nothing under
    "References"; one reference per non-empty line of that section."""
    body = re.sub(r"^\+\+\+.*?\+\+\+\n", "", essay, flags=re.S)
    words = references = 0
    in_references = False
    for line in body.splitlines():
        text = line.strip()
        if not text:
            continue
        if text.startswith("#"):
            in_references = bool(
                re.match(r"#+\s*(references|reference list|bibliography)\b", text, re.I)
            )
            continue
        if in_references:
            references += 1
        else:
            words += len(re.sub(r"^[-*]\s+", "", text).split())
    return words, references


# The samples rendered from a Markdown essay with its text intact (no sections cut or
# emptied), so the hand count of the essay is the count the linter must find. Figures at
# the time of writing: 8589-700 essay 5,528 words and 32 references, 8580-501 3,849 and
# 15, D7.01 1,566 and 11, the short 8589-700 essay 1,578 and 8. The linter also counts
# the title, subtitle and filled cover fields, hence the 2% allowance.
WHOLE_TEXT = [
    "clean_8589-700_headings_cover.docx",
    "clean_8589-700_numbered_footnotes.docx",
    "clean_8580-501_table.docx",
    "clean_D7.01_libreoffice.docx",
    "faulty_8589-700_references.docx",
    "faulty_8589-700_personal_data.docx",
    "faulty_8589-700_review_artifacts_libreoffice.docx",
    "faulty_8580-501_directive.docx",
]


@pytest.mark.parametrize("name", WHOLE_TEXT)
def test_word_count_within_two_percent_of_a_hand_count(name: str) -> None:
    path = ASSIGNMENTS / name
    if not path.exists():
        pytest.skip(f"{name} not built")
    words, _ = hand_count(_essay(_recipe(path)))
    counted = lint_path(path, LintOptions()).stats["words"]
    assert abs(counted - words) <= 0.02 * words, (counted, words)


def _reference_samples() -> list[Path]:
    out = []
    for path in sorted(ASSIGNMENTS.glob("*.docx")):
        recipe = CONTENT / "samples" / f"{path.stem}.toml"
        if not recipe.exists():
            continue
        spec = _recipe(path)
        # The template layout adds the template's own text (see the next test).
        if spec.get("source", "").endswith(".md") and spec.get("layout") != "template":
            out.append(path)
    return out


@pytest.mark.parametrize("path", _reference_samples(), ids=lambda p: p.name)
def test_reference_count_is_exact(path: Path) -> None:
    recipe = _recipe(path)
    _, listed = hand_count(_essay(recipe))
    expected = listed - len(recipe.get("drop_references", []))  # entries the recipe cuts
    stats = lint_path(path, LintOptions()).stats
    assert stats["references"] == expected
    assert (stats["citations"] > 0) == (expected > 0)


def test_template_sample_counts_the_templates_own_example_entry() -> None:
    path = ASSIGNMENTS / "faulty_8589-700_template_left.docx"
    if not path.exists():
        pytest.skip("sample not built")
    _, listed = hand_count((CONTENT / "8589-700_executive_coaching.md").read_text(encoding="utf-8"))
    # The template's own "Covey, S.R. (2020) The 7 Habits ..." is a real entry of the list.
    assert lint_path(path, LintOptions()).stats["references"] == listed + 1


def test_stats_whatever_rules_are_selected() -> None:
    spec = "# Discussion\nCoaching works (Whitmore, 2017; Kolb, 1984).\n# References\n" + (
        "Whitmore, J. (2017) Coaching for performance. London: Nicholas Brealey."
    )
    for select in (["CT302"], ["CT307"], ["CT"]):
        result = lint_bytes(build_docx(spec), "t.docx", LintOptions(config=Config(select=select)))
        assert (result.stats["references"], result.stats["citations"]) == (1, 2), select
    result = lint_paragraphs(
        build_paragraphs(spec), options=LintOptions(config=Config(select=["CT"]))
    )
    assert (result.stats["references"], result.stats["citations"]) == (1, 2)


# -- the directive engine --------------------------------------------------------------


def test_find_directive_shape_for_log_cells() -> None:
    cell = "Goal: promotion. I suggested she update her CV. She asked, 'Have you tried this?'"
    (hit,) = find_directive(cell)
    code, start, end, text, severity = hit
    assert (code, text, severity) == ("DR500", "I suggested she", Severity.WARNING)
    assert cell[start:end] == text
    assert severity == "warning"  # a str enum: log code may compare with plain strings
    assert find_directive("") == [] and find_directive("No first person here.") == []


def test_reasons_for_softened_findings() -> None:
    reasons = {
        "With her permission, I suggested she call the director.": ("permission", Severity.INFO),
        "As his mentor, I advised him to apply.": ("mentoring", Severity.INFO),
        "I suggested we look at her career options.": ("joint", Severity.INFO),
        "I advised him to apply.": ("", Severity.WARNING),
    }
    for text, (reason, severity) in reasons.items():
        (hit,) = scan_directive(text)
        assert (hit.reason, hit.severity) == (reason, severity), text


def test_a_centre_extends_the_phrase_list(tmp_path: Path) -> None:
    custom = tmp_path / "directive.toml"
    raw = DATA.read_text(encoding="utf-8").replace(
        "directive_report = [", 'directive_report = [\n  "\\\\bI {adv}nudged {obj} into\\\\b",', 1
    )
    custom.write_text(raw, encoding="utf-8")
    text = "I nudged her into applying for the post."
    assert scan_directive(text) == []
    (hit,) = scan_directive(text, load_phrases(custom))
    assert hit.text == "I nudged her into"


def test_finding_names_the_text_at_its_offsets() -> None:
    spec = "# Session log\nShe was stuck, so I told him to ring the supplier."
    result = lint_bytes(build_docx(spec), "t.docx", LintOptions(config=Config(select=["DR"])))
    (f,) = result.findings
    loc = f.location
    paragraph = "She was stuck, so I told him to ring the supplier."
    assert (loc.paragraph, loc.text) == (1, "I told him to")
    assert paragraph[loc.start : loc.end] == loc.text
    assert f.message.startswith("'I told him to'")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_engines_never_fail_on_odd_text(text: str) -> None:
    for code, start, end, found, _ in find_directive(text):
        assert code in ("DR500", "DR501", "DR502") and text[start:end] == found
    for h in find_personal_data(text):
        assert text[h.start : h.end] == h.text


def test_phrase_files_are_valid_regular_expressions() -> None:
    load_phrases.cache_clear()
    phrases = load_phrases()
    assert phrases.report.search("I advised him to go")
    folder = ROOT / "linter" / "data" / "phrases"
    for name in ("citations", "references", "directive", "evaluative", "personal"):
        assert tomllib.loads((folder / f"{name}.toml").read_text(encoding="utf-8"))


def test_soffice_is_available_for_the_accuracy_set() -> None:
    # The accuracy set reads LibreOffice-saved files; say so plainly when it cannot.
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed: the accuracy set skips its LibreOffice reads")
