"""Generators of broken and hostile files, made in the test run (never committed)."""

from __future__ import annotations

import io
import struct
import zipfile

from docbuilder import build_docx, rewrite_parts

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _package(document_xml: bytes, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compress) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        z.writestr(zipfile.ZipInfo("word/document.xml"), document_xml, compress_type=compress)
    return out.getvalue()


def empty() -> bytes:
    return b""


def text_named_docx() -> bytes:
    return b"My assignment\n\n1.1 Critically compare ...\n" * 20


def truncated_zip() -> bytes:
    data = build_docx("Unit 8589-700\n[[words:200]]")
    return data[: len(data) // 2]


def _ole(stream_names: list[str]) -> bytes:
    """A minimal OLE2 compound file header followed by UTF-16 directory names."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<HH", 0x3E, 3)
    header += b"\0" * (512 - len(header))
    names = b"".join(n.encode("utf-16-le") + b"\0\0" for n in stream_names)
    return header + names + b"\0" * 1024


def legacy_doc() -> bytes:
    return _ole(["Root Entry", "WordDocument", "1Table", "SummaryInformation"])


def encrypted_docx() -> bytes:
    return _ole(["Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"])


def zip_bomb() -> bytes:
    """document.xml inflates to 300 MB from a file of a few hundred KB."""
    body = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT)
        z.writestr("_rels/.rels", _RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(body)
            chunk = b"A" * (1 << 20)
            for _ in range(300):
                fh.write(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _package(xml.encode())


def external_entity() -> bytes:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    return _package(xml.encode())


def docm() -> bytes:
    """A macro-enabled document: the same package with the macro-enabled main type."""
    return rewrite_parts(
        build_docx("Unit 8589-700\n[[words:60]]"),
        {
            "[Content_Types].xml": lambda body: body.replace(
                b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                b"application/vnd.ms-word.document.macroEnabled.main+xml",
            )
        },
    )


def plain_docx() -> bytes:
    return build_docx("Unit 8589-700\n[[words:60]]")
