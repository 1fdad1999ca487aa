"""Read a .docx package into the neutral ``Document`` by walking its XML with lxml.

Paragraphs come in the order of Word's ``body.paragraphs`` (Office.js): body paragraphs
and those in table cells (nested tables too), content controls, custom XML and smart
tags; text boxes, footnotes and endnotes become notes. python-docx is not used: its
paragraph objects cost about 50 times a bare parse.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator

from lxml import etree

from linter.model import Document, Note, Paragraph, TableCell
from linter.readers.container import Package, UnreadableFile
from linter.readers.text import normalise
from linter.readers.wordstyles import (
    W_VAL,
    Numbering,
    Styles,
    W,
    on_off,
    to_int,
    without_table_styles,
)

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"

W_P, W_R, W_T, W_PPR, W_RPR = W + "p", W + "r", W + "t", W + "pPr", W + "rPr"
W_TBL, W_TR, W_TC, W_SDT = W + "tbl", W + "tr", W + "tc", W + "sdt"
W_SDTPR, W_SDTCONTENT, W_BODY = W + "sdtPr", W + "sdtContent", W + "body"
W_INS, W_DEL, W_MOVEFROM, W_MOVETO = W + "ins", W + "del", W + "moveFrom", W + "moveTo"
W_FLDCHAR, W_FLDCHARTYPE, W_B, W_RSTYLE = W + "fldChar", W + "fldCharType", W + "b", W + "rStyle"
W_TXBX = W + "txbxContent"
W_FOOTNOTEREF, W_ENDNOTEREF = W + "footnoteReference", W + "endnoteReference"
W_ID, W_TYPE = W + "id", W + "type"
MC_ALT, MC_CHOICE, MC_FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"

_SPACE = {W + "tab", W + "br", W + "cr", W + "ptab"}
_BOXES = {W + "drawing", W + "pict", MC_ALT, W + "object"}
_REVISIONS = (W_INS, W_DEL, W_MOVEFROM, W_MOVETO)
_BLOCK_SKIP = {
    W + "sectPr", W_SDTPR, W + "sdtEndPr", W + "tblPr", W + "tblGrid", W + "trPr",
    W + "tcPr", W + "tblPrEx", W_DEL, W_MOVEFROM, W + "altChunk", W_PPR,
}  # fmt: skip
_INLINE_SKIP = {W_PPR, W_SDTPR, W + "sdtEndPr", W + "bookmarkStart", W + "bookmarkEnd",
                W + "proofErr", W + "commentRangeEnd"}  # fmt: skip
_NOTE_SKIP = {"separator", "continuationSeparator", "continuationNotice"}
_SYMBOL_FONT = {0x2D: "-", 0xB7: "\u2022", 0xD7: "\u00d7", 0xB1: "\u00b1", 0xB0: "\u00b0"}


class _State:
    """What one paragraph collects while its runs are walked."""

    __slots__ = ("bold", "comment", "index", "placeholder", "revision", "text", "visible")

    def __init__(self, index: int | None, placeholder: bool) -> None:
        self.text: list[str] = []
        self.bold = True
        self.visible = False
        self.placeholder = placeholder
        self.revision = False
        self.comment = False
        self.index = index


class _Reader:
    def __init__(self, package: Package) -> None:
        self.package = package
        main = package.main
        self.styles = Styles(self._part(main, "/styles", without_table_styles))
        self.numbering = Numbering(self._part(main, "/numbering"), self.styles)
        self.paragraphs: list[Paragraph] = []
        self.notes: list[Note] = []
        self.anchors: dict[tuple[str, str], int] = {}  # (kind, note id) -> paragraph
        self.tables = 0
        self.fields: list[bool] = []  # open fields: True while still in the field code
        self.in_code = 0  # how many open fields are in their code part
        self.code_since = 0  # paragraph count when the outermost code started
        self.count = 0  # paragraphs walked, notes included (for the runaway-field guard)

    def _part(self, main: str, rel: str, trim=None) -> etree._Element | None:
        names = self.package.related(main, rel)
        if not names and not self.package.rels(main):  # no relationships: usual names
            guess = posixpath.join(posixpath.dirname(main), rel.strip("/") + ".xml")
            names = [guess] if self.package.has(guess) else []
        return self.package.parse(names[0], trim) if names else None

    # -- blocks -------------------------------------------------------------------------

    def blocks(self, parent, cell, placeholder, sink) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_P:
                self.paragraph(child, cell, placeholder, sink)
            elif tag == W_TBL:
                self.table(child, cell, placeholder, sink)
            elif tag == W_SDT:
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    shows = placeholder or _showing_placeholder(child)
                    self.blocks(content, cell, shows, sink)
            elif tag == MC_ALT:
                self.blocks(_choice(child), cell, placeholder, sink)
            elif tag not in _BLOCK_SKIP and isinstance(tag, str):
                self.blocks(child, cell, placeholder, sink)  # customXml, smartTag ...

    def table(self, tbl, outer, placeholder, sink) -> None:
        index = -1
        if sink is None:
            index, self.tables = self.tables, self.tables + 1
        nesting = outer.nesting + 1 if outer is not None else 1
        for r, row in enumerate(_children(tbl, W_TR)):
            for c, cell in enumerate(_children(row, W_TC)):
                where = TableCell(index, r, c, nesting) if sink is None else None
                self.blocks(cell, where, placeholder, sink)

    def paragraph(self, p, cell, placeholder, sink) -> None:
        self.count += 1
        if self.in_code and self.count - self.code_since > 5:
            self.fields.clear()  # a field code never separated: stop hiding text
            self.in_code = 0
        style_id = outline = num_id = ilvl = None
        st = _State(len(self.paragraphs) if sink is None else sink[1], placeholder)
        ppr = p.find(W_PPR)
        if ppr is not None:
            for prop in ppr:
                tag = prop.tag
                if tag == W + "pStyle":
                    style_id = prop.get(W_VAL)
                elif tag == W + "outlineLvl":
                    outline = to_int(prop.get(W_VAL))
                elif tag == W + "numPr":
                    for sub in prop:
                        if sub.tag == W + "numId":
                            num_id = sub.get(W_VAL)
                        elif sub.tag == W + "ilvl":
                            ilvl = to_int(sub.get(W_VAL))
                elif tag == W_RPR and any(True for _ in prop.iter(*_REVISIONS)):
                    st.revision = True
        style = self.styles.paragraph(style_id)
        self.inline(p, st, style.bold)
        text = normalise("".join(st.text))
        if sink is not None:
            sink[0].append(text)
            return
        is_list, number = False, None
        if num_id is None:
            num_id = style.num_id
            if ilvl is None and num_id is not None:
                ilvl = style.ilvl
                if ilvl is None:
                    ilvl = self.numbering.level_for_style(num_id, style.sid)
        if num_id is not None and num_id.strip() not in ("", "0"):
            is_list, number = self.numbering.number(num_id.strip(), ilvl or 0)
        if outline is None:
            outline = style.outline_level
        self.paragraphs.append(
            Paragraph(
                index=st.index,
                text=text,
                style=style.name,
                heading_level=style.heading_level,
                outline_level=outline + 1 if outline is not None and 0 <= outline <= 8 else None,
                bold=st.bold and st.visible,
                list_number=number,
                is_list_item=is_list,
                cell=cell,
                placeholder=st.placeholder,
                has_revision=st.revision,
                has_comment=st.comment,
            )
        )

    # -- runs ---------------------------------------------------------------------------

    def inline(self, parent, st: _State, para_bold: bool | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_R:
                self.run(child, st, para_bold)
            elif tag in _INLINE_SKIP:
                continue
            elif tag in (W_DEL, W_MOVEFROM):
                st.revision = True
            elif tag == W_SDT:
                if _showing_placeholder(child):
                    st.placeholder = True
                content = child.find(W_SDTCONTENT)
                if content is not None:
                    self.inline(content, st, para_bold)
            elif tag == W + "commentRangeStart":
                st.comment = True
            elif tag == M + "oMathPara" or tag == M + "oMath":
                if not self.in_code:
                    st.text.extend(t.text or "" for t in child.iter(M + "t"))
            elif tag == MC_ALT:
                self.inline(_choice(child), st, para_bold)
            elif isinstance(tag, str):  # hyperlink, ins, moveTo, fldSimple, smartTag ...
                if tag in (W_INS, W_MOVETO):
                    st.revision = True
                self.inline(child, st, para_bold)

    def run(self, r, st: _State, para_bold: bool | None) -> None:
        rpr = None
        text = st.text
        start = len(text)
        for child in r:
            tag = child.tag
            if tag == W_T:
                if not self.in_code and child.text:
                    text.append(child.text)
            elif tag == W_RPR:
                rpr = child
            elif tag in _SPACE:
                if not self.in_code:
                    text.append(" ")
            elif tag == W_FLDCHAR:
                self.field_char(child.get(W_FLDCHARTYPE))
            elif tag == W + "noBreakHyphen":
                if not self.in_code:
                    text.append("-")
            elif tag == W + "sym":
                if not self.in_code:
                    text.append(_symbol(child))
            elif tag in (W_FOOTNOTEREF, W_ENDNOTEREF):
                if st.index is not None:
                    kind = "footnote" if tag == W_FOOTNOTEREF else "endnote"
                    self.anchors.setdefault((kind, child.get(W_ID) or ""), st.index)
            elif tag == W + "commentReference":
                st.comment = True
            elif tag in _BOXES:
                self.text_boxes(child, st.index)
            elif tag == W + "ruby":
                base = child.find(W + "rubyBase")
                if base is not None:
                    self.inline(base, st, para_bold)
        rstyle = None
        if rpr is not None:
            found = rpr.find(W_RSTYLE)
            if found is not None:
                rstyle = found.get(W_VAL) or ""
                if rstyle in self.styles.placeholder_ids:
                    st.placeholder = True
        end = len(text)
        if end > start:
            added = text[start] if end == start + 1 else "".join(text[start:])
            if added and not added.isspace():
                st.visible = True
                if st.bold:
                    st.bold = self.run_bold(rpr, rstyle, para_bold)

    def run_bold(self, rpr, rstyle: str | None, para_bold: bool | None) -> bool:
        """Direct formatting, else the character and paragraph styles (bold toggles
        between them), else the document default."""
        if rpr is not None:
            direct = rpr.find(W_B)
            if direct is not None:
                return on_off(direct)
        char_bold = self.styles.character_bold(rstyle) if rstyle else None
        if char_bold is None and para_bold is None:
            return bool(self.styles.default_bold)
        return bool(char_bold) != bool(para_bold)

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            if not self.in_code:
                self.code_since = self.count
            self.fields.append(True)
            self.in_code += 1
        elif kind == "separate":
            if self.fields and self.fields[-1]:
                self.fields[-1] = False
                self.in_code -= 1
        elif kind == "end" and self.fields and self.fields.pop():
            self.in_code -= 1

    # -- notes --------------------------------------------------------------------------

    def text_boxes(self, el, anchor: int | None) -> None:
        if next(el.iter(W_TXBX), None) is None:
            return
        for box in _outer_boxes(el):
            text = self.story(box, anchor)
            if text:
                self.notes.append(Note("textbox", text, anchor))

    def story(self, parent, anchor: int | None) -> str:
        """The text of a separate story (text box, footnote), fields kept apart."""
        saved = self.fields, self.in_code
        self.fields, self.in_code = [], 0
        sink: tuple[list[str], int | None] = ([], anchor)
        self.blocks(parent, None, False, sink)
        self.fields, self.in_code = saved
        return "\n".join(t for t in sink[0] if t)

    def footnotes(self, kind: str) -> None:
        root = self._part(self.package.main, f"/{kind}s")
        if root is None:
            return
        for note in root:
            if note.tag != W + kind or note.get(W_TYPE) in _NOTE_SKIP:
                continue
            anchor = self.anchors.get((kind, note.get(W_ID) or ""))
            text = self.story(note, anchor)
            if text:
                self.notes.append(Note(kind, text, anchor))
        self.revisions += sum(1 for _ in root.iter(*_REVISIONS))

    def headers_footers(self) -> list[str]:
        """The text of each distinct header and footer. Only unit detection reads it
        (templates put "Unit 8589-700" there); it is not the learner's text, so text
        boxes in it (a "DRAFT" watermark) do not become notes."""
        out: list[str] = []
        notes = len(self.notes)
        for rel in ("/header", "/footer"):
            for name in self.package.related(self.package.main, rel):
                try:
                    part = self.package.parse(name)
                except UnreadableFile:
                    continue  # a damaged header costs the detection a hint, not the file
                text = self.story(part, None)
                if text and text not in out:
                    out.append(text)
        del self.notes[notes:]
        return out

    def read(self) -> Document:
        root = self.package.parse(self.package.main)
        if root.tag != W + "document":
            raise UnreadableFile(
                "not-word",
                "This file does not hold a Word document body. Open it in Word and use "
                "File > Save As > Word Document (*.docx), then submit that file.",
            )
        self.revisions = 0
        for body in root.findall(W_BODY):
            self.blocks(body, None, False, None)
            self.revisions += sum(1 for _ in body.iter(*_REVISIONS))
        self.footnotes("footnote")
        self.footnotes("endnote")
        comments = self._part(self.package.main, "/comments")
        return Document(
            paragraphs=self.paragraphs,
            notes=self.notes,
            comments=0 if comments is None else len(comments.findall(W + "comment")),
            revisions=self.revisions,
            source="docx",
            properties=_core_properties(self.package),
            headers_footers=self.headers_footers(),
        )


def read_docx(package: Package) -> Document:
    """The assignment in ``package`` as a Document, or UnreadableFile."""
    if package.kind != "docx":
        raise UnreadableFile(
            "wrong-kind",
            "This file is not a Word document: save your assignment in Word as a Word "
            "Document (*.docx) and submit that file.",
        )
    try:
        return _Reader(package).read()
    except RecursionError:
        raise UnreadableFile(
            "too-deep",
            "This file nests tables or content controls too deeply to read. Open it in "
            "Word, simplify the layout and save it again as a Word Document (*.docx).",
        ) from None


def _body_blocks(parent) -> Iterator:
    for child in parent:
        tag = child.tag
        if tag == W_P:
            yield child
        elif tag == W_TBL:
            for row in _children(child, W_TR):
                for cell in _children(row, W_TC):
                    yield from _body_blocks(cell)
        elif tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _body_blocks(content)
        elif tag == MC_ALT:
            yield from _body_blocks(_choice(child))
        elif tag not in _BLOCK_SKIP and isinstance(tag, str):
            yield from _body_blocks(child)


def body_paragraphs(document_element) -> list:
    """The ``w:p`` elements of the body in the order ``Paragraph.index`` counts them
    (the reader's own walk), for tools that edit the XML (``ilm-lint annotate``)."""
    out: list = []
    for body in document_element.findall(W_BODY):
        out.extend(_body_blocks(body))
    return out


def _children(parent, tag: str):
    """Children with ``tag``, looking through content controls and custom XML."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDTCONTENT)
            if content is not None:
                yield from _children(content, tag)
        elif child.tag in (W + "customXml", MC_ALT, MC_CHOICE, W_INS, W_MOVETO):
            yield from _children(_choice(child) if child.tag == MC_ALT else child, tag)


def _choice(alternate) -> etree._Element:
    """The branch of mc:AlternateContent to read (the first Choice, else Fallback)."""
    for branch in alternate:
        if branch.tag in (MC_CHOICE, MC_FALLBACK):
            return branch
    return alternate


def _outer_boxes(el):
    """Text box contents under ``el``, not those nested in them; one branch of each
    mc:AlternateContent, since Choice and Fallback hold the same box twice."""
    if el.tag == MC_ALT:
        el = _choice(el)
    for child in el:
        if child.tag == W_TXBX:
            yield child
        elif child.tag == MC_ALT:
            yield from _outer_boxes(_choice(child))
        elif isinstance(child.tag, str):
            yield from _outer_boxes(child)


def _showing_placeholder(sdt) -> bool:
    props = sdt.find(W_SDTPR)
    if props is None:
        return False
    flag = props.find(W + "showingPlcHdr")
    return flag is not None and on_off(flag)


def _symbol(sym) -> str:
    code = int(sym.get(W + "char") or "0", 16) if _is_hex(sym.get(W + "char")) else 0
    if code >= 0xF000:  # a symbol font's private-use code
        code -= 0xF000
        if "symbol" in (sym.get(W + "font") or "").lower():
            return _SYMBOL_FONT.get(code, "")
        return ""
    return chr(code) if 0x20 <= code < 0x110000 else ""


def _is_hex(value: str | None) -> bool:
    return bool(value) and all(c in "0123456789abcdefABCDEF" for c in value) and len(value) <= 6


_CORE = {
    "title": "title",
    "subject": "subject",
    "creator": "creator",
    "keywords": "keywords",
    "description": "description",
    "lastModifiedBy": "last_modified_by",
    "created": "created",
    "modified": "modified",
}


def _core_properties(package: Package) -> dict[str, str]:
    names = package.related("", "/metadata/core-properties")
    if not names:
        return {}
    try:
        root = package.parse(names[0])
    except UnreadableFile:
        return {}  # damaged metadata does not stop the document being read
    out: dict[str, str] = {}
    for child in root:
        if not isinstance(child.tag, str):
            continue
        key = _CORE.get(etree.QName(child).localname)
        if key and child.text and child.text.strip():
            out[key] = child.text.strip()[:1000]
    return out
