"""Style and numbering tables of a WordprocessingML package, built once per document.

``Styles`` resolves a style id to its display name, heading level, outline level, bold
and numbering through the ``basedOn`` chain. ``Numbering`` renders automatic list
numbers ("1.", "1.1", "2.3.1") the way Word counts them: counters per abstract list
(or per list instance when it restarts with a start override), start values, and
lower levels restarting when a higher level is used.
"""

from __future__ import annotations

import re

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W_VAL = W + "val"

_HEADING_NAME = re.compile(r"heading\s*([1-9])", re.IGNORECASE)
_BUILTIN_LOWER = {  # names Word stores in lower case, as its user interface shows them
    "normal": "Normal",
    "title": "Title",
    "subtitle": "Subtitle",
    "annotation text": "Comment Text",
    "annotation reference": "Comment Reference",
    "annotation subject": "Comment Subject",
    "footnote text": "Footnote Text",
    "footnote reference": "Footnote Reference",
    "endnote text": "Endnote Text",
    "endnote reference": "Endnote Reference",
    "header": "Header",
    "footer": "Footer",
    "caption": "Caption",
    "table of figures": "Table of Figures",
    "toa heading": "TOA Heading",
    "page number": "Page Number",
    "line number": "Line Number",
    "index heading": "Index Heading",
}
_OFF = ("0", "false", "off", "none")


def on_off(el: etree._Element) -> bool:
    """The value of an on/off property element such as ``<w:b w:val="0"/>``."""
    return (el.get(W_VAL) or "1").lower() not in _OFF


def to_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def display_name(name: str) -> str:
    lower = name.lower()
    if name == lower:
        if lower in _BUILTIN_LOWER:
            return _BUILTIN_LOWER[lower]
        match = re.fullmatch(r"(heading|toc|index) ([1-9])", lower)
        if match:
            word = "TOC" if match[1] == "toc" else match[1].capitalize()
            return f"{word} {match[2]}"
    return name


_STYLE_START = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)style\s[^<>]*$")


def without_table_styles(data: bytes) -> bytes:
    """The styles part without its table styles (``data`` itself when it has none).

    Nothing of a table style is read (paragraph styles are never based on one), and
    python-docx's default template carries 300 KB of them, 90% of its styles part: cut
    out before parsing, that part parses in a tenth of the time. Style elements do not
    nest; anything that does not look exactly like ``<w:style ... w:type="table" ...>``
    is left in place.
    """
    keep: list[bytes] = []
    done = 0
    for quote in (b'"', b"'"):
        needle = b"type=" + quote + b"table" + quote
        pos = data.find(needle)
        while pos != -1:
            open_at = data.rfind(b"<", done, pos)
            head = _STYLE_START.match(data, open_at, pos) if open_at != -1 else None
            close = data.find(b">", pos)
            if head is not None and close != -1 and data[close - 1 : close] != b"/":
                end_tag = b"</" + head.group(1) + b"style>"
                end = data.find(end_tag, close)
                if end != -1:
                    keep.append(data[done:open_at])
                    done = end + len(end_tag)
            pos = data.find(needle, max(pos + 1, done))
        if keep:
            break  # one quoting style per part
    if not keep:
        return data
    keep.append(data[done:])
    return b"".join(keep)


class ParagraphStyle:
    """A paragraph style with what its basedOn chain resolves to."""

    __slots__ = ("bold", "heading_level", "ilvl", "name", "num_id", "outline_level", "sid")

    def __init__(self, sid: str, name: str) -> None:
        self.sid = sid
        self.name = name
        self.heading_level: int | None = None
        self.outline_level: int | None = None  # Word's 0-based value; 9 is body text
        self.bold: bool | None = None
        self.num_id: str | None = None
        self.ilvl: int | None = None


_UNKNOWN = ParagraphStyle("", "")


