"""Open an Office package safely, before any reader looks inside it.

Every check that can refuse a file runs here, on the bytes and the zip's central
directory, before anything is inflated or parsed: empty, too large, not a zip (legacy
binary, encrypted, RTF, HTML, PDF, text), corrupt, zip bomb, too many members. Parts are
then read with a hard size cap and parsed with an lxml parser that never resolves
entities or touches the network. Every refusal is an ``UnreadableFile`` whose message
tells the learner what to do. Imports only the standard library and lxml.
"""

from __future__ import annotations

import dataclasses
import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from linter.readers import advice, ole
from linter.readers.advice import expected_kind
from linter.readers.errors import UnreadableFile
from linter.readers.safexml import STRICT_MARK, XMLRefused, map_strict, parse_xml

__all__ = ["Limits", "Package", "UnreadableFile", "expected_kind", "open_package"]

CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OFFICE_DOCUMENT_REL = "/officeDocument"  # suffix of the transitional and Strict types

_MAIN_TYPES = {
    # content type -> (kind, macro, template, what it is)
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "docx", False, False, "Word document (.docx)"),
    "application/vnd.ms-word.document.macroenabled.main+xml": (
        "docx", True, False, "macro-enabled Word document (.docm)"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": (
        "docx", False, True, "Word template (.dotx)"),
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml": (
        "docx", True, True, "macro-enabled Word template (.dotm)"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "xlsx", False, False, "Excel workbook (.xlsx)"),
    "application/vnd.ms-excel.sheet.macroenabled.main+xml": (
        "xlsx", True, False, "macro-enabled Excel workbook (.xlsm)"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml": (
        "xlsx", False, True, "Excel template (.xltx)"),
    "application/vnd.ms-excel.template.macroenabled.main+xml": (
        "xlsx", True, True, "macro-enabled Excel template (.xltm)"),
}  # fmt: skip

_OTHER_TYPES = {
    "presentationml": "a PowerPoint presentation",
    "ms-powerpoint": "a PowerPoint presentation",
    "ms-excel.sheet.binary": "an Excel Binary Workbook (.xlsb)",
    "visio": "a Visio drawing",
    "theme": "an Office theme (.thmx)",
}


@dataclass(frozen=True)
class Limits:
    """Size limits; every one is a default a caller may change."""

    max_file_bytes: int = 50 * 1024 * 1024
    max_members: int = 5000
    max_part_bytes: int = 100 * 1024 * 1024  # one member, inflated
    max_total_bytes: int = 500 * 1024 * 1024  # all members, as declared
    max_read_bytes: int = 300 * 1024 * 1024  # all reads of one package, inflated
    max_ratio: int = 250  # inflated / compressed ...
    ratio_grace_bytes: int = 5 * 1024 * 1024  # ... for members declaring more than this


DEFAULT_LIMITS = Limits()

_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    NotImplementedError,
    RuntimeError,  # an encrypted zip member asks for a password
    OverflowError,
    IndexError,
    KeyError,
)


