"""Spelling and grammar (GR700, GR701): the engine layer with harper running for real,
the American-spelling map, masking, the lexicon, the per-paragraph cache, and the rules
through the real lint entry point."""

from __future__ import annotations

import pytest
from docbuilder import build_docx

from linter.analysis.context import LintOptions
from linter.api import lint_bytes
from linter.config import Config
from linter.grammar import (
    SPELLING,
    CachedEngine,
    Engine,
    Lexicon,
    Match,
    check_paragraphs,
    default_lexicon,
    get_engine,
)
from linter.grammar.american import american_matches, british_form
from linter.grammar.harper_engine import HarperEngine, shared_linter
from linter.grammar.masking import prose_masks, reference_surnames, surnames_in


def flagged(text: str, lexicon: Lexicon | None = None) -> list[Match]:
    return check_paragraphs(get_engine("harper"), [(0, text)], lexicon=lexicon)


def flagged_words(text: str, lexicon: Lexicon | None = None) -> list[str]:
    return [m.text for m in flagged(text, lexicon)]


# -- harper, for real --------------------------------------------------------------


def test_harper_finds_planted_misspellings_with_offsets_and_suggestions() -> None:
    text = "I recieved feedback from my collegue after the session."
    found = flagged(text)
    assert [m.text for m in found] == ["recieved", "collegue"]
    first = found[0]
    assert (first.start, first.end) == (2, 10)
    assert text[first.start : first.end] == "recieved"
    assert first.kind == SPELLING
    assert first.suggestions[0] == "received"
    assert len(first.suggestions) <= 3


def test_harper_is_british() -> None:
    assert flagged_words("The colour of the organisation's behaviour was analysed.") == []
    assert "behavior" in flagged_words("His behavior in the meeting surprised her.")


def test_harper_grammar_matches_are_grammar_kind() -> None:
    found = flagged("I asked what she wanted and and she paused.")
    assert [(m.text, m.kind) for m in found] == [("and and", "grammar")]
    assert found[0].suggestions == ("and",)


def test_one_harper_linter_per_process() -> None:
    assert shared_linter() is shared_linter()
    assert get_engine("harper") is get_engine("harper")


def test_parallel_first_pass_matches_a_single_linter(monkeypatch) -> None:
    paragraphs = [
        f"Paragraph {n}: I recieved feedback and the organization asked what we ment. " * 12
        for n in range(40)
    ]
    items = list(enumerate(paragraphs))
    monkeypatch.setenv("ILM_LINT_GRAMMAR_THREADS", "1")
    serial = sorted(HarperEngine().check(items), key=lambda m: (m.paragraph, m.start))
    monkeypatch.setenv("ILM_LINT_GRAMMAR_THREADS", "3")
    parallel = sorted(HarperEngine().check(items), key=lambda m: (m.paragraph, m.start))
    assert parallel == serial
    assert {m.text for m in serial} == {"recieved", "ment"}
    assert len(serial) == 40 * 12 * 2


def test_offsets_are_code_points_after_astral_characters() -> None:
    text = "Great session 😀 but I recieved no notes."
    (m,) = flagged(text)
    assert text[m.start : m.end] == "recieved"


def test_disabled_house_style_rules_stay_quiet() -> None:
    # Oxford comma, sentence length and lower-case list items are style, not errors.
    text = (
        "coaching, mentoring and supervision each need a contract that covers roles, "
        "boundaries, confidentiality, review points, the sponsor's interests and the way "
        "in which information about the coachee's progress will or will not be shared "
        "with anyone else in the organisation."
    )
    assert flagged_words(text) == []


# -- the coaching lexicon and cited surnames ---------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "My coachee and her mentee used the GROW, OSCAR, CLEAR, TGROW and CIGAR models.",
        "The EMCC, ICF, CIPD and ILM codes all stress contracting.",
        "Kolb, Schön, Hawkins, Whitmore, Clutterbuck, Passmore and Bachkirova agree.",
        "The coachee's goals and the coachees' goals differ from the mentee's.",
        "Hawkins and Shohet's seven-eyed model and Honey and Mumford's styles helped.",
        "She took MBTI, DISC and Belbin profiles and a 360-degree review.",
        "van Nieuwerburgh and de Haan write about psychometric and neurolinguistic tools.",
    ],
)
def test_domain_words_pass(text: str) -> None:
    assert flagged_words(text) == []


