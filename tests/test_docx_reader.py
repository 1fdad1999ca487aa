"""The docx reader and the task pane's JSON reader: what each paragraph comes out as.

Inputs are built here: python-docx for ordinary documents, raw WordprocessingML for the
odd cases python-docx cannot write (footnotes, tracked changes, fields, content
controls, text boxes, multilevel numbering, Strict namespaces).
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docbuilder import rewrite_parts
from lxml import etree

from linter.analysis.context import LintOptions
from linter.api import lint_bytes
from linter.config import Config
from linter.model import Document
from linter.readers.container import UnreadableFile, open_package
from linter.readers.docx_reader import read_docx
from linter.readers.paragraphs_json import read_paragraphs
from linter.readers.wordstyles import format_number, without_table_styles

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOC_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
NAMESPACES = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)
PARTS = {  # part -> (relationship type suffix, content type suffix, root element)
    "styles": ("styles", "styles+xml", "styles"),
    "numbering": ("numbering", "numbering+xml", "numbering"),
    "footnotes": ("footnotes", "footnotes+xml", "footnotes"),
    "endnotes": ("endnotes", "endnotes+xml", "endnotes"),
    "comments": ("comments", "comments+xml", "comments"),
    "header1": ("header", "header+xml", "hdr"),
    "footer1": ("footer", "footer+xml", "ftr"),
}


def raw_docx(body: str, **parts: str) -> bytes:
    """A minimal package whose document body is ``body`` (WordprocessingML, prefix w).

    Keyword arguments give the inner XML of styles, numbering, footnotes, endnotes or
    comments; ``core`` the inner XML of docProps/core.xml.
    """
    overrides = [f'<Override PartName="/word/document.xml" ContentType="{DOC_MAIN}"/>']
    rels = []
    files = {"word/document.xml": f"<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"}
    for n, (name, inner) in enumerate(sorted(parts.items())):
        if name == "core":
            continue
        rel, ctype, root = PARTS[name]
        files[f"word/{name}.xml"] = f"<w:{root} {NAMESPACES}>{inner}</w:{root}>"
        overrides.append(f'<Override PartName="/word/{name}.xml" ContentType="{WML}{ctype}"/>')
        rels.append(f'<Relationship Id="rId{n + 10}" Type="{R_NS}/{rel}" Target="{name}.xml"/>')
    package_rels = [
        f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="word/document.xml"/>'
    ]
    if "core" in parts:
        files["docProps/core.xml"] = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"{parts['core']}</cp:coreProperties>"
        )
        package_rels.append(
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        )
    rels_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    files["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(overrides)
        + "</Types>"
    )
    files["_rels/.rels"] = (
        f'<Relationships xmlns="{rels_ns}">{"".join(package_rels)}</Relationships>'
    )
    files["word/_rels/document.xml.rels"] = (
        f'<Relationships xmlns="{rels_ns}">{"".join(rels)}</Relationships>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + text)
    return out.getvalue()


def read(data: bytes, name: str = "test.docx") -> Document:
    return read_docx(open_package(data, name))


def texts(document: Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def para(text: str, ppr: str = "", rpr: str = "") -> str:
    props = f"<w:pPr>{ppr}</w:pPr>" if ppr else ""
    run_props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:p>{props}<w:r>{run_props}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def python_docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- an ordinary document written by python-docx ------------------------------------------


def sample_document():
    d = docx.Document()
    d.add_heading("Unit 8589-700 assignment", 0)
    d.add_heading("1.1 Explain the purpose of coaching", 1)
    d.add_paragraph("Plain \u201csmart\u201d text\u00a0with a no-break space.")
    d.add_paragraph().add_run("A whole bold line").bold = True
    mixed = d.add_paragraph()
    mixed.add_run("Bold start").bold = True
    mixed.add_run(" then plain")
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"cell {r}{c}"
    d.add_heading("1.2 Analyse", 2)
    d.add_paragraph("first", style="List Number")
    d.add_paragraph("second", style="List Number")
    d.add_paragraph("a bullet", style="List Bullet")
    return d


def test_python_docx_document_in_body_order():
    doc = read(python_docx_bytes(sample_document()))
    assert texts(doc) == [
        "Unit 8589-700 assignment",
        "1.1 Explain the purpose of coaching",
        'Plain "smart" text with a no-break space.',
        "A whole bold line",
        "Bold start then plain",
        "cell 00",
        "cell 01",
        "cell 10",
        "cell 11",
        "1.2 Analyse",
        "first",
        "second",
        "a bullet",
    ]
    assert [p.index for p in doc.paragraphs] == list(range(13))
    assert doc.source == "docx"


def test_python_docx_styles_headings_bold_cells_lists():
    p = read(python_docx_bytes(sample_document())).paragraphs
    assert (p[0].style, p[0].heading_level) == ("Title", 0)
    assert (p[1].style, p[1].heading_level, p[1].outline_level) == ("Heading 1", 1, 1)
    assert (p[9].style, p[9].heading_level, p[9].outline_level) == ("Heading 2", 2, 2)
    assert p[2].style == "Normal" and p[2].heading_level is None and p[2].outline_level is None
    assert p[3].bold and p[3].is_heading_like
    assert not p[4].bold
    assert p[1].bold  # Heading 1 is bold through its style
    cells = [p[i].cell for i in range(5, 9)]
    assert [(c.table, c.row, c.column, c.nesting) for c in cells] == [
        (0, 0, 0, 1),
        (0, 0, 1, 1),
        (0, 1, 0, 1),
        (0, 1, 1, 1),
    ]
    assert p[4].cell is None and p[9].cell is None
    assert (p[10].list_number, p[11].list_number) == ("1.", "2.")
    assert p[10].is_list_item and p[11].is_list_item
    assert p[12].is_list_item and p[12].list_number is None  # a bullet


def test_core_properties_are_read():
    d = sample_document()
    d.core_properties.title = "My assignment"
    d.core_properties.author = "A Learner"
    props = read(python_docx_bytes(d)).properties
    assert props["title"] == "My assignment"
    assert props["creator"] == "A Learner"


# -- text ---------------------------------------------------------------------------------


def test_text_is_normalised():
    body = (
        "<w:p><w:r><w:t>\u2018single\u2019 \u201cdouble\u201d co\u00adop"
        "\u200bera\u200dtion</w:t><w:tab/><w:t>after tab</w:t><w:br/><w:t>  after"
        "   break </w:t><w:softHyphen/><w:t>x</w:t><w:noBreakHyphen/><w:t>y</w:t>"
        '<w:sym w:font="Symbol" w:char="F0B7"/><w:sym w:font="Arial" w:char="2014"/>'
        "<w:cr/><w:t>\u00a0end\u00a0</w:t></w:r></w:p>"
    )
    assert texts(read(raw_docx(body))) == [
        "'single' \"double\" cooperation after tab after break x-y\u2022\u2014 end"
    ]


def test_tracked_changes_deleted_text_excluded_and_counted():
    body = (
        '<w:p><w:r><w:t xml:space="preserve">kept </w:t></w:r>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t xml:space="preserve">inserted </w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>deleted </w:delText></w:r></w:del>'
        '<w:moveFrom w:id="3" w:author="a"><w:r><w:t>moved away </w:t></w:r></w:moveFrom>'
        '<w:moveTo w:id="4" w:author="a"><w:r><w:t>moved here</w:t></w:r></w:moveTo></w:p>'
        + para("untouched")
        + '<w:p><w:pPr><w:rPr><w:ins w:id="5" w:author="a"/></w:rPr></w:pPr>'
        "<w:r><w:t>new paragraph mark</w:t></w:r></w:p>"
    )
    doc = read(raw_docx(body))
    assert texts(doc) == ["kept inserted moved here", "untouched", "new paragraph mark"]
    assert [p.has_revision for p in doc.paragraphs] == [True, False, True]
    assert doc.revisions == 5


def test_field_codes_excluded_and_results_kept():
    body = (
        # a complex field: code, separate, result
        '<w:p><w:r><w:t xml:space="preserve">See </w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> REF _Ref123 \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>Table 2</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:t xml:space="preserve"> below.</w:t></w:r></w:p>'
        # a field nested in another field's code, then the outer result
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText>PAGE</w:instrText></w:r>"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> = 3 "yes" "no" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>yes</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        # a simple field keeps its result
        '<w:p><w:fldSimple w:instr=" AUTHOR "><w:r><w:t>A Learner</w:t></w:r></w:fldSimple></w:p>'
        # a table of contents: the field spans paragraphs, its results are kept
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1.1 Purpose</w:t></w:r></w:p>'
        '<w:p><w:r><w:t>1.2 Methods</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        + para("After the contents")
    )
    assert texts(read(raw_docx(body))) == [
        "See Table 2 below.",
        "yes",
        "A Learner",
        "1.1 Purpose",
        "1.2 Methods",
        "After the contents",
    ]


def test_unterminated_field_code_does_not_hide_the_rest():
    body = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        "<w:r><w:instrText>BROKEN</w:instrText></w:r></w:p>"
        + "".join(para(f"paragraph {i}") for i in range(10))
    )
    assert texts(read(raw_docx(body)))[-1] == "paragraph 9"


def test_content_controls_and_placeholders():
    placeholder_pr = "<w:sdtPr><w:showingPlcHdr/></w:sdtPr>"
    body = (
        # a block content control still showing its placeholder
        f"<w:sdt>{placeholder_pr}<w:sdtContent>{para('Click or tap here to enter text.')}"
        "</w:sdtContent></w:sdt>"
        # a filled-in block content control
        f"<w:sdt><w:sdtPr/><w:sdtContent>{para('My answer')}</w:sdtContent></w:sdt>"
        # an inline content control showing its placeholder
        '<w:p><w:r><w:t xml:space="preserve">Learner name: </w:t></w:r>'
        f"<w:sdt>{placeholder_pr}<w:sdtContent><w:r><w:t>Enter name</w:t></w:r>"
        "</w:sdtContent></w:sdt></w:p>"
        # a run in the Placeholder Text character style
        + para("[Insert text]", rpr='<w:rStyle w:val="PlaceholderText"/>')
        # custom XML and smart tags around paragraphs and runs
        + '<w:customXml w:element="x"><w:p><w:smartTag w:element="place"><w:r>'
        "<w:t>Leeds</w:t></w:r></w:smartTag></w:p></w:customXml>"
        # showingPlcHdr switched off
         + f'<w:sdt><w:sdtPr><w:showingPlcHdr w:val="0"/></w:sdtPr><w:sdtContent>{para("done")}'
        "</w:sdtContent></w:sdt>"
    )
    doc = read(raw_docx(body))
    assert texts(doc) == [
        "Click or tap here to enter text.",
        "My answer",
        "Learner name: Enter name",
        "[Insert text]",
        "Leeds",
        "done",
    ]
    assert [p.placeholder for p in doc.paragraphs] == [True, False, True, True, False, False]


def test_content_controls_around_rows_and_cells():
    cell = "<w:tc>{}</w:tc>"
    body = (
        "<w:tbl><w:tblPr/><w:tblGrid/>"
        f"<w:tr>{cell.format(para('a'))}<w:sdt><w:sdtPr/><w:sdtContent>"
        f"{cell.format(para('b'))}</w:sdtContent></w:sdt></w:tr>"
        f"<w:sdt><w:sdtPr/><w:sdtContent><w:tr>{cell.format(para('c'))}</w:tr></w:sdtContent></w:sdt>"
        "</w:tbl>"
    )
    doc = read(raw_docx(body))
    assert texts(doc) == ["a", "b", "c"]
    assert [(p.cell.row, p.cell.column) for p in doc.paragraphs] == [(0, 0), (0, 1), (1, 0)]


def test_nested_tables_in_office_js_order():
    inner = (
        "<w:tbl><w:tblPr/><w:tblGrid/><w:tr>"
        f"<w:tc>{para('inner 00')}</w:tc><w:tc>{para('inner 01')}</w:tc>"
        f"</w:tr><w:tr><w:tc>{para('inner 10')}</w:tc></w:tr></w:tbl>"
    )
    body = (
        para("before")
        + "<w:tbl><w:tblPr/><w:tblGrid/><w:tr>"
        + f"<w:tc>{para('outer 00')}{inner}{para('outer 00 again')}</w:tc>"
        + f"<w:tc>{para('outer 01')}</w:tc></w:tr></w:tbl>"
        + "<w:tbl><w:tblPr/><w:tblGrid/><w:tr>"
        + f"<w:tc>{para('second table')}</w:tc></w:tr></w:tbl>"
        + para("after")
    )
    doc = read(raw_docx(body))
    cells = {
        p.text: (p.cell.table, p.cell.row, p.cell.column, p.cell.nesting) if p.cell else None
        for p in doc.paragraphs
    }
    assert texts(doc) == [
        "before",
        "outer 00",
        "inner 00",
        "inner 01",
        "inner 10",
        "outer 00 again",
        "outer 01",
        "second table",
        "after",
    ]
    assert cells == {
        "before": None,
        "outer 00": (0, 0, 0, 1),
        "inner 00": (1, 0, 0, 2),
        "inner 01": (1, 0, 1, 2),
        "inner 10": (1, 1, 0, 2),
        "outer 00 again": (0, 0, 0, 1),
        "outer 01": (0, 0, 1, 1),
        "second table": (2, 0, 0, 1),
        "after": None,
    }


def test_text_boxes_become_notes_once():
    textbox = "<w:txbxContent>{}</w:txbxContent>"
    drawing = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx>"
        + textbox.format(para("Box text (Kolb, 1984)") + para("second line"))
        + "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        + textbox.format(para("Box text (Kolb, 1984)") + para("second line"))
        + "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    vml_only = (
        "<w:r><w:pict><v:shape><v:textbox>"
        + textbox.format(para("Legacy box"))
        + "</v:textbox></v:shape></w:pict></w:r>"
    )
    body = (
        para("first")
        + f'<w:p><w:r><w:t xml:space="preserve">anchor </w:t></w:r>{drawing}</w:p>'
        + f"<w:p>{vml_only}<w:r><w:t>third</w:t></w:r></w:p>"
    )
    doc = read(raw_docx(body))
    assert texts(doc) == ["first", "anchor", "third"]
    assert [(n.kind, n.text, n.anchor) for n in doc.notes] == [
        ("textbox", "Box text (Kolb, 1984)\nsecond line", 1),
        ("textbox", "Legacy box", 2),
    ]


def test_footnotes_and_endnotes_with_anchors():
    separators = (
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>"
    )
    footnotes = separators + (
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        '<w:r><w:t xml:space="preserve"> As argued by Whitmore (2002).</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="2"><w:p><w:r><w:t>Second note</w:t></w:r></w:p>'
        "<w:p><w:r><w:t>two paragraphs</w:t></w:r></w:p></w:footnote>"
    )
    endnotes = (
        '<w:endnote w:id="1"><w:p><w:r><w:t>An endnote (Kolb, 1984)</w:t></w:r></w:p></w:endnote>'
    )
    body = (
        para("No note here")
        + '<w:p><w:r><w:t>Coaching</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
        + '<w:p><w:r><w:t>More</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r>'
        + '<w:r><w:endnoteReference w:id="1"/></w:r></w:p>'
    )
    doc = read(raw_docx(body, footnotes=footnotes, endnotes=endnotes))
    assert texts(doc) == ["No note here", "Coaching", "More"]
    assert [(n.kind, n.text, n.anchor) for n in doc.notes] == [
        ("footnote", "As argued by Whitmore (2002).", 1),
        ("footnote", "Second note\ntwo paragraphs", 2),
        ("endnote", "An endnote (Kolb, 1984)", 2),
    ]


def test_comments_counted_and_marked():
    comments = (
        '<w:comment w:id="0" w:author="Tutor"><w:p><w:r><w:t>Expand</w:t></w:r></w:p></w:comment>'
        '<w:comment w:id="1" w:author="Tutor"><w:p><w:r><w:t>Cite</w:t></w:r></w:p></w:comment>'
    )
    body = (
        '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>commented</w:t></w:r>'
        '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>'
        + para("plain")
        + '<w:p><w:r><w:t>reference only</w:t></w:r><w:r><w:commentReference w:id="1"/></w:r></w:p>'
    )
    doc = read(raw_docx(body, comments=comments))
    assert doc.comments == 2
    assert [p.has_comment for p in doc.paragraphs] == [True, False, True]
    assert doc.text == "commented\nplain\nreference only"  # comment text stays out


# -- numbering ----------------------------------------------------------------------------

MULTILEVEL = (
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2.%3"/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%1)"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%2."/></w:lvl>'
    "</w:abstractNum>"
    '<w:abstractNum w:abstractNumId="2"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/>'
    '<w:lvlText w:val="\u2022"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/>'
    '<w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    '<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>'
)


def numbered(text: str, num_id: int, ilvl: int = 0) -> str:
    return para(text, f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')


def test_multilevel_decimal_numbering_rendered():
    body = (
        numbered("a", 1, 0)
        + numbered("b", 1, 1)
        + numbered("c", 1, 1)
        + numbered("d", 1, 2)
        + para("not in a list")
        + numbered("e", 1, 0)
        + numbered("f", 1, 1)  # level 2 restarted by level 1
        + numbered("g", 1, 2)
        + numbered("h", 4, 0)  # a new list instance restarting at 1
        + numbered("i", 4, 1)
    )
    doc = read(raw_docx(body, numbering=MULTILEVEL))
    numbers = [p.list_number for p in doc.paragraphs]
    assert numbers == ["1.", "1.1", "1.2", "1.2.1", None, "2.", "2.1", "2.1.1", "1.", "1.1"]
    assert [p.is_list_item for p in doc.paragraphs] == [True] * 4 + [False] + [True] * 5


def test_other_formats_start_values_bullets_and_legal_numbering():
    body = (
        numbered("a", 2, 0)
        + numbered("b", 2, 1)
        + numbered("c", 2, 1)
        + numbered("d", 2, 0)
        + numbered("bullet", 3)
        + numbered("e", 5, 0)
        + numbered("f", 5, 1)
        + numbered("no list", 0)
        + numbered("missing list", 99)
    )
    doc = read(raw_docx(body, numbering=MULTILEVEL))
    assert [p.list_number for p in doc.paragraphs] == [
        "(c)",
        "IV.",
        "V.",
        "(d)",
        None,
        "I.",
        "1.1",  # isLgl renders the upper level as a decimal
        None,
        None,
    ]
    assert [p.is_list_item for p in doc.paragraphs] == [True] * 7 + [False, False]


def test_numbering_from_heading_styles():
    styles = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
        '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
        '<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
        '<w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/>'
        '</w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
    )
    body = (
        para("Introduction", '<w:pStyle w:val="Heading1"/>')
        + para("text")
        + para("Purpose", '<w:pStyle w:val="Heading2"/>')
        + para("Context", '<w:pStyle w:val="Heading2"/>')
        + para("Methods", '<w:pStyle w:val="Heading1"/>')
        + para("Options", '<w:pStyle w:val="Heading2"/>')
    )
    doc = read(raw_docx(body, styles=styles, numbering=MULTILEVEL))
    assert [p.list_number for p in doc.paragraphs] == ["1.", None, "1.1", "1.2", "2.", "2.1"]
    assert [p.heading_level for p in doc.paragraphs] == [1, None, 2, 2, 1, 2]
    assert [p.outline_level for p in doc.paragraphs] == [1, None, 2, 2, 1, 2]
    assert doc.paragraphs[2].style == "Heading 2"
    assert doc.paragraphs[2].bold  # bold inherited from Heading 1 through basedOn


def test_odd_attribute_values_never_raise():
    """Numbers that are not numbers, huge start values, unknown formats: read anyway."""
    rng = random.Random(5)
    values = ["", "-1", "99999999999999999999", "abc", "0", "9", "10", "F0B7", " 3 ", "1e5"]
    body = (
        numbered("a", 1, 0)
        + numbered("b", 2, 1)
        + numbered("c", 5, 1)
        + para("d", '<w:pStyle w:val="Heading1"/><w:outlineLvl w:val="2"/>')
        + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r></w:p>'
    )
    pattern = re.compile(r'w:(val|ilvl|numId|abstractNumId|char|fldCharType)="[^"]*"')

    def mutate(xml: str) -> str:
        return pattern.sub(
            lambda m: f'w:{m[1]}="{rng.choice(values)}"' if rng.random() < 0.4 else m[0], xml
        )

    assert format_number(10**12, "lowerLetter") is None  # not a string of 38 billion "a"s
    assert format_number(27, "upperLetter") == "AA"
    assert format_number(4000, "upperRoman") is None
    assert format_number(-3, "decimalZero") == "-3"
    for _ in range(150):
        doc = read(raw_docx(mutate(body), numbering=mutate(MULTILEVEL)))
        assert len(doc.paragraphs) == 5
        assert all(p.list_number is None or len(p.list_number) < 100 for p in doc.paragraphs)


# -- styles, outline levels and bold ------------------------------------------------------

STYLES = (
    "<w:docDefaults><w:rPrDefault><w:rPr/></w:rPrDefault></w:docDefaults>"
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="berschrift1"><w:name w:val="heading 1"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="ACHeading"><w:name w:val="AC Heading"/>'
    '<w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ACHeadingChild"><w:name w:val="AC Heading Child"/>'
    '<w:basedOn w:val="ACHeading"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="BodyOutline"><w:name w:val="Body Outline"/>'
    '<w:basedOn w:val="ACHeading"/><w:pPr><w:outlineLvl w:val="9"/></w:pPr>'
    '<w:rPr><w:b w:val="0"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Loop1"><w:name w:val="Loop 1"/><w:basedOn w:val="Loop2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Loop2"><w:name w:val="Loop 2"/><w:basedOn w:val="Loop1"/></w:style>'
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Emph"><w:name w:val="Emph"/><w:basedOn w:val="Strong"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'
)


def styled(text: str, style: str, ppr: str = "", rpr: str = "") -> str:
    return para(text, f'<w:pStyle w:val="{style}"/>{ppr}', rpr)


def test_localised_heading_style_title_and_display_names():
    body = (
        styled("Einleitung", "berschrift1")
        + styled("Title", "Title")
        + styled("Contents entry", "TOC1")
        + para("Normal text")
        + styled("Unknown style", "NoSuchStyle")
    )
    p = read(raw_docx(body, styles=STYLES)).paragraphs
    assert [(x.style, x.heading_level) for x in p] == [
        ("Heading 1", 1),
        ("Title", 0),
        ("TOC 1", None),
        ("Normal", None),
        ("NoSuchStyle", None),
    ]


def test_outline_levels_from_paragraph_and_style_chain():
    body = (
        styled("AC 1.1", "ACHeading")
        + styled("AC 1.2", "ACHeadingChild")  # inherits outline level 3 through basedOn
        + styled("body", "BodyOutline")  # outline 9 = body text overrides the parent
        + para("direct", '<w:outlineLvl w:val="0"/>')
        + styled("direct body text", "ACHeading", '<w:outlineLvl w:val="9"/>')
        + styled("cycle", "Loop1")
        + para("bad value", '<w:outlineLvl w:val="x"/>')
    )
    p = read(raw_docx(body, styles=STYLES)).paragraphs
    assert [x.outline_level for x in p] == [3, 3, None, 1, None, None, None]
    assert [x.heading_level for x in p] == [None] * 7
    assert p[0].is_heading_like and not p[2].is_heading_like


def test_bold_through_runs_styles_and_toggles():
    body = (
        para("direct", rpr="<w:b/>")
        + para("direct off", rpr='<w:b w:val="0"/>')
        + para("direct false", rpr='<w:b w:val="false"/>')
        + styled("style bold", "ACHeading")
        + styled("style bold switched off in the run", "ACHeading", rpr='<w:b w:val="0"/>')
        + styled("based-on style off", "BodyOutline")
        + para("character style", rpr='<w:rStyle w:val="Strong"/>')
        + para("character style chain", rpr='<w:rStyle w:val="Emph"/>')
        + styled(
            "Strong inside a bold style toggles off", "ACHeading", rpr='<w:rStyle w:val="Strong"/>'
        )
        + "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r>"
        '<w:r><w:t xml:space="preserve">   </w:t></w:r></w:p>'  # a plain space run is ignored
        + "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>bold</w:t></w:r><w:r><w:t>plain</w:t></w:r></w:p>"
        + "<w:p/>"
    )
    p = read(raw_docx(body, styles=STYLES)).paragraphs
    assert [x.bold for x in p] == [
        True,
        False,
        False,
        True,
        False,
        False,
        True,
        True,
        False,
        True,
        False,
        False,
    ]


def test_document_default_bold():
    styles = (
        "<w:docDefaults><w:rPrDefault><w:rPr><w:b/></w:rPr></w:rPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    )
    assert read(raw_docx(para("all bold by default"), styles=styles)).paragraphs[0].bold


def test_missing_styles_and_numbering_parts():
    doc = read(
        raw_docx(para("x", '<w:pStyle w:val="Heading1"/><w:numPr><w:numId w:val="1"/></w:numPr>'))
    )
    p = doc.paragraphs[0]
    assert (p.style, p.heading_level, p.is_list_item, p.list_number) == ("Heading1", 1, False, None)


def test_table_styles_are_cut_before_parsing_and_nothing_else():
    table = (
        '<w:style w:type="table" w:styleId="Grid{n}"><w:name w:val="Grid {n}"/>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style>'
    )
    styles = (
        table.format(n=1)
        + '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
        + table.format(n=2)
        + "<w:style w:type='table' w:styleId='Quoted'><w:name w:val='q'/></w:style>"
        + '<w:style w:type="table" w:styleId="Empty"/>'  # self-closing: left as it is
        + '<w:style w:styleId="Strong" w:type="character"><w:name w:val="Strong"/>'
        "<w:rPr><w:b/></w:rPr></w:style>"
    )
    data = f"<w:styles {NAMESPACES}>{styles}</w:styles>".encode()
    trimmed = without_table_styles(data)
    assert b"Grid" not in trimmed and b"Heading1" in trimmed and b"Strong" in trimmed
    assert b'w:styleId="Empty"/>' in trimmed
    ids = [s.get(f"{{{W_NS}}}styleId") for s in etree.fromstring(trimmed).iter(f"{{{W_NS}}}style")]
    assert ids == ["Heading1", "Quoted", "Empty", "Strong"]  # one quoting style per part
    assert without_table_styles(b"<w:styles/>") == b"<w:styles/>"
    doc = read(raw_docx(styled("Heading", "Heading1"), styles=styles))
    assert (doc.paragraphs[0].heading_level, doc.paragraphs[0].outline_level) == (1, 1)


def test_a_trim_that_breaks_the_part_falls_back_to_the_whole_part():
    # A table style whose end tag sits inside a comment: cutting up to it would leave a
    # broken part, so the reader parses the part as it is.
    styles = (
        '<w:style w:type="table" w:styleId="T"><!-- </w:style> --><w:name w:val="t"/>'
        '</w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
        "</w:style>"
    )
    trimmed = without_table_styles(f"<w:styles {NAMESPACES}>{styles}</w:styles>".encode())
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(trimmed)
    doc = read(raw_docx(styled("Heading", "Heading2"), styles=styles))
    assert doc.paragraphs[0].heading_level == 2


def test_headers_and_footers_are_read_for_unit_detection_only():
    box = (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>"
        f"{para('DRAFT watermark')}</w:txbxContent></wps:txbx></wps:wsp></a:graphicData>"
        "</a:graphic></wp:anchor></w:drawing></mc:Choice></mc:AlternateContent></w:r>"
    )
    data = raw_docx(
        para("My reflections on coaching practice."),
        header1=para("ILM Level 7 Unit 8589-700 Assignment") + f"<w:p>{box}</w:p>",
        footer1=para("Page 1") + para("ILM Level 7 Unit 8589-700 Assignment"),
    )
    doc = read(data)
    assert doc.headers_footers == [  # the watermark's text box is neither text nor note
        "ILM Level 7 Unit 8589-700 Assignment",
        "Page 1\nILM Level 7 Unit 8589-700 Assignment",
    ]
    assert doc.notes == [] and texts(doc) == ["My reflections on coaching practice."]
    result = lint_bytes(data, "a.docx", LintOptions(config=Config(grammar="off")))
    assert result.unit == "8589-700"
    assert result.stats["words"] == 5  # the header's words are not the learner's


def test_a_damaged_header_does_not_cost_the_document():
    data = raw_docx(para("My reflections."), header1=para("Unit 8589-700"))
    broken = rewrite_parts(data, {"word/header1.xml": lambda b: b[: len(b) // 2]})
    doc = read(broken)
    assert texts(doc) == ["My reflections."] and doc.headers_footers == []


# -- package variants ---------------------------------------------------------------------


def strict_docx() -> bytes:
    """The same kind of package in Strict Open XML namespaces."""
    data = raw_docx(
        styled("Strict heading", "Heading1") + para("Strict body"),
        styles='<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
        '<w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>',
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            body = body.replace(W_NS.encode(), b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            body = body.replace(
                R_NS.encode(), b"http://purl.oclc.org/ooxml/officeDocument/relationships"
            )
            target.writestr(info.filename, body)
    return out.getvalue()


def test_strict_open_xml_is_read_and_noted():
    package = open_package(strict_docx(), "strict.docx")
    doc = read_docx(package)
    assert package.strict
    assert any("Strict Open XML" in n for n in package.notices)
    assert texts(doc) == ["Strict heading", "Strict body"]
    assert doc.paragraphs[0].heading_level == 1 and doc.paragraphs[0].outline_level == 1


def test_main_part_found_through_relationships():
    data = raw_docx(para("moved"))
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info.filename).replace(b"word/document.xml", b"word/main.xml")
            body = body.replace(b"/word/document.xml", b"/word/main.xml")
            name = info.filename.replace("document.xml", "main.xml")
            target.writestr(name, body)
    assert texts(read(out.getvalue())) == ["moved"]


def test_reading_an_xlsx_package_as_a_document_is_refused():
    import openpyxl

    out = io.BytesIO()
    openpyxl.Workbook().save(out)
    package = open_package(out.getvalue(), "log.xlsx")
    with pytest.raises(UnreadableFile) as err:
        read_docx(package)
    assert err.value.reason == "wrong-kind"


def test_reader_does_not_import_python_docx():
    code = (
        "import sys; from linter.readers.docx_reader import read_docx; "
        "from linter.readers.paragraphs_json import read_paragraphs; "
        "assert 'docx' not in sys.modules and 'openpyxl' not in sys.modules, sorted(sys.modules)"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


# -- every real-world Word file -----------------------------------------------------------

REAL_FILES = sorted(
    p for p in (REALWORLD / "docx").glob("*") if p.suffix.lower() in (".docx", ".docm", ".dotx")
)


@pytest.fixture
def ten_seconds():
    """Fail (rather than hang) when one file takes more than 10 s."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def timeout(signum, frame):
        raise TimeoutError("reading took more than 10 s")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_realworld_files_are_present():
    if not REALWORLD.is_dir() and not os.environ.get("CI"):
        pytest.skip("../shared/realworld is not beside this checkout")
    assert len(REAL_FILES) >= 100


