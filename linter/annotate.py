"""``ilm-lint annotate``: a copy of a learner's .docx with each finding as a Word comment.

Each finding with a ``location.paragraph`` becomes a comment by "ilm-lint" around that
paragraph; the paragraph index counts body paragraphs in Word's ``body.paragraphs``
order, table cells included, exactly as the .docx reader numbers them (text boxes,
deleted blocks and the Fallback branch of mc:AlternateContent excluded). Findings
without a paragraph go into one summary comment on the first paragraph. The original
is only read: the copy is written beside it or into an output folder, through a
temporary file, so a failed run never leaves half a document.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .analysis.context import LintOptions
from .model import FileResult, Finding, Severity
from .readers.docx_reader import body_paragraphs

AUTHOR = "ilm-lint"
INITIALS = "IL"
ANNOTATABLE_SUFFIXES = (".docx",)  # python-docx refuses macro-enabled files and templates

_W_PPR = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPr"
# characters XML 1.0 cannot hold; learner text quoted in a message may contain them
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# -- comments ----------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def finding_text(finding: Finding) -> str:
    """The text of the comment for one finding."""
    head = f"{finding.severity.value.upper()} {finding.rule} ({finding.name}): "
    text = head + finding.message
    if finding.suggestions:
        text += "\nSuggestions: " + "; ".join(finding.suggestions)
    text += f"\nExplained by: ilm-lint rules {finding.rule}"
    return _clean(text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_text(result: FileResult, unplaced: list[Finding]) -> str:
    counts = {s: result.count(s) for s in Severity}
    unit = f" against unit {result.unit}" if result.unit else ""
    lines = [
        f"ilm-lint {__version__} checked this document{unit}: "
        f"{_plural(counts[Severity.ERROR], 'error')}, "
        f"{_plural(counts[Severity.WARNING], 'warning')}, "
        f"{_plural(counts[Severity.INFO], 'info')}."
    ]
    placed = len(result.findings) - len(unplaced)
    if placed:
        lines.append(
            f"{_plural(placed, 'finding')} {'is a comment' if placed == 1 else 'are comments'}"
            f" at {'its paragraph' if placed == 1 else 'their paragraphs'}."
        )
    if unplaced:
        lines.append("About the whole document:")
        lines.extend(
            f"- {f.severity.value.upper()} {f.rule}"
            + (f" (AC {f.location.section})" if f.location.section else "")
            + f": {f.message}"
            for f in unplaced
        )
    if not result.findings:
        lines.append("No findings.")
    return _clean("\n".join(lines))


def _anchor(p, comment_id: int) -> None:
    """Put the whole of paragraph ``p`` in the comment's range, reference at its end."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ident = {qn("w:id"): str(comment_id)}
    start = OxmlElement("w:commentRangeStart", attrs=ident)
    ppr = p.find(_W_PPR)
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    p.append(OxmlElement("w:commentRangeEnd", attrs=ident))
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    run.append(rpr)
    run.append(OxmlElement("w:commentReference", attrs=ident))
    p.append(run)


def annotate_bytes(data: bytes, result: FileResult) -> bytes:
    """The .docx ``data`` with ``result``'s findings as comments (raises if python-docx
    cannot open or save it)."""
    return annotate(data, result)[0]


def annotate(data: bytes, result: FileResult) -> tuple[bytes, int]:
    """The annotated copy and how many findings became comments at their paragraphs."""
    from docx import Document

    document = Document(io.BytesIO(data))
    paragraphs = body_paragraphs(document.element)
    if not paragraphs:  # an empty body still gets its summary comment
        body = document.element.body
        from docx.oxml import OxmlElement

        body.insert(0, OxmlElement("w:p"))
        paragraphs = body_paragraphs(document.element)
    comments = document.comments
    unplaced: list[Finding] = []
    placed: list[tuple[Finding, object]] = []
    for f in result.findings:
        index = f.location.paragraph
        if index is not None and 0 <= index < len(paragraphs):
            placed.append((f, paragraphs[index]))
        else:
            unplaced.append(f)
    summary = comments.add_comment(summary_text(result, unplaced), AUTHOR, INITIALS)
    _anchor(paragraphs[0], summary.comment_id)
    for f, p in placed:
        comment = comments.add_comment(finding_text(f), AUTHOR, INITIALS)
        _anchor(p, comment.comment_id)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue(), len(placed)


