"""Time the docx reader against a bare zipfile + lxml iterparse of the same file.

Not a test: run ``python benchmarks/bench_reader.py`` and read the figures. It builds a
6,000-word and a 60,000-word assignment (26 headings, tables, Harvard citations, a
reference list, footnotes), then prints the median milliseconds of ``open_package`` +
``read_docx`` and of the bare parse of word/document.xml, and their ratio.
"""

from __future__ import annotations

import io
import itertools
import random
import sys
import zipfile
from pathlib import Path

from docx import Document as make_document  # only to build the inputs
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from timing import median_ms, sizes

from linter.readers.container import open_package
from linter.readers.docx_reader import read_docx

WORDS = [
    "coaching", "mentoring", "the", "learner", "reflects", "on", "practice", "with",
    "evidence", "and", "organisation", "supports", "a", "culture", "of", "development",
    "where", "goals", "are", "agreed", "reviewed", "against", "outcomes", "while", "coach",
    "listens", "asks", "open", "questions", "avoids", "giving", "advice",
]  # fmt: skip
AUTHORS = ["Whitmore", "Hawkins", "Passmore", "Clutterbuck", "Kolb", "Schön", "Downey", "Garvey"]
FOOTNOTE_REF = (
    '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
    '<w:footnoteReference w:id="{n}"/></w:r>'
)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _chunks(text: str, rng: random.Random) -> list[str]:
    words = text.split(" ")
    cuts = sorted(rng.sample(range(1, len(words)), min(4, len(words) - 1)))
    bounds = [0, *cuts, len(words)]
    return [
        " ".join(words[a:b]) + (" " if b < len(words) else "")
        for a, b in itertools.pairwise(bounds)
    ]


def build(words: int, seed: int = 7) -> bytes:
    """An assignment of about ``words`` words, with 26 headings per 6,000 words."""
    rng = random.Random(seed)
    scale = max(1, words // 6000)
    doc = make_document()
    doc.add_heading("Unit 8589-700 Coaching and Mentoring at the Executive Level", 0)
    headings = 26 * scale
    per_section = words // headings
    footnotes = 0
    for h in range(headings):
        doc.add_heading(f"{h // 5 + 1}.{h % 5 + 1} Critically review the section {h}", 2)
        written = 0
        while written < per_section:
            n = rng.randint(15, 35)
            text = _sentence(rng, n)
            if rng.random() < 0.6:
                text += f" ({rng.choice(AUTHORS)}, {rng.randint(1980, 2023)})"
            para = doc.add_paragraph()
            for i, chunk in enumerate(_chunks(text, rng)):
                run = para.add_run(chunk)  # Word splits text into runs (edits, spelling)
                run.italic = i % 3 == 2 or None
            if footnotes < 8 * scale and rng.random() < 0.05:
                footnotes += 1
                para.add_run(f"[[FN{footnotes}]]")
            written += n
        if h % 9 == 4:
            table = doc.add_table(rows=4, cols=3)
            for row in table.rows:
                for cell in row.cells:
                    cell.text = _sentence(rng, 6)
    doc.add_heading("References", 1)
    for i in range(20 * scale):
        doc.add_paragraph(
            f"{AUTHORS[i % len(AUTHORS)]}, A. ({1980 + i % 40}) {_sentence(rng, 6)} "
            "London: Kogan Page."
        )
    out = io.BytesIO()
    doc.save(out)
    return _add_footnotes(out.getvalue(), footnotes, rng)


def _add_footnotes(data: bytes, count: int, rng: random.Random) -> bytes:
    """python-docx has no footnote API: add the part, its relationship and references."""
    notes = "".join(
        f'<w:footnote w:id="{n}"><w:p><w:r><w:t>{_sentence(rng, 12)} '
        f"({rng.choice(AUTHORS)}, 2019)</w:t></w:r></w:p></w:footnote>"
        for n in range(1, count + 1)
    )
    footnotes_xml = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f"</w:footnote>{notes}</w:footnotes>"
    )
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "word/document.xml":
                for n in range(1, count + 1):
                    run = f"<w:r><w:t>[[FN{n}]]</w:t></w:r>".encode()
                    body = body.replace(run, FOOTNOTE_REF.format(n=n).encode())
            elif info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>'
                    b"</Types>",
                )
            elif info.filename == "word/_rels/document.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            target.writestr(info.filename, body)
        target.writestr("word/footnotes.xml", footnotes_xml)
    return out.getvalue()


def bare_parse(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as z, z.open("word/document.xml") as fh:
        return sum(1 for _ in etree.iterparse(fh, events=("end",)))


def read(data: bytes) -> int:
    return len(read_docx(open_package(data, "bench.docx")).paragraphs)


def main() -> None:
    """Wall-clock medians, and CPU-time medians, which a busy shared machine disturbs less."""
    print(
        f"{'input':<14}{'paragraphs':>11}{'clock':>7}{'read_docx ms':>14}{'bare parse ms':>15}{'ratio':>7}"
    )
    for words, repeat in sizes(((6000, 40), (60000, 8))):
        data = build(words)
        label = f"{words:,} words"
        read(data), bare_parse(data)  # warm up
        reader = median_ms(lambda d=data: read(d), repeat)
        bare = median_ms(lambda d=data: bare_parse(d), repeat)
        for n, name in enumerate(("wall", "cpu")):
            print(
                f"{label:<14}{read(data):>11}{name:>7}{reader[n]:>14.1f}{bare[n]:>15.1f}"
                f"{reader[n] / max(bare[n], 1e-9):>7.1f}"
            )


if __name__ == "__main__":
    main()
