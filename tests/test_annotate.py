"""``ilm-lint annotate``: comments land on the finding's paragraph (as the reader counts
paragraphs), a summary comment sits at the top, the original is never touched, and
the copy opens in python-docx and in LibreOffice (converted to PDF headless)."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from docbuilder import build_docx

from linter.analysis.context import LintOptions
from linter.annotate import AUTHOR, annotate_bytes, body_paragraphs
from linter.api import lint_bytes
from linter.model import FileResult, Finding, Location, Severity
from linter.readers.container import open_package
from linter.readers.docx_reader import read_docx
from linter.readers.errors import UnreadableFile

ROOT = Path(__file__).resolve().parents[1]
REALWORLD = ROOT.parent / "shared" / "realworld" / "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

SPEC = """
{style=Title} Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level
# 1.1 Critically compare the role of coaching and mentoring
What the Assessor is looking for: a comparison of the two roles.
[Please insert your text for this assessment criterion here and delete all the above guide comments prior to your final submission]
In my practice I suggested she speak to her line manager. [[words:60]]
| 1.2 | Context and culture |
| [[words:12]] | [Insert text] |
{comment=Check this} A paragraph that already carries a learner's comment.
## References
Whitmore, J. (2017) Coaching for Performance. 5th edn. London: Nicholas Brealey.
"""


def _finding(code: str, paragraph: int | None, message: str, section: str | None = None):
    return Finding(code, "rule-name", Severity.WARNING, message, Location(section, paragraph))


def _comment_paragraphs(document) -> dict[int, int]:
    """comment id -> index of the paragraph its range starts in."""
    elements = body_paragraphs(document.element)  # kept alive: lxml proxies are reused
    index = {id(p): i for i, p in enumerate(elements)}
    out = {}
    for start in document.element.body.iter(W + "commentRangeStart"):
        p = start.getparent()
        while p.tag != W + "p":
            p = p.getparent()
        out[int(start.get(W + "id"))] = index[id(p)]
    return out


def test_each_finding_is_a_comment_at_its_paragraph():
    data = build_docx(SPEC)
    paragraphs = read_docx(open_package(data, "a.docx")).paragraphs
    cell = next(p.index for p in paragraphs if p.cell is not None and "Insert" in p.text)
    findings = [
        _finding("PH400", 2, "guidance <left> & \x0b control"),
        _finding("PH401", cell, "placeholder in a table cell"),
        _finding("AC100", None, "AC 1.3 has no section.", section="1.3"),
        _finding("XX999", 10_000, "a paragraph this document does not have"),
    ]
    result = FileResult("a.docx", "assignment", "8589-700", findings=findings)
    out = docx.Document(io.BytesIO(annotate_bytes(data, result)))
    ours = [c for c in out.comments if c.author == AUTHOR]
    assert len(ours) == 3  # the summary and the two findings with a paragraph
    summary, guidance, placeholder = ours
    assert summary.text.startswith("ilm-lint ") and "0 errors, 4 warnings, 0 infos" in summary.text
    assert "AC100 (AC 1.3): AC 1.3 has no section." in summary.text
    assert "a paragraph this document does not have" in summary.text
    assert guidance.text.startswith("WARNING PH400 (rule-name): guidance <left> &  control")
    assert "placeholder in a table cell" in placeholder.text
    where = _comment_paragraphs(out)
    assert where[summary.comment_id] == 0
    assert where[guidance.comment_id] == 2
    assert where[placeholder.comment_id] == cell
    assert paragraphs[cell].text == "[Insert text]"
    assert any(c.author != AUTHOR for c in out.comments), "the learner's own comment was lost"


def test_real_findings_are_annotated_and_the_paragraph_text_matches():
    data = build_docx(SPEC)
    result = lint_bytes(data, "a.docx", LintOptions())
    placed = [f for f in result.findings if f.location.paragraph is not None]
    assert placed, "the rules found nothing to place"
    out = docx.Document(io.BytesIO(annotate_bytes(data, result)))
    ours = [c for c in out.comments if c.author == AUTHOR]
    assert len(ours) == 1 + len(placed)
    where = _comment_paragraphs(out)
    elements = body_paragraphs(out.element)
    for comment, finding in zip(ours[1:], placed, strict=True):
        assert finding.rule in comment.text
        assert where[comment.comment_id] == finding.location.paragraph
        if finding.location.text:  # the flagged text is in the commented paragraph
            text = "".join(t.text or "" for t in elements[finding.location.paragraph].iter(W + "t"))
            assert finding.location.text[:20] in text


def test_empty_document_still_gets_the_summary():
    data = build_docx("")
    result = FileResult("e.docx", "assignment", findings=[_finding("AC110", None, "no unit")])
    out = docx.Document(io.BytesIO(annotate_bytes(data, result)))
    assert [c.author for c in out.comments] == [AUTHOR]


def _real_docx() -> list[Path]:
    return sorted(REALWORLD.glob("*.docx")) if REALWORLD.is_dir() else []


def test_paragraph_order_matches_the_reader_on_real_files():
    """annotate counts paragraphs exactly as the .docx reader does (location.paragraph)."""
    if not _real_docx():
        if os.environ.get("CI"):
            pytest.fail("../shared/realworld is missing")
        pytest.skip("../shared/realworld is not beside this checkout")
    compared = 0
    for path in [*_real_docx(), None]:
        data = build_docx(SPEC) if path is None else path.read_bytes()
        try:
            document = read_docx(open_package(data, "x.docx"))
            opened = docx.Document(io.BytesIO(data))
        except (UnreadableFile, Exception):  # unreadable, or python-docx refuses it
            continue
        elements = body_paragraphs(opened.element)
        assert len(elements) == len(document.paragraphs), path
        compared += 1
    assert compared >= 50


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "linter", "annotate", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def test_cli_writes_a_copy_and_never_touches_the_original(tmp_path):
    source = tmp_path / "essay.docx"
    source.write_bytes(build_docx(SPEC))
    before = (_sha(source), source.stat().st_mtime_ns)
    target = tmp_path / "out" / "essay-annotated.docx"
    proc = _cli(str(source), "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    assert str(target) in proc.stdout and "at their paragraphs" in proc.stdout
    assert (_sha(source), source.stat().st_mtime_ns) == before
    assert any(c.author == AUTHOR for c in docx.Document(str(target)).comments)
    assert not list(tmp_path.rglob(".ilm-lint-*")), "a temporary file was left behind"

    same = _cli(str(source), "-o", str(source))
    assert same.returncode == 2 and "overwrite the original" in same.stderr
    assert _sha(source) == before[0]

    default = _cli(str(source))
    assert default.returncode == 0 and (tmp_path / "essay-annotated.docx").is_file()


def test_cli_annotates_a_folder_into_an_output_folder(tmp_path):
    folder = tmp_path / "submissions"
    (folder / "group b").mkdir(parents=True)
    (folder / "a.docx").write_bytes(build_docx(SPEC))
    (folder / "group b" / "b.docx").write_bytes(build_docx("# 2.1 Knowledge\n[[words:80]]"))
    (folder / "broken.docx").write_bytes(b"this is not a zip file at all")
    (folder / "log.xlsx").write_bytes(b"PK not really")
    hashes = {p: _sha(p) for p in folder.rglob("*") if p.is_file()}
    out = tmp_path / "annotated"
    proc = _cli(str(folder), "-o", str(out))
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 1  # one file could not be annotated
    assert "broken.docx: not annotated" in proc.stderr
    assert "1 other file skipped" in proc.stdout
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.docx"))
    assert written == ["a.docx", "group b/b.docx"]
    assert {p: _sha(p) for p in folder.rglob("*") if p.is_file()} == hashes
    for path in out.rglob("*.docx"):
        assert docx.Document(str(path)).comments  # python-docx opens it and sees comments


def _pdf_comments(pdf: bytes) -> list[str]:
    """The text of the PDF's /Text annotations (UTF-16 hex strings as LibreOffice writes)."""
    out = []
    for m in re.finditer(rb"/Subtype\s*/Text\b.*?/Contents\s*<([0-9A-Fa-f]+)>", pdf, re.S):
        out.append(bytes.fromhex(m.group(1).decode()).decode("utf-16"))
    return out