def test_lexicon_is_case_aware() -> None:
    lexicon = default_lexicon()
    assert lexicon.allows("Coachee") and lexicon.allows("coachees'")
    assert lexicon.allows("Kolb’s") and lexicon.allows("KPIs")
    assert not lexicon.allows("kolb")  # a capitalised entry excuses capitalised words only
    assert Lexicon(["Gray"]).allows("Gray") and not Lexicon(["Gray"]).allows("gray")
    assert not Lexicon(["EQ-i"]).allows("i")  # short parts of an entry are not words


def test_cited_surnames_pass_only_when_cited() -> None:
    text = "Zwolinski argues that trust comes first."
    assert flagged_words(text) == ["Zwolinski"]
    lexicon = default_lexicon().merged({"Zwolinski"})
    assert flagged_words(text, lexicon) == []


def test_surnames_from_citations_and_references() -> None:
    assert surnames_in("as Zwolinski (2019) and (Okafor and Lindqvist, 2020) show") == {
        "Zwolinski",
        "Okafor",
        "Lindqvist",
    }
    assert reference_surnames("Okafor, N. and Lindqvist, E. (2020) Trust. London: Sage.") == {
        "Okafor",
        "Lindqvist",
    }
    assert reference_surnames("CIPD (2021) Coaching factsheet.") == {"CIPD"}


def test_names_and_acronyms_mid_sentence_are_not_spelling_mistakes() -> None:
    assert flagged_words("I met the SLT and Ms Okonkwo-Bright at Northbridge.") == []
    # ... but a capitalised word that opens a sentence is still checked
    assert flagged_words("Recieved wisdom says otherwise.") == ["Recieved"]
    assert flagged_words("- Comunication skills matter.") == ["Comunication"]


def test_anonymised_clients_are_not_flagged() -> None:
    text = "Client A (4.5 hours). In session two Client A explored it, and Client B's view."
    assert flagged_words(text) == []


# -- American spellings ------------------------------------------------------------


@pytest.mark.parametrize(
    ("american", "british"),
    [
        ("organization", "organisation"),
        ("Organizational", "Organisational"),
        ("analyze", "analyse"),
        ("paralyzed", "paralysed"),
        ("prioritizing", "prioritising"),
        ("emphasizes", "emphasises"),
        ("counseling", "counselling"),
        ("modeling", "modelling"),
        ("enrollment", "enrolment"),
        ("behavior", "behaviour"),
        ("center", "centre"),
        ("practiced", "practised"),
    ],
)
def test_american_spelling_has_british_form(american: str, british: str) -> None:
    assert british_form(american) == british


@pytest.mark.parametrize(
    "word",
    [
        "size",
        "downsizing",
        "seized",
        "prize",
        "capsized",
        "citizen",
        "Belize",
        "judgment",
        "toward",
        "dialog",
        "analog",
        "meter",
    ],
)
def test_words_right_in_both_englishes_are_not_american(word: str) -> None:
    assert british_form(word) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I will practice active listening.", ["practice"]),
        ("Reflective practice matters.", []),
        ("In practice the model was too linear.", []),
        ("My reflective practise has grown.", ["practise"]),
        ("I practise reflection daily.", []),
        ("She practices coaching with two clients.", ["practices"]),
        ("Ethical practices differ.", []),
        ("The leadership program ran for a year.", ["program"]),
        ("The computer program crashed twice.", []),
        ("She holds a driving license.", ["license"]),
        ("The body may license coaches.", []),
        ("The organization's culture.", ["organization"]),
        ("ORGANIZATION", []),  # an acronym-like shout is left alone
    ],
)
def test_american_context_rules(text: str, expected: list[str]) -> None:
    assert [m.text for m in american_matches([(0, text)])] == expected


def test_american_match_replaces_harpers_own_finding() -> None:
    (m,) = flagged("Her behavior changed.")
    assert m.rule == "american-spelling"
    assert m.suggestions == ("behaviour",)
    assert "American spelling" in m.message


# -- masking: citations, quotations, URLs and e-mails ------------------------------


def _masked(text: str) -> list[str]:
    return [text[s:e] for s, e in prose_masks(text)]


