"""The cheap gate in front of the placeholder regex never hides a placeholder."""

from __future__ import annotations

import re

import pytest

from linter.analysis.guidance import _leading_literals, guidance_data


def test_leading_literals_are_what_each_pattern_must_start_with() -> None:
    assert _leading_literals([r"\[\s*insert"]) == ("[",)
    assert _leading_literals([r"\binsert (?:your )?text"]) == ("insert ",)
    assert _leading_literals([r"colou?r"]) == ("colo",)  # the optional 'u' is dropped
    assert _leading_literals([r"<<\s*x"]) == ("<<",)


@pytest.mark.parametrize(
    "pattern", [r"(?:a|b)c", r"\s*insert", r".*x", r"[Ii]nsert", r"foo|bar", r"\[x\]|tbc"]
)
def test_a_pattern_with_no_plain_start_turns_the_gate_off(pattern: str) -> None:
    assert _leading_literals([pattern]) is None


@pytest.mark.parametrize(
    "text",
    [
        "[Please insert your text for this assessment criterion here]",
        "[ INSERT your name ]",
        "Click or tap here to enter text.",
        "CLICK HERE TO ENTER A DATE",
        "<< Insert answer >>",
        "Lorem ipsum dolor sit amet",
        "Please insert your answer here",
    ],
)
def test_every_bundled_placeholder_passes_its_gate(text: str) -> None:
    data = guidance_data()
    assert data.placeholder.search(text), text
    assert any(lit in text.lower() for lit in data.placeholder_gate), text


def test_the_gate_matches_the_regex_on_random_text() -> None:
    data = guidance_data()
    hypothesis = pytest.importorskip("hypothesis")
    strategies = hypothesis.strategies

    alphabet = "[]<>abcdefghiklmnoprstuxy CLIKNSRT.:"

    @hypothesis.given(strategies.text(alphabet=alphabet, max_size=60))
    @hypothesis.settings(max_examples=300, deadline=None)
    def check(text: str) -> None:
        if data.placeholder.search(text):
            assert any(lit in text.lower() for lit in data.placeholder_gate)

    check()
    assert isinstance(data.placeholder, re.Pattern)
