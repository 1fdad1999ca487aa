"""The directive engine's fast paths against its plain path.

LG612 runs the engine on every text cell of a log, so the engine skips work: a merged
regex for the first-person phrases, a case-sensitive prefilter over the lower-cased text
that ends most cells in one search, and no quotation search in a text without quotation
marks. Each must find exactly what the phrase lists find without it, on the RULES.md
safeguard traps, the DR and LG rule cases and generated sentences.
"""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.analysis import directive as d
from linter.analysis.text import top_level_bar

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

CASES = Path(__file__).parent / "cases"

# RULES.md: a phrase for each rule, then every safeguard's trap (must not fire, or softer).
TRAPS = [
    "I suggested she speak to her line manager about the issue.",
    "I advised him to apply for the secondment before the deadline.",
    "I told him to stop apologising for his team's results.",
    "I recommended that she read up on delegation.",
    "I gave her my advice on how to handle the budget meeting.",
    "I instructed the coachee to draft an email to the director.",
    "I steered her towards the leadership programme.",
    "My advice was to wait until after the restructure.",
    "I proposed that she ask for a secondment.",
    'I asked, "Have you thought about talking to HR?"',
    "I asked her, have you tried asking your manager?",
    'I said, "You should speak to her first."',
    "I told her that she should speak to him first.",
    "I did not advise her; I asked what she thought would help.",
    "I resisted suggesting an answer.",
    "I never told him what to do, even when he asked.",
    "If I suggested a solution, she would simply accept it.",
    "Had I advised him to resign, the decision would not have been his.",
    "I noticed I was tempted to advise her to resign.",
    "I caught myself about to suggest she resign.",
    "Next time I will not suggest she call him.",
    "Rather than advising him to delegate, I asked what he could hand over.",
    "She suggested she speak to her line manager.",
    "The coachee recommended that we meet weekly.",
    "She said, 'I suggested he take the job, but he refused.'",
    '"You should always listen first" (Whitmore, 2017, p. 4).',
    "I suggested we take a break.",
    "I proposed we recap what we had agreed.",
    "I encouraged her to reflect on the meeting.",
    "I told him the sessions were confidential.",
    "She asked for my view, so with her permission I shared my suggestion.",
    "As his mentor, I advised him to apply.",
    "Mentoring is advisory: the mentor may suggest options.",
    "I suggested we look at her career options.",
    "I then gently suggested that Sarah speak to Client B first.",
    "i suggested she go. MY ADVICE WAS TO WAIT. I  told him to go.",
    "Goal: promotion. I suggested she update her CV. She asked, 'Have you tried this?'",
    "I noticed that I held the silence well and the coachee found her own options.",
    "I asked open questions and she led the discussion; I made a note.",
    "I made two suggestions to her and I said that she should rest.",
    "“I told him to go,” she said. I told him to go.",
    "I ſuggested she go; İ told him to go; I asKed, have you tried it?",
    "economy: I said, army—my advice was 'wait'.",
    "As above",
    "GROW",
    "",
]

FRAGMENTS = [
    "I", "i", "my", "My", "MY", "I then gently", "I also", "she", "he", "they", "her", "him",
    "the coachee", "Sarah", "Client B", "C2", "we", "to", "that", "suggested", "advised",
    "told", "recommended", "proposed", "gave", "offered", "shared", "steered", "nudged",
    "insisted", "made", "said", "reminded", "asked", "asked her,", "advice", "was", "my view",
    "suggestions", "a book", "reading", "towards", "take a break", "recap", "should",
    "needed to", "not", "never", "if", "tempted to", "next time I will", "with her permission",
    "as her mentor", "mentee", "Have you tried", "you should", "?", ".", ",", ";", "'", '"',
    "’", "‘", "“", "”", "(Whitmore, 2017)", "-", "myself", "taxi", "ſ", "İ", "\t", "\n",
]  # fmt: skip


def _case_lines() -> list[str]:
    lines = []
    for name in ("DR.toml", "LG.toml"):
        for case in tomllib.loads((CASES / name).read_text(encoding="utf-8"))["case"]:
            for key in ("doc", "xlsx"):
                if isinstance(case.get(key), str):
                    for line in case[key].splitlines():
                        lines.append(line)
                        lines.extend(cell.strip() for cell in line.split("|") if cell.strip())
    return lines


def _generated(n: int, seed: int = 4) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(2, 14))) for _ in range(n)]


CORPUS = TRAPS + _case_lines() + _generated(3000)


def _first_person_patterns() -> tuple[list[str], dict[str, str]]:
    raw = tomllib.loads(d.DATA.read_text(encoding="utf-8"))
    patterns = [
        *raw["directive_report"],
        *raw.get("joint_report", []),
        *raw.get("reported_instructions", []),
        d._ASKED_AT.pattern,
    ]
    return patterns, raw.get("terms", {})


@pytest.fixture(scope="module")
def plain() -> d.Phrases:
    """The bundled phrases without the fast paths: each pattern alone, no prefilter."""
    patterns, terms = _first_person_patterns()
    return dataclasses.replace(
        d.load_phrases(), trigger=d._compile(patterns, terms), prefilter=None
    )


def _hits(text: str, phrases: d.Phrases | None = None) -> list[tuple]:
    return [dataclasses.astuple(h) for h in d.scan_directive(text, phrases)]


def test_the_corpus_has_findings_and_traps(plain: d.Phrases) -> None:
    found = sum(bool(_hits(t, plain)) for t in CORPUS)
    assert 50 < found < len(CORPUS) - 50


