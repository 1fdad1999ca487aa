"""LG609, LG612: what the session notes say (reflection; directive phrasing)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from ...analysis.context import LogContext
from ...analysis.directive import find_directive, may_be_directive
from ...model import Finding
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
    sheets = {sheet for sheet, i in info.items() if "reflection" in i.get("columns", {})}
    for s in ctx.log.sessions:
        if s.sheet not in sheets:
            continue
        text = s.texts.get("reflection", "")
        words = len(text.split(None, MIN_REFLECTION_WORDS))  # enough to compare, no more
        if words >= MIN_REFLECTION_WORDS:
            continue
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
# [(code, start, end, matched_text, severity)], so logs and assignments share one phrase
# list (linter/data/phrases/directive.toml) and one set of safeguards.

_WHAT = {
    "DR500": "reports advising or directing the coachee",
    "DR501": "reports a leading question",
    "DR502": "reports telling the coachee what they should do",
}


@lru_cache(maxsize=8192)
def _hits(text: str) -> tuple:
    """(code, start, end, matched text, severity) per directive phrase (repeated cells are
    common in logs: "as above")."""
    return tuple(find_directive(text))


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
        texts = s.texts
        # One search over all the row's text cells joined (the directive fields and any
        # other) rules out most rows: nothing in them, nothing in the directive fields.
        if not texts or not may_be_directive("\0".join(texts.values())):
            continue
        for field in DIRECTIVE_FIELDS:
            text = texts.get(field)
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