class Package:
    """An opened Office package: its kind, flags and size-capped, safe part access."""

    def __init__(self, data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> None:
        self.filename = filename
        self.limits = limits
        self.kind = ""  # "docx" or "xlsx"
        self.macro = False
        self.template = False
        self.strict = False
        self.main = ""  # the main part's name ("word/document.xml")
        self.content_type = ""
        self.description = ""  # "Word document (.docx)" ...
        self.notices: list[str] = []  # things worth telling the user that are not errors
        self._read_total = 0
        self._rels: dict[str, dict[str, tuple[str, str, bool]]] = {}
        self._zip = _open_zip(data, filename, limits)
        self._infos = {}
        for info in self._zip.infolist():
            if not info.is_dir():
                self._infos.setdefault(_norm(info.filename).lower(), info)
        self.names = [_norm(i.filename) for i in self._infos.values()]
        self._identify()

    # -- part access -------------------------------------------------------------------

    def has(self, name: str) -> bool:
        return _norm(name).lower() in self._infos

    def read(self, name: str) -> bytes:
        """A member's bytes, inflated in chunks under the per-part and total caps."""
        info = self._infos.get(_norm(name).lower())
        if info is None:
            raise KeyError(name)
        cap = min(self.limits.max_part_bytes, self.limits.max_read_bytes - self._read_total)
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(1 << 20)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > cap or _ratio_exceeded(size, info.compress_size, self.limits):
                        raise advice.zip_bomb(self.filename)
                    chunks.append(chunk)
        except UnreadableFile:
            raise
        except _ZIP_ERRORS as exc:
            raise advice.corrupt(self.filename) from exc
        self._read_total += size
        return b"".join(chunks)

    def parse(self, name: str, trim: Callable[[bytes], bytes] | None = None) -> etree._Element:
        """A member parsed safely; Strict namespaces are mapped to transitional ones.

        ``trim`` may cut what the caller never reads out of the bytes before parsing (a
        speed-up only): when the trimmed bytes do not parse, the whole part is parsed.
        """
        data = self.read(name)
        if STRICT_MARK in data[:8192] or (self.strict and STRICT_MARK in data):
            data = map_strict(data)
            self.strict = True
        if trim is not None:
            trimmed = trim(data)
            if trimmed is not data:
                try:
                    return parse_xml(trimmed)
                except XMLRefused:
                    pass  # the whole part decides: parsed, or refused with its reason
        try:
            return parse_xml(data)
        except XMLRefused as exc:
            raise advice.xml_error(exc.reason, name, self.filename) from None

    def rels(self, source: str) -> dict[str, tuple[str, str, bool]]:
        """Relationships of a part ("" for the package): id -> (type, target, external).

        Targets of internal relationships are resolved to part names.
        """
        folder, base = posixpath.split(_norm(source))
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if rels_name.lower() in self._rels:
            return self._rels[rels_name.lower()]
        if not self.has(rels_name):
            return {}
        root = self.parse(rels_name)
        out: dict[str, tuple[str, str, bool]] = {}
        for rel in root.iter(RELS_NS + "Relationship"):
            rel_type = (rel.get("Type") or "").strip()
            target = (rel.get("Target") or "").strip()
            external = (rel.get("TargetMode") or "").lower() == "external"
            if not external:
                target = _resolve(folder, target)
            out[rel.get("Id") or ""] = (rel_type, target, external)
        self._rels[rels_name.lower()] = out
        return out

    def related(self, source: str, rel_suffix: str) -> list[str]:
        """Existing internal parts ``source`` points to with a type ending in rel_suffix."""
        return [
            target
            for rel_type, target, external in self.rels(source).values()
            if not external and rel_type.endswith(rel_suffix) and self.has(target)
        ]

    # -- identification ---------------------------------------------------------------

    def _identify(self) -> None:
        if not self.has("[Content_Types].xml"):
            raise self._not_office()
        types = self.parse("[Content_Types].xml")
        overrides = {
            _norm(o.get("PartName") or "").lower(): (o.get("ContentType") or "").strip()
            for o in types.iter(CT_NS + "Override")
        }
        defaults = {
            (d.get("Extension") or "").lower(): (d.get("ContentType") or "").strip()
            for d in types.iter(CT_NS + "Default")
        }

        def content_type(part: str) -> str:
            found = overrides.get(part.lower())
            if found is None:
                found = defaults.get(posixpath.splitext(part)[1].lstrip(".").lower(), "")
            return found.split(";")[0].strip().lower()

        main = ""
        for rel_type, target, external in self.rels("").values():
            if not external and rel_type.endswith(OFFICE_DOCUMENT_REL):
                main = target
                self.strict = self.strict or "purl.oclc.org" in rel_type
                break
        if not main:  # no package relationships: fall back on the content types
            main = next((p for p, t in overrides.items() if t.lower() in _MAIN_TYPES), "")
        ctype = content_type(main) if main else ""
        if ctype not in _MAIN_TYPES:
            for marker, what in _OTHER_TYPES.items():
                if marker in ctype:
                    raise advice.wrong_kind(what, self.filename)
            raise self._not_office()
        if not self.has(main):
            raise advice.missing_part(main, self.filename)
        self.main = _norm(self._infos[_norm(main).lower()].filename)
        self.content_type = ctype
        self.kind, self.macro, self.template, self.description = _MAIN_TYPES[ctype]
        if self.template:
            self.notices.append(
                f"This is a {self.description}, read as a document; submit a document "
                f"made from it instead (File > Save As > "
                f"{advice.app(self.filename, self.kind)[1]})."
            )
        if self.strict:
            self.notices.append(
                "This file is saved as Strict Open XML; it was read, but save it as "
                f"{advice.app(self.filename, self.kind)[1]}, not Strict Open XML, before you "
                "submit it."
            )

    def _not_office(self) -> UnreadableFile:
        mimetype = (
            self.read("mimetype")[:200].decode("ascii", "replace") if self.has("mimetype") else ""
        )
        return advice.not_office(self.filename, mimetype, self.names)


def open_package(
    data: bytes, filename: str, *, limits: Limits | None = None, max_bytes: int | None = None
) -> Package:
    """Check ``data`` and open it as an Office package, or raise UnreadableFile.

    ``max_bytes`` overrides the file size limit of ``limits`` (default 50 MB).
    """
    limits = limits or DEFAULT_LIMITS
    if max_bytes is not None:
        limits = dataclasses.replace(limits, max_file_bytes=max_bytes)
    if not data:
        raise advice.empty(filename)
    if len(data) > limits.max_file_bytes:
        raise advice.too_large(len(data), limits.max_file_bytes)
    if data[:8] == ole.MAGIC:
        raise advice.ole_error(data, filename)
    if data[:2] != b"PK":
        raise advice.not_zip(data, filename)
    return Package(data, filename, limits)


def _open_zip(data: bytes, filename: str, limits: Limits) -> zipfile.ZipFile:
    """Open the zip and vet its central directory before anything is inflated."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except _ZIP_ERRORS as exc:
        raise advice.corrupt(filename) from exc
    if len(infos) > limits.max_members:
        raise advice.too_many_parts(len(infos), limits.max_members, filename)
    total = 0
    for info in infos:
        total += info.file_size
        if (
            info.file_size > limits.max_part_bytes
            or total > limits.max_total_bytes
            or (
                info.file_size > limits.ratio_grace_bytes
                and _ratio_exceeded(info.file_size, info.compress_size, limits)
            )
        ):
            raise advice.zip_bomb(filename)
    return zf


def _ratio_exceeded(size: int, compressed: int, limits: Limits) -> bool:
    return size > limits.ratio_grace_bytes and size > limits.max_ratio * max(compressed, 1)


def _norm(name: str) -> str:
    return name.replace("\\", "/").lstrip("/")


def _resolve(folder: str, target: str) -> str:
    target = target.split("#")[0]
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
