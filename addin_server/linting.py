"""What the endpoints share: turning an upload or a paragraph list into one file object.

The only lint calls are the library's ``lint_bytes`` and ``lint_paragraphs``. Uploaded
bytes stay in memory; nothing here writes a file or logs a document's text or name.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import threading
from collections.abc import Callable
from typing import Any

from linter import __version__
from linter.analysis.context import LintOptions
from linter.api import UnknownUnit, lint_bytes, lint_document
from linter.readers.paragraphs_json import read_paragraphs

from .settings import Settings

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE_TYPES = {
    DOCX_TYPE: "document.docx",
    "application/vnd.ms-word.document.macroenabled.12": "document.docm",
    XLSX_TYPE: "workbook.xlsx",
    "application/vnd.ms-excel.sheet.macroenabled.12": "workbook.xlsm",
}
MAX_UNIT_CODE = 64
_LOOKS_LIKE = (
    (b"%PDF", "a PDF"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class LintError(Exception):
    """An answer other than 200: status, error code, message and perhaps the file object."""

    def __init__(self, status: int, code: str, message: str, file: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.file = file

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": {"code": self.code, "message": self.message}}
        if self.file is not None:
            out["file"] = self.file
        return out


def no_file() -> LintError:
    return LintError(
        400,
        "no_file",
        "No file was sent: choose a Word document (.docx) or an Excel workbook (.xlsx).",
    )


def too_large(limit_mb: float) -> LintError:
    return LintError(
        413,
        "too_large",
        f"The file is over the {limit_mb:g} MB limit: save it without embedded videos or "
        "very large images and try again.",
    )


def sniff(data: bytes) -> str | None:
    """ "zip" or "ole" for what may be an Office file; None for anything else."""
    if data[:4] in ZIP_MAGIC:
        return "zip"
    if data[:8] == OLE_MAGIC:
        return "ole"
    return None


def looks_like(data: bytes) -> str:
    for magic, name in _LOOKS_LIKE:
        if data.startswith(magic):
            return name
    head = data[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "a web page"
    if head.startswith(b"<?xml"):
        return "an XML file"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "some other kind of file"
    return "a text file"


def safe_filename(name: str | None, fallback: str = "upload") -> str:
    """The base name only, without control characters: it labels the result."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = _CONTROL.sub("", base).strip()[:200]
    return base or fallback


Runner = Callable[[str, Any, str, "str | None", "str | None"], dict[str, Any]]