def test_masks_citations_quotes_urls_and_emails() -> None:
    text = (
        'Coaching is non-directive (Whitmorr, 2009) and Kolbb (1984) agrees; she said "I '
        'recieved nothing" (see https://exmaple.com/barz or jo.blogs@exmaple.co.uk).'
    )
    masked = _masked(text)
    assert "(Whitmorr, 2009)" in masked
    assert "Kolbb (1984)" in masked
    assert '"I recieved nothing"' in masked
    assert "https://exmaple.com/barz" in masked
    assert "jo.blogs@exmaple.co.uk" in masked
    assert flagged_words(text) == []


def test_masking_keeps_the_learners_prose() -> None:
    assert _masked("In 2019 I joined (in 2019 we restructured) the coachees' team.") == []
    assert flagged_words("I recieved (Smith, 2009) nothing.") == ["recieved"]


def test_curly_single_quotes_are_quotations_but_apostrophes_are_not() -> None:
    text = "The coachee’s view was ‘we recieve too little’ and that’s fair."
    assert _masked(text) == ["‘we recieve too little’"]
    assert flagged_words(text) == []


# -- the per-paragraph cache -------------------------------------------------------


class Counting(Engine):
    """Harper, counting what it is asked to check."""

    name = "counting"

    def __init__(self) -> None:
        self.inner = HarperEngine()
        self.calls: list[list[str]] = []

    def check(self, items):
        items = list(items)
        self.calls.append([t for _, t in items])
        return self.inner.check(items)


PARAGRAPHS = [
    "I recieved feedback from my coachee.",
    "The organization valued coaching.",
    "We agreed a contract with clear boundaries.",
]


def test_second_check_of_same_text_does_not_call_the_engine() -> None:
    counting = Counting()
    engine = CachedEngine(counting)
    first = engine.check(list(enumerate(PARAGRAPHS)))
    second = engine.check(list(enumerate(PARAGRAPHS)))
    assert len(counting.calls) == 1
    assert first == second
    assert {m.text for m in first} == {"recieved", "organization"}
    assert engine.hits == 3 and engine.misses == 3


def test_changing_one_paragraph_rechecks_only_it() -> None:
    counting = Counting()
    engine = CachedEngine(counting)
    engine.check(list(enumerate(PARAGRAPHS)))
    edited = [*PARAGRAPHS[:2], "We agreed a contract with clear bondaries."]
    found = engine.check(list(enumerate(edited)))
    assert counting.calls[1] == ["We agreed a contract with clear bondaries."]
    assert [(m.paragraph, m.text) for m in found] == [
        (0, "recieved"),
        (1, "organization"),
        (2, "bondaries"),
    ]


def test_cached_matches_follow_the_paragraph_index() -> None:
    counting = Counting()
    engine = CachedEngine(counting)
    engine.check([(0, PARAGRAPHS[0])])
    moved = engine.check([(7, "A new first paragraph."), (8, PARAGRAPHS[0])])
    assert counting.calls[1] == ["A new first paragraph."]
    assert [(m.paragraph, m.text) for m in moved] == [(8, "recieved")]


def test_duplicate_paragraphs_are_checked_once() -> None:
    counting = Counting()
    engine = CachedEngine(counting)
    found = engine.check([(0, PARAGRAPHS[0]), (1, PARAGRAPHS[0])])
    assert counting.calls == [[PARAGRAPHS[0]]]
    assert [m.paragraph for m in found] == [0, 1]


def test_cache_is_bounded() -> None:
    counting = Counting()
    engine = CachedEngine(counting, maxsize=2)
    engine.check(list(enumerate(PARAGRAPHS)))
    assert len(engine) == 2
    engine.check([(0, PARAGRAPHS[0])])  # evicted first, so checked again
    assert counting.calls[-1] == [PARAGRAPHS[0]]


# -- the rules, through the real lint entry point ----------------------------------