def test_libreoffice_opens_the_copy_and_exports_its_comments(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")
    data = build_docx(SPEC)
    result = lint_bytes(data, "a.docx", LintOptions())
    copy = tmp_path / "annotated.docx"
    copy.write_bytes(annotate_bytes(data, result))
    profile = (tmp_path / "lo-profile").as_uri()
    export = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", export, "--outdir", str(tmp_path), str(copy)],
        capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    pdf = tmp_path / "annotated.pdf"
    assert pdf.is_file(), proc.stdout + proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    comments = _pdf_comments(pdf.read_bytes())
    placed = sum(1 for f in result.findings if f.location.paragraph is not None)
    assert sum(1 for c in comments if c.startswith("ilm-lint ")) == 1  # the summary
    ours = [c for c in comments if re.match(r"(ERROR|WARNING|INFO) [A-Z]+\d+ ", c)]
    assert len(ours) == placed


def test_every_real_world_docx_is_annotated_or_refused_with_a_reason(tmp_path):
    if not _real_docx():
        if os.environ.get("CI"):
            pytest.fail("../shared/realworld is missing")
        pytest.skip("../shared/realworld is not beside this checkout")
    out = tmp_path / "annotated"
    proc = _cli(str(REALWORLD), "-o", str(out), "--jobs", "2")
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1)
    refused = {
        Path(line.split(": not annotated: ")[0].removeprefix("ilm-lint: ")).name
        for line in proc.stderr.splitlines()
        if ": not annotated: " in line
    }
    written = {p.name for p in out.glob("*.docx")}
    assert written | refused == {p.name for p in _real_docx()}
    assert not written & refused
    assert len(written) >= 80
    for path in sorted(out.glob("*.docx")):
        assert any(c.author == AUTHOR for c in docx.Document(str(path)).comments), path.name
