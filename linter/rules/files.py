"""FL: the file itself. FL900 (unreadable file) is emitted by linter.api."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Finding
from ..registry import Rule, declare, rule


@rule(
    "FL901",
    "macro-enabled",
    "info",
    "A .docm/.xlsm file: macros are ignored.",
    kind="file",
    needs_unit=False,
)
def macro_enabled(package: Any, r: Rule) -> Iterator[Finding]:
    """
    What it checks: whether the file is macro-enabled (.docm, .dotm, .xlsm).

    Why it matters: many centres' upload systems refuse macro-enabled files, and macros
    are never part of the evidence.

    Example: ``assignment.docm``.

    Instead: save a copy as Word Document (*.docx) or Excel Workbook (*.xlsx) and submit
    that.
    """
    if package.macro:
        kind = "Word Document (*.docx)" if package.kind == "docx" else "Excel Workbook (*.xlsx)"
        yield r.finding(
            f"This file is macro-enabled; its macros are ignored. Save a copy as "
            f"{kind} before you submit."
        )


FL900 = declare(
    "FL900",
    "unreadable-file",
    "error",
    "The file is not a readable .docx/.xlsx.",
    """
    What it checks: that the file is a Word document (.docx) or Excel workbook (.xlsx)
    that can be opened: not a corrupt zip, a legacy .doc/.xls renamed, a password-protected
    file, a file over the size limit, a zip bomb or an XML entity attack.

    Why it matters: an assessor cannot mark a file that does not open, and a renamed or
    encrypted file is the commonest reason an upload is bounced.

    Example: ``essay.docx`` that is really a Word 97-2003 ``.doc`` file renamed.

    Instead: open the file in Word or Excel and use File > Save As > Word Document
    (*.docx) or Excel Workbook (*.xlsx); remove any password first.
    """,
    kind="file",
)
