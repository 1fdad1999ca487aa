"""Every rule's must-fire and must-not-fire cases, run through the real lint entry point."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import jsonschema
import pytest
from docbuilder import build_docx, build_paragraphs
from rule_cases import Case, expand_macros, load_cases

from linter.analysis.context import LintOptions
from linter.api import lint_bytes, lint_paragraphs
from linter.config import OVERRIDE_KEYS, Config
from linter.registry import all_rules
from linter.reporters import Report
from linter.reporters.json_report import as_dict

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[1] / "linter" / "schemas" / "output.schema.json").read_text()
)

CASES = load_cases()


def _options(case: Case) -> LintOptions:
    select = case.select or []
    config = Config(select=[case.rule, *select] if select else [], grammar=case.grammar or "off")
    if case.overrides:
        overrides = {OVERRIDE_KEYS[k]: v for k, v in case.overrides.items()}
        config.unit_overrides[(case.unit or "").lower()] = overrides
    return LintOptions(config=config, unit=case.unit, today=case.today_date)


def _results(case: Case):
    options = _options(case)
    if case.doc is not None:
        doc = expand_macros(case.doc)
        if case.via in ("docx", "both"):
            yield "docx", lint_bytes(build_docx(doc), case.filename or "case.docx", options)
        if case.via in ("paragraphs", "both"):
            yield "paragraphs", lint_paragraphs(build_paragraphs(doc, case.unit), options=options)
    elif case.xlsx is not None:
        build_xlsx = importlib.import_module("logbuilder").build_xlsx
        yield "xlsx", lint_bytes(build_xlsx(case.xlsx), case.filename or "case.xlsx", options)
    elif case.bytes is not None:
        data = getattr(importlib.import_module("badfiles"), case.bytes)()
        yield "bytes", lint_bytes(data, case.filename or "case.docx", options)
    else:
        raise AssertionError(f"case {case.id} describes no input")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule_case(case: Case) -> None:
    for via, result in _results(case):
        jsonschema.validate(as_dict(Report([result])), SCHEMA)  # every rule's output fits
        found = [f for f in result.findings if f.rule == case.rule]
        shown = "\n".join(f"  {f.rule} {f.location.to_dict()} {f.message}" for f in result.findings)
        assert len(found) == case.expect, (
            f"{case.id} via {via}: expected {case.expect} {case.rule}, got {len(found)}\n{shown}"
        )
        for f in found:
            if case.severity:
                assert f.severity.value == case.severity, f"{case.id} via {via}: {f}"
            if case.section:
                assert f.location.section == case.section, f"{case.id} via {via}: {f}"
            if case.contains:
                assert case.contains.lower() in f.message.lower(), f"{case.id}: {f.message}"


def test_every_rule_has_cases_and_docs() -> None:
    fires = {c.rule for c in CASES if c.expect > 0}
    silent = {c.rule for c in CASES if c.expect == 0}
    problems = []
    for r in all_rules():
        for part in ("What it checks", "Why it matters", "Example", "Instead"):
            if part not in r.doc:
                problems.append(f"{r.code}: docstring lacks '{part}'")
        if r.code not in fires:
            problems.append(f"{r.code}: no case that must fire")
        if r.code not in silent:
            problems.append(f"{r.code}: no case that must not fire")
    assert not problems, "\n".join(problems)
