"""The in-text citation parser: every form RULES.md and issue 3 list, and the traps."""

from __future__ import annotations

import pytest
from docbuilder import build_docx
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.analysis.citations import cited_surnames, document_citations, find_citations
from linter.analysis.context import AssignmentContext, LintOptions
from linter.readers.container import open_package
from linter.readers.docx_reader import read_docx


def labels(text: str) -> list[str]:
    out = []
    for c in find_citations(text):
        label = c.source.label
        if c.secondary is not None:
            label += f" via {c.secondary.label}"
        out.append(label)
    return out


FORMS = [
    ("Whitmore (2002) argues", ["Whitmore (2002)"]),
    ("as shown (Whitmore, 2002).", ["Whitmore (2002)"]),
    ("(Whitmore 2002)", ["Whitmore (2002)"]),
    ("(Hawkins and Smith, 2006)", ["Hawkins and Smith (2006)"]),
    ("(Hawkins & Smith, 2006)", ["Hawkins and Smith (2006)"]),
    ("Hawkins and Smith (2006) describe", ["Hawkins and Smith (2006)"]),
    ("(Garvey, Stokes and Megginson, 2018)", ["Garvey, Stokes and Megginson (2018)"]),
    ("(Passmore et al., 2013)", ["Passmore et al. (2013)"]),
    ("Passmore et al. (2013) found", ["Passmore et al. (2013)"]),
    ("Hawkins et al (2019) list", ["Hawkins et al. (2019)"]),
    ("(CIPD, 2021)", ["CIPD (2021)"]),
    ("The CIPD (2021) survey", ["CIPD (2021)"]),
    ("(Association for Coaching, 2019)", ["Association for Coaching (2019)"]),
    ("(Covey, 2020, p. 12)", ["Covey (2020)"]),
    ("Kolb (1984: 21)", ["Kolb (1984)"]),
    ("(Starr, 2016, pp. 88-90)", ["Starr (2016)"]),
    ("(Kolb, 1984; Schön, 1983)", ["Kolb (1984)", "Schön (1983)"]),
    ("(e.g. Kolb, 1984; see also Schön, 1983)", ["Kolb (1984)", "Schön (1983)"]),
    ("(Downey, n.d.)", ["Downey (n.d.)"]),
    ("(Downey, no date)", ["Downey (n.d.)"]),
    ("Downey (n.d.) says", ["Downey (n.d.)"]),
    ("(Clutterbuck, 2014a)", ["Clutterbuck (2014a)"]),
    ("(Clutterbuck, 2014a, b)", ["Clutterbuck (2014a)", "Clutterbuck (2014b)"]),
    ("(Whitmore, 2002, 2017)", ["Whitmore (2002)", "Whitmore (2017)"]),
    ("(Whitmore, 2002; 2017)", ["Whitmore (2002)", "Whitmore (2017)"]),
    (
        "Downey (2014, cited in Passmore, 2021) says",
        ["Downey (2014) via Passmore (2021)"],
    ),
    (
        "(Downey, 2014, cited in Passmore, 2021)",
        ["Downey (2014) via Passmore (2021)"],
    ),
    (
        "(Gallwey 1974, as cited in Whitmore 2017, p. 5)",
        ["Gallwey (1974) via Whitmore (2017)"],
    ),
    ("van Nieuwerburgh (2017) notes", ["van Nieuwerburgh (2017)"]),
    ("de Haan (2008) and De Haan (2008)", ["de Haan (2008)", "De Haan (2008)"]),
    ("O'Connor (2019) and (O’Connor, 2019)", ["O'Connor (2019)", "O’Connor (2019)"]),
    ("Garvey-Berger (2012)", ["Garvey-Berger (2012)"]),
    ("(D'Souza, 2010)", ["D'Souza (2010)"]),
    ("Østergaard (2015) and Schön (1983)", ["Østergaard (2015)", "Schön (1983)"]),
    ("Starr's (2016) model", ["Starr (2016)"]),
    ("Starr’s (2016) model", ["Starr (2016)"]),
    ("Jones' (2010) view", ["Jones (2010)"]),
    ("However, Whitmore (2002) says", ["Whitmore (2002)"]),
    ("As Hawkins and Smith (2006) argue", ["Hawkins and Smith (2006)"]),
    ("See Kline (1999) on attention", ["Kline (1999)"]),
    ("RAM Model (McGurk, 2011)", ["McGurk (2011)"]),
    ("OSCAR (McLeod, 2003 — Outcome, Situation)", ["McLeod (2003)"]),
    ("(Whitmore, 2002 and Downey, 2014)", ["Whitmore (2002)", "Downey (2014)"]),
    ("(Kline, in press)", ["Kline (in press)"]),
    (
        "(for a review, see Passmore and Fillery-Travis, 2011)",
        ["Passmore and Fillery-Travis (2011)"],
    ),
    ("(as argued by Whitmore, 2017)", ["Whitmore (2017)"]),
    ("(a point made by van Nieuwerburgh, 2017, p. 9)", ["van Nieuwerburgh (2017)"]),
    ("(Whitmore, 2002, and Downey, 2014)", ["Whitmore (2002)", "Downey (2014)"]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_citation_forms(text: str, expected: list[str]) -> None:
    assert labels(text) == expected


TRAPS = [
    "Section 2 (2020 report)",
    "in 2019 (the year we restructured)",
    "Unit 701 (2018)",
    "1500 units (2019)",
    "1500 Units (2019)",
    "Whitmore (12)",
    "Whitmore (p. 12)",
    "GROW (Goal, Reality, Options, Will)",
    "In January (2021)",
    "(see Appendix 2)",
    "(Client A, 2021)",
    "(Section 3, 2019)",
    "Level 7 (2011)",
    "COVID-19 (2020)",
    "the survey (2019)",
    "(from 2018 to 2020)",
    "(n = 2019)",
    "Kirkpatrick's Evaluation Model (1959)",
    "The EMCC Global Code of Ethics (2016)",
    "Smith. (2002)",
    "(2002)",
    "(Whitmore, 2002 argues that)",
    "Unit 8589-700 (2018 version)",
    "(in a 2019 survey of 500 managers)",
    "(the ILM 2019 report)",
]


@pytest.mark.parametrize("text", TRAPS)
def test_not_citations(text: str) -> None:
    assert find_citations(text) == []


def test_offsets_and_text() -> None:
    text = "Coaching (Whitmore, 2017) works; Starr's (2016) model and Kolb (1984: 21) agree."
    cites = find_citations(text)
    assert [text[c.start : c.end] for c in cites] == [c.text for c in cites]
    assert [c.text for c in cites] == ["(Whitmore, 2017)", "Starr's (2016)", "Kolb (1984: 21)"]
    assert [c.narrative for c in cites] == [False, True, True]
    assert cites[2].page == "21"


def test_several_works_in_one_bracket_share_its_span() -> None:
    text = "as argued (Kolb, 1984; Schön, 1983)."
    a, b = find_citations(text)
    assert (a.start, a.end) == (b.start, b.end) == (10, 35)


def test_key_and_listed_source() -> None:
    (c,) = find_citations("Downey (2014, cited in Passmore, 2021)")
    assert c.source.key == ("downey", "2014", "")
    assert c.listed.key == ("passmore", "2021", "")
    (d,) = find_citations("(Clutterbuck, 2014a)")
    assert d.source.key == ("clutterbuck", "2014", "a")


def test_cited_surnames_for_the_spelling_check() -> None:
    cites = find_citations("van Nieuwerburgh (2017), (Garvey-Berger, 2012) and Schön (1983)")
    assert {"Nieuwerburgh", "van", "Garvey", "Berger", "Schön"} <= cited_surnames(cites)


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("Ab (),;.&'’-19 2 0 nd p Whitmore et al cited in")),
        max_size=120,
    )
)
def test_any_text_parses_without_error(text: str) -> None:
    for c in find_citations(text):
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.text