@pytest.mark.parametrize("path", REAL_FILES, ids=[p.name for p in REAL_FILES])
def test_realworld_file_gives_document_or_unreadable(path, ten_seconds):
    start = time.perf_counter()
    try:
        result = read_docx(open_package(path.read_bytes(), path.name))
    except UnreadableFile as exc:
        assert exc.reason and exc.message
        result = exc
    assert time.perf_counter() - start < 10
    assert isinstance(result, (Document, UnreadableFile))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("poi__bug53475-password-is-pass.docx", "encrypted"),
        ("poi__protected_agile.docx", "encrypted"),
        ("poi__ExternalEntityInText.docx", "xml-entities"),
        ("poi__truncated62886.docx", "corrupt-zip"),
        ("poi__stress025.docx", "wrong-kind"),
        (
            "poi__cpansearch.perl.org_src_tobyink_acme-rundoc-0.001_word-lib_hello_world.docm",
            "legacy-doc",
        ),
    ],
)
def test_realworld_bad_files_give_the_right_reason(name, reason):
    path = REALWORLD / "docx" / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    with pytest.raises(UnreadableFile) as err:
        read_docx(open_package(path.read_bytes(), name))
    assert err.value.reason == reason


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("mammoth__footnotes.docx", "footnote"),
        ("mammoth__endnotes.docx", "endnote"),
        ("mammoth__text-box.docx", "textbox"),
    ],
)
def test_realworld_notes(name, expected):
    path = REALWORLD / "docx" / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    doc = read_docx(open_package(path.read_bytes(), name))
    kinds = [n.kind for n in doc.notes]
    assert expected in kinds
    if expected == "textbox":
        assert len(kinds) == 1  # Choice and Fallback hold the same box


