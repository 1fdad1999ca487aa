"""Directive phrasing: where the learner reports advising, leading or instructing.

A small generic engine over the phrase lists of linter/data/phrases/directive.toml:

- DR500 (warning) a first-person report of directing the coachee ("I suggested she ...");
- DR501 (info) a leading question in the coach's own reported speech ("Have you tried ...?");
- DR502 (info) an instruction in quoted or reported coach speech ("you should ...").

Safeguards (RULES.md), each tested: negation and hypotheticals just before "I";
reflection on the urge in the same sentence; the coachee as the subject (no "I");
quoted words (the coachee's, or literature's) never count for DR500; process moves
("I suggested we take a break"); permission or a request (DR500 drops to info);
mentoring (info, and the reason says so). When unsure, the milder severity wins.

``find_directive(text)`` is the stable entry point (LG612 runs it on log cells):
``[(code, start, end, matched_text, severity)]``. ``scan_directive`` gives the reason too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..model import Severity
from .text import top_level_bar

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA = Path(__file__).resolve().parent.parent / "data" / "phrases" / "directive.toml"
_TERM = re.compile(r"\{(\w+)\}")
_SENTENCE_END = re.compile(r"[.!?][)\"'”’]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_QUOTES = (
    # Each starts with its quotation mark, so re can jump from one to the next, and a
    # text without that mark needs no search at all (most log cells have none).
    ("“", re.compile(r"“[^”]{1,600}”")),
    ('"', re.compile(r"\"(?<![\w]\")[^\"]{1,600}\"")),
    ("‘", re.compile(r"‘(?<![\w]‘)(?:[^’]|’(?=\w)){1,600}’(?!\w)")),
    ("'", re.compile(r"'(?<![\w']')(?=\S)(?:[^']|'(?=\w)){1,600}?(?<=\S)'(?!\w)")),
)
_SPEECH = (
    r"(?:asked|said|replied|responded|enquired|inquired|wondered|challenged|added|queried|"
    r"offered|prompted|probed|followed up|put it|suggested|told|commented|explained|"
    r"stated|admitted|reflected|shared|wrote|writes|argued|argues|states|notes|noted|"
    r"suggests|described|describes|observed|observes|recalled|answered|continued|said:)"
)
_OTHER = (
    r"(?:she|he|they|the coachee|my coachee|the client|my client|the mentee|my mentee|"
    r"the author|the authors|(?-i:[A-Z][a-z]+))"
)
_COACH_BEFORE = re.compile(rf"\bI\s+(?:\w+\s+){{0,3}}?{_SPEECH}\b[^\"“‘']{{0,40}}$", re.I)
_OTHER_BEFORE = re.compile(rf"\b{_OTHER}\s+(?:\w+\s+){{0,3}}?{_SPEECH}\b[^\"“‘']{{0,40}}$", re.I)
_COACH_AFTER = re.compile(rf"^[\s,;:—–-]*I\s+(?:\w+\s+)?{_SPEECH}\b", re.I)
_OTHER_AFTER = re.compile(rf"^[\s,;:—–-]*{_OTHER}\s+(?:\w+\s+)?{_SPEECH}\b", re.I)
_CITED_AFTER = re.compile(r"^[\s,]*\((?:[^()]*\d{4}|[^()]*n\.d\.)", re.I)
_ASKED = re.compile(r"\bI\s+(?:then\s+|also\s+|simply\s+)?asked(?:\s+\w+)?[,:]?\s+$", re.I)
_ASKED_AT = re.compile(r"I\s+(?:then\s+|also\s+|simply\s+)?asked(?:\s+\w+)?[,:]?\s+", re.I)
# What follows "I" where _ASKED_AT starts, for the lower-cased text (_prefilter).
_ASKED_AT_AFTER_I = r"\s+(?:then\s+|also\s+|simply\s+)?asked"
_FIRST_PERSON = ("I ", "i ", "my ", "My ", "MY ")


def _first_person(norm: str) -> list[int]:
    """Where "I" or "my" starts a word: every DR500 and reported-speech phrase starts
    there, so the phrase lists are tried at these few places, not at every character."""
    out = []
    for word in _FIRST_PERSON:
        i = norm.find(word)
        while i != -1:
            if i == 0 or not (norm[i - 1].isalnum() or norm[i - 1] in "'-"):
                out.append(i)
            i = norm.find(word, i + 1)
    return sorted(out)


@dataclass(frozen=True)
class DirectiveHit:
    code: str  # DR500, DR501, DR502
    start: int
    end: int
    text: str
    severity: Severity
    reason: str = ""  # "", "permission", "mentoring", "joint"


@dataclass(frozen=True)
class Phrases:
    report: re.Pattern
    joint: re.Pattern
    leading: re.Pattern
    instructions: re.Pattern
    reported: re.Pattern
    negation: re.Pattern
    reflection: re.Pattern
    permission: re.Pattern
    mentoring: re.Pattern
    coaching: re.Pattern
    process: re.Pattern
    trigger: re.Pattern  # any first-person report, joint or reported phrase, or "I asked"
    gate: tuple[str, ...] | None  # the verbs those phrases turn on; None: no gate known
    # Where a trigger phrase can start, over the lower-cased text (ASCII text only, where
    # lower-casing is what re.I does); None: not known for this phrase list.
    prefilter: re.Pattern | None = None


def _expand(pattern: str, terms: dict[str, str]) -> str:
    for _ in range(5):  # terms may use terms ({obj} holds {name})
        expanded = _TERM.sub(lambda m: terms.get(m.group(1), m.group(0)), pattern)
        if expanded == pattern:
            break
        pattern = expanded
    return pattern


def _compile(patterns: list[str], terms: dict[str, str], wrap: str = "{}") -> re.Pattern:
    alternatives = "|".join(f"(?:{_expand(p, terms)})" for p in patterns if p.strip())
    return re.compile(wrap.format(alternatives or "(?!)"), re.I)


_PLAIN_HEAD = re.compile(r"(?:\\[bs]|[A-Za-z ])*")
_BACKREF = re.compile(r"\\[1-9]|\(\?P=")


def _union(patterns: list[str], terms: dict[str, str]) -> re.Pattern:
    """One regex matching wherever any of ``patterns`` matches (as ``_compile``), with
    the patterns that share a plain head such as "\\bI {adv}" merged into "head(?:rest1|
    rest2|...)": re then reads "I" and the adverbs once per place instead of once per
    pattern (0.9 us instead of 6 us at each "I"). A pattern whose shape does not allow
    the split (an alternation at its top level, a backreference) stays whole."""
    heads: dict[str, list[str]] = {}
    whole: list[str] = []
    for pattern in patterns:
        if not pattern.strip():
            continue
        head, adv, rest = pattern.partition("{adv}")
        if (
            adv
            and _PLAIN_HEAD.fullmatch(head)
            and not top_level_bar(rest)
            and not _BACKREF.search(pattern)
        ):
            heads.setdefault(head + adv, []).append(rest)
        else:
            whole.append(pattern)
    alternatives = [
        f"(?:{_expand(head, terms)})(?:{'|'.join(f'(?:{_expand(r, terms)})' for r in rests)})"
        for head, rests in heads.items()
    ] + [f"(?:{_expand(p, terms)})" for p in whole]
    return re.compile("|".join(alternatives) or "(?!)", re.I)


_ADVERB_TERM = re.compile(r"\(\?:\(\?:([a-z|]+)\)\\s\+\)\*")  # (?:(?:then|also)\s+)*
_I_ADV_VERB = re.compile(r"\\bI \{adv\}(\(\?:[a-z|]+\)|[a-z]+)")  # \bI {adv}(?:told|urged)
_FIRST_WORD = re.compile(r"(?:\\b)?([A-Za-z]+)")  # \bmy


def _prefilter(patterns: list[str], terms: dict[str, str], after_i: str) -> re.Pattern | None:
    """A case-sensitive regex for the lower-cased text that matches wherever one of
    ``patterns`` (case-blind) can start: "i " with any adverbs and then one of the verbs
    the patterns name, or the word a pattern starts with ("my"), at the start of a word
    as ``_first_person`` finds it; ``after_i`` (a pattern for the lower-cased text) is
    one more way to go on after "i". Without re.I, re jumps from one "i" or "m" to the
    next and drops a wrong alternative on its first letter, so a cell with no such place
    is done with in one search. None when a pattern's shape hides its first word (a
    centre's own phrase), so nothing is missed: a word followed by "?", "*", "+", "{" or
    "|" may be cut short, so it does not count."""
    adverbs = _ADVERB_TERM.fullmatch(terms.get("adv", ""))
    verbs: set[str] = set()
    words: set[str] = set()
    for pattern in patterns:
        if not pattern.strip():
            continue
        if top_level_bar(pattern):
            return None
        m = _I_ADV_VERB.match(pattern) if adverbs else None
        if m is not None:
            verbs.update(m.group(1).removeprefix("(?:").removesuffix(")").split("|"))
        else:
            m = _FIRST_WORD.match(pattern)
            if m is None:
                return None
            words.add(m.group(1).lower())
        if pattern[m.end() : m.end() + 1] in ("?", "*", "+", "{", "|"):
            return None
    after = [after_i]
    if verbs and adverbs:
        after.append(rf" (?:(?:{adverbs.group(1)})\s+)*(?:{'|'.join(sorted(verbs))})")
    # No letter, digit, apostrophe or hyphen before the word (as _first_person): looked
    # back at after the word, so that most places fail on the letter after "i" first.
    alternatives = [rf"i(?=\s)(?<![^\W_]i)(?<!['-]i)(?:{'|'.join(after)})"] + [
        rf"{w}(?<![^\W_]{w})(?<!['-]{w})" for w in sorted(words)
    ]
    # Each alternative bare, starting with its letter: re searches for those letters only.
    return re.compile("|".join(alternatives))


_AFTER_ADVERBS = re.compile(r"\{adv\}(\(\?:[a-z|]+\)|[a-z]+)")
_LEADING_WORD = re.compile(r"^(?:\\b)?(?:I\s+)?([a-z]+)\b", re.I)


def _any_word(lower: str, words: tuple[str, ...]) -> bool:
    # Plain substring tests: a case-blind regex alternation is ten times slower here, and
    # a gate may let through more than the phrases match, never less.
    return any(w in lower for w in words)


def _gate(patterns: list[str], extra: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The word each first-person phrase turns on ("suggested", "told", "my" ...), read
    from the phrase list itself: a text holding none of them needs no closer look. None
    when a phrase's shape hides its word (a centre's own phrase), so nothing is missed."""
    words: set[str] = set(extra)
    for pattern in patterns:
        m = _AFTER_ADVERBS.search(pattern)
        if m:
            words.update(m.group(1).removeprefix("(?:").rstrip(")").split("|"))
            continue
        m = _LEADING_WORD.match(pattern)
        if m is None or m.group(1).lower() in ("i", "then", "also"):
            return None
        words.add(m.group(1).lower())
    return tuple(sorted(words))


