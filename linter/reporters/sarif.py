"""SARIF 2.1.0 (CONTRACT.md): one run, every rule in the driver, each finding a result.

A paragraph, section or cell is not a line of a text file, so a result points at its
file with ``physicalLocation.artifactLocation`` and says where inside it with a
``logicalLocation`` ("AC 1.3", "¶12", "Log!C7") and the contract's location keys in the
result's property bag. Every file linted is listed in ``run.artifacts``, with its kind,
unit and stats, so a file without findings is accounted for too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..model import FileResult, Finding, Severity
from ..registry import all_rules
from . import Report

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str) -> str:
    """A URI reference for ``path``: relative paths stay relative, absolute become file:."""
    pure = PurePath(path)
    if pure.is_absolute():
        posix = pure.as_posix()
        return "file://" + quote(posix if posix.startswith("/") else "/" + posix, safe="/:")
    return quote(pure.as_posix())


@dataclass(frozen=True)
class _Unregistered:
    code: str
    name: str
    severity: Severity
    summary: str = "A finding from a rule this build does not list."
    doc: str = ""
    kind: str = "assignment"

    @property
    def family(self) -> str:
        return "".join(c for c in self.code if c.isalpha())


def _rule_descriptor(rule) -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.doc or rule.summary},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"family": rule.family, "appliesTo": rule.kind},
    }
    if rule.doc:
        descriptor["help"] = {"text": rule.doc}
    return descriptor


def _where(finding: Finding) -> tuple[str, str] | None:
    """(name, kind) of the logical location a finding points at."""
    loc = finding.location
    if loc.sheet is not None:
        if loc.cell:
            return f"{loc.sheet}!{loc.cell}", "cell"
        if loc.row is not None:
            return f"{loc.sheet}!{loc.row}:{loc.row}", "row"
        return loc.sheet, "sheet"
    if loc.paragraph is not None:
        return f"¶{loc.paragraph}", "paragraph"
    if loc.section:
        return (f"AC {loc.section}" if loc.section[:1].isdigit() else loc.section), "section"
    return None


def _result(finding: Finding, file_index: int, uri: str, rule_index: dict[str, int]) -> dict:
    location: dict[str, Any] = {
        "physicalLocation": {"artifactLocation": {"uri": uri, "index": file_index}}
    }
    where = _where(finding)
    if where:
        name, kind = where
        location["logicalLocations"] = [{"name": name, "kind": kind}]
    out: dict[str, Any] = {
        "ruleId": finding.rule,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
    }
    if finding.rule in rule_index:
        out["ruleIndex"] = rule_index[finding.rule]
    properties = finding.location.to_dict()
    if finding.suggestions:
        properties["suggestions"] = list(finding.suggestions)
    if properties:
        out["properties"] = properties
    return out


def _artifact(result: FileResult, uri: str) -> dict[str, Any]:
    properties: dict[str, Any] = {"kind": result.kind, "unit": result.unit}
    if result.stats:
        properties["stats"] = result.stats
    return {"location": {"uri": uri}, "properties": properties}


def as_dict(report: Report) -> dict[str, Any]:
    rules = all_rules()
    known = {r.code for r in rules}
    for file_result in report.results:  # a finding of a rule the registry lacks still gets one
        for f in file_result.findings:
            if f.rule not in known:
                known.add(f.rule)
                rules.append(_Unregistered(f.rule, f.name, f.severity))
    rule_index = {r.code: i for i, r in enumerate(rules)}
    artifacts, results = [], []
    for i, file_result in enumerate(report.results):
        uri = artifact_uri(file_result.path)
        artifacts.append(_artifact(file_result, uri))
        results.extend(_result(f, i, uri, rule_index) for f in file_result.findings)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "ilm-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_rule_descriptor(r) for r in rules],
            }
        },
        "artifacts": artifacts,
        "results": results,
        "columnKind": "unicodeCodePoints",
        "invocations": [{"executionSuccessful": True}],
    }
    properties: dict[str, Any] = {}
    if report.skipped:
        properties["skipped"] = report.skipped
    if report.notices:
        properties["notices"] = list(report.notices)
    if properties:
        run["properties"] = properties
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report, color: bool = False) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False, default=str) + "\n"
