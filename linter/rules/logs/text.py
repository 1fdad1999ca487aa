"""LG609, LG612: what the session notes say (reflection; directive phrasing)."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from ...analysis.context import LogContext
from ...model import Finding, Severity
from ...registry import Rule, rule

MIN_REFLECTION_WORDS = 15
DIRECTIVE_FIELDS = ("goal", "actions", "reflection", "feedback", "notes", "model")


@rule(
    "LG609",
    "missing-reflection",
    "warning",
    "A session row has no reflective note, or one under 15 words.",
    kind="log",
    needs_unit=False,
)
def missing_reflection(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: on sheets with a reflection column, every session row's reflection
    has at least 15 words. (A sheet with no reflection column at all is reported once by
    LG602 instead of once per row.)

    Why it matters: the reflective notes are where a learner shows what went well, what
    was hard and what they would do differently; seed guidance says a log with thin
    reflections "will not access Distinction criteria".

    Example: "Went well." in the reflection column.

    Instead: write two or three sentences: which skills you used (listening, silence,
    questions), what you would do differently, and how it links to the model you used.
    """
    info = ctx.log.extras.get("sheet_info", {})
    for s in ctx.log.sessions:
        if "reflection" not in info.get(s.sheet, {}).get("columns", {}):
            continue
        text = s.texts.get("reflection", "")
        words = len(text.split(None, MIN_REFLECTION_WORDS))  # enough to compare, no more
        cell = s.cells.get("reflection")
        if words == 0:
            yield r.finding(
                f"Row {s.row} has no reflection ({cell} is empty).",
                sheet=s.sheet,
                row=s.row,
                cell=cell,
            )
        elif words < MIN_REFLECTION_WORDS:
            yield r.finding(
                f"Row {s.row}'s reflection has {words} word{'s' if words != 1 else ''} "
                f"(at least {MIN_REFLECTION_WORDS} expected): say what went well, what you "
                "would change and why.",
                sheet=s.sheet,
                row=s.row,
                cell=cell,
                text=text[:200],
            )


# -- directive phrasing ------------------------------------------------------------------
# LG612 runs the DR family's engine, linter.analysis.directive.find_directive(text) ->
# [(code, start, end, matched_text, severity)], once that module exists. Until then the
# FALLBACK below (a minimal first-person pattern list, deliberately kept out of the data
# files so there are never two lists to maintain) stands in. Delete it when the engine
# lands.

Hit = tuple[str, int, int, str, Severity]

_FALLBACK_DR500 = re.compile(
    r"\b(?:I|we)\s+(?:then\s+|also\s+|gently\s+|strongly\s+|just\s+)?"
    r"(?:suggested|advised|recommended|instructed|proposed\s+that"
    r"|steered\s+(?:him|her|them)\s+(?:towards|to)"
    r"|told\s+(?:him|her|them)\s+(?:to|that\s+(?:he|she|they)\s+should)"
    r"|gave\s+(?:him|her|them)\s+(?:my\s+|some\s+)?advice)\b"
    r"|\bmy\s+advice\s+(?:was|to\s+(?:him|her|them)\s+was)\b",
    re.IGNORECASE,
)
_FALLBACK_DR501 = re.compile(
    r"\b(?:have\s+you\s+(?:thought\s+about|considered|tried)|why\s+don'?t\s+you"
    r"|wouldn'?t\s+it\s+be\s+better|don'?t\s+you\s+think|shouldn'?t\s+you)\b",
    re.IGNORECASE,
)
_FALLBACK_DR502 = re.compile(r"\byou\s+(?:should|need\s+to|must|ought\s+to)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"n't\b|\b(?:not|never|rather\s+than|instead\s+of|tempted|caught\s+myself|next\s+time"
    r"|resist\w*|avoid\w*|refrain\w*|urge)\b",
    re.IGNORECASE,
)
_PROCESS = re.compile(
    r"\s*(?:that\s+)?(?:we|a)\s+(?:take\s+a\s+break|break|recap|pause|review|summari[sz]e"
    r"|start|begin|finish|end|meet|reconvene|move\s+on|contract|agree|schedule|book)",
    re.IGNORECASE,
)
_PERMISSION = re.compile(
    r"\b(?:with\s+(?:his|her|their)\s+permission|asked\s+(?:me\s+)?for\s+my\s+"
    r"(?:view|advice|opinion|input)|at\s+(?:his|her|their)\s+request|when\s+asked)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“]([^\"”]*)[\"”]|(?<!\w)'([^']*)'(?!\w)")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(text.rfind(c, 0, start) for c in ".!?\n") + 1
    rights = [i for i in (text.find(c, end) for c in ".!?\n") if i != -1]
    return left, (min(rights) if rights else len(text))