@lru_cache(maxsize=4)
def load_phrases(path: Path = DATA) -> Phrases:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    terms = raw.get("terms", {})
    lead_ins = raw.get("process_lead_ins", "")
    first_person = [
        *raw["directive_report"],
        *raw.get("joint_report", []),
        *raw.get("reported_instructions", []),
        _ASKED_AT.pattern,
    ]
    return Phrases(
        report=_compile(raw["directive_report"], terms),
        joint=_compile(raw.get("joint_report", []), terms),
        leading=_compile(raw["leading_questions"], terms),
        instructions=_compile(raw["instructions"], terms),
        reported=_compile(raw.get("reported_instructions", []), terms),
        negation=_compile(raw["negation"], terms, r"(?:{})[^.;:!?,]{{0,12}}$"),
        reflection=_compile(raw["reflection"], terms),
        permission=_compile(raw["permission"], terms),
        mentoring=_compile(raw["mentoring"], terms),
        coaching=_compile(raw["coaching"], terms),
        process=_compile(raw["process_moves"], terms, rf"^\s*{lead_ins}(?:{{}})"),
        trigger=_union(first_person, terms),
        gate=_gate(first_person[:-1], extra=("asked",)),  # the last is _ASKED_AT
        prefilter=_prefilter(first_person[:-1], terms, after_i=_ASKED_AT_AFTER_I),
    )


