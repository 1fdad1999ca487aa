"""The one lint function the CLI, the batch runner and the Flask app all call."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .analysis.context import AssignmentContext, LintOptions, LogContext
from .model import Document, FileResult, Finding, Location
from .rules import files as files_rules

ASSIGNMENT_SUFFIXES = (".docx", ".docm", ".dotx", ".dotm")
LOG_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")
LINTABLE_SUFFIXES = ASSIGNMENT_SUFFIXES + LOG_SUFFIXES

if TYPE_CHECKING:
    from .units import Unit

FL900 = files_rules.FL900


def unreadable(path: str, message: str) -> FileResult:
    return FileResult(
        path=path,
        kind="unknown",
        findings=[FL900.finding(message, Location())],
    )


def _resolve_unit(options: LintOptions, text: str, headings: Any = None) -> Unit | None:
    """The unit to check against: --unit (or the config's), else detected from the text."""
    from .analysis.detect import detect_unit

    code = options.unit or options.config.unit
    if code:
        unit = options.units.get(code)
        if unit is None:
            raise UnknownUnit(code)
    else:
        unit = detect_unit(text, headings, options.units)
    return _with_overrides(unit, options) if unit is not None else None


def _with_overrides(unit, options: LintOptions):
    import dataclasses

    overrides = options.config.unit_overrides.get(unit.code.lower())
    return dataclasses.replace(unit, **overrides) if overrides else unit


class UnknownUnit(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(f"unknown unit {code!r}: run 'ilm-lint units' to list the known units")
        self.code = code

    def __reduce__(self):  # rebuilt from the code, so it crosses a process pool intact
        return (type(self), (self.code,))


def _run_rules(kind: str, ctx: Any, result: FileResult, options: LintOptions) -> None:
    for r in options.selection.rules(kind):
        if r.needs_unit and ctx.unit is None:
            continue
        try:
            result.findings.extend(r.check(ctx, r))
        except Exception as exc:  # a bug in one rule must not cost the learner the others
            if os.environ.get("ILM_LINT_DEBUG"):
                raise
            ctx.extra.setdefault("notices", []).append(
                f"{r.code} could not check this file (internal error {type(exc).__name__}); "
                "the other checks ran. Please report it with the file if you can."
            )
    result.stats.update(ctx.stats)
    result.extra.update(ctx.extra)
    result.sort()


def assignment_stats(ctx: AssignmentContext) -> dict[str, Any]:
    """The word counts of the JSON contract; the CT family adds references and citations."""
    structure = ctx.structure
    sections: dict[str, int] = {}
    for s in structure.sections:
        if s.kind in ("ac", "required", "introduction", "other"):
            key = s.key if s.kind in ("ac", "required", "introduction") else (s.title or s.key)
            sections[key] = sections.get(key, 0) + structure.words(s)
    return {"words": structure.counted_words, "sections": sections}


def lint_document(document: Document, path: str, options: LintOptions) -> FileResult:
    """Lint an assignment that has been read already (from a .docx or the task pane)."""
    from .analysis.detect import heading_texts

    headings = [*heading_texts(document), *document.headers_footers]
    unit = _resolve_unit(options, document.text, headings)
    ctx = AssignmentContext(document, unit, options)
    result = FileResult(path=path, kind="assignment", unit=unit.code if unit else None)
    ctx.stats.update(assignment_stats(ctx))
    _run_rules("assignment", ctx, result, options)
    if options.outline:
        result.extra["outline"] = document_outline(ctx)
    return result


def document_outline(ctx: AssignmentContext) -> dict[str, Any]:
    """Where each section lies and which paragraphs are template guidance: the Word
    add-in groups findings and applies its quick fixes (delete guidance, insert an AC
    heading) by these paragraph indexes."""
    return {
        "sections": [
            {key: getattr(s, key) for key in ("key", "kind", "title", "heading", "start", "end")}
            for s in ctx.structure.sections
        ],
        "guidance": sorted(ctx.guidance.guidance),
    }


def lint_log(log: Any, path: str, options: LintOptions) -> FileResult:
    unit = _resolve_unit(options, log.text)
    ctx = LogContext(log, unit, options)
    result = FileResult(path=path, kind="log", unit=unit.code if unit else None)
    _run_rules("log", ctx, result, options)
    from .rules.logs import log_stats

    result.stats.update(log_stats(log, unit))
    return result


def _file_findings(package: Any, options: LintOptions) -> list[Finding]:
    out = []
    for r in options.selection.rules("file"):
        out.extend(r.check(package, r))
    return out


def lint_bytes(data: bytes, path: str, options: LintOptions | None = None) -> FileResult:
    """Lint one file held in memory. Never raises for bad input: FL900 instead."""
    from .readers.container import UnreadableFile, open_package

    options = options or LintOptions()
    try:
        package = open_package(data, path, max_bytes=int(options.config.max_file_mb * 2**20))
        if package.kind == "docx":
            from .readers.docx_reader import read_docx

            model = read_docx(package)
        else:
            from .readers.xlsx_reader import read_xlsx

            model = read_xlsx(data, package)
    except UnreadableFile as exc:
        return unreadable(path, exc.message)
    except Exception as exc:  # a file no check foresaw must still not crash a batch
        if os.environ.get("ILM_LINT_DEBUG"):
            raise
        return unreadable(
            path,
            f"This file could not be read ({type(exc).__name__}): its contents are not laid "
            "out as Word or Excel saves them. Open it, save it again as .docx or .xlsx, and "
            "check it again.",
        )
    if package.kind == "docx":
        result = lint_document(model, path, options)
    else:
        result = lint_log(model, path, options)
    result.findings.extend(_file_findings(package, options))
    if package.notices:  # e.g. a Strict Open XML file or a .dotx template: read, but say so
        result.extra.setdefault("notices", []).extend(package.notices)
    result.sort()
    return result


def lint_paragraphs(
    payload: dict, path: str = "(Word document)", options: LintOptions | None = None
) -> FileResult:
    """Lint the paragraph list the Word task pane sends (raises ValueError if malformed)."""
    from .readers.paragraphs_json import read_paragraphs

    options = options or LintOptions()
    return lint_document(read_paragraphs(payload), path, options)


def lint_path(path: str | os.PathLike, options: LintOptions | None = None) -> FileResult:
    options = options or LintOptions()
    p = Path(path)
    limit = int(options.config.max_file_mb * 2**20)
    try:
        size = p.stat().st_size
        if size > limit:
            return unreadable(
                str(path),
                f"The file is {size / 2**20:.0f} MB, over the "
                f"{options.config.max_file_mb:.0f} MB limit: save it without "
                "embedded videos or very large images and try again.",
            )
        data = p.read_bytes()
    except OSError as exc:
        return unreadable(str(path), f"The file cannot be opened ({exc.strerror or exc}).")
    return lint_bytes(data, str(path), options)


def iter_lintable(paths: Iterable[str | os.PathLike]) -> tuple[list[Path], int, list[str]]:
    """Expand files and folders: (files to lint, files skipped, paths not found)."""
    files: list[Path] = []
    skipped = 0
    missing: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if not child.is_file():
                    continue
                if child.name.startswith("~$"):  # Word's owner/lock files
                    skipped += 1
                elif child.suffix.lower() in LINTABLE_SUFFIXES:
                    files.append(child)
                else:
                    skipped += 1
        elif p.is_file():
            files.append(p)
        else:
            missing.append(str(raw))
    return files, skipped, missing
