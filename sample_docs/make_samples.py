#!/usr/bin/env python3
"""Build the sample assignments in sample_docs/assignments/ from sample_docs/content/.

Each sample is one TOML file in content/samples/: the essay it renders (content/*.md, or
the 8589-700 template transcription), the layout, and the faults it plants. EXPECTED.md
lists what the linter must report for each.

    python sample_docs/make_samples.py [--out DIR] [--no-libreoffice] [--no-logs]

python-docx output is deterministic (fixed zip times, core properties and comment
dates). Samples with ``libreoffice = true`` are converted docx -> odt -> docx by
LibreOffice, so the committed file is LibreOffice's own; they are rebuilt only when
their python-docx source changes, and kept as committed when soffice is missing.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from docx import Document as new_document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

HERE = Path(__file__).resolve().parent
CONTENT = HERE / "content"
SPECS = CONTENT / "samples"
ASSIGNMENTS = HERE / "assignments"
FIXED_TIME = datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
REVIEWER = "Tutor"
NUM_ID = 90  # the multilevel list the "numbered" layout adds to numbering.xml


# -- the essays ---------------------------------------------------------------------------


@dataclass
class Part:
    key: str  # "introduction", "references", an AC number, or the heading itself
    kind: str  # "introduction", "references", "ac" or "heading"
    title: str  # the AC wording (without its number) or the heading text
    blocks: list[tuple[str, str]] = field(default_factory=list)  # ("p" | "bullet", text)


@dataclass
class Essay:
    meta: dict
    parts: list[Part]


def parse_essay(text: str) -> Essay:
    """``+++`` TOML front matter, then ``# Heading`` / ``## 1.1 AC wording`` sections whose
    paragraphs are separated by blank lines; ``- `` lines are bullets."""
    _, front, body = text.split("+++", 2)
    parts: list[Part] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            parts[-1].blocks.append(("p", " ".join(paragraph)))
            paragraph.clear()

    for line in body.splitlines():
        line = line.strip()
        if line.startswith("#"):
            flush()
            title = line.lstrip("#").strip()
            ac = re.match(r"^(\d+\.\d+)\s+(.*)$", title)
            if line.startswith("## ") and ac:
                parts.append(Part(ac.group(1), "ac", ac.group(2)))
            elif title.lower() in ("introduction", "references"):
                parts.append(Part(title.lower(), title.lower(), title))
            else:
                parts.append(Part(title, "heading", title))
        elif not line:
            flush()
        elif line.startswith("- "):
            flush()
            parts[-1].blocks.append(("bullet", line[2:]))
        else:
            paragraph.append(line)
    flush()
    return Essay(tomllib.loads(front), parts)


def blocks_of(text: str) -> list[tuple[str, str]]:
    """Paragraphs (blank-line separated) and ``- `` bullets of a text given in a spec."""
    return parse_essay("+++\n+++\n# x\n" + text).parts[0].blocks


def apply_spec(essay: Essay, spec: dict) -> list[Part]:
    """The essay's parts after the spec's edits, extra sections, order and dropped refs."""
    parts = {p.key: p for p in essay.parts}
    for extra in spec.get("extra", []):
        parts[extra["id"]] = Part(
            extra["key"], extra.get("kind", "ac"), extra["title"], blocks_of(extra["text"])
        )
    for edit in spec.get("edit", []):
        part = parts[edit["section"]]
        if "text" in edit:
            part.blocks = blocks_of(edit["text"])
        if "append" in edit:
            part.blocks.extend(blocks_of(edit["append"]))
        if "old" in edit:
            hits = [i for i, (_, t) in enumerate(part.blocks) if edit["old"] in t]
            if len(hits) != 1:
                raise SystemExit(f"edit in {edit['section']}: {edit['old'][:50]!r} found {hits}")
            kind, text = part.blocks[hits[0]]
            part.blocks[hits[0]] = (kind, text.replace(edit["old"], edit["new"]))
    for prefix in spec.get("drop_references", []):
        refs = parts["references"]
        kept = [b for b in refs.blocks if not b[1].startswith(prefix)]
        if len(kept) != len(refs.blocks) - 1:
            raise SystemExit(f"drop_references: {prefix!r} does not match exactly one entry")
        refs.blocks = kept
    order = spec.get("order") or [p.key for p in essay.parts]
    return [parts[key] for key in order]


# -- inline markup: footnotes and review marks ----------------------------------------

INLINE = re.compile(
    r"\[\^(?P<note>[^\]]+)\]"  # a footnote
    r"|\{\+\+(?P<ins>.+?)\+\+\}"  # a tracked insertion
    r"|\{--(?P<dele>.+?)--\}"  # a tracked deletion
    r"|\{==(?P<anchor>.+?)==\}\{>>(?P<comment>.+?)<<\}"  # a comment on the anchor text
)
CITATION = re.compile(r" ?\(((?:[^()]*?), ((?:19|20)\d\d[a-z]?)(?:, p+\. [\d–-]+)?)\)")


def footnoted(text: str) -> str:
    """Bracketed Harvard citations moved into footnotes: "(Kolb, 1984)" -> [^Kolb (1984).]"""

    def note(m: re.Match) -> str:
        names = m.group(1).rsplit(",", 1)[0].strip()
        return f"[^{names} ({m.group(2)}).]"

    return CITATION.sub(note, text)


def _revision(tag: str, text: str, rid: int) -> object:
    t = "w:delText" if tag == "w:del" else "w:t"
    return parse_xml(
        f'<{tag} {nsdecls("w")} w:id="{rid}" w:author="{REVIEWER}" '
        f'w:date="2026-03-10T09:00:00Z"><w:r><{t} xml:space="preserve">{_escape(text)}'
        f"</{t}></w:r></{tag}>"
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -- the writer -------------------------------------------------------------------------


class Writer:
    """A python-docx document plus the parts python-docx cannot write (footnotes)."""

    def __init__(self, meta: dict) -> None:
        self.doc = new_document()
        self.footnotes: list[str] = []
        self.revision_id = 100
        props = self.doc.core_properties
        props.author = props.last_modified_by = "Learner"
        props.title = meta.get("title", "")
        props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
        props.comments = ""
        props.revision = 1

    def runs(self, paragraph, text: str, bold: bool = False, italic: bool = False) -> None:
        pos = 0
        for m in INLINE.finditer(text):
            if m.start() > pos:
                self._run(paragraph, text[pos : m.start()], bold, italic)
            if m.group("note"):
                self.footnotes.append(m.group("note"))
                paragraph._p.append(
                    parse_xml(
                        f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/>'
                        f'</w:rPr><w:footnoteReference w:id="{len(self.footnotes)}"/></w:r>'
                    )
                )
            elif m.group("ins") or m.group("dele"):
                self.revision_id += 1
                tag = "w:ins" if m.group("ins") else "w:del"
                paragraph._p.append(
                    _revision(tag, m.group("ins") or m.group("dele"), self.revision_id)
                )
            else:
                run = self._run(paragraph, m.group("anchor"), bold, italic)
                self.doc.add_comment(run, text=m.group("comment"), author=REVIEWER, initials="T")
            pos = m.end()
        if pos < len(text) or not text:
            self._run(paragraph, text[pos:], bold, italic)

    @staticmethod
    def _run(paragraph, text: str, bold: bool, italic: bool):
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        return run

    def para(self, text: str, style: str | None = None, bold=False, italic=False, number=None):
        paragraph = self.doc.add_paragraph(style=style)
        if number is not None:  # (level, list id): real automatic numbering
            num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            num_pr.get_or_add_ilvl().val = number[0]
            num_pr.get_or_add_numId().val = number[1]
        self.runs(paragraph, text, bold, italic)
        return paragraph

    def cell(self, cell, blocks: list[tuple[str, str]], bold: bool = False) -> None:
        first = True
        for kind, text in blocks:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            if kind == "bullet":
                paragraph.style = self.doc.styles["List Bullet"]
            self.runs(paragraph, text, bold=bold)

    def add_multilevel_list(self) -> None:
        """A two-level decimal list ("1." then "1.1") for numbered headings."""
        levels = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{567 * (i + 1)}" w:hanging="567"/></w:pPr></w:lvl>'
            for i, text in enumerate(("%1.", "%1.%2"))
        )
        numbering = self.doc.part.numbering_part.element
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{NUM_ID}">'
            f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
        )
        first_num = numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            numbering.append(abstract)
        numbering.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{NUM_ID}">'
                f'<w:abstractNumId w:val="{NUM_ID}"/></w:num>'
            )
        )

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return normalise_zip(buffer.getvalue(), self.footnotes)


_FOOTNOTES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f"<w:footnotes {nsdecls('w')}>"
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
    "</w:r></w:p></w:footnote>{notes}</w:footnotes>"
)


def normalise_zip(data: bytes, footnotes: list[str]) -> bytes:
    """Fixed timestamps and dates (so a rebuild is byte-identical) and the footnotes part."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:

        def write(name: str, body: bytes) -> None:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, body)

        for name in source.namelist():
            body = source.read(name)
            if name == "word/comments.xml":
                body = re.sub(rb'w:date="[^"]*"', b'w:date="2026-03-10T09:00:00Z"', body)
            elif footnotes and name == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/vnd.'
                    b'openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            elif footnotes and name == "word/_rels/document.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFootnotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            write(name, body)
        if footnotes:
            notes = "".join(
                f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
                f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:t xml:space="preserve"> {_escape(text)}</w:t></w:r></w:p></w:footnote>'
                for i, text in enumerate(footnotes, start=1)
            )
            write("word/footnotes.xml", _FOOTNOTES.replace("{notes}", notes).encode())
    return out.getvalue()