def _normalise(text: str) -> str:
    # Same length, so offsets hold: curly apostrophes read as straight ones.
    return text.replace("’", "'").replace("‘", "'")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted stretches of ``text`` (curly or straight, double or single quotes)."""
    spans: list[tuple[int, int]] = []
    for mark, pattern in _QUOTES:
        if mark not in text:
            continue
        for m in pattern.finditer(text):
            if not any(s <= m.start() < e for s, e in spans):
                spans.append((m.start(), m.end()))
    return sorted(spans)


def sentence_spans(text: str, quotes: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text`` as (start, end); a full stop inside a quotation ends none."""
    quotes = quote_spans(text) if quotes is None else quotes
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.start() + 1  # after the full stop
        if any(s < end < e for s, e in quotes):
            continue
        spans.append((start, end))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
    return next(((s, e) for s, e in spans if s <= pos < e), None)


def _speaker(text: str, quote: tuple[int, int], sentence: tuple[int, int]) -> str | None:
    """ "coach", "other" or None: who speaks the quotation, from the words around it."""
    before = re.split(r"[.!?]\s", text[max(0, quote[0] - 90) : quote[0]])[-1]
    after = re.split(r"[.!?](?:\s|$)", text[quote[1] : quote[1] + 60])[0]
    if _CITED_AFTER.match(after):
        return "other"  # a quotation from the literature: (Whitmore, 2017, p. 4)
    if _OTHER_AFTER.match(after) and not _COACH_AFTER.match(after):
        return "other"
    if _COACH_AFTER.match(after):
        return "coach"
    coach = _COACH_BEFORE.search(before)
    other = _OTHER_BEFORE.search(before)
    if coach and other:
        return "coach" if coach.start() > other.start() else "other"
    if coach or _ASKED.search(before):
        return "coach"
    return "other" if other else None