@dataclass
class Outcome:
    source: Path
    target: Path | None
    result: FileResult | None
    error: str | None = None  # why no copy was written
    placed: int = 0  # findings that became comments at their paragraphs


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".ilm-lint-", suffix=".docx")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def annotate_file(source: Path, target: Path, result: FileResult) -> Outcome:
    """Write ``target``, an annotated copy of ``source``; ``source`` is only read."""
    if _same_file(source, target):
        return Outcome(source, None, result, "the output would overwrite the original")
    if result.kind == "unknown":
        reason = result.findings[0].message if result.findings else "it cannot be read"
        return Outcome(source, None, result, reason)
    try:
        data = source.read_bytes()
        annotated, placed = annotate(data, result)
    except Exception as exc:  # python-docx refuses what the reader accepted
        return Outcome(
            source,
            None,
            result,
            f"its package cannot be rewritten with comments ({type(exc).__name__}); open it "
            "in Word, use File > Save As > Word Document (*.docx) and annotate that copy",
        )
    try:
        _write_atomically(target, annotated)
    except OSError as exc:
        return Outcome(source, None, result, f"cannot write {target} ({exc.strerror or exc})")
    return Outcome(source, target, result, placed=placed)


def plan(source: Path, output: Path | None) -> tuple[list[tuple[Path, Path]], int]:
    """(source, target) pairs for a file or a folder, and how many files were skipped."""
    if source.is_dir():
        out_dir = output or source.with_name(source.name + "-annotated")
        pairs, skipped = [], 0
        for child in sorted(source.rglob("*")):
            if not child.is_file():
                continue
            if _inside(child, out_dir):
                continue  # an earlier run's copies
            if child.suffix.lower() in ANNOTATABLE_SUFFIXES and not child.name.startswith("~$"):
                pairs.append((child, out_dir / child.relative_to(source)))
            else:
                skipped += 1
        return pairs, skipped
    target = output or source.with_name(source.stem + "-annotated" + source.suffix)
    if output is not None and output.is_dir():
        target = output / source.name
    return [(source, target)], 0


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


# -- the command ------------------------------------------------------------------------------


def add_subparser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "annotate",
        help="write a copy of a .docx (or of a folder's) with the findings as Word comments",
    )
    parser.add_argument("path", metavar="PATH", help="a .docx file or a folder of them")
    parser.add_argument(
        "--output",
        "-o",
        help="the copy to write (FILE-annotated.docx), or for a folder an output folder "
        "(FOLDER-annotated)",
    )
    parser.add_argument("--unit", help="the unit code for every file (default: detect)")
    parser.add_argument("--select", help="rule codes, prefixes or names to run")
    parser.add_argument("--ignore", help="rule codes, prefixes or names to skip")
    parser.add_argument("--config", help="a pyproject.toml or ilm-lint.toml to use")
    parser.add_argument("--jobs", "-j", type=int, help="files linted in parallel (cores)")
    parser.add_argument("--timeout", type=float, help="seconds allowed per file (30)")
    parser.add_argument("--grammar", choices=("harper", "languagetool", "off"))
    parser.set_defaults(fail_on=None)
    return parser


def _what_was_written(findings: int, placed: int) -> str:
    if not findings:
        return "no findings: a summary comment only"
    parts = []
    if placed:
        parts.append(f"{placed} at {'its paragraph' if placed == 1 else 'their paragraphs'}")
    if findings - placed:
        parts.append(f"{findings - placed} in the summary comment")
    return f"{_plural(findings, 'finding')}: " + ", ".join(parts)


def cmd_annotate(args: argparse.Namespace) -> int:
    from .batch import lint_many
    from .cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, _check_config

    cfg = _check_config(args)
    options = LintOptions(config=cfg, unit=cfg.unit)
    if cfg.unit and options.units.get(cfg.unit) is None:
        raise UsageError(f"unknown unit {cfg.unit!r}: run 'ilm-lint units' to list them")
    source = Path(args.path)
    output = Path(args.output) if args.output else None
    if not source.exists():
        print(f"ilm-lint: {source}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    if source.is_file() and source.suffix.lower() not in ANNOTATABLE_SUFFIXES:
        raise UsageError(f"{source}: only .docx files can be annotated")
    if source.is_dir() and output is not None and output.exists() and not output.is_dir():
        raise UsageError(f"{output} is a file: give a folder for the annotated copies")
    pairs, skipped = plan(source, output)
    if not pairs:
        print(f"ilm-lint: no .docx file found in {source}", file=sys.stderr)
        return EXIT_USAGE
    if any(_same_file(s, t) for s, t in pairs):
        raise UsageError("the output would overwrite the original: choose another --output")
    progress = sys.stderr.isatty() and len(pairs) > 1
    results = lint_many(
        [s for s, _ in pairs], options, jobs=cfg.jobs, timeout=cfg.timeout, progress=progress
    )
    failed = 0
    for (s, t), result in zip(pairs, results, strict=True):
        outcome = annotate_file(s, t, result)
        if outcome.error:
            failed += 1
            print(f"ilm-lint: {s}: not annotated: {outcome.error}", file=sys.stderr)
        else:
            print(f"{t}  ({_what_was_written(len(result.findings), outcome.placed)})")
    if skipped:
        print(f"{skipped} other file{'' if skipped == 1 else 's'} skipped (only .docx)")
    return EXIT_FINDINGS if failed else EXIT_OK
