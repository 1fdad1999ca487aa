"""Author names in in-text citations: who a citation names, and where the name starts.

Part of the citation parser (linter/analysis/citations.py): the words it needs
(particles, leading words, words that are never names) are data in
linter/data/phrases/citations.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

DATA = Path(__file__).resolve().parent.parent / "data" / "phrases" / "citations.toml"
_TOKEN = re.compile(r"(?:[A-Za-z][’'])?[^\W\d_][\w’'\-]*\.?|&|,")
_POSSESSIVE = re.compile(r"(?:[’']s|(?<=s)[’'])$")
_ELIDED = re.compile(r"[A-Za-z][’'][^\W\d_]")
_DIGIT = re.compile(r"\d")
_INITIAL = re.compile(r"[^\W\d_]\.")
_ET_AL = re.compile(r",?\s*\bet\.?\s*al\b\.?$")
_AUTHOR_SPLIT = re.compile(r"\s*,\s*|\s+(?:and|&)\s+|\s*&\s*")
_WORD = re.compile(r"[^\W\d_][\w'’\-.]*")


@dataclass(frozen=True)
class CitationWords:
    particles: frozenset[str]
    connectors: frozenset[str]
    leading: frozenset[str]
    not_names: frozenset[str]
    not_surnames: frozenset[str]

    @cached_property
    def trailing(self) -> frozenset[str]:
        """Words that cannot end a name: connectors and particles."""
        return self.connectors | self.particles


@lru_cache(maxsize=1)
def citation_words() -> CitationWords:
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    return CitationWords(
        particles=frozenset(w.lower() for w in raw.get("particles", [])),
        connectors=frozenset(w.lower() for w in raw.get("connectors", [])),
        leading=frozenset(w.lower().rstrip(",") for w in raw.get("leading_words", [])),
        not_names=frozenset(w.lower() for w in raw.get("not_names", [])),
        not_surnames=frozenset(w.lower() for w in raw.get("not_surnames", [])),
    )


# -- names -------------------------------------------------------------------------


def _is_name_word(tok: str) -> bool:
    core = tok[2:] if _ELIDED.match(tok) else tok  # O'Connor, D'Souza
    return bool(core) and core[0].isupper() and _DIGIT.search(core) is None


def clean_author(tokens: list[str], words: CitationWords) -> str | None:
    """One author from its tokens, or None when they do not make a name."""
    while tokens and (
        tokens[0].lower().rstrip(".,") in words.leading or tokens[0].lower() in words.connectors
    ):
        tokens = tokens[1:]
    while tokens and tokens[-1].lower() in words.trailing:
        tokens = tokens[:-1]
    if not tokens or len(tokens) > 8:
        return None
    for n, tok in enumerate(tokens):
        low = tok.lower()
        if _is_name_word(tok):
            continue
        if low in words.particles and n + 1 < len(tokens):
            continue
        if low in words.connectors and 0 < n < len(tokens) - 1:
            continue
        return None
    head = next((t for t in tokens if t.lower() not in words.particles), tokens[0])
    if head.lower().rstrip(".") in words.not_names:
        return None
    if tokens[-1].lower() in words.not_surnames:
        return None
    # A lone initial or a run of initials is not an author ("J." / "A B"); "J. Smith" is Smith.
    if all(len(t.rstrip(".")) <= 1 for t in tokens):
        return None
    tokens = [t for t in tokens if not _INITIAL.fullmatch(t)]
    return " ".join(tokens).rstrip(".")


def split_authors(names: str) -> tuple[tuple[str, ...], bool] | None:
    """("Hawkins", "Smith"), et_al from "Hawkins and Smith" / "Passmore et al."."""
    words = citation_words()
    text = names.strip().rstrip(",")
    et_al = False
    m = _ET_AL.search(text)
    if m:
        et_al = True
        text = text[: m.start()].rstrip(" ,")
    text = _POSSESSIVE.sub("", text)
    parts = _AUTHOR_SPLIT.split(text)
    authors = []
    for part in parts:
        tokens = part.split()
        if not tokens:
            return None
        cleaned = clean_author(tokens, words)
        if cleaned is None:
            return None
        authors.append(cleaned)
    if not authors:
        return None
    return tuple(authors), et_al


def _name_part(tok: str, low: str, after: bool, expect_name: bool, words: CitationWords) -> bool:
    """Whether ``tok`` can belong to an author's name (walking back from the bracket)."""
    if _is_name_word(_POSSESSIVE.sub("", tok)):
        # "Smith. (2002)" ends a sentence; "J." inside a name is an initial.
        return not tok.endswith(".") or (after and len(tok) <= 3)
    if low in words.particles:
        return True
    return low in words.connectors and after and not expect_name


