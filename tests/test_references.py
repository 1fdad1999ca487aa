"""The reference-list parser: splitting, keys, kinds, Harvard shape and the cross-check."""

from __future__ import annotations

import pytest
from docbuilder import build_docx

from linter.analysis.citations import find_citations
from linter.analysis.context import AssignmentContext, LintOptions
from linter.analysis.references import parse_entry, parse_reference_list, starts_entry
from linter.readers.container import open_package
from linter.readers.docx_reader import read_docx

ENTRIES = [
    # text, label, kind
    (
        "Whitmore, J. (2017) Coaching for performance. 5th edn. London: Nicholas Brealey.",
        "Whitmore (2017)",
        "book",
    ),
    (
        "Hawkins, P. and Smith, N. (2013) Coaching, mentoring and organizational consultancy. "
        "2nd edn. Maidenhead: Open University Press.",
        "Hawkins (2013)",
        "book",
    ),
    (
        "Passmore, J. and Fillery-Travis, A. (2011) 'A critical review of executive coaching "
        "research', Coaching: An International Journal of Theory, Research and Practice, 4(2), "
        "pp. 70-88.",
        "Passmore (2011)",
        "journal",
    ),
    (
        "Hawkins, P. (2012) 'Supervision in coaching', in Passmore, J. (ed.) Excellence in "
        "coaching. London: Kogan Page, pp. 12-30.",
        "Hawkins (2012)",
        "chapter",
    ),
    (
        "Mind Tools (2022) The GROW model. Available at: https://www.mindtools.com/grow "
        "(Accessed: 3 March 2026).",
        "Mind Tools (2022)",
        "web",
    ),
    (
        "CIPD (2021) Learning at work survey report. London: CIPD.",
        "CIPD (2021)",
        "report",
    ),
    (
        "Clutterbuck, D. (2014a) Everyone needs a mentor. London: CIPD.",
        "Clutterbuck (2014a)",
        "book",
    ),
    ("Downey, M. (n.d.) Notes on coaching. London: LID Publishing.", "Downey (n.d.)", "book"),
    (
        "van Nieuwerburgh, C. (2017) Coaching skills. London: Sage.",
        "van Nieuwerburgh (2017)",
        "book",
    ),
    (
        "1. Kolb, D.A. (1984) Experiential learning. Englewood Cliffs: Prentice Hall.",
        "Kolb (1984)",
        "book",
    ),
]


@pytest.mark.parametrize(("text", "label", "kind"), ENTRIES, ids=[e[1] for e in ENTRIES])
def test_entry_key_and_kind(text: str, label: str, kind: str) -> None:
    entry = parse_entry(text)
    assert entry.label == label
    assert entry.kind == kind
    assert entry.problems == ()


def test_organisation_with_an_acronym() -> None:
    entry = parse_entry(
        "Chartered Institute of Personnel and Development (CIPD) (2021) Learning at work. "
        "London: CIPD."
    )
    assert entry.surname == "Chartered Institute of Personnel and Development"
    assert entry.aliases == ("CIPD",)
    (c,) = find_citations("(CIPD, 2021)")
    assert entry.matches(c.source)


SHAPES = [
    ("https://www.mindtools.com/grow", "only a web address"),
    ("Whitmore, J. 2017. Coaching for performance. London: Nicholas Brealey.", "in brackets"),
    ("Whitmore, J. Coaching for performance. London: Nicholas Brealey.", "year of publication"),
    ("Coaching for performance (2017) by J. Whitmore.", "not the title"),
    ("'Coaching' (2019) Wikipedia.", "author"),
    ("Smith, J. (2010)", "add the title"),
]


@pytest.mark.parametrize(("text", "problem"), SHAPES, ids=[s[0][:30] for s in SHAPES])
def test_harvard_shape_problems(text: str, problem: str) -> None:
    assert any(problem in p for p in parse_entry(text).problems)


