"""The AC130 checklist: the matching contract, the file object's ``checklist``, the text
and HTML views, and the samples. The rule's must-fire / must-not-fire cases are in
tests/cases/AC130.toml."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT
from docbuilder import build_docx, build_paragraphs

from linter.analysis.context import LintOptions
from linter.analysis.requirements import _Text, capitals_only, evaluate, plain
from linter.api import lint_bytes, lint_paragraphs, lint_path
from linter.config import Config
from linter.model import FileResult
from linter.reporters import Report, render
from linter.units import Requirement, UnitRegistry

SCHEMA = json.loads((ROOT / "linter" / "schemas" / "output.schema.json").read_text())
SAMPLES = ROOT / "sample_docs" / "assignments"
PAD = (
    "These paragraphs draw on many conversations held in a quiet room on the third floor, "
    "away from the noise of the main office, usually early on a Tuesday morning."
)
AC24 = "## 2.4 Evaluate the theoretical and practical elements of ethical practice"
AC23 = "## 2.3 Justify the importance of reflective learning for own professional practice"


def _lint(spec: str, unit: str = "8589-700", **config) -> FileResult:
    options = LintOptions(config=Config(grammar="off", **config), unit=unit)
    return lint_bytes(build_docx(spec), "case.docx", options)


def _items(result: FileResult, key: str) -> dict[str, dict]:
    return {i["id"]: i for i in result.extra["checklist"][key]}


def _req(*items, need: int = 1, cited: bool = False) -> Requirement:
    variants = tuple((i,) if isinstance(i, str) else tuple(i) for i in items)
    return Requirement("r", "thing", variants, need=need, cited=cited)


def _found(req: Requirement, *paragraphs: str, cited: bool = False) -> list[str]:
    texts = [_Text(p, n, False, cited) for n, p in enumerate(paragraphs)]
    return [m.text for m in evaluate(req, texts, True).counted]


# -- the matching contract (linter/data/units/README.md) ------------------------------


@pytest.mark.parametrize(
    ("variant", "caps"),
    [("GROW", True), ("T-GROW", True), ("EMCC", True), ("AC 2.3", True), ("Kolb", False),
     ("KPI's", False), ("ACTION model", False), ("I think", False), ("360°", False)],
)  # fmt: skip
def test_capitals_only_needs_two_letters_all_capitals(variant: str, caps: bool) -> None:
    assert capitals_only(variant) is caps


def test_capitals_match_only_in_capitals_and_others_ignore_case() -> None:
    grow = _req("GROW", "OSCAR")
    assert _found(grow, "Clients grow when the oscar goes to them.") == []
    assert _found(grow, "I used GROW, then OSCAR.") == ["GROW", "OSCAR"]
    assert _found(_req("Kolb"), "KOLB and kolb both count.") == ["KOLB"]


def test_whole_words_only() -> None:
    assert _found(_req("ROI"), "A heroic effort, no ROIs.") == []
    assert _found(_req("ROI"), "The ROI-based case.") == ["ROI"]
    assert _found(_req("Kolb"), "Kolb's cycle") == ["Kolb"]
    assert _found(_req("plan"), "an open plan office") == ["plan"]  # spaces, not hyphens
    assert _found(_req("reflection in action"), "reflection   in\u00a0action") == [
        "reflection   in action"
    ]


def test_plurals_and_spellings_are_never_guessed() -> None:
    assert _found(_req("behaviour"), "Her behaviours and his behavior.") == []
    assert _found(_req("Schön"), "Schon said so.") == []


def test_typography_is_read_plain() -> None:
    assert plain("Kolb\u2019s self\u2011assessment") == "Kolb's self-assessment"
    assert plain("Scho\u0308n") == "Sch\u00f6n"
    assert _found(_req("Kolb's", "Schön"), "Kolb\u2019s and Scho\u0308n's") == ["Kolb's", "Schön"]


def test_the_longer_of_two_overlapping_variants_wins() -> None:
    models = _req("GROW", ("TGROW", "T-GROW"), need=2)
    result = evaluate(models, [_Text("I use T-GROW only.", 0, False, False)], True)
    assert [m.text for m in result.counted] == ["T-GROW"] and not result.met


def test_distinct_items_are_counted_not_mentions() -> None:
    req = _req(("context", "contexts"), "culture", need=2)
    result = evaluate(req, [_Text("Context, contexts and more context.", 0, False, False)], True)
    assert result.found == 1 and not result.met


def test_cited_items_need_a_citation_in_their_paragraph() -> None:
    req = _req("workshops", "secondment", need=2, cited=True)
    texts = [
        _Text("Workshops are quick (Smith, 2020).", 0, False, True),
        _Text("A secondment is slow.", 1, False, False),
    ]
    result = evaluate(req, texts, True)
    assert [m.text for m in result.counted] == ["Workshops"]
    assert [m.text for m in result.uncited] == ["secondment"]
    assert not result.met


# -- the file object's checklist --------------------------------------------------------


def _ethics(decision_model: bool) -> str:
    model = "the APPEAR model (Duffy and Passmore, 2010)" if decision_model else "my supervisor"
    return "\n".join(
        [
            "Unit 8589-700",
            AC24,
            "In theory, the EMCC Global Code of Ethics sets out what a coach owes the client "
            "(EMCC, 2021).",
            f"In practice, {model} helped me through a dilemma with a sponsor.",
            "Overall, I judge that the code says what good conduct is.",
            PAD,
            AC23,
            "Unlike Kolb's cycle, Schon's reflection-in-action matters for my practice.",
            PAD,
        ]
    )


def test_checklist_lists_every_requirement_of_every_ac_with_its_evidence() -> None:
    result = _lint(_ethics(decision_model=False))
    checklist = result.extra["checklist"]
    unit = UnitRegistry.load().get("8589-700")
    assert list(checklist) == [a.number for a in unit.acs]
    for ac in unit.acs:
        assert [i["id"] for i in checklist[ac.number]] == [r.id for r in ac.requirements]
    items = _items(result, "2.4")
    assert items["code-of-ethics"] == {
        "id": "code-of-ethics",
        "description": unit.ac("2.4").requirements[0].description,
        "met": True,
        "evidence": "EMCC; Global Code of Ethics",
        "must": True,
        "need": 1,
        "found": 2,
        "paragraph": 2,
    }
    assert items["decision-model"]["met"] is False
    assert items["decision-model"]["evidence"] is None
    assert _items(result, "2.3")["reflective-model"]["evidence"] == "Kolb's; Schon"
    # An AC with no section: its requirements are listed unmet, and AC100 says why.
    assert not any(i["met"] for i in checklist["1.1"])
    found = [(f.rule, f.location.section) for f in result.findings if f.rule == "AC130"]
    assert found == [("AC130", "2.4")]


def test_ticks_change_when_the_text_changes() -> None:
    before = _items(_lint(_ethics(decision_model=False)), "2.4")["decision-model"]
    after = _items(_lint(_ethics(decision_model=True)), "2.4")["decision-model"]
    assert (before["met"], after["met"]) == (False, True)
    assert after["evidence"] == "APPEAR model; Duffy and Passmore"


def test_checklist_is_the_same_from_the_task_pane_paragraphs() -> None:
    spec = _ethics(decision_model=False)
    options = LintOptions(config=Config(grammar="off"), unit="8589-700")
    from_docx = lint_bytes(build_docx(spec), "case.docx", options)
    from_pane = lint_paragraphs(build_paragraphs(spec, "8589-700"), options=options)
    assert from_docx.extra["checklist"] == from_pane.extra["checklist"]


def test_suggestions_are_in_the_checklist_but_never_findings() -> None:
    spec = "\n".join(
        [
            "## 2.5 Critically review the key elements of supervision and the rationale for "
            "its use in coaching or mentoring",
            "The seven-eyed model looks at the client, the coach and the wider context "
            "(Hawkins and Shohet, 2012).",
            "Its qualitative function protects clients, while the developmental function "
            "grows the coach's skill, which matters at senior level.",
            PAD,
        ]
    )
    result = _lint(spec)
    items = _items(result, "2.5")
    assert items["supervision-methods"] == {**items["supervision-methods"], "met": False}
    assert items["supervision-methods"]["must"] is False
    assert [f for f in result.findings if f.rule == "AC130"] == []


def test_the_json_file_object_is_valid_with_a_checklist(tmp_path: Path) -> None:
    from linter.cli import main

    path = tmp_path / "a.docx"
    path.write_bytes(build_docx(_ethics(decision_model=False)))
    out = tmp_path / "out.json"
    main(["check", str(path), "--unit", "8589-700", "--format", "json", "--output", str(out)])
    document = json.loads(out.read_text())
    jsonschema.validate(document, SCHEMA)
    assert document["files"][0]["checklist"]["2.4"][1]["id"] == "decision-model"


def test_no_checklist_without_requirements_or_without_ac130() -> None:
    spec = "\n".join(["## 1.1 Anything", PAD, PAD])
    assert "checklist" not in _lint(spec, unit="8581-700").extra  # a unit with no ACs
    ignored = _lint(_ethics(decision_model=False), ignore=["AC130"])
    assert "checklist" not in ignored.extra
    assert not [f for f in ignored.findings if f.rule == "AC130"]


def test_headings_units_keep_their_checklist_by_heading() -> None:
    result = lint_path(SAMPLES / "clean_D7.01_libreoffice.docx", LintOptions())
    assert list(result.extra["checklist"]) == ["contribution", "commitment"]


# -- the samples ------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("clean_*.docx")))
def test_clean_samples_meet_every_must(name: str) -> None:
    result = lint_path(SAMPLES / name, LintOptions(config=Config(grammar="off")))
    unmet = [
        (key, i["id"])
        for key, items in result.extra["checklist"].items()
        for i in items
        if i["must"] and not i["met"]
    ]
    assert unmet == []


def test_checklist_gaps_sample_misses_exactly_the_planted_requirements() -> None:
    result = lint_path(
        SAMPLES / "faulty_8589-700_checklist_gaps.docx", LintOptions(config=Config(grammar="off"))
    )
    unmet = [
        (key, i["id"])
        for key, items in result.extra["checklist"].items()
        for i in items
        if i["must"] and not i["met"]
    ]
    assert unmet == [("2.4", "decision-model"), ("2.5", "supervision-model")]
    found = [f for f in result.findings if f.rule == "AC130"]
    assert [f.location.section for f in found] == ["2.4", "2.5"]
    assert all(f.location.paragraph is not None and f.location.text for f in found)


# -- the views --------------------------------------------------------------------------


def test_text_output_shows_ticks_partial_counts_and_headings() -> None:
    result = _lint(_ethics(decision_model=False))
    result.extra["checklist"]["1.2"][0].update(met=False, found=2, evidence="context; culture")
    text = render(Report([result], checklist=True), "text")
    lines = text.splitlines()
    assert "  checklist" in lines and "    AC 2.4" in lines
    assert any(
        re.match(r"\s+\[x\] a professional code of ethics.*\(EMCC; Global", x) for x in lines
    )
    assert any(re.match(r"\s+\[ \] an ethical decision model", x) for x in lines)
    assert any("(found 2 of 4: context; culture)" in x for x in lines)
    assert any(x.strip().endswith("(suggestion)") for x in lines)
    d7 = lint_path(SAMPLES / "clean_D7.01_libreoffice.docx", LintOptions())
    d7_text = render(Report([d7], checklist=True), "text").splitlines()
    assert "    commitment" in d7_text and "    AC commitment" not in d7_text
    assert "checklist" not in render(Report([result]), "text")


def test_html_report_counts_the_learners_who_missed_each_requirement() -> None:
    options = LintOptions(config=Config(grammar="off"))
    names = ["clean_8589-700_headings_cover.docx", "faulty_8589-700_checklist_gaps.docx"]
    results = [lint_path(SAMPLES / n, options) for n in names]
    page = render(Report(results), "html")
    table = re.search(r'<table class="sortable" id="checklist-table">.*?</table>', page, re.S)
    assert table
    missed = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(0), re.S):
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        if not cells:
            continue  # the header row
        ac = next(c for c in cells if re.fullmatch(r"\d\.\d", c))
        description = cells[cells.index(ac) + 1]
        missed[(ac, description)] = (int(cells[-2]), int(cells[-1]))
    assert missed[("2.4", "an ethical decision model (ACTION, APPEAR ...)")] == (1, 2)
    assert missed[("2.3", "a model of reflective learning (Kolb, Schön, Borton ...)")] == (0, 2)