@pytest.mark.parametrize("name", ["docx2python__strict.docx", "mammoth__strict-format.docx"])
def test_realworld_strict_files_are_read(name):
    path = REALWORLD / "docx" / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    package = open_package(path.read_bytes(), name)
    doc = read_docx(package)
    assert package.strict
    assert doc.text.strip()


# -- LibreOffice --------------------------------------------------------------------------


def test_libreoffice_converted_document(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice is not installed")
    source = tmp_path / "in" / "assignment.docx"
    source.parent.mkdir()
    source.write_bytes(python_docx_bytes(sample_document()))
    outdir = tmp_path / "out"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    converted = (outdir / "assignment.docx").read_bytes()
    assert b"LibreOffice" in zipfile.ZipFile(io.BytesIO(converted)).read("docProps/app.xml")
    doc = read(converted)
    by_text = {p.text: p for p in doc.paragraphs}
    assert texts(doc)[:5] == texts(read(python_docx_bytes(sample_document())))[:5]
    assert by_text["1.1 Explain the purpose of coaching"].heading_level == 1
    assert by_text["1.1 Explain the purpose of coaching"].outline_level == 1
    assert by_text["1.2 Analyse"].heading_level == 2
    assert by_text["A whole bold line"].bold
    assert by_text["cell 11"].cell is not None
    assert (by_text["cell 11"].cell.row, by_text["cell 11"].cell.column) == (1, 1)
    assert by_text["first"].is_list_item and by_text["first"].list_number == "1."
    assert by_text["second"].list_number == "2."


# -- the task pane's paragraph JSON -------------------------------------------------------


def test_paragraphs_json_maps_to_the_model():
    doc = read_paragraphs(
        {
            "unit": "8589-700",
            "paragraphs": [
                {"text": "Unit 8589-700", "style": "Title", "styleBuiltIn": "Title"},
                {
                    "text": "1.1 \u201cExplain\u201d",
                    "style": "Heading 1",
                    "styleBuiltIn": "Heading1",
                    "outlineLevel": 1,
                    "isListItem": False,
                    "tableNestingLevel": 0,
                },
                {
                    "text": "Body\u00a0text",
                    "style": "Normal",
                    "styleBuiltIn": "Normal",
                    "outlineLevel": 10,
                },
                {"text": "Body", "outlineLevel": "BodyText"},
                {"text": "Outline", "outlineLevel": "OutlineLevel3"},
                {"text": "Item", "isListItem": True, "listString": "2.1"},
                {"text": "Cell", "tableNestingLevel": 2, "rowIndex": 1, "cellIndex": 0},
                {"text": "Bold line", "bold": True},
                {"text": "Custom", "style": "My Style", "styleBuiltIn": "Other"},
            ],
            "comments": 2,
            "revisions": 1,
            "footnotes": ["Whitmore (2002) says so."],
        }
    )
    p = doc.paragraphs
    assert doc.source == "paragraphs"
    assert [x.index for x in p] == list(range(9))
    assert (p[0].heading_level, p[1].heading_level, p[1].outline_level) == (0, 1, 1)
    assert p[1].text == '1.1 "Explain"' and p[2].text == "Body text"
    assert [x.outline_level for x in p[2:5]] == [None, None, 3]
    assert p[5].is_list_item and p[5].list_number == "2.1"
    assert p[6].cell is not None
    assert (p[6].cell.table, p[6].cell.row, p[6].cell.column, p[6].cell.nesting) == (-1, 1, 0, 2)
    assert p[7].bold and not p[6].bold
    assert p[8].style == "My Style" and p[8].heading_level is None
    assert (doc.comments, doc.revisions) == (2, 1)
    assert [(n.kind, n.text) for n in doc.notes] == [("footnote", "Whitmore (2002) says so.")]


@pytest.mark.parametrize(
    ("payload", "complaint"),
    [
        ([], "JSON object"),
        ({}, "'paragraphs' must be a list"),
        ({"paragraphs": "text"}, "'paragraphs' must be a list"),
        ({"paragraphs": [3]}, "paragraph 0 must be an object"),
        ({"paragraphs": [{"style": "Normal"}]}, "'text' must be a string"),
        ({"paragraphs": [{"text": 5}]}, "'text' must be a string"),
        ({"paragraphs": [{"text": "x" * 1_000_001}]}, "longer than"),
        ({"paragraphs": [{"text": ""}] * 100_001}, "too many paragraphs"),
        ({"paragraphs": [{"text": "x", "style": 3}]}, "'style' must be a string"),
        ({"paragraphs": [{"text": "x", "outlineLevel": 0}]}, "from 1 to 10"),
        ({"paragraphs": [{"text": "x", "outlineLevel": 11}]}, "from 1 to 10"),
        ({"paragraphs": [{"text": "x", "outlineLevel": "high"}]}, "unknown 'outlineLevel'"),
        ({"paragraphs": [{"text": "x", "outlineLevel": True}]}, "'outlineLevel'"),
        (
            {"paragraphs": [{"text": "x", "isListItem": "yes"}]},
            "'isListItem' must be true or false",
        ),
        ({"paragraphs": [{"text": "x", "tableNestingLevel": -1}]}, "0 or more"),
        ({"paragraphs": [{"text": "x", "tableNestingLevel": 1.5}]}, "'tableNestingLevel'"),
        ({"paragraphs": [{"text": "x", "tableNestingLevel": True}]}, "'tableNestingLevel'"),
        ({"paragraphs": [{"text": "x", "bold": 1}]}, "'bold' must be true or false"),
        ({"paragraphs": [{"text": "x", "listString": 1}]}, "'listString' must be a string"),
        ({"paragraphs": [], "comments": -1}, "'comments' must be a count"),
        ({"paragraphs": [], "footnotes": "x"}, "'footnotes' must be a list"),
        ({"paragraphs": [], "footnotes": [1]}, "footnotes 0"),
    ],
)
def test_paragraphs_json_rejects_malformed_input(payload, complaint):
    with pytest.raises(ValueError, match=complaint.replace("(", r"\(")):
        read_paragraphs(payload)


def test_paragraphs_json_total_text_limit():
    payload = {"paragraphs": [{"text": "x" * 900_000}] * 30}
    with pytest.raises(ValueError, match="more than"):
        read_paragraphs(payload)