# -- layouts ----------------------------------------------------------------------------


def ac_heading(w: Writer, layout: str, part: Part) -> None:
    """The heading of one AC section in the sample's layout."""
    if layout == "headings":
        w.para(f"{part.key} {part.title}", style="Heading 2")
    elif layout == "bold-ac":
        w.para(f"AC {part.key} {part.title}", bold=True)
    elif layout == "assessment-criterion":
        w.para(f"Assessment criterion {part.key}", style="Heading 2")
        w.para(part.title, italic=True)
    elif layout == "wording":
        w.para(part.title, style="Heading 2")
    elif layout == "numbered":
        w.para(part.title, style="Heading 2", number=(1, NUM_ID))
    else:
        raise SystemExit(f"unknown layout {layout!r}")


def front_matter(w: Writer, meta: dict, cover: bool) -> None:
    title = meta["title"]
    unit = meta.get("unit")
    if unit and unit not in title:
        title = f"Unit {unit}: {title}"
    w.para(title, style="Title")
    if meta.get("subtitle"):
        w.para(meta["subtitle"], style="Subtitle")
    if cover:
        table = w.doc.add_table(rows=0, cols=2)
        table.style = w.doc.styles["Table Grid"]
        for label, value in meta["cover"].items():
            row = table.add_row()
            w.cell(row.cells[0], [("p", label)], bold=True)
            w.cell(row.cells[1], [("p", value)])
        w.para("")