def _walk_names(
    text: str, paren: int, lo: int, words: CitationWords
) -> tuple[list[tuple[str, int]], bool, bool] | None:
    """Tokens of names walking back from the "(" at ``paren`` over ``text[lo:paren]``:
    (picked tokens with offsets, et al., whether the walk ran into the window's start)."""
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(text, lo, paren)]
    if tokens and lo > 0 and tokens[0][1] == lo and not text[lo - 1].isspace():
        tokens.pop(0)  # a word cut by the window's start
    # The tokens must run right up to the parenthesis.
    if not tokens or text[tokens[-1][1] + len(tokens[-1][0]) : paren].strip():
        return None
    picked: list[tuple[str, int]] = []
    i = len(tokens) - 1
    et_al = False
    last = tokens[i][0]
    if last.lower().rstrip(".") == "al" and i > 0 and tokens[i - 1][0].lower().rstrip(".") == "et":
        et_al = True
        i -= 2
        if i >= 0 and tokens[i][0] == ",":
            i -= 1
    # Walk back over names, particles, connectors and separators.
    expect_name = True
    while i >= 0:
        tok, pos = tokens[i]
        # Stop at a gap that holds anything but spaces (a full stop, a bracket ...).
        nxt = picked[0][1] if picked else None
        if nxt is not None and text[pos + len(tok) : nxt].strip():
            break
        low = tok.lower()
        if picked and _POSSESSIVE.search(tok) and _is_name_word(tok):
            break  # "Kirkpatrick's Evaluation Model (1959)": the possessive is not the name
        if tok in (",", "&") or low == "and":
            if expect_name:
                break
            picked.insert(0, (tok, pos))
            expect_name = True
        elif _name_part(tok, low, bool(picked), expect_name, words):
            picked.insert(0, (tok, pos))
            expect_name = False
        else:
            break
        i -= 1
        if len(picked) > 16:
            break
    return picked, et_al, i < 0


def names_before(text: str, paren: int) -> tuple[int, tuple[str, ...], bool] | None:
    """The author(s) written just before the "(" at ``paren``: (start, authors, et_al)."""
    words = citation_words()
    end = paren
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end == 0 or not (text[end - 1].isalpha() or text[end - 1] in "’'."):
        return None  # "in 2019 (...)", "Unit 701 (...)": no name just before
    # A short window first; a longer one only when the names run beyond it.
    for reach in (40, 110):
        lo = max(0, paren - reach)
        walked = _walk_names(text, paren, lo, words)
        if walked is None:
            return None
        picked, et_al, ran_out = walked
        if not ran_out or lo == 0:
            break
    while picked and (picked[0][0] in (",", "&") or picked[0][0].lower() in ("and",)):
        picked.pop(0)
    if not picked:
        return None
    # "However, Whitmore (2002)": a comma list needs a final "and" to be a list of authors.
    seps = [t for t, _ in picked if t in (",", "&") or t.lower() == "and"]
    if seps and all(s == "," for s in seps):
        cut = max(n for n, (t, _) in enumerate(picked) if t == ",")
        picked = picked[cut + 1 :]
    start = picked[0][1]
    names = " ".join(t for t, _ in picked).replace(" ,", ",")
    split = split_authors(names)
    if split is None:
        return None
    authors, _ = split
    # Move the start past leading words dropped from the first author.
    first_word = authors[0].split()[0]
    for tok, pos in picked:
        if tok == first_word or _POSSESSIVE.sub("", tok) == first_word:
            start = pos
            break
    return start, authors, et_al


def after_commentary(names: str) -> str:
    """The names after words that lead into them: "for a review, see Passmore" ->
    "Passmore", "as argued by Whitmore" -> "Whitmore"."""
    words = citation_words()
    keep = words.particles | words.connectors | {"and", "et", "al", "al."}
    cut = 0
    for m in _WORD.finditer(names):
        w = m.group(0)
        if w[0].islower() and w.lower() not in keep:
            cut = m.end()
    return names[cut:].lstrip(" ,:")


_FAST_NAME = re.compile(r"[A-Z][a-z]+")
_SENTENCE_MARKS = ".;:!?("


def simple_name_before(text: str, paren: int) -> tuple[int, str] | None:
    """The commonest narrative form, "... by Whitmore (2017)": one plain capitalised
    word whose neighbour before it cannot belong to a name. None sends the bracket
    down the full parser, which gives the same answer for these (a test checks it)."""
    end = paren - 1 if paren and text[paren - 1].isspace() else paren
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    if not _FAST_NAME.fullmatch(text, start, end):
        return None
    if start == 0 or text[start - 1] in _SENTENCE_MARKS:
        return start, text[start:end]
    if not text[start - 1].isspace():
        return None
    j = start - 1
    while j > 0 and text[j - 1].isspace():
        j -= 1
    k = j
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    before = text[k:j]
    if j == 0 or (not before and text[j - 1] in _SENTENCE_MARKS):
        return start, text[start:end]
    words = citation_words()
    if (
        before
        and (k == 0 or text[k - 1].isspace() or text[k - 1] == "(")
        and before.islower()
        and before not in words.particles
        and before not in words.connectors
        and before not in ("and", "et", "al")
    ):
        return start, text[start:end]
    return None