class Styles:
    def __init__(self, root: etree._Element | None) -> None:
        self._raw: dict[str, etree._Element] = {}
        self._lower: dict[str, str] = {}
        self._para: dict[str, ParagraphStyle] = {}
        self._char_bold: dict[str, bool | None] = {}
        self.default_paragraph: str | None = None
        self.default_bold: bool | None = None
        self.placeholder_ids: set[str] = {"PlaceholderText"}
        if root is None:
            return
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId")
            if sid is None:
                continue
            self._raw.setdefault(sid, style)
            self._lower.setdefault(sid.lower(), sid)
            kind = style.get(W + "type") or "paragraph"
            if kind == "paragraph" and on_off_attr(style.get(W + "default")):
                self.default_paragraph = self.default_paragraph or sid
            if kind == "character" and self._name(style).lower() == "placeholder text":
                self.placeholder_ids.add(sid)
        bold = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}b")
        if bold is not None:
            self.default_bold = on_off(bold)

    def _find(self, sid: str | None) -> etree._Element | None:
        if sid is None:
            return None
        found = self._raw.get(sid)
        if found is None and sid.lower() in self._lower:
            found = self._raw[self._lower[sid.lower()]]
        return found

    @staticmethod
    def _name(style: etree._Element) -> str:
        name = style.find(W + "name")
        return (name.get(W_VAL) or "") if name is not None else ""

    def _chain(self, sid: str | None) -> list[etree._Element]:
        """The style and the styles it is based on, nearest first, cycles cut."""
        chain: list[etree._Element] = []
        seen: set[int] = set()
        style = self._find(sid)
        while style is not None and id(style) not in seen and len(chain) < 32:
            seen.add(id(style))
            chain.append(style)
            based = style.find(W + "basedOn")
            style = self._find(based.get(W_VAL)) if based is not None else None
        return chain

    def paragraph(self, sid: str | None) -> ParagraphStyle:
        """The resolved paragraph style; the default style when ``sid`` is None."""
        key = sid if sid is not None else self.default_paragraph
        if key is None:
            return _UNKNOWN
        cached = self._para.get(key)
        if cached is not None:
            return cached
        chain = self._chain(key)
        if not chain:  # an undefined style: its id is all there is to go on
            resolved = ParagraphStyle(key, key)
            resolved.heading_level = _heading_level(key, key)
        else:
            own = chain[0]
            name = self._name(own) or key
            resolved = ParagraphStyle(own.get(W + "styleId") or key, display_name(name))
            resolved.heading_level = _heading_level(name, resolved.sid)
            for style in chain:
                ppr = style.find(W + "pPr")
                if ppr is not None:
                    if resolved.outline_level is None:
                        outline = ppr.find(W + "outlineLvl")
                        if outline is not None:
                            resolved.outline_level = to_int(outline.get(W_VAL))
                    numpr = ppr.find(W + "numPr")
                    if numpr is not None and resolved.num_id is None:
                        num = numpr.find(W + "numId")
                        level = numpr.find(W + "ilvl")
                        if num is not None:
                            resolved.num_id = num.get(W_VAL)
                            if level is not None:
                                resolved.ilvl = to_int(level.get(W_VAL))
                if resolved.bold is None:
                    bold = style.find(f"{W}rPr/{W}b")
                    if bold is not None:
                        resolved.bold = on_off(bold)
        self._para[key] = resolved
        return resolved

    def character_bold(self, sid: str) -> bool | None:
        if sid not in self._char_bold:
            found = None
            for style in self._chain(sid):
                bold = style.find(f"{W}rPr/{W}b")
                if bold is not None:
                    found = on_off(bold)
                    break
            self._char_bold[sid] = found
        return self._char_bold[sid]


def on_off_attr(value: str | None) -> bool:
    return value is not None and value.lower() not in _OFF


def _heading_level(name: str, sid: str) -> int | None:
    for candidate in (name, sid):
        match = _HEADING_NAME.fullmatch(candidate.strip())
        if match:
            return int(match[1])
    if name.strip().lower() == "title" or sid == "Title":
        return 0
    return None


# -- numbering --------------------------------------------------------------------------


class _Level:
    __slots__ = ("fmt", "legal", "restart", "start", "style", "text")

    def __init__(self, lvl: etree._Element) -> None:
        def val(tag: str) -> str | None:
            el = lvl.find(W + tag)
            return el.get(W_VAL) if el is not None else None

        start = to_int(val("start"))
        self.start = start if start is not None else 1
        self.fmt = (val("numFmt") or "decimal").strip()
        self.text = val("lvlText") or ""
        self.restart = to_int(val("lvlRestart"))
        legal = lvl.find(W + "isLgl")
        self.legal = legal is not None and on_off(legal)
        self.style = val("pStyle")


def _levels(parent: etree._Element) -> dict[int, _Level]:
    out: dict[int, _Level] = {}
    for lvl in parent.findall(W + "lvl"):
        ilvl = to_int(lvl.get(W + "ilvl"))
        if ilvl is not None and 0 <= ilvl <= 8:
            out[ilvl] = _Level(lvl)
    return out


_ROMAN = [
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
]  # fmt: skip
_DECIMAL_LIKE = {
    "decimal", "decimalEnclosedParen", "decimalEnclosedFullstop", "decimalEnclosedCircle",
    "decimalFullWidth", "decimalFullWidth2", "decimalHalfWidth", "arabicAlpha",
}  # fmt: skip