class _Context:
    """What the safeguards need to know about a paragraph; sentences found on demand."""

    def __init__(self, text: str, norm: str, quotes: list[tuple[int, int]], phrases: Phrases):
        self.text, self.norm, self.quotes, self.phrases = text, norm, quotes, phrases
        self._sentences: list[tuple[int, int]] | None = None
        self._mentoring_paragraph: bool | None = None

    @property
    def sentences(self) -> list[tuple[int, int]]:
        if self._sentences is None:
            self._sentences = sentence_spans(self.text, self.quotes)
        return self._sentences

    def sentence(self, pos: int) -> tuple[int, int]:
        return _inside(pos, self.sentences) or (0, len(self.text))

    def reflective(self, pos: int) -> bool:
        s, e = self.sentence(pos)
        return bool(self.phrases.reflection.search(self.norm, s, e))

    def negated(self, pos: int) -> bool:
        s, _ = self.sentence(pos)
        return bool(self.phrases.negation.search(self.norm[s:pos]))

    def permitted(self, pos: int) -> bool:
        """A permission cue in this sentence or the one before."""
        s, e = self.sentence(pos)
        n = self.sentences.index((s, e)) if (s, e) in self.sentences else 0
        lo = self.sentences[n - 1][0] if n > 0 else s
        return bool(self.phrases.permission.search(self.norm, lo, e))

    def mentoring(self, pos: int) -> bool:
        s, e = self.sentence(pos)
        here = self.norm[s:e]
        if self.phrases.mentoring.search(here):
            return not self.phrases.coaching.search(here)
        if self._mentoring_paragraph is None:
            self._mentoring_paragraph = bool(self.phrases.mentoring.search(self.norm)) and not (
                self.phrases.coaching.search(self.norm)
            )
        return self._mentoring_paragraph and not self.phrases.coaching.search(here)


def _hit(ctx: _Context, code: str, start: int, end: int, severity=Severity.INFO, reason=""):
    return DirectiveHit(code, start, end, ctx.text[start:end], severity, reason)


def _reports(ctx: _Context, starts: list[int]) -> list[DirectiveHit]:
    """DR500: first-person reports of directing, with every safeguard applied."""
    hits: list[DirectiveHit] = []
    p = ctx.phrases
    for pos in starts:
        for pattern, joint in ((p.report, False), (p.joint, True)):
            m = pattern.match(ctx.norm, pos)
            if m is None:
                continue
            start, end = m.start(), m.end()
            if _inside(start, ctx.quotes) or ctx.negated(start) or ctx.reflective(start):
                break
            _, e = ctx.sentence(start)
            if p.process.match(ctx.norm[end:e]):
                break  # "I suggested she take a moment to reflect"
            severity, reason = Severity.WARNING, ""
            if joint:
                severity, reason = Severity.INFO, "joint"
            elif ctx.mentoring(start):
                severity, reason = Severity.INFO, "mentoring"
            elif ctx.permitted(start):
                severity, reason = Severity.INFO, "permission"
            hits.append(_hit(ctx, "DR500", start, end, severity, reason))
            break
    return hits