def test_fast_paths_find_what_the_plain_path_finds(plain: d.Phrases) -> None:
    for text in CORPUS:
        assert _hits(text) == _hits(text, plain), text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=20), st.text(max_size=20))
def test_fast_paths_on_generated_text(words: list[str], noise: str) -> None:
    phrases = dataclasses.replace(
        d.load_phrases(), trigger=d._compile(*_first_person_patterns()), prefilter=None
    )
    text = " ".join(words) + noise
    assert _hits(text) == _hits(text, phrases)


def test_merged_trigger_matches_where_a_pattern_does(plain: d.Phrases) -> None:
    fast = d.load_phrases().trigger
    places = 0
    for text in CORPUS:
        norm = d._normalise(text)
        for pos in d._first_person(norm):
            places += 1
            assert bool(fast.match(norm, pos)) == bool(plain.trigger.match(norm, pos)), text
    assert places > 1000


def test_prefilter_matches_wherever_a_phrase_starts(plain: d.Phrases) -> None:
    prefilter = d.load_phrases().prefilter
    assert prefilter is not None
    matched = 0
    for text in CORPUS:
        norm = d._normalise(text)
        if not norm.isascii():
            continue  # not used there: lower() is not what re.I does beyond ASCII
        lower = norm.lower()
        for pos in d._first_person(norm):
            if plain.trigger.match(norm, pos):
                matched += 1
                assert prefilter.match(lower, pos), (text, pos)
                assert prefilter.search(lower) is not None
    assert matched > 100


def test_prefilter_passes_few_plain_reflections() -> None:
    prefilter = d.load_phrases().prefilter
    text = "I noticed that I held the silence well; next time I will contract more clearly."
    assert prefilter.search(text.lower()) is None
    assert prefilter.search("taxi told me".lower()) is None  # "i" inside a word
    assert prefilter.search("economy".lower()) is None


@pytest.mark.parametrize(
    "pattern",
    [
        "\\bI {adv}suggests?\\b",  # the word may end sooner: "suggest"
        "\\bI {adv}told|\\bwe agreed",  # an alternation at the top level
        "(?:we|I) {adv}told\\b",  # no first word to read
        "\\bmy?\\b",
    ],
)
def test_prefilter_gives_up_on_a_hidden_first_word(pattern: str) -> None:
    _, terms = _first_person_patterns()
    assert d._prefilter([pattern], terms, after_i="") is None
    assert d._prefilter(["\\bI {adv}told {obj} to\\b"], terms, after_i="") is not None


def test_a_centre_phrase_is_found_through_the_fast_paths(tmp_path: Path) -> None:
    custom = tmp_path / "directive.toml"
    raw = d.DATA.read_text(encoding="utf-8").replace(
        "directive_report = [",
        'directive_report = [\n  "\\\\bI {adv}urged {obj} into\\\\b",\n  "\\\\bmy counsel was\\\\b",',
        1,
    )
    custom.write_text(raw, encoding="utf-8")
    phrases = d.load_phrases(custom)
    assert phrases.prefilter is not None
    for text in ("I urged her into applying for the post.", "My counsel was to wait."):
        assert d.scan_directive(text) == []
        (hit,) = d.scan_directive(text, phrases)
        assert hit.code == "DR500"


@pytest.mark.parametrize(
    ("pattern", "bar"),
    [
        ("a|b", True),
        ("(?:a|b)c", False),
        ("[|]a", False),
        ("[]|]a", False),
        ("\\|a", False),
        ("(a(b|c))|d", True),
        ("(?-i:[A-Z]|x)", False),
    ],
)
def test_top_level_bar(pattern: str, bar: bool) -> None:
    assert top_level_bar(pattern) is bar


def test_union_keeps_whole_what_it_cannot_split() -> None:
    terms = {"adv": "(?:(?:then|also)\\s+)*"}
    patterns = ["\\bI {adv}told|\\bwe said", "\\bI {adv}(\\w)\\1x", "\\bI {adv}urged\\b", "\\bmy x"]
    merged, plain = d._union(patterns, terms), d._compile(patterns, terms)
    for text in ["I told", "we said", "I then aax", "I also urged", "my x", "I said", "I abx"]:
        for pos in range(len(text)):
            assert bool(merged.match(text, pos)) == bool(plain.match(text, pos)), (text, pos)


def test_quotation_search_skipped_only_without_its_mark() -> None:
    def every_pattern(text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for _, pattern in d._QUOTES:
            for m in pattern.finditer(text):
                if not any(s <= m.start() < e for s, e in spans):
                    spans.append((m.start(), m.end()))
        return sorted(spans)

    for text in CORPUS:
        assert d.quote_spans(text) == every_pattern(text), text
    # each pattern's first character is its mark, which the skip tests for
    assert all(pattern.pattern.lstrip("\\").startswith(mark) for mark, pattern in d._QUOTES)


def test_may_be_directive_is_false_only_where_nothing_is_found() -> None:
    rng = random.Random(9)
    ruled_out = 0
    phrases = d.load_phrases()
    for text in CORPUS:
        # the ASCII shortcut answers as the engine's own first test does
        assert d.may_be_directive(text) is not d._nothing_to_find(d._normalise(text), phrases)
        if not d.may_be_directive(text):
            ruled_out += 1
            assert d.scan_directive(text) == [], text
    # a log row's cells joined with NUL: ruled out together only if each is
    rows = [rng.sample(CORPUS, rng.randint(1, 5)) for _ in range(3000)]
    rows_out = 0
    for cells in rows:
        if not d.may_be_directive("\0".join(cells)):
            rows_out += 1
            assert all(d.scan_directive(cell) == [] for cell in cells), cells
    assert ruled_out > 500 and rows_out > 100
