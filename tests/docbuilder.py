"""Build .docx files (and the task pane's paragraph JSON) from a short description.

Tests describe a document in a few lines instead of committing binary fixtures:

    # Heading 1 text              ## Heading 2          ### Heading 3
    **a whole bold line**         - a bullet            1. a numbered item
    | cell | cell |               (consecutive rows form one table)
    > a quotation                 {style=Title} any named style
    text [[words:120]] more       (120 words of neutral filler prose)
    text[^footnote text]          (a real footnote in word/footnotes.xml)
    {comment=Check this} text     (a Word comment on the paragraph)
    {del=old words} text          (a tracked deletion before the text)

Every other non-blank line is a Normal paragraph.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from docx import Document as new_document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

_SENTENCES = (
    "Reflective practice helps a developing coach notice patterns in each session.",
    "The coaching relationship rests on trust, clear contracting and confidentiality.",
    "Senior leaders often value a thinking partner who listens without judging.",
    "Organisational culture shapes how openly people discuss their development.",
    "Regular review points allow both parties to see whether goals remain relevant.",
    "Working at executive level brings competing priorities and limited time.",
    "A clear agreement at the start sets expectations about roles and boundaries.",
    "Evaluation of outcomes should consider the individual, the team and the organisation.",
    "Listening closely to language and energy reveals what matters most to a client.",
    "Supervision offers a space to examine ethical dilemmas and personal reactions.",
    "Feedback from clients has shaped how the sessions are now structured.",
    "Learning and development strategy links individual growth to business goals.",
    "Each session closed with a summary of the actions the client had chosen.",
    "Good questions open up options rather than narrowing them too early.",
    "The balance between challenge and support changed as confidence grew.",
)
_FILLER_WORDS = " ".join(_SENTENCES).split()


def filler(n: int, offset: int = 0) -> str:
    """``n`` words of neutral prose (no citations, names or directive phrasing)."""
    out = [_FILLER_WORDS[(offset + i) % len(_FILLER_WORDS)] for i in range(n)]
    text = " ".join(out)
    return text if text.endswith(".") else text + "."


_WORDS = re.compile(r"\[\[words:(\d+)\]\]")
_OPTS = re.compile(r"^\{(style|comment|del)=([^}]*)\}\s*")
_FOOTNOTE = re.compile(r"\[\^([^\]]+)\]")


def _expand(text: str, counter: list[int]) -> str:
    def sub(m: re.Match) -> str:
        counter[0] += 7
        return filler(int(m.group(1)), counter[0])

    return _WORDS.sub(sub, text)


def _parse(spec: str) -> list[dict]:
    """The description as a list of paragraph records (tables as one record each)."""
    counter = [0]
    items: list[dict] = []
    for raw in spec.strip("\n").splitlines():
        line = raw.strip()
        if not line:
            continue
        opts: dict[str, str] = {}
        while (m := _OPTS.match(line)) is not None:
            opts[m.group(1)] = m.group(2)
            line = line[m.end() :]
        line = _expand(line, counter)
        if line.startswith("|") and line.endswith("|"):
            cells = [c.strip() for c in line[1:-1].split("|")]
            if items and items[-1]["type"] == "table":
                items[-1]["rows"].append(cells)
            else:
                items.append({"type": "table", "rows": [cells]})
            continue
        item: dict = {
            "type": "p",
            "style": opts.get("style"),
            "bold": False,
            "text": line,
            "comment": opts.get("comment"),
            "deleted": opts.get("del"),
        }
        heading = re.match(r"^(#{1,3})\s+(.*)$", line)
        if heading:
            item["style"] = f"Heading {len(heading.group(1))}"
            item["text"] = heading.group(2)
        elif line.startswith("**") and line.endswith("**") and len(line) > 4:
            item["bold"] = True
            item["text"] = line[2:-2]
        elif line.startswith("- "):
            item["style"] = "List Bullet"
            item["text"] = line[2:]
        elif re.match(r"^\d+\.\s", line) and not re.match(r"^\d+\.\d", line):
            item["style"] = "List Number"
            item["text"] = line.split(" ", 1)[1]
        elif line.startswith("> "):
            item["style"] = "Quote"
            item["text"] = line[2:]
        items.append(item)
    return items


_FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>{notes}</w:footnotes>"
)


def _add_runs(paragraph, text: str, bold: bool, footnotes: list[str]) -> list:
    runs = []
    pos = 0
    for m in _FOOTNOTE.finditer(text):
        if m.start() > pos:
            runs.append(paragraph.add_run(text[pos : m.start()]))
        footnotes.append(m.group(1))
        ref = parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{len(footnotes)}"/></w:r>'
        )
        paragraph._p.append(ref)
        pos = m.end()
    if pos < len(text) or not runs:
        runs.append(paragraph.add_run(text[pos:]))
    for run in runs:
        run.bold = bold or None
    return runs


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _ensure_style(doc, name: str) -> None:
    """Styles the default template lacks ("TOC 2") are added as plain paragraph styles."""
    from docx.enum.style import WD_STYLE_TYPE

    try:
        doc.styles[name]
    except KeyError:
        doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)


def build_docx(spec: str) -> bytes:
    doc = new_document()
    footnotes: list[str] = []
    for item in _parse(spec):
        if item["type"] == "table":
            width = max(len(r) for r in item["rows"])
            table = doc.add_table(rows=len(item["rows"]), cols=width)
            for r, row in enumerate(item["rows"]):
                for c, cell_text in enumerate(row):
                    cell = table.cell(r, c)
                    bold = cell_text.startswith("**") and cell_text.endswith("**")
                    cell_text = cell_text.strip("*") if bold else cell_text
                    _add_runs(cell.paragraphs[0], cell_text, bold, footnotes)
            continue
        if item["style"]:
            _ensure_style(doc, item["style"])
        paragraph = doc.add_paragraph(style=item["style"]) if item["style"] else doc.add_paragraph()
        if item["deleted"]:
            paragraph._p.append(
                parse_xml(
                    f'<w:del {nsdecls("w")} w:id="9{len(footnotes)}" w:author="Tutor" '
                    f'w:date="2026-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">'
                    f"{_escape(item['deleted'])} </w:delText></w:r></w:del>"
                )
            )
        runs = _add_runs(paragraph, item["text"], item["bold"], footnotes)
        if item["comment"]:
            doc.add_comment(runs, text=item["comment"], author="Tutor")
    buffer = io.BytesIO()
    doc.save(buffer)
    data = buffer.getvalue()
    return _with_footnotes(data, footnotes) if footnotes else data


def _with_footnotes(data: bytes, footnotes: list[str]) -> bytes:
    notes = "".join(
        f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(footnotes, start=1)
    )
    return rewrite_parts(
        data,
        {
            "[Content_Types].xml": lambda body: body.replace(
                b"</Types>",
                b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
            ),
            "word/_rels/document.xml.rels": lambda body: body.replace(
                b"</Relationships>",
                b'<Relationship Id="rIdFootnotes1" Type="http://schemas.openxmlformats.org/'
                b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                b"</Relationships>",
            ),
        },
        add={"word/footnotes.xml": _FOOTNOTES_XML.replace("{notes}", notes).encode()},
    )


def rewrite_parts(
    data: bytes,
    edits: dict[str, Callable[[bytes], bytes]],
    add: dict[str, bytes] | None = None,
) -> bytes:
    """The same Office package with some parts edited (name -> function of the bytes) and
    others added: how tests make macro-enabled, footnoted or hostile variants."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            edit = edits.get(info.filename)
            target.writestr(info, edit(body) if edit else body)
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