def _speech(ctx: _Context, starts: list[int]) -> list[DirectiveHit]:
    """DR501 and DR502: leading questions and instructions in the coach's own speech."""
    hits: list[DirectiveHit] = []
    p = ctx.phrases
    for s, e in ctx.quotes:
        if _speaker(ctx.text, (s, e), ctx.sentence(s)) != "coach" or ctx.reflective(s):
            continue
        for code, pattern in (("DR501", p.leading), ("DR502", p.instructions)):
            hits.extend(
                _hit(ctx, code, m.start(), m.end()) for m in pattern.finditer(ctx.norm, s, e)
            )
    for pos in starts:
        if _inside(pos, ctx.quotes):
            continue
        asked = _ASKED_AT.match(ctx.norm, pos)
        if asked is not None:
            # Unquoted: "I asked her, have you thought about ...?"
            m = p.leading.match(ctx.norm, asked.end())
            if m is not None and not ctx.reflective(pos):
                hits.append(_hit(ctx, "DR501", m.start(), m.end()))
            continue
        m = p.reported.match(ctx.norm, pos)
        if m is not None and not (ctx.negated(pos) or ctx.reflective(pos)):
            hits.append(_hit(ctx, "DR502", m.start(), m.end()))
    return hits


def _nothing_to_find(norm: str, phrases: Phrases) -> bool:
    """True when no phrase can be found in the (normalised) text, from one search: it is
    ASCII (where lower() is what re.I does) with no quotation mark, so only a first-person
    phrase could be found, and the prefilter finds no place one can start."""
    prefilter = phrases.prefilter
    return (
        prefilter is not None
        and norm.isascii()
        and "'" not in norm
        and '"' not in norm
        and prefilter.search(norm.lower()) is None
    )


def may_be_directive(text: str) -> bool:
    """False when ``scan_directive(text)`` is sure to find nothing (one search; most log
    cells). Cells joined with NUL can be tried at once: no pattern of the test matches
    across a NUL or needs the end of a cell, so False for the joined text is False for
    every cell of it."""
    if not text.isascii():
        # Its normalised form is not ASCII either, or holds a "'" for a curly quotation
        # mark: _nothing_to_find would say False. An ASCII text is its normalised form.
        return True
    return not _nothing_to_find(text, load_phrases())


def scan_directive(text: str, phrases: Phrases | None = None) -> list[DirectiveHit]:
    """Every directive phrase in ``text`` with its severity and the reason for it."""
    norm = _normalise(text)
    phrases = phrases or load_phrases()
    if _nothing_to_find(norm, phrases):
        return []  # one search ends most log cells
    prefilter = phrases.prefilter if norm.isascii() else None  # ASCII: lower() is re.I
    starts = _first_person(norm)
    if not starts:
        return []  # no "I" or "my": no report, and no speech the coach is said to utter
    quotes = quote_spans(text)
    if not quotes:
        # Both tests are needed by any phrase. At each "I" or "my", the prefilter, then
        # the merged regex, cost under 1 us a place, against 2 us for the verb gate over
        # the whole text, so they go first.
        places = starts
        if prefilter is not None:
            lower = norm.lower()
            places = [pos for pos in starts if prefilter.match(lower, pos)]
        if not any(phrases.trigger.match(norm, pos) for pos in places):
            return []  # no phrase starts at any "I" or "my"
        if phrases.gate is not None and not _any_word(norm.lower(), phrases.gate):
            return []  # none of the verbs the phrases turn on
    ctx = _Context(text, norm, quotes, phrases)
    hits = _reports(ctx, starts) + _speech(ctx, starts)
    # One finding per stretch of text: a reported instruction that is also a report.
    out: list[DirectiveHit] = []
    for h in sorted(hits, key=lambda h: (h.start, h.code)):
        if not any(o.start <= h.start < o.end for o in out):
            out.append(h)
    return out


def find_directive(text: str) -> list[tuple[str, int, int, str, Severity]]:
    """``[(code, start, end, matched_text, severity)]`` for ``text`` (LG612 uses this)."""
    return [(h.code, h.start, h.end, h.text, h.severity) for h in scan_directive(text)]