def _context(spec: str) -> AssignmentContext:
    document = read_docx(open_package(build_docx(spec), "t.docx"))
    return AssignmentContext(document, None, LintOptions())


def test_document_citations_where_they_count() -> None:
    ctx = _context(
        "# Discussion\n"
        "Coaching raises awareness (Whitmore, 2017).[^See Kline (1999, p. 4).]\n"
        "What the Assessor is looking for: (Hawkins et al., 2019)\n"
        "| Method | Source |\n"
        "| Workshops | Revans (2011) |\n"
        "# References\n"
        "Jones, A. (2019) A review of coaching (Smith, 2010) revisited. London: Sage.\n"
    )
    found = document_citations(ctx)
    assert [c.source.label for c in found] == ["Whitmore (2017)", "Revans (2011)", "Kline (1999)"]
    whitmore, revans, kline = found
    assert whitmore.paragraph == 1 and whitmore.note is None
    assert revans.paragraph is not None and ctx.document.paragraphs[revans.paragraph].cell
    assert kline.paragraph is None and kline.note == 0 and kline.where == 1
    assert document_citations(ctx) is ctx.citations  # computed once per document


_PIECES = [
    "Whitmore", "Hawkins", "Smith", "Schön", "van", "de", "of", "for", "the", "and", "et al.",
    "However", "In", "January", "Unit", "Model", "Kirkpatrick's", "by", "shared", "e.g.",
    "701", "2019", ",", ".", ";", "&", "-", "(2017)", "(2017a)", "(Cox, 2013)", "(Kolb, 1984; Schön, 1983)",
    "(n.d.)", "(12)", "(Client, 2019)", "(2019 report)", "\n", "\t", "  ", "(", ")", "Starr's",
    "O'Connor", "Garvey-Berger", "(Whitmore, 2002, cited in Downey, 2014)", ":",
]  # fmt: skip


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14), st.sampled_from([" ", ""]))
def test_the_shortcut_agrees_with_the_full_parse(pieces: list[str], glue: str) -> None:
    text = glue.join(pieces) if glue else " ".join(pieces).replace(" (", "(")

    def seen(cites):
        return [(c.source, c.start, c.end, c.text, c.narrative, c.page, c.secondary) for c in cites]

    assert seen(find_citations(text)) == seen(find_citations(text, fast=False))