class Linter:
    """One per app: the warmed-up options every request copies.

    ``runner`` decides where a lint runs: None lints in this process (tests, the
    development server); production sets a ``pool.LintPool``, which calls ``lint_here``
    in a worker process with the same arguments.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.runner: Runner | None = None
        self._base: LintOptions | None = None
        self._lock = threading.Lock()
        self._units_json: list[dict] | None = None
        self._rules_json: list[dict] | None = None

    def base(self) -> LintOptions:
        if self._base is None:
            with self._lock:
                if self._base is None:
                    base = LintOptions(
                        config=self.settings.config, grammar=self.settings.grammar, outline=True
                    )
                    base.units  # noqa: B018 - load and validate the unit files once
                    base.selection  # noqa: B018
                    self._base = base
        return self._base

    def options(self, unit: str | None, grammar: str | None) -> LintOptions:
        # A shallow copy keeps the loaded unit registry and rule selection.
        opts = copy.copy(self.base())
        opts.unit = unit
        opts.today = dt.date.today()
        if grammar is not None:
            opts.grammar = grammar
        return opts

    # -- parameters -----------------------------------------------------------------

    def unit_param(self, raw: Any) -> str | None:
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise LintError(400, "bad_unit", "'unit' must be a unit code such as \"8589-700\".")
        code = raw.strip()
        if not code or code.lower() in ("auto", "detect"):
            return None
        if len(code) > MAX_UNIT_CODE or self.base().units.get(code) is None:
            raise LintError(
                400,
                "unknown_unit",
                f"Unknown unit {code[:MAX_UNIT_CODE]!r}: GET /api/units lists the known units.",
            )
        return code

    def grammar_param(self, raw: Any) -> str | None:
        """ "off" switches the grammar pass off for one request; "on" keeps the server's."""
        if raw is None or raw == "":
            return None
        if not isinstance(raw, str) or raw.lower() not in ("on", "off", "true", "false"):
            raise LintError(400, "bad_grammar", '\'grammar\' must be "on" or "off".')
        return "off" if raw.lower() in ("off", "false") else None

    # -- linting --------------------------------------------------------------------

    def lint_file(
        self, data: bytes, filename: str, unit: str | None, grammar: str | None = None
    ) -> dict[str, Any]:
        if len(data) > self.settings.max_upload_bytes:
            raise too_large(self.settings.max_upload_mb)
        if data and sniff(data) is None:
            raise LintError(
                415,
                "unsupported_type",
                f"This is not a Word document (.docx) or an Excel workbook (.xlsx): it looks "
                f"like {looks_like(data)}. Open the original in Word or Excel and save it as "
                ".docx or .xlsx.",
            )
        try:
            out = self._run("bytes", data, filename, unit, grammar)
        except UnknownUnit as exc:  # checked above; kept for a unit named in the config
            raise LintError(400, "unknown_unit", str(exc)) from None
        return _checked(out)

    def lint_json(self, payload: Any, grammar: str | None = None) -> dict[str, Any]:
        if not isinstance(payload, dict):
            raise LintError(
                400,
                "bad_paragraphs",
                "The body must be a JSON object with a 'paragraphs' list.",
            )
        unit = self.unit_param(payload.get("unit"))
        try:
            # Read here, so only the flat, checked model goes to a worker process (a
            # body nested a thousand deep would not even pickle).
            document = read_paragraphs(payload)
        except (ValueError, RecursionError) as exc:
            raise LintError(400, "bad_paragraphs", _first_line(str(exc))) from None
        try:
            return _checked(self._run("document", document, "(Word document)", unit, grammar))
        except UnknownUnit as exc:
            raise LintError(400, "unknown_unit", str(exc)) from None

    def _run(
        self, kind: str, payload: Any, filename: str, unit: str | None, grammar: str | None
    ) -> dict[str, Any]:
        runner = self.runner or self.lint_here
        return runner(kind, payload, filename, unit, grammar)

    def lint_here(
        self, kind: str, payload: Any, filename: str, unit: str | None, grammar: str | None
    ) -> dict[str, Any]:
        """The one lint call, in this process: ``kind`` "bytes" (an uploaded file) or
        "document" (the task pane's paragraphs, read); the JSON file object."""
        options = self.options(unit, grammar)
        if kind == "bytes":
            return lint_bytes(payload, filename, options).to_dict()
        return lint_document(payload, filename, options).to_dict()

    # -- reference data -------------------------------------------------------------

    def units_json(self) -> list[dict]:
        if self._units_json is None:
            self._units_json = [unit_json(u) for u in self.base().units.all()]
        return self._units_json

    def rules_json(self) -> list[dict]:
        if self._rules_json is None:
            from linter.registry import all_rules

            self._rules_json = [
                {
                    "code": r.code,
                    "slug": r.name,
                    "severity": r.severity.value,
                    "summary": r.summary,
                    "kind": r.kind,
                    "doc": r.doc,
                }
                for r in all_rules()
            ]
        return self._rules_json

    def health(self) -> dict[str, Any]:
        return {
            "status": "ok",
            "version": __version__,
            "grammar": self.settings.grammar,
            "max_upload_mb": self.settings.max_upload_mb,
        }


def _checked(out: dict[str, Any]) -> dict[str, Any]:
    """The file object, or 422 when the file could not be checked (FL900 alone: an
    unreadable upload, or a check that crashed or ran out of time in a worker)."""
    if out["kind"] == "unknown":
        message = next(
            (f["message"] for f in out["findings"] if f["rule"] == "FL900"),
            "The file cannot be read.",
        )
        raise LintError(422, "unreadable_file", message, file=out)
    return out


def unit_json(u: Any) -> dict[str, Any]:
    return {
        "code": u.code,
        "title": u.title,
        "level": u.level,
        "qualification": u.qualification,
        "kind": u.kind,
        "acs": [{"number": a.number, "wording": a.wording, "verb": a.verb} for a in u.acs],
        "sections": [{"key": s.key, "title": s.title} for s in u.sections],
        "min_references": u.min_references,
        "word_min": u.word_min,
        "word_max": u.word_max,
        "coaching_hours": u.coaching_hours,
        "min_coachees": u.min_coachees,
    }


def _first_line(text: str) -> str:
    return (text.splitlines() or ["The paragraph list is malformed."])[0][:500]