_BUILTIN = {
    "Heading 1": "Heading1",
    "Heading 2": "Heading2",
    "Heading 3": "Heading3",
    "Title": "Title",
    "List Bullet": "ListBullet",
    "List Number": "ListNumber",
    "Quote": "Quote",
}


def build_paragraphs(spec: str, unit: str | None = None) -> dict:
    """The JSON the Word task pane posts for the same description (Office.js order)."""
    paragraphs = []
    for item in _parse(spec):
        if item["type"] == "table":
            for row in item["rows"]:
                for cell_text in row:
                    paragraphs.append(
                        {
                            "text": _FOOTNOTE.sub("", cell_text.strip("*")),
                            "style": "Normal",
                            "styleBuiltIn": "Normal",
                            "outlineLevel": 10,
                            "isListItem": False,
                            "tableNestingLevel": 1,
                        }
                    )
            continue
        style = item["style"] or "Normal"
        level = int(style[-1]) if style.startswith("Heading ") else 10
        entry = {
            "text": _FOOTNOTE.sub("", item["text"]),
            "style": style,
            "styleBuiltIn": _BUILTIN.get(style, "Normal"),
            "outlineLevel": level,
            "isListItem": style in ("List Bullet", "List Number"),
            "tableNestingLevel": 0,
        }
        if item["bold"]:
            entry["bold"] = True
        paragraphs.append(entry)
    return {"unit": unit, "paragraphs": paragraphs}