def test_web_reference_completeness() -> None:
    assert parse_entry(
        "Mind Tools (2022) The GROW model. Available at: https://www.mindtools.com/grow"
    ).web_missing == ("the date you accessed it, e.g. (Accessed: 3 March 2026)",)
    assert parse_entry(
        "Mind Tools (2022) The GROW model. www.mindtools.com/grow (Accessed: 3 May 2024)."
    ).web_missing == ("'Available at:' with the web address",)
    assert parse_entry("Whitmore, J. (2017) Coaching. London: Sage.").web_missing == ()


def test_continuation_lines_join_the_entry_before() -> None:
    assert not starts_entry(
        "Available at: https://x.org (Accessed: 1 May 2024).", "Mind Tools (2022) X."
    )
    assert not starts_entry("4(2), pp. 70-88.", "Passmore, J. (2011) 'A review', Coaching,")
    assert not starts_entry("and its sequel, second edition.", "Whitmore, J. (2017) Coaching.")
    assert starts_entry("Whitmore, J. Coaching for performance.", "Kolb, D. (1984) X.")
    # A bare address is its own (faulty) entry after a complete one...
    assert starts_entry("https://www.mindtools.com/grow", "Whitmore, J. (2017) Coaching.")
    # ...but completes a web entry that still lacks its address.
    assert not starts_entry(
        "https://www.mindtools.com/grow", "Mind Tools (2022) GROW. Available at:"
    )
    entries = parse_reference_list(
        [
            (10, "Mind Tools (2022) The GROW model of coaching and mentoring."),
            (11, "Available at: https://www.mindtools.com/grow (Accessed: 4 March 2026)."),
            (12, "Whitmore, J. (2017) Coaching for performance. London: Nicholas Brealey."),
        ]
    )
    assert [(e.label, e.paragraphs) for e in entries] == [
        ("Mind Tools (2022)", (10, 11)),
        ("Whitmore (2017)", (12,)),
    ]
    assert entries[0].web_missing == ()


def _context(spec: str) -> AssignmentContext:
    return AssignmentContext(
        read_docx(open_package(build_docx(spec), "t.docx")), None, LintOptions()
    )


def test_reference_list_from_a_document() -> None:
    ctx = _context(
        "# Discussion\n"
        "Coaching raises awareness (Whitmore, 2002).\n"
        "# Reference list\n"
        "**Books**\n"
        "**Whitmore, J. (2017) Coaching for performance. London: Nicholas Brealey.**\n"
        "Kolb, D.A. (1984) Experiential learning. Englewood Cliffs: Prentice Hall.\n"
        "# Appendix 1: Coaching log\n"
        "Session 1 (2025) notes.\n"
    )
    refs = ctx.reference_list
    assert refs is not None and ctx.reference_list is refs
    assert [e.label for e in refs.entries] == ["Whitmore (2017)", "Kolb (1984)"]
    (c,) = ctx.citations
    assert refs.find(c.listed) is None
    assert [e.label for e in refs.near(c.listed)] == ["Whitmore (2017)"]
    assert not refs.entries[0].bibliography


def test_bibliography_heading_is_flagged() -> None:
    ctx = _context("# Bibliography\nWhitmore, J. (2017) Coaching. London: Sage.\n")
    assert ctx.reference_list.entries[0].bibliography


def test_no_reference_list() -> None:
    assert _context("# Discussion\nCoaching (Whitmore, 2017).\n").reference_list is None


def test_name_matching_is_forgiving_only_about_form() -> None:
    entry = parse_entry(
        "Garvey Berger, J. (2012) Changing on the job. Stanford: Stanford University Press."
    )
    for text in ("Garvey Berger (2012)", "Garvey-Berger (2012)", "(Berger, 2012)"):
        (c,) = find_citations(text)
        assert entry.matches(c.source), text
    for text in ("Garvey Berger (2013)", "(Garvey, 2012)", "(Berger, 2012a)"):
        (c,) = find_citations(text)
        assert not entry.matches(c.source), text
