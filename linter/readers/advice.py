"""What to tell a learner whose file cannot be read: one function per reason.

Each returns an ``UnreadableFile`` whose message says, in plain words, what the file is
and what to do in Word or Excel. Kept apart from the container so the wording can be
read and changed in one place.
"""

from __future__ import annotations

import posixpath

from linter.readers import ole
from linter.readers.errors import UnreadableFile


def expected_kind(filename: str) -> str | None:
    """The kind a file's extension promises: "docx", "xlsx" or None."""
    ext = posixpath.splitext(filename.lower())[1]
    if ext in (".docx", ".docm", ".dotx", ".dotm", ".doc"):
        return "docx"
    if ext in (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls"):
        return "xlsx"
    return None


def app(filename: str, kind: str | None = None) -> tuple[str, str]:
    """The program and the format to save as."""
    if (kind or expected_kind(filename)) == "xlsx":
        return "Excel", "Excel Workbook (*.xlsx)"
    return "Word", "Word Document (*.docx)"


def save_again(filename: str, kind: str | None = None, *, sentence: bool = True) -> str:
    """The usual fix, as a sentence or (``sentence=False``) to follow a colon."""
    program, fmt = app(filename, kind)
    verb = "Open" if sentence else "open"
    return f"{verb} it in {program} and use File > Save As > {fmt}, then submit that file."


def empty(filename: str) -> UnreadableFile:
    return UnreadableFile(
        "empty",
        "This file is empty (0 bytes): it did not finish saving or uploading. "
        + save_again(filename),
    )


def too_large(size: int, limit: int) -> UnreadableFile:
    return UnreadableFile(
        "too-large",
        f"This file is {size / 2**20:.1f} MB, over the {limit / 2**20:.0f} MB limit. Large "
        "pictures are the usual cause: compress them (in Word: File > Compress Pictures) "
        "or remove videos and embedded files, save, and try again.",
    )


def zip_bomb(filename: str) -> UnreadableFile:
    return UnreadableFile(
        "zip-bomb",
        "This file would expand to far more data than any real document holds (a zip "
        "bomb), so it was not opened. If it is your own work, "
        + save_again(filename, sentence=False),
    )


def too_many_parts(count: int, limit: int, filename: str) -> UnreadableFile:
    return UnreadableFile(
        "too-many-parts",
        f"This file holds {count} parts, more than the {limit} a document needs; it may be "
        "damaged or hostile. " + save_again(filename),
    )


def corrupt(filename: str) -> UnreadableFile:
    program, fmt = app(filename)
    return UnreadableFile(
        "corrupt-zip",
        "This file is damaged or incomplete (it may not have finished downloading or "
        f"saving). Open it in {program}, which may offer to repair it, then use File > "
        f"Save As > {fmt}; or upload it again from the original.",
    )


def missing_part(part: str, filename: str) -> UnreadableFile:
    return UnreadableFile(
        "missing-part",
        f"This file is damaged: its main part ({part}) is missing. " + save_again(filename),
    )


def xml_error(reason: str, part: str, filename: str) -> UnreadableFile:
    if reason == "xml-entities":
        return UnreadableFile(
            reason,
            "This file contains XML entity declarations, which Word and Excel never write "
            "and which are used in attacks (entity expansion or external entities), so it "
            "was not read. " + save_again(filename),
        )
    return UnreadableFile(
        reason,
        f"This file is damaged: its part {part} is not well-formed XML. " + save_again(filename),
    )


def not_office(filename: str, mimetype: str, names: list[str]) -> UnreadableFile:
    program, fmt = app(filename)
    if "opendocument" in mimetype:
        return UnreadableFile(
            "opendocument",
            "This is an OpenDocument file (.odt/.ods) renamed: open it in LibreOffice or "
            f"{program} and use File > Save As > {fmt}.",
        )
    if any(n.lower().startswith("index/") and n.endswith(".iwa") for n in names):
        return UnreadableFile(
            "pages",
            "This is an Apple Pages or Numbers file renamed: in Pages use File > Export To "
            "> Word (in Numbers: Export To > Excel) and submit the exported file.",
        )
    return UnreadableFile(
        "not-office",
        "This is a zip archive, not a Word or Excel file. " + save_again(filename),
    )


def wrong_kind(what: str, filename: str) -> UnreadableFile:
    program, fmt = app(filename)
    return UnreadableFile(
        "wrong-kind",
        f"This file is {what}, not a {program} file: save your work in {program} as {fmt}.",
    )


def ole_error(data: bytes, filename: str) -> UnreadableFile:
    """An OLE2 compound file: encrypted OOXML, or a legacy binary .doc/.xls."""
    streams = ole.stream_names(data)
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        if expected_kind(filename) == "xlsx":
            where = "Excel (File > Info > Protect Workbook > Encrypt with Password)"
        else:
            where = "Word (File > Info > Protect Document > Encrypt with Password)"
        return UnreadableFile(
            "encrypted",
            f"This file is password-protected: remove the password in {where}, clear the "
            "password box, save again and submit that file.",
        )
    if "worddocument" in streams:
        return UnreadableFile(
            "legacy-doc",
            "This file is a Word 97-2003 .doc renamed: open it in Word and use File > Save "
            "As > Word Document (*.docx).",
        )
    if "workbook" in streams or "book" in streams:
        return UnreadableFile(
            "legacy-xls",
            "This file is an Excel 97-2003 .xls workbook renamed: open it in Excel and use "
            "File > Save As > Excel Workbook (*.xlsx).",
        )
    if "powerpoint document" in streams:
        return wrong_kind("a PowerPoint 97-2003 presentation", filename)
    return UnreadableFile(
        "legacy-office",
        "This file is in an old binary Office format, not .docx or .xlsx. " + save_again(filename),
    )


def not_zip(data: bytes, filename: str) -> UnreadableFile:
    """Not a zip at all: say what it looks like (RTF, HTML, PDF, text ...)."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf\r\n\t ")
    lower = head.lower()
    program, fmt = app(filename)
    if head.startswith(b"%PDF"):
        return UnreadableFile(
            "not-zip",
            f"This file is a PDF renamed: submit the original {program} file ({fmt}), or "
            f"open the PDF in {program} and save it as {fmt}.",
        )
    if head.startswith(b"{\\rtf"):
        what = "a Rich Text Format (.rtf) file renamed"
    elif lower.startswith((b"<!doctype html", b"<html")) or b"<html" in lower:
        what = "a web page (HTML) renamed"
    elif lower.startswith(b"mime-version") or b"multipart/related" in lower:
        what = "a web archive (.mht) renamed"
    elif lower.startswith(b"<"):
        what = f"an XML file (such as '{program} XML Document') renamed"
    elif _looks_like_text(data[:4096]):
        what = "a plain text file renamed"
    else:
        return UnreadableFile(
            "not-zip",
            f"This is not a {program} file (it is not in the {fmt} format). "
            + save_again(filename),
        )
    return UnreadableFile(
        "not-zip", f"This file is {what}: " + save_again(filename, sentence=False)
    )


def _looks_like_text(sample: bytes) -> bool:
    if b"\x00" in sample:
        return sample[:2] in (b"\xff\xfe", b"\xfe\xff")
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(sample) - 4  # a character cut at the end of the sample
    return True