AC_WORDING = (
    "Critically compare the strategic purposes of coaching and mentoring at an executive "
    "or senior level"
)
DOC = f"""
Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level
## 1.1 {AC_WORDING}
I recieved useful feedback from the organization about my coachee's progress, and the GROW model (Whitmore, 2017) gave our sessions a clear shape.
Okonkwo-Bright (2020) argues that trust comes first; Zwolinski and Kolb (1984) see reflection as the engine of learning.
> Coaching is unlocking a persons potential to maximize there own performance.
The coachee said "I dont think it matters" and we explored that together.
The coachee were keen to explore her options, and and we agreed a plan.
# References
Okonkwo-Bright, A. (2020) Trust in coachign. London: Sage.
Whitmore, J. (2017) Coaching for performance. 5th edn. London: Nicholas Brealey.
Zwolinski, P. (2019) Reflektion and practise. Leeds: Unpublishd Press.
"""


@pytest.fixture(scope="module")
def harper_result():
    options = LintOptions(config=Config(grammar="harper"), unit="8589-700")
    return lint_bytes(build_docx(DOC), "grammar.docx", options)


def _gr(result, code: str):
    return [f for f in result.findings if f.rule == code]


def test_gr700_finds_misspellings_and_american_spellings(harper_result) -> None:
    texts = [f.location.text for f in _gr(harper_result, "GR700")]
    assert texts == ["recieved", "organization"]


def test_gr700_findings_carry_offsets_text_and_suggestions(harper_result) -> None:
    first = _gr(harper_result, "GR700")[0]
    loc = first.location
    assert loc.section == "1.1"
    assert loc.paragraph == 2  # 0: unit line, 1: the AC heading
    assert (loc.start, loc.end, loc.text) == (2, 10, "recieved")
    assert first.suggestions[0] == "received"
    assert first.severity.value == "info"
    assert first.to_dict()["suggestions"][0] == "received"


def test_gr701_finds_grammar_in_own_prose(harper_result) -> None:
    texts = [f.location.text for f in _gr(harper_result, "GR701")]
    assert "and and" in texts
    assert all(f.severity.value == "info" for f in _gr(harper_result, "GR701"))


def test_gr_skips_headings_citations_quotations_and_references(harper_result) -> None:
    flagged_text = {f.location.text for f in harper_result.findings if f.rule.startswith("GR")}
    # cited surnames, the block quotation, the quoted speech and the reference list
    for word in (
        "Okonkwo",
        "Zwolinski",
        "Kolb",
        "Whitmore",
        "maximize",
        "there",
        "dont",
        "coachign",
        "Reflektion",
        "Unpublishd",
        "GROW",
        "coachee's",
    ):
        assert not any(word in t for t in flagged_text), word
    paragraphs = {f.location.paragraph for f in harper_result.findings if f.rule.startswith("GR")}
    assert 1 not in paragraphs  # the heading that repeats the AC wording


def test_cover_page_fields_are_not_prose() -> None:
    doc = """
| Learner name | Amira Okafor |
| Centre | Northbridge Leadership Academy |
## 1.1 Critically compare the strategic purposes of coaching and mentoring at an executive or senior level
I recieved feedback from Amira's colleagues.
"""
    options = LintOptions(config=Config(grammar="harper"), unit="8589-700")
    result = lint_bytes(build_docx(doc), "cover.docx", options)
    assert [f.location.text for f in _gr(result, "GR700")] == ["recieved"]


def test_an_engine_failure_is_a_notice_not_a_crash(monkeypatch) -> None:
    def broken(self, items):
        raise RuntimeError("harper fell over")

    monkeypatch.delenv("ILM_LINT_DEBUG", raising=False)
    monkeypatch.setattr(HarperEngine, "check", broken)
    get_engine("harper").clear()
    options = LintOptions(config=Config(grammar="harper"), unit="8589-700")
    result = lint_bytes(build_docx(DOC), "grammar.docx", options)
    assert not _gr(result, "GR700")
    (notice,) = result.extra["notices"]
    assert notice.startswith("the harper grammar engine failed on this document (RuntimeError)")


def test_grammar_off_gives_no_gr_findings() -> None:
    options = LintOptions(config=Config(grammar="off"), unit="8589-700")
    result = lint_bytes(build_docx(DOC), "grammar.docx", options)
    assert not [f for f in result.findings if f.rule.startswith("GR")]
    assert "notices" not in result.extra or not result.extra["notices"]


def test_grammar_option_overrides_config() -> None:
    options = LintOptions(config=Config(grammar="off"), unit="8589-700", grammar="harper")
    result = lint_bytes(build_docx(DOC), "grammar.docx", options)
    assert _gr(result, "GR700")