def render(essay: Essay, spec: dict) -> bytes:
    layout = spec["layout"]
    w = Writer(essay.meta)
    for style in ("Normal", "List Bullet"):
        w.doc.styles[style].font.size = Pt(11)
    front_matter(w, essay.meta, spec.get("cover", False))
    notes = spec.get("footnotes", [])
    outcomes = dict(essay.meta.get("outcomes", {}))  # each printed before its first AC
    if layout == "numbered":
        w.add_multilevel_list()
    table = None
    for part in apply_spec(essay, spec):
        blocks = [(k, footnoted(t) if part.key in notes else t) for k, t in part.blocks]
        if part.kind == "ac" and layout == "table":
            if table is None:
                table = w.doc.add_table(rows=1, cols=2)
                table.style = w.doc.styles["Table Grid"]
                w.cell(table.rows[0].cells[0], [("p", "Assessment criterion")], bold=True)
                w.cell(table.rows[0].cells[1], [("p", "My response")], bold=True)
            row = table.add_row()
            w.cell(row.cells[0], [("p", f"{part.key} {part.title}")], bold=True)
            w.cell(row.cells[1], blocks)
            continue
        table = None
        if part.kind == "ac":
            outcome = part.key.split(".")[0]
            if layout == "numbered" and outcome in outcomes:
                w.para(outcomes.pop(outcome), style="Heading 1", number=(0, NUM_ID))
            ac_heading(w, layout, part)
        elif layout == "bold-ac":
            w.para(part.title, bold=True)
        else:
            w.para(part.title, style="Heading 1")
        for kind, text in blocks:
            w.para(text, style="List Bullet" if kind == "bullet" else None)
    return w.save()


def render_template(template: str, essay: Essay, spec: dict) -> bytes:
    """The 8589-700 template with the learner's answers typed under each AC's guidance."""
    w = Writer(essay.meta)
    parts = {p.key: p for p in apply_spec(essay, spec)}
    for line in template.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@answer "):
            for kind, text in parts[line.split()[1]].blocks:
                w.para(text, style="List Bullet" if kind == "bullet" else None)
        elif line == "@references":
            for _, text in parts["references"].blocks:
                w.para(text)
        elif line.startswith("**") and line.endswith("**"):
            w.para(line[2:-2], bold=True)
        elif line.startswith("- "):
            w.para(line[2:], style="List Bullet")
        else:
            w.para(line)
    return w.save()


