"""Reading one unit file: TOML in, a validated ``Unit`` out, or ``UnitError`` naming the
path and what is wrong (unknown keys with a "did you mean", wrong types, duplicate or
badly shaped AC numbers, a ``need`` larger than the items ...). The format is described
in ``linter/data/units/README.md``."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .units import (
    _AC_NUMBER,
    _CODE,
    _OUTCOME,
    _SLUG,
    AC,
    KINDS,
    STRUCTURES,
    Guidance,
    RequiredSection,
    Requirement,
    Unit,
    UnitError,
    normalise_code,
    verb_info,
)

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]


class _Table:
    """One TOML table being read: takes keys off it, then complains about the rest."""

    def __init__(self, path: Path, data: dict[str, Any], where: str = "") -> None:
        self.path = path
        self.data = dict(data)
        self.where = where

    def fail(self, what: str) -> UnitError:
        prefix = f"{self.where}: " if self.where else ""
        return UnitError(f"{self.path}: {prefix}{what}")

    def _take(self, key: str, required: bool) -> Any:
        if key not in self.data:
            if required:
                raise self.fail(f"missing required key '{key}'")
            return None
        return self.data.pop(key)

    def string(self, key: str, required: bool = False, default: str = "") -> str:
        value = self._take(key, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.fail(f"'{key}' must be a string, not {_type_name(value)}")
        value = value.strip()
        if required and not value:
            raise self.fail(f"'{key}' must not be empty")
        return value

    def integer(self, key: str, required: bool = False, minimum: int = 0) -> int | None:
        value = self._take(key, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"'{key}' must be a whole number, not {_type_name(value)}")
        if value < minimum:
            raise self.fail(f"'{key}' must be at least {minimum}, not {value}")
        return value

    def number(self, key: str) -> float | None:
        value = self._take(key, False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(f"'{key}' must be a number, not {_type_name(value)}")
        if value < 0 or value != value:
            raise self.fail(f"'{key}' must be zero or more, not {value}")
        return float(value)

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self._take(key, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.fail(f"'{key}' must be true or false, not {_type_name(value)}")
        return value

    def strings(self, key: str, required: bool = False) -> tuple[str, ...]:
        value = self._take(key, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(f"'{key}' must be a list of strings, not {_type_name(value)}")
        out: list[str] = []
        seen: set[str] = set()
        for i, v in enumerate(value):
            if not isinstance(v, str):
                raise self.fail(f"'{key}' item {i + 1} must be a string, not {_type_name(v)}")
            v = v.strip()
            if not v:
                raise self.fail(f"'{key}' item {i + 1} is empty")
            if v.casefold() in seen:
                raise self.fail(f"'{key}' lists {v!r} twice")
            seen.add(v.casefold())
            out.append(v)
        return tuple(out)

    def tables(self, key: str) -> list[dict[str, Any]]:
        value = self._take(key, False)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"'{key}' must be an array of tables ([[{key}]])")
        return value

    def table(self, key: str) -> dict[str, Any] | None:
        value = self._take(key, False)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(f"'{key}' must be a table ([{key}]), not {_type_name(value)}")
        return value

    def done(self, known: Iterable[str]) -> None:
        if not self.data:
            return

        key = sorted(self.data)[0]
        close = difflib.get_close_matches(key, list(known), n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        raise self.fail(f"unknown key '{key}'{hint}")


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return {str: "a string", int: "a whole number", float: "a number"}.get(
        type(value), type(value).__name__
    )


_UNIT_KEYS = [
    "code",
    "title",
    "level",
    "qualification",
    "kind",
    "structure",
    "aliases",
    "introduction",
    "min_references",
    "reference_variety",
    "word_min",
    "word_max",
    "coaching_hours",
    "paid_hours",
    "min_coachees",
    "assessment",
    "credits",
    "guided_hours",
    "source",
    "notes",
    "acs",
    "sections",
    "guidance",
]
_AC_KEYS = [
    "number",
    "wording",
    "verb",
    "outcome",
    "outcome_text",
    "marks",
    "min_sources",
    "section",
    "unit",
    "match",
    "requirements",
]
_SECTION_KEYS = ["key", "title", "match", "marks", "min_marks", "verb", "criteria", "requirements"]
_REQ_KEYS = ["id", "description", "items", "need", "cited", "must", "message", "basis"]
_GUIDANCE_KEYS = ["phrases", "paragraphs", "placeholders"]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UnitError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise UnitError(f"{path}: is not UTF-8 text (save it as UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise UnitError(f"{path}: is not valid TOML: {exc}") from None


def read_unit_file(path: Path) -> Unit:
    """Read and validate one unit file; UnitError names the path and what is wrong."""
    path = Path(path)
    top = _Table(path, _read_toml(path))
    code = top.string("code", required=True)
    if not _CODE.match(code):
        raise top.fail(f"'code' {code!r} may hold only letters, digits and . + _ -")
    kind = top.string("kind", default="unit")
    if kind not in KINDS:
        raise top.fail(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    structure = top.string("structure", default="ac")
    if structure not in STRUCTURES:
        raise top.fail(f"'structure' must be one of {', '.join(STRUCTURES)}, not {structure!r}")
    title = top.string("title", required=True)
    qualification = top.string("qualification", required=True)
    level = top.integer("level", required=kind == "unit", minimum=1)
    if level is not None and level > 8:
        raise top.fail(f"'level' must be 1 to 8, not {level}")
    word_min = top.integer("word_min")
    word_max = top.integer("word_max")
    if word_min is not None and word_max is not None and word_min > word_max:
        raise top.fail(f"'word_min' ({word_min}) is more than 'word_max' ({word_max})")
    coaching_hours = top.number("coaching_hours")
    paid_hours = top.number("paid_hours")
    if paid_hours is not None and (coaching_hours is None or paid_hours > coaching_hours):
        raise top.fail("'paid_hours' needs 'coaching_hours' and must not exceed it")
    min_coachees = top.integer("min_coachees", minimum=1)
    aliases = top.strings("aliases")
    unit = dict(
        code=code,
        title=title,
        level=level,
        qualification=qualification,
        kind=kind,
        structure=structure,
        aliases=aliases,
        introduction=top.boolean("introduction"),
        min_references=top.integer("min_references") or 0,
        reference_variety=top.boolean("reference_variety"),
        word_min=word_min,
        word_max=word_max,
        coaching_hours=coaching_hours,
        paid_hours=paid_hours,
        min_coachees=min_coachees,
        assessment=top.string("assessment"),
        credits=top.integer("credits", minimum=1),
        guided_hours=top.integer("guided_hours", minimum=1),
        source=top.string("source"),
        notes=top.string("notes"),
        path=str(path),
    )
    sections = tuple(_read_section(path, t, i) for i, t in enumerate(top.tables("sections")))
    _check_unique(top, [s.key for s in sections], "section key")
    acs = tuple(_read_ac(path, t, i) for i, t in enumerate(top.tables("acs")))
    guidance_table = top.table("guidance")
    guidance = _read_guidance(path, guidance_table) if guidance_table is not None else Guidance()
    top.done(_UNIT_KEYS)

    _check_acs(top, acs, sections, structure)
    if kind == "credential":
        if acs or sections:
            raise top.fail("a credential profile has no ACs or sections, only hours")
        if coaching_hours is None:
            raise top.fail("a credential profile needs 'coaching_hours'")
    if structure == "headings" and not sections:
        raise top.fail('structure = "headings" needs at least one [[sections]] heading')
    for name in aliases:
        if normalise_code(name) == normalise_code(code):
            raise top.fail(f"alias {name!r} is the unit's own code")
    return Unit(acs=acs, sections=sections, guidance=guidance, **unit)


def _check_unique(table: _Table, values: list[str], what: str) -> None:
    seen: set[str] = set()
    for v in values:
        if v in seen:
            raise table.fail(f"duplicate {what} {v!r}")
        seen.add(v)


def _check_acs(
    top: _Table, acs: tuple[AC, ...], sections: tuple[RequiredSection, ...], structure: str
) -> None:
    seen: set[tuple[str, str]] = set()
    outcomes: dict[tuple[str, str], str] = {}
    keys = {s.key for s in sections}
    for a in acs:
        name = f"{a.unit} {a.number}".strip()
        if (a.unit, a.number) in seen:
            raise top.fail(f"duplicate AC number {name}")
        seen.add((a.unit, a.number))
        if a.outcome_text:
            earlier = outcomes.setdefault((a.unit, a.outcome), a.outcome_text)
            if earlier != a.outcome_text:
                raise top.fail(
                    f"AC {name}: learning outcome {a.outcome} has two different texts: "
                    f"{earlier!r} and {a.outcome_text!r}"
                )
        if a.section is not None and a.section not in keys:
            raise top.fail(f"AC {name}: 'section' {a.section!r} is not the key of any [[sections]]")
        if structure == "headings" and a.section is None:
            raise top.fail(f"AC {name}: structure = \"headings\" needs 'section' on every AC")
    units = {a.unit for a in acs}
    if len(units) > 1 and "" in units:
        raise top.fail("either every AC names its 'unit' or none does")


def _read_ac(path: Path, data: dict[str, Any], index: int) -> AC:
    number = data.get("number")
    t = _Table(path, data, f"acs[{index + 1}]" + (f" (AC {number})" if number else ""))
    number = t.string("number", required=True)
    if not _AC_NUMBER.match(number):
        raise t.fail(f"AC number {number!r} must look like 1.1 (outcome.criterion)")
    wording = " ".join(t.string("wording", required=True).split())
    verb = " ".join(t.string("verb", required=True).split())
    if verb != verb.lower():
        raise t.fail(f"'verb' must be lower case: {verb.lower()!r}, not {verb!r}")
    if not re.search(r"(?<!\w)" + re.escape(verb) + r"(?!\w)", wording, re.IGNORECASE):
        raise t.fail(f"'verb' {verb!r} does not occur in the AC wording")
    outcome = t.string("outcome", default=number.split(".")[0])
    if not _OUTCOME.match(outcome):
        raise t.fail(f"'outcome' must be a learning outcome number such as \"1\", not {outcome!r}")
    if number.split(".")[0] != outcome:
        raise t.fail(f"AC {number} cannot belong to learning outcome {outcome}")
    min_sources = t.integer("min_sources")
    if min_sources is None:
        min_sources = verb_info(verb).get("min_sources")
    section = t.string("section") or None
    unit = t.string("unit")
    ac = AC(
        number=number,
        wording=wording,
        verb=verb,
        outcome=outcome,
        outcome_text=" ".join(t.string("outcome_text").split()),
        marks=t.integer("marks"),
        min_sources=min_sources,
        section=section,
        unit=unit,
        match=t.strings("match"),
        requirements=_read_requirements(t, t.tables("requirements")),
    )
    t.done(_AC_KEYS)
    return ac


def _read_section(path: Path, data: dict[str, Any], index: int) -> RequiredSection:
    key = data.get("key")
    t = _Table(path, data, f"sections[{index + 1}]" + (f" ({key})" if key else ""))
    key = t.string("key", required=True)
    if not _SLUG.match(key):
        raise t.fail(f"'key' {key!r} must be lower case words joined by hyphens")
    marks = t.integer("marks", minimum=1)
    min_marks = t.integer("min_marks")
    if min_marks is not None and (marks is None or min_marks > marks):
        raise t.fail("'min_marks' needs 'marks' and must not exceed it")
    verb = " ".join(t.string("verb").split())
    if verb != verb.lower():
        raise t.fail(f"'verb' must be lower case: {verb.lower()!r}, not {verb!r}")
    section = RequiredSection(
        key=key,
        title=" ".join(t.string("title", required=True).split()),
        match=t.strings("match"),
        marks=marks,
        min_marks=min_marks,
        verb=verb,
        criteria=tuple(" ".join(c.split()) for c in t.strings("criteria")),
        requirements=_read_requirements(t, t.tables("requirements")),
    )
    t.done(_SECTION_KEYS)
    return section


def _read_requirements(owner: _Table, tables: list[dict[str, Any]]) -> tuple[Requirement, ...]:
    reqs: list[Requirement] = []
    for i, data in enumerate(tables):
        rid = data.get("id")
        where = f"{owner.where}, requirements[{i + 1}]" + (f" ({rid})" if rid else "")
        t = _Table(owner.path, data, where)
        rid = t.string("id", required=True)
        if not _SLUG.match(rid):
            raise t.fail(f"'id' {rid!r} must be lower case words joined by hyphens")
        items = _read_items(t)
        need = t.integer("need", minimum=1)
        need = 1 if need is None else need
        if need > len(items):
            raise t.fail(f"'need' is {need} but only {len(items)} item(s) are listed")
        req = Requirement(
            id=rid,
            description=t.string("description", required=True),
            items=items,
            need=need,
            cited=t.boolean("cited"),
            must=t.boolean("must", default=True),
            message=t.string("message"),
            basis=" ".join(t.string("basis").split()),
        )
        t.done(_REQ_KEYS)
        reqs.append(req)
    _check_unique(owner, [r.id for r in reqs], "requirement id")
    return tuple(reqs)


def _read_items(t: _Table) -> tuple[tuple[str, ...], ...]:
    value = t._take("items", True)
    if not isinstance(value, list) or not value:
        raise t.fail("'items' must be a non-empty list of items (each a list of variants)")
    items: list[tuple[str, ...]] = []
    owner: dict[str, int] = {}
    for i, item in enumerate(value):
        variants = [item] if isinstance(item, str) else item
        if not isinstance(variants, list) or not variants:
            raise t.fail(f"'items' item {i + 1} must be a string or a non-empty list of strings")
        clean: list[str] = []
        for v in variants:
            if not isinstance(v, str) or not v.strip():
                raise t.fail(f"'items' item {i + 1} holds an empty or non-string variant")
            v = " ".join(v.split())
            other = owner.get(v.casefold())
            if other is not None:
                where = "twice" if other == i else f"in items {other + 1} and {i + 1}"
                raise t.fail(f"variant {v!r} is listed {where}")
            owner[v.casefold()] = i
            clean.append(v)
        items.append(tuple(clean))
    return tuple(items)


def _read_guidance(path: Path, data: dict[str, Any]) -> Guidance:
    t = _Table(path, data, "guidance")
    g = Guidance(
        phrases=t.strings("phrases"),
        paragraphs=tuple(" ".join(p.split()) for p in t.strings("paragraphs")),
        placeholders=tuple(" ".join(p.split()) for p in t.strings("placeholders")),
    )
    t.done(_GUIDANCE_KEYS)
    return g
