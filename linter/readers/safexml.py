"""Safe XML parsing for Office parts: no entities, no network, no DTD, no huge trees.

Word and Excel never write a DOCTYPE with entity declarations; a part that has one is an
attack (billion laughs, external entities) and is refused before lxml sees it.
"""

from __future__ import annotations

import threading

from lxml import etree


class XMLRefused(Exception):
    """A part that must not be used: ``reason`` is "xml-entities" or "corrupt-xml"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Strict Open XML namespaces and their transitional equivalents (longest first, so a
# namespace that is a prefix of another is replaced after it).
_STRICT_NAMESPACES = sorted(
    {
        b"http://purl.oclc.org/ooxml/wordprocessingml/main": (
            b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
        b"http://purl.oclc.org/ooxml/spreadsheetml/main": (
            b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
        b"http://purl.oclc.org/ooxml/officeDocument/relationships": (
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
        b"http://purl.oclc.org/ooxml/officeDocument/math": (
            b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
        b"http://purl.oclc.org/ooxml/officeDocument/sharedTypes": (
            b"http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes"),
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties": (
            b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
        b"http://purl.oclc.org/ooxml/officeDocument/customProperties": (
            b"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"),
        b"http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes": (
            b"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
        b"http://purl.oclc.org/ooxml/drawingml/main": (
            b"http://schemas.openxmlformats.org/drawingml/2006/main"),
        b"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing": (
            b"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"),
        b"http://purl.oclc.org/ooxml/drawingml/spreadsheetDrawing": (
            b"http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"),
        b"http://purl.oclc.org/ooxml/drawingml/picture": (
            b"http://schemas.openxmlformats.org/drawingml/2006/picture"),
        b"http://purl.oclc.org/ooxml/drawingml/chart": (
            b"http://schemas.openxmlformats.org/drawingml/2006/chart"),
    }.items(),
    key=lambda pair: -len(pair[0]),
)  # fmt: skip
STRICT_MARK = b"http://purl.oclc.org/ooxml/"


# -- parsing ---------------------------------------------------------------------------

_local = threading.local()


def _parser() -> etree.XMLParser:
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
        )
        _local.parser = parser
    return parser


_DOCTYPE = [b"<!DOCTYPE", "<!DOCTYPE".encode("utf-16-le"), "<!DOCTYPE".encode("utf-16-be")]
_ENTITY = [b"<!ENTITY", "<!ENTITY".encode("utf-16-le"), "<!ENTITY".encode("utf-16-be")]


def parse_xml(data: bytes) -> etree._Element:
    """Parse one part, refusing entity declarations (billion laughs, XXE)."""
    for doctype, entity in zip(_DOCTYPE, _ENTITY, strict=True):
        if doctype in data and entity in data:
            raise XMLRefused("xml-entities")
    try:
        root = etree.fromstring(data, _parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise XMLRefused("corrupt-xml") from exc
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise XMLRefused("xml-entities")
    return root


def map_strict(data: bytes) -> bytes:
    """Rewrite Strict Open XML namespaces to their transitional equivalents."""
    for strict, transitional in _STRICT_NAMESPACES:
        data = data.replace(strict, transitional)
    return data