# -- files that are not .docx at all (FL900) ---------------------------------------------


def legacy_doc() -> bytes:
    """A Word 97-2003 compound file header, as when a .doc is renamed .docx."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HH", 0x3E, 3)
    header += struct.pack("<HHIII", 0xFFFE, 9, 6, 0, 0) + b"\0" * 8
    header += b"\xff" * (512 - len(header))
    names = ("Root Entry", "WordDocument", "1Table", "SummaryInformation")
    directory = b"".join(n.encode("utf-16-le").ljust(64, b"\0") + b"\0" * 64 for n in names)
    return header + directory + b"\0" * 1024


def truncated_docx() -> bytes:
    """A .docx cut short, as an interrupted upload or e-mail attachment leaves it (built
    by hand, so the bytes do not depend on the python-docx version)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    paragraphs = "".join(
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
        for text in ["Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level"]
        + [f"{n} Definitions of coaching vary, but most share one idea." for n in range(40)]
    )
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://'
        'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override '
        'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}">'
        f"<w:body>{paragraphs}</w:body></w:document>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as package:
        for name, body in parts.items():
            package.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), body)
    data = out.getvalue()
    return data[: len(data) * 2 // 3]


BAD_FILES = {"legacy-doc": legacy_doc, "truncated-zip": truncated_docx}


# -- LibreOffice ------------------------------------------------------------------------


def libreoffice(data: bytes, name: str, committed: Path) -> bytes | None:
    """``data`` saved by LibreOffice (docx -> odt -> docx); the committed file when its
    source is unchanged or soffice is missing; None when there is neither."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    if committed.exists() and digest in _description(committed.read_bytes()):
        return committed.read_bytes()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        note = "keeping the committed file" if committed.exists() else "skipped"
        print(f"  note: soffice not found, {name}: {note}")
        return committed.read_bytes() if committed.exists() else None
    doc = new_document(io.BytesIO(data))
    doc.core_properties.comments = f"source {digest}"
    buffer = io.BytesIO()
    doc.save(buffer)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / name
        src.write_bytes(normalise_zip(buffer.getvalue(), []))
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        steps = (
            ("odt", src, Path(tmp) / "odt"),
            ("docx:MS Word 2007 XML", Path(tmp) / "odt" / (src.stem + ".odt"), Path(tmp) / "out"),
        )
        try:
            for target, infile, outdir in steps:
                subprocess.run(
                    [soffice, profile, "--headless", "--convert-to", target,
                     "--outdir", str(outdir), str(infile)],
                    check=True, capture_output=True, timeout=180,
                )  # fmt: skip
            return (Path(tmp) / "out" / name).read_bytes()
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"  note: LibreOffice failed on {name} ({exc}): keeping the committed file")
            return committed.read_bytes() if committed.exists() else None


def _description(data: bytes) -> str:
    try:
        return zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    except (zipfile.BadZipFile, KeyError):
        return ""


# -- main -------------------------------------------------------------------------------


def build(name: str, spec: dict, use_libreoffice: bool) -> bytes | None:
    if "bytes" in spec:
        return BAD_FILES[spec["bytes"]]()
    essay = parse_essay((CONTENT / spec["source"]).read_text(encoding="utf-8"))
    if spec["layout"] == "template":
        template = (CONTENT / spec["template"]).read_text(encoding="utf-8")
        data = render_template(template, essay, spec)
    else:
        data = render(essay, spec)
    if spec.get("libreoffice"):
        committed = ASSIGNMENTS / name
        if not use_libreoffice:
            return committed.read_bytes() if committed.exists() else None
        return libreoffice(data, name, committed)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ASSIGNMENTS, help="output folder")
    parser.add_argument("--no-libreoffice", action="store_true", help="keep committed LO files")
    parser.add_argument("--no-logs", action="store_true", help="do not run make_logs.py")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in sorted(SPECS.glob("*.toml")):
        spec = tomllib.loads(path.read_text(encoding="utf-8"))
        name = path.stem + spec.get("suffix", ".docx")
        data = build(name, spec, not args.no_libreoffice)
        if data is None:
            print(f"  skipped {name}")
            continue
        (args.out / name).write_bytes(data)
        print(f"  wrote {args.out / name} ({len(data):,} bytes)")
    logs = HERE / "make_logs.py"
    if logs.exists() and not args.no_logs:
        print(f"running {logs.name}")
        return subprocess.run([sys.executable, str(logs)], check=False).returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
