"""EV: evaluative writing, as the assessment verbs ask for it.

Also home of ``verb_flags`` and ``verb_sections``, which the CT rules share: what a
section's command verb asks for (evidence, a judgement, critical writing, sources).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..analysis.context import AssignmentContext
from ..model import Finding
from ..registry import Rule, rule

if TYPE_CHECKING:
    from ..analysis.sections import Section

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

PHRASES = Path(__file__).resolve().parent.parent / "data" / "phrases" / "evaluative.toml"
MIN_SECTION_WORDS = 50  # below this AC103 reports the section as empty; do not pile on


def verb_flags(verb: str) -> dict[str, Any]:
    """evidence / judgement / critical / min_sources of a command verb (linter/data/verbs.toml)."""
    try:
        from ..units import verb_info
    except ImportError:  # the verb table has not landed in this build
        verb_info = None
    if verb_info is not None:
        return verb_info(verb)
    key = " ".join(verb.split()).lower()
    critical = key.startswith("critically ")
    base = key.removeprefix("critically ")
    return {
        "evidence": critical or base in ("analyse", "evaluate", "review", "justify"),
        "judgement": key in ("evaluate", "critically evaluate", "critically review", "justify"),
        "critical": critical,
        "min_sources": 3 if key == "critically explore" else None,
    }


@dataclass(frozen=True)
class VerbSection:
    section: Section
    key: str  # "2.1" or the required section's key
    label: str  # "AC 2.1" or the heading
    verb: str
    flags: dict[str, Any]
    min_sources: int | None


def verb_sections(ctx: AssignmentContext) -> Iterator[VerbSection]:
    """Each AC section (or required section of a "headings" unit) with a command verb."""
    for s in ctx.structure.sections:
        verb = ""
        min_sources = None
        if s.kind == "ac" and s.ac is not None:
            verb, min_sources = s.ac.verb, s.ac.min_sources
        elif s.kind == "required" and s.required is not None:
            verb = s.required.verb
        if not verb:
            continue
        flags = verb_flags(verb)
        if min_sources is None:
            min_sources = flags.get("min_sources")
        label = f"AC {s.key}" if s.kind == "ac" else (s.title or s.key)
        yield VerbSection(s, s.key, label, verb.lower(), flags, min_sources)


@dataclass(frozen=True)
class EvaluativeCues:
    conclusion: re.Pattern
    evaluative: re.Pattern
    min_hits: int
    words_per_hit: int


def _trie(phrases: list[str]) -> str:
    """One regular expression for many phrases, with shared beginnings merged
    ("limit|limited|likewise" -> "li(?:mit(?:ed)?|kewise)"), which re runs far faster
    than a plain alternation. Spaces match any run of white space."""
    tree: dict = {}
    for phrase in {" ".join(p.lower().split()) for p in phrases if p.strip()}:
        node = tree
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(sub)
            for ch, sub in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


@lru_cache(maxsize=1)
def evaluative_cues() -> EvaluativeCues:
    """Cue patterns over lower-cased text (a case-blind alternation is ten times slower)."""
    raw = tomllib.loads(PHRASES.read_text(encoding="utf-8"))
    return EvaluativeCues(
        conclusion=re.compile(rf"\b{_trie(raw['conclusion'])}\b"),
        evaluative=re.compile(rf"\b{_trie(raw['evaluative'])}"),
        min_hits=int(raw.get("descriptive_only", {}).get("min_hits", 2)),
        words_per_hit=int(raw.get("descriptive_only", {}).get("words_per_hit", 500)),
    )


def _section_text(ctx: AssignmentContext, s: Section) -> tuple[str, int]:
    """The section's own text, lower-cased, and its word count (for both EV rules)."""

    def compute() -> tuple[str, int]:
        text = "\n".join(p.text for p in ctx.own_paragraphs(s)).lower()
        return text, ctx.structure.words(s)

    return ctx.memo(("evaluative_text", s.start), compute)


@rule(
    "EV950",
    "no-judgement",
    "info",
    "An evaluate/justify section draws no concluding judgement.",
)
def no_judgement(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that a section whose AC verb is evaluate, critically evaluate,
    critically review or justify draws a conclusion: "In conclusion", "Overall", "On
    balance", "I conclude", "therefore", "My judgement is" (the cue list is
    linter/data/phrases/evaluative.toml).

    Why it matters: assessors say that with "evaluate" the learner "needs to include a
    valid conclusion or reasoned judgement based on the findings" (seed 000); a
    section that only weighs points up without a verdict is referred.

    Example: AC 1.3 "Critically evaluate alternative L&D methods ..." ending on the
    last method's drawbacks.

    Instead: finish the section with your reasoned judgement: "On balance, I conclude
    that action learning suits our senior team better than workshops, because ...".
    """
    cues = evaluative_cues()
    for vs in verb_sections(ctx):
        if not vs.flags.get("judgement"):
            continue
        text, words = _section_text(ctx, vs.section)
        if words < MIN_SECTION_WORDS or cues.conclusion.search(text):
            continue
        yield r.finding(
            f"{vs.label} ('{vs.verb}') has no concluding judgement: end the section with "
            "your reasoned conclusion, e.g. 'On balance, I conclude that ... because ...'.",
            section=vs.key,
            paragraph=vs.section.heading,
            text=(vs.section.title or "")[:200] or None,
        )


@rule(
    "EV951",
    "descriptive-only",
    "info",
    "A 'critically ...' section has almost no evaluative language.",
)
def descriptive_only(ctx: AssignmentContext, r: Rule) -> Iterator[Finding]:
    """
    What it checks: that a section whose AC verb starts with "critically" weighs things
    up: contrast, limitation, strength, weakness, however, whereas, evidence suggests
    and the like (linter/data/phrases/evaluative.toml). It fires when the section has
    fewer than two such cues, or fewer than one per 500 words.

    Why it matters: "critically" asks for a critique, not an account; a section that
    only describes a model or a method gains no marks beyond a pass at best.

    Example: AC 2.2 "Critically review a coaching model ..." that sets out the four
    stages of GROW and stops.

    Instead: weigh the evidence: strengths and limitations, where authors disagree, how
    far it held in your own practice, e.g. "However, Cox (2013) questions ...".
    """
    cues = evaluative_cues()
    for vs in verb_sections(ctx):
        if not vs.flags.get("critical"):
            continue
        text, words = _section_text(ctx, vs.section)
        if words < MIN_SECTION_WORDS:
            continue
        needed = max(cues.min_hits, words // cues.words_per_hit)
        hits = 0
        for _ in cues.evaluative.finditer(text):
            hits += 1
            if hits >= needed:
                break  # enough: no need to read the rest
        if hits >= needed:
            continue
        found = "no" if hits == 0 else f"only {hits}"
        yield r.finding(
            f"{vs.label} ('{vs.verb}') reads as description: {found} evaluative "
            f"word{'s' if hits != 1 else ''} in {words} words. Weigh strengths against "
            "limitations and compare the evidence (however, whereas, evidence suggests ...).",
            section=vs.key,
            paragraph=vs.section.heading,
            text=(vs.section.title or "")[:200] or None,
        )
