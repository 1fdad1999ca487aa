"""One registry maps each code to its rule.

A rule is a small function in a family module under ``linter/rules/`` decorated with
``@rule(...)``. Its docstring (What it checks / Why it matters / Example / Instead) is
what ``ilm-lint rules CODE`` prints.
"""

from __future__ import annotations

import importlib
import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from .model import Finding, Location, Severity

# The family modules, imported on first use so the CLI starts fast.
FAMILY_MODULES = (
    "linter.rules.structure",
    "linter.rules.template",
    "linter.rules.files",
    "linter.rules.citations",
    "linter.rules.wordcount",
    "linter.rules.directive",
    "linter.rules.evaluative",
    "linter.rules.personal",
    "linter.rules.checklist",
    "linter.rules.logs",
    "linter.rules.grammar",
)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    kind: str  # "assignment", "log" or "file": the model its check takes
    check: Callable[..., Iterable[Finding]] | None
    doc: str
    needs_unit: bool = True  # skipped when the unit is unknown (AC110 explains why)

    @property
    def family(self) -> str:
        return re.match(r"[A-Z]+", self.code).group(0)

    def finding(
        self,
        message: str,
        location: Location | None = None,
        severity: Severity | None = None,
        suggestions: tuple[str, ...] = (),
        **where: object,
    ) -> Finding:
        """A finding of this rule; ``where`` keys build the Location."""
        loc = location or Location(**where)
        if location is not None and where:
            loc = Location(**{**location.to_dict(), **where})
        return Finding(self.code, self.name, severity or self.severity, message, loc, suggestions)


_RULES: dict[str, Rule] = {}
_loaded = False


def rule(
    code: str,
    name: str,
    severity: Severity | str,
    summary: str,
    kind: str = "assignment",
    needs_unit: bool = True,
) -> Callable:
    """Register ``fn(ctx, rule) -> Iterable[Finding]`` under ``code``."""

    def register(fn: Callable) -> Callable:
        if code in _RULES and _RULES[code].check is not fn:
            raise ValueError(f"rule code {code} registered twice")
        _RULES[code] = Rule(
            code=code,
            name=name,
            severity=Severity(severity),
            summary=summary,
            kind=kind,
            check=fn,
            doc=inspect.cleandoc(fn.__doc__ or ""),
            needs_unit=needs_unit,
        )
        return fn

    return register


def declare(
    code: str, name: str, severity: Severity | str, summary: str, doc: str, kind: str = "assignment"
) -> Rule:
    """Register a rule whose findings another stage emits (FL900 from the readers, ...)."""
    found = Rule(
        code, name, Severity(severity), summary, kind, None, inspect.cleandoc(doc), needs_unit=False
    )
    _RULES.setdefault(code, found)
    return _RULES[code]


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for module in FAMILY_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:  # a family not written yet
            if exc.name != module:
                raise
    _loaded = True


def all_rules() -> list[Rule]:
    load_all()
    return sorted(_RULES.values(), key=lambda r: r.code)


def get_rule(code_or_name: str) -> Rule | None:
    load_all()
    key = code_or_name.strip()
    if key.upper() in _RULES:
        return _RULES[key.upper()]
    return next((r for r in _RULES.values() if r.name == key.lower()), None)


def _matches(r: Rule, selector: str) -> bool:
    selector = selector.strip()
    if not selector:
        return False
    if selector.upper() == "ALL":
        return True
    return r.code.startswith(selector.upper()) or r.name == selector.lower()


def parse_selectors(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [s.strip() for s in items if s and s.strip()]


def unknown_selectors(selectors: Iterable[str]) -> list[str]:
    rules = all_rules()
    return [s for s in selectors if not any(_matches(r, s) for r in rules)]


class Selection:
    """Which rules run: ``select`` then ``ignore``, by code, prefix or name (as ruff)."""

    def __init__(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> None:
        self.select = list(select)
        self.ignore = list(ignore)

    def enabled(self, r: Rule) -> bool:
        if self.select and not any(_matches(r, s) for s in self.select):
            return False
        return not any(_matches(r, s) for s in self.ignore)

    def enabled_code(self, code: str) -> bool:
        found = get_rule(code)
        return found is not None and self.enabled(found)

    def rules(self, kind: str) -> Iterator[Rule]:
        for r in all_rules():
            if r.kind == kind and r.check is not None and self.enabled(r):
                yield r