def format_number(value: int, fmt: str) -> str | None:
    """A counter in a numbering format, or None for a format not rendered."""
    if fmt in _DECIMAL_LIKE:
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        out = ""
        for size, letters in _ROMAN:
            count, value = divmod(value, size)
            out += letters * count
        return out.upper() if fmt == "upperRoman" else out
    if fmt in ("lowerLetter", "upperLetter") and 0 < value <= 26 * 20:  # "a" ... "tttt..."
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "ordinal" and value >= 0:
        suffix = (
            "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
        )
        return f"{value}{suffix}"
    if fmt == "none":
        return ""
    return None


class Numbering:
    """numbering.xml with the counters of one pass over the body."""

    def __init__(self, root: etree._Element | None, styles: Styles) -> None:
        self._abstract: dict[str, etree._Element] = {}
        self._nums: dict[str, tuple[str, dict[int, _Level], dict[int, int]]] = {}
        self._resolved: dict[str, tuple[object, dict[int, _Level]] | None] = {}
        self._counters: dict[object, list[int | None]] = {}
        self._styles = styles
        if root is None:
            return
        for abstract in root.iter(W + "abstractNum"):
            self._abstract.setdefault(abstract.get(W + "abstractNumId") or "", abstract)
        for num in root.iter(W + "num"):
            num_id = num.get(W + "numId")
            ref = num.find(W + "abstractNumId")
            if num_id is None or ref is None:
                continue
            overrides: dict[int, _Level] = {}
            starts: dict[int, int] = {}
            for override in num.findall(W + "lvlOverride"):
                ilvl = to_int(override.get(W + "ilvl"))
                if ilvl is None or not 0 <= ilvl <= 8:
                    continue
                start = override.find(W + "startOverride")
                if start is not None and to_int(start.get(W_VAL)) is not None:
                    starts[ilvl] = to_int(start.get(W_VAL)) or 0
                overrides.update({k: v for k, v in _levels(override).items() if k == ilvl})
            self._nums.setdefault(num_id, (ref.get(W_VAL) or "", overrides, starts))

    def _resolve(self, num_id: str) -> tuple[object, dict[int, _Level]] | None:
        """The counter key and the levels of a list instance."""
        if num_id in self._resolved:
            return self._resolved[num_id]
        result = None
        entry = self._nums.get(num_id)
        if entry is not None:
            abstract_id, overrides, starts = entry
            abstract = self._abstract.get(abstract_id)
            for _ in range(3):  # follow numStyleLink -> style -> num -> abstractNum
                link = abstract.find(W + "numStyleLink") if abstract is not None else None
                if link is None:
                    break
                linked = self._styles.paragraph(link.get(W_VAL)).num_id
                target = self._nums.get(linked or "")
                abstract = self._abstract.get(target[0]) if target else None
                abstract_id = target[0] if target else abstract_id
            levels = _levels(abstract) if abstract is not None else {}
            levels.update(overrides)
            for ilvl, start in starts.items():
                if ilvl in levels:
                    levels[ilvl].start = start
            key = ("num", num_id) if starts else ("abstract", abstract_id)
            result = (key, levels)
        self._resolved[num_id] = result
        return result

    def level_for_style(self, num_id: str, style_id: str) -> int | None:
        found = self._resolve(num_id)
        if found:
            for ilvl, level in found[1].items():
                if level.style == style_id:
                    return ilvl
        return None

    def number(self, num_id: str, ilvl: int) -> tuple[bool, str | None]:
        """Count one paragraph: (is it a list item, its rendered number or None)."""
        found = self._resolve(num_id)
        if found is None:
            return False, None
        key, levels = found
        ilvl = min(max(ilvl, 0), 8)
        level = levels.get(ilvl)
        if level is None:
            return True, None
        counters = self._counters.setdefault(key, [None] * 9)
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart > 0 and ilvl <= restart - 1):
                counters[deeper] = None
        if level.fmt == "bullet":
            return True, None

        def render(match: re.Match[str]) -> str:
            k = int(match[1]) - 1
            ref = levels.get(k)
            if ref is None:
                raise KeyError(k)
            value = counters[k] if counters[k] is not None else ref.start
            fmt = "decimal" if level.legal and ref.fmt != "none" else ref.fmt
            text = format_number(value, fmt)
            if text is None:
                raise KeyError(k)
            return text

        try:
            rendered = re.sub(r"%([1-9])", render, level.text).strip()
        except KeyError:
            return True, None
        return True, rendered or None