def fallback_find_directive(text: str) -> list[Hit]:
    """FALLBACK for the DR engine: first-person advice, leading questions, "you should"."""
    hits: list[Hit] = []
    quotes = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]

    def quoted(i: int) -> bool:
        return any(a < i < b for a, b in quotes)

    for m in _FALLBACK_DR500.finditer(text):
        if quoted(m.start()):
            continue  # the coachee's (or an author's) own words
        left, right = _sentence(text, m.start(), m.end())
        if _NEGATION.search(text, left, m.start()) or _PROCESS.match(text, m.end()):
            continue
        severity = Severity.INFO if _PERMISSION.search(text[left:right]) else Severity.WARNING
        hits.append(("DR500", m.start(), m.end(), m.group(0), severity))
    for m in _FALLBACK_DR501.finditer(text):
        left, _ = _sentence(text, m.start(), m.end())
        if not _NEGATION.search(text, left, m.start()):
            hits.append(("DR501", m.start(), m.end(), m.group(0), Severity.INFO))
    for m in _FALLBACK_DR502.finditer(text):
        if quoted(m.start()):
            hits.append(("DR502", m.start(), m.end(), m.group(0), Severity.INFO))
    return sorted(hits, key=lambda h: h[1])


@lru_cache(maxsize=1)
def directive_engine() -> Callable[[str], list]:
    """The DR family's engine when it exists, else the fallback above."""
    try:
        module = importlib.import_module("linter.analysis.directive")
    except ModuleNotFoundError as exc:
        if exc.name not in ("linter.analysis.directive", "linter.analysis"):
            raise
        return fallback_find_directive
    return getattr(module, "find_directive", None) or fallback_find_directive


def _normalise(hit: object) -> Hit:
    if isinstance(hit, tuple):
        code, start, end, matched, severity = hit[:5]
    else:
        code = getattr(hit, "code", None) or getattr(hit, "rule", "DR500")
        start, end = getattr(hit, "start", 0), getattr(hit, "end", 0)
        matched = getattr(hit, "text", None) or getattr(hit, "matched_text", "")
        severity = getattr(hit, "severity", Severity.WARNING)
    return str(code), int(start), int(end), str(matched), Severity(severity)


_WHAT = {
    "DR500": "reports advising or directing the coachee",
    "DR501": "reports a leading question",
    "DR502": "reports telling the coachee what they should do",
}


@lru_cache(maxsize=8192)
def _hits(text: str) -> tuple[Hit, ...]:
    return tuple(_normalise(h) for h in directive_engine()(text))


@rule(
    "LG612",
    "directive-in-log",
    "warning",
    "Directive phrasing (DR500 to DR502) in a log's text cells.",
    kind="log",
    needs_unit=False,
)
def directive_in_log(ctx: LogContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: the session text cells (goal, actions, reflection, feedback, notes)
    for the directive phrasing the DR rules find in assignments: the coach reporting that
    they advised or told the coachee what to do ("I suggested she speak to her line
    manager"), leading questions ("Have you thought about ...?") and "you should" in
    reported coach speech. Negations, reflection on the urge to advise ("I was tempted to
    suggest"), process moves ("I suggested we take a break") and the coachee's own words
    in quotation marks pass; advice given with permission is info only.

    Why it matters: coaching is non-directive. A log that reads "I suggested she speak to
    her line manager" describes mentoring, not coaching, and the coaching criterion is not
    met.

    Example: "I advised him to delegate the report" in the actions column.

    Instead: record what the coachee decided and the question that got them there: "When
    asked what options she had, she chose to speak to her line manager."
    """
    rank = r.severity.rank
    for s in ctx.log.sessions:
        for field in DIRECTIVE_FIELDS:
            text = s.texts.get(field)
            if not text:
                continue
            for code, start, end, matched, severity in _hits(text):
                if severity.rank > rank:
                    severity = r.severity
                cell = s.cells.get(field)
                yield r.finding(
                    f'{field.capitalize()} {cell}: "{matched}" {_WHAT.get(code, code)} '
                    f"({code}); coaching is non-directive, so record what the coachee decided.",
                    severity=severity,
                    sheet=s.sheet,
                    row=s.row,
                    cell=cell,
                    text=text[max(0, start - 40) : end + 80][:200],
                )
