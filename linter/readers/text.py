"""Text normalisation shared by the readers, so rules see one form of every text."""

from __future__ import annotations

_TABLE = str.maketrans(
    {
        "\u2018": "'",  # left and right single quotes, low-9 and reversed-9 quotes
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00a0": " ",  # no-break spaces
        "\u2007": " ",
        "\u202f": " ",
        "\u2011": "-",  # non-breaking hyphen
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space, non-joiner, joiner, word joiner, BOM
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)


def normalise(text: str) -> str:
    """Straight quotes, plain spaces, no soft hyphens or zero-width characters,
    whitespace (tabs, line breaks) collapsed to single spaces, stripped."""
    if not text.isascii():
        text = text.translate(_TABLE)
    return " ".join(text.split())
