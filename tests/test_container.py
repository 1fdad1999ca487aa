"""The container layer: every bad file gets UnreadableFile with the right reason, before
anything is inflated or parsed; good packages are identified by their main part."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import docx
import openpyxl
import pytest

from linter.readers import ole
from linter.readers.container import Limits, UnreadableFile, open_package
from linter.readers.docx_reader import read_docx

REALWORLD = Path(__file__).resolve().parents[1].parent / "shared" / "realworld"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOC_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOTM_MAIN = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
DOCUMENT = f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>Hello</w:t></w:r></w:p></w:body></w:document>'


def content_types(main_type: str = DOC_MAIN, main: str = "/word/document.xml") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="{main}" ContentType="{main_type}"/></Types>'
    )


def package_rels(target: str = "word/document.xml") -> str:
    return (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R_NS}/officeDocument" Target="{target}"/></Relationships>'
    )


def zipped(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            z.writestr(name, body)
    return out.getvalue()


def minimal(document: str | bytes = DOCUMENT, main_type: str = DOC_MAIN) -> bytes:
    return zipped(
        {
            "[Content_Types].xml": content_types(main_type),
            "_rels/.rels": package_rels(),
            "word/document.xml": document,
        }
    )


def refused(data: bytes, filename: str = "work.docx", **kwargs) -> UnreadableFile:
    """The UnreadableFile that opening and reading ``data`` raises."""
    with pytest.raises(UnreadableFile) as err:
        package = open_package(data, filename, **kwargs)
        if package.kind == "docx":
            read_docx(package)
    assert err.value.message and "Traceback" not in err.value.message
    return err.value


def python_docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("1.1 Explain", 1)
    document.add_paragraph("Some text.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def with_main_type(data: bytes, main_type: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    files = {i.filename: source.read(i.filename) for i in source.infolist()}
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        DOC_MAIN.encode(), main_type.encode()
    )
    return zipped(files)


# -- not a zip ----------------------------------------------------------------------------


def test_empty_file():
    err = refused(b"")
    assert err.reason == "empty"
    assert "empty" in err.message and "Word Document (*.docx)" in err.message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"My assignment\n\n1.1 Critically compare ...\n" * 20, "plain text"),
        ("Caf\u00e9 notes \u2013 draft\n".encode() * 10, "plain text"),
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hello}", "Rich Text Format"),
        (b"<!DOCTYPE html><html><body><p>Hi</p></body></html>", "web page"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (
            b'<?xml version="1.0"?><?mso-application progid="Word.Document"?><w:wordDocument/>',
            "XML",
        ),
        (bytes(range(256)) * 4, "not a Word file"),
    ],
)
def test_not_a_zip(data, words):
    err = refused(data)
    assert err.reason == "not-zip"
    assert words in err.message


def test_text_named_xlsx_speaks_of_excel():
    err = refused(b"date,hours\n1/2/2024,1.5\n", "log.xlsx")
    assert err.reason == "not-zip"
    assert "Excel Workbook (*.xlsx)" in err.message


def test_truncated_zip():
    data = python_docx_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        assert refused(data[:cut]).reason == "corrupt-zip"


def test_bad_crc_is_corrupt():
    data = bytearray(minimal("<w:document xmlns:w='" + W_NS + "'>" + "x" * 500 + "</w:document>"))
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    data[info.header_offset + 14] ^= 0xFF  # the local header's CRC-32
    start = data.index(b"word/document.xml", info.header_offset) + len("word/document.xml")
    data[start + 20] ^= 0x01  # and a byte of the compressed data
    assert refused(bytes(data)).reason == "corrupt-zip"


def test_too_large_by_default_and_when_configured():
    big = b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024)
    err = refused(big)
    assert err.reason == "too-large" and "50 MB limit" in err.message
    assert refused(minimal(), max_bytes=100).reason == "too-large"
    assert refused(minimal(), limits=Limits(max_file_bytes=100)).reason == "too-large"


# -- OLE2 compound files: legacy binaries and encrypted packages --------------------------


def ole2(names: list[str]) -> bytes:
    """A small, valid OLE2 compound file whose directory holds ``names`` (at most 4)."""
    header = bytearray(512)
    header[:8] = ole.MAGIC
    struct.pack_into("<HHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9)  # versions, byte order, 512
    struct.pack_into("<H", header, 0x20, 6)
    struct.pack_into("<III", header, 0x2C, 1, 1, 0)  # one FAT sector; directory at sector 1
    struct.pack_into("<IIII", header, 0x38, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
    struct.pack_into("<109I", header, 0x4C, 0, *([0xFFFFFFFF] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, 0xFFFFFFFE, *([0xFFFFFFFF] * 126))
    directory = bytearray(512)
    for i, name in enumerate(names[:4]):
        raw = name.encode("utf-16-le") + b"\0\0"
        directory[i * 128 : i * 128 + len(raw)] = raw
        struct.pack_into("<HB", directory, i * 128 + 0x40, len(raw), 5 if i == 0 else 2)
    return bytes(header) + fat + bytes(directory)


def test_ole2_directory_is_walked():
    names = ole.stream_names(ole2(["Root Entry", "WordDocument", "1Table", "Data"]))
    assert names == {"root entry", "worddocument", "1table", "data"}


def test_legacy_doc_renamed_docx():
    err = refused(ole2(["Root Entry", "WordDocument", "1Table", "\x05SummaryInformation"]))
    assert err.reason == "legacy-doc"
    assert err.message == (
        "This file is a Word 97-2003 .doc renamed: open it in Word and use File > Save As > "
        "Word Document (*.docx)."
    )


def test_legacy_xls_renamed_xlsx():
    err = refused(ole2(["Root Entry", "Workbook", "\x05SummaryInformation"]), "log.xlsx")
    assert err.reason == "legacy-xls"
    assert "Excel Workbook (*.xlsx)" in err.message


def test_password_protected_docx():
    err = refused(ole2(["Root Entry", "EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    assert err.reason == "encrypted"
    assert "password-protected" in err.message
    assert "remove the password in Word (File > Info > Protect Document" in err.message


def test_encrypted_file_with_an_unreadable_directory_falls_back_on_names():
    header = ole.MAGIC + b"\0" * 16 + struct.pack("<HH", 0x3E, 3) + b"\0" * 484
    names = "EncryptionInfo".encode("utf-16-le") + "EncryptedPackage".encode("utf-16-le")
    assert refused(header + names + b"\0" * 512).reason == "encrypted"


def test_other_ole2_files():
    assert refused(ole2(["Root Entry", "PowerPoint Document"])).reason == "wrong-kind"
    assert refused(ole2(["Root Entry", "Something"])).reason == "legacy-office"
    assert refused(ole.MAGIC + b"\xff" * 100).reason == "legacy-office"


ENCRYPTED = [
    ("docx", "poi__bug53475-password-is-pass.docx"),
    ("docx", "poi__bug53475-password-is-solrcell.docx"),
    ("docx", "poi__protected_agile.docx"),
    ("xlsx", "excelize__encryptAES.xlsx"),
    ("xlsx", "excelize__encryptSHA1.xlsx"),
    ("xlsx", "poi__protected_sha512.xlsx"),
    ("xlsx", "calamine__pass_protected.xlsx"),
]


def test_manifest_lists_the_encrypted_files():
    manifest = REALWORLD / "MANIFEST.tsv"
    if not manifest.exists():
        pytest.skip("../shared/realworld is not beside this checkout")
    names = {line.split("\t")[0] for line in manifest.read_text(encoding="utf-8").splitlines()}
    assert {name for _, name in ENCRYPTED} <= names


@pytest.mark.parametrize(("folder", "name"), ENCRYPTED)
def test_realworld_encrypted_files(folder, name):
    path = REALWORLD / folder / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    err = refused(path.read_bytes(), name)
    assert err.reason == "encrypted"
    assert ("Excel" if folder == "xlsx" else "Word") in err.message


# -- zip bombs ----------------------------------------------------------------------------


def raw_zip(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand: (name, stored bytes, method, crc, declared size) per member,
    so a test can declare any size and store any stream."""
    out, central = bytearray(), bytearray()
    for name, stored, method, crc, size in entries:
        offset, raw_name = len(out), name.encode()
        out += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0,
            method,
            0,
            0,
            crc,
            len(stored),
            size,
            len(raw_name),
            0,
        )
        out += raw_name + stored
        central += struct.pack(
            "<I6H3I5H2I", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(stored), size,
            len(raw_name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += raw_name
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), len(out), 0
    )
    return bytes(out + central + end)


def stored(name: str, text: str) -> tuple[str, bytes, int, int, int]:
    body = text.encode()
    return (name, body, 0, zlib.crc32(body), len(body))


def spaces_deflated(megabytes: int) -> bytes:
    """A raw deflate stream of ``megabytes`` MB of spaces, made without inflating them:
    one fully flushed block repeated (each is independent of the ones before)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(b" " * (1 << 20)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + compressor.flush()


def bomb(declared_mb: int, actual_mb: int) -> bytes:
    return raw_zip(
        [
            stored("[Content_Types].xml", content_types()),
            stored("_rels/.rels", package_rels()),
            ("word/document.xml", spaces_deflated(actual_mb), 8, 0, declared_mb << 20),
        ]
    )


def test_deflate_generator_is_sound():
    assert zlib.decompress(spaces_deflated(3), -15) == b" " * (3 << 20)


@pytest.fixture
def no_inflating(monkeypatch):
    """Fail if anything is inflated while the test runs."""

    def refuse(*args, **kwargs):
        raise AssertionError("a member was inflated")

    monkeypatch.setattr(zipfile.ZipFile, "open", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "read", refuse)


def test_zip_bomb_refused_from_declared_size_before_inflating(no_inflating):
    data = bomb(1024, 1024)  # document.xml: 1 GB of spaces in about 1 MB
    assert len(data) < 2 << 20
    tracemalloc.start()
    try:
        err = refused(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.reason == "zip-bomb"
    assert peak < 10 << 20


def test_zip_bomb_refused_from_compression_ratio_before_inflating(no_inflating):
    data = bomb(60, 60)  # under the 100 MB part limit, but about 1000:1
    assert refused(data).reason == "zip-bomb"


def test_zip_bomb_refused_from_total_declared_size(no_inflating):
    entries = [
        stored("[Content_Types].xml", content_types()),
        stored("_rels/.rels", package_rels()),
    ]
    entries += [(f"word/media/image{i}.png", b"\0" * 100, 0, 0, 90 << 20) for i in range(6)]
    assert refused(raw_zip(entries), limits=Limits(max_ratio=10**9)).reason == "zip-bomb"


def test_lying_declared_size_never_inflates_past_it():
    """document.xml says 10 KB but its stream holds 1 GB: reading stops at 10 KB."""
    entries = [
        stored("[Content_Types].xml", content_types()),
        stored("_rels/.rels", package_rels()),
        ("word/document.xml", spaces_deflated(1024), 8, 0, 10 * 1024),
    ]
    tracemalloc.start()
    start = time.perf_counter()
    try:
        err = refused(raw_zip(entries))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.reason == "corrupt-zip"  # the CRC of what was read does not match
    assert peak < 20 << 20
    assert time.perf_counter() - start < 5


def test_read_budget_caps_all_reads_of_a_package():
    data = python_docx_bytes()
    package = open_package(data, "a.docx", limits=Limits(max_read_bytes=200_000))
    with pytest.raises(UnreadableFile) as err:
        for name in package.names:
            package.read(name)
    assert err.value.reason == "zip-bomb"


def test_streaming_cap_holds_even_when_declared_sizes_passed():
    package = open_package(python_docx_bytes(), "a.docx")
    package.limits = Limits(max_part_bytes=1000)  # as if the declared sizes had lied
    with pytest.raises(UnreadableFile) as err:
        package.read("word/styles.xml")
    assert err.value.reason == "zip-bomb"


def test_too_many_members():
    files = {"[Content_Types].xml": content_types(), "_rels/.rels": package_rels()}
    files.update({f"word/media/{i}.txt": "" for i in range(30)})
    err = refused(zipped(files), limits=Limits(max_members=20))
    assert err.reason == "too-many-parts"


# -- XML entity attacks -------------------------------------------------------------------


def billion_laughs(encoding: str = "utf-8") -> bytes:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE lolz [{entities}]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return xml.encode(encoding)


XXE = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
)
XXE_PARAMETER = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % remote SYSTEM "http://example.invalid/x.dtd">'
    f'%remote;]><w:document xmlns:w="{W_NS}"><w:body/></w:document>'
)


@pytest.mark.parametrize(
    "document",
    [billion_laughs(), billion_laughs("utf-16"), XXE, XXE_PARAMETER],
    ids=["billion-laughs", "billion-laughs-utf16", "xxe", "xxe-parameter"],
)
def test_entity_attacks_in_the_document(document):
    start = time.perf_counter()
    err = refused(minimal(document))
    assert err.reason == "xml-entities"
    assert "entity" in err.message
    assert time.perf_counter() - start < 2


def test_entity_attack_in_content_types():
    data = zipped(
        {
            "[Content_Types].xml": billion_laughs().replace(b"w:document", b"Types"),
            "_rels/.rels": package_rels(),
            "word/document.xml": DOCUMENT,
        }
    )
    assert refused(data).reason == "xml-entities"


def test_doctype_without_entities_is_read():
    document = f'<?xml version="1.0"?><!DOCTYPE w:document>{DOCUMENT}'
    assert read_docx(open_package(minimal(document), "a.docx")).paragraphs[0].text == "Hello"


def test_malformed_and_too_deep_xml():
    assert refused(minimal("<w:document")).reason == "corrupt-xml"
    deep = f'<w:document xmlns:w="{W_NS}"><w:body>' + "<w:sdt><w:sdtContent>" * 3000
    deep += "</w:sdtContent></w:sdt>" * 3000 + "</w:body></w:document>"
    assert refused(minimal(deep)).reason in ("corrupt-xml", "too-deep")


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("docx", "poi__ExternalEntityInText.docx"),
        ("xlsx", "poi__poc-xmlbomb.xlsx"),
        ("xlsx", "poi__poc-xmlbomb-empty.xlsx"),
        ("xlsx", "poi__54764.xlsx"),
        ("xlsx", "poi__54764-2.xlsx"),
    ],
)
def test_realworld_entity_attacks(folder, name):
    path = REALWORLD / folder / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    with pytest.raises(UnreadableFile) as err:
        package = open_package(path.read_bytes(), name)
        for part in package.names:
            if part.endswith((".xml", ".rels")):
                package.parse(part)
    assert err.value.reason == "xml-entities"


# -- what a package is --------------------------------------------------------------------


def test_plain_docx():
    package = open_package(python_docx_bytes(), "a.docx")
    assert (package.kind, package.macro, package.template, package.strict) == (
        "docx",
        False,
        False,
        False,
    )
    assert package.main == "word/document.xml"
    assert "word/styles.xml" in package.names
    assert package.notices == []
    assert package.read("WORD/Document.xml") == package.read("word/document.xml")
    assert package.parse("word/document.xml").tag == f"{{{W_NS}}}document"
    with pytest.raises(KeyError):
        package.read("word/missing.xml")


@pytest.mark.parametrize(
    ("main_type", "name", "macro", "template"),
    [
        (DOCM_MAIN, "a.docm", True, False),
        (DOTX_MAIN, "a.dotx", False, True),
        (DOTM_MAIN, "a.dotm", True, True),
    ],
)
def test_macro_and_template_documents_are_read(main_type, name, macro, template):
    package = open_package(with_main_type(python_docx_bytes(), main_type), name)
    assert (package.kind, package.macro, package.template) == ("docx", macro, template)
    assert bool(package.notices) == template
    assert [p.text for p in read_docx(package).paragraphs] == ["1.1 Explain", "Some text."]


def test_realworld_dotx():
    path = REALWORLD / "docx" / "poi__test.dotx"
    if not path.exists():
        pytest.skip("poi__test.dotx not available")
    package = open_package(path.read_bytes(), path.name)
    assert package.template and "template" in package.notices[0]
    read_docx(package)


def workbook_bytes() -> bytes:
    out = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["Date", "Hours"])
    book.save(out)
    return out.getvalue()


def test_xlsx_and_xlsm():
    package = open_package(workbook_bytes(), "log.xlsx")
    assert (package.kind, package.macro, package.main) == ("xlsx", False, "xl/workbook.xml")
    source = zipfile.ZipFile(io.BytesIO(workbook_bytes()))
    files = {i.filename: source.read(i.filename) for i in source.infolist()}
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        XLSX_MAIN.encode(), XLSM_MAIN.encode()
    )
    package = open_package(zipped(files), "log.xlsm")
    assert (package.kind, package.macro) == ("xlsx", True)


def test_strict_workbook_parts_are_mapped():
    path = REALWORLD / "xlsx" / "poi__sample.strict.xlsx"
    if not path.exists():
        pytest.skip("poi__sample.strict.xlsx not available")
    package = open_package(path.read_bytes(), path.name)
    assert package.kind == "xlsx" and package.strict
    root = package.parse(package.main)
    assert root.tag == "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}workbook"


def test_not_an_office_package():
    assert refused(zipped({"notes.txt": "hello"})).reason == "not-office"
    odt = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<x/>"})
    err = refused(odt)
    assert err.reason == "opendocument" and "LibreOffice" in err.message
    pages = zipped({"Index/Document.iwa": b"\0", "Metadata/Properties.plist": b""})
    assert refused(pages).reason == "pages"
    assert refused(b"PK\x05\x06" + b"\0" * 18).reason == "not-office"  # an empty zip


def test_presentation_renamed_docx():
    data = zipped(
        {
            "[Content_Types].xml": content_types(PPTX_MAIN, "/ppt/presentation.xml"),
            "_rels/.rels": package_rels("ppt/presentation.xml"),
            "ppt/presentation.xml": "<p/>",
        }
    )
    err = refused(data)
    assert err.reason == "wrong-kind" and "PowerPoint" in err.message


def test_missing_main_part():
    data = zipped({"[Content_Types].xml": content_types(), "_rels/.rels": package_rels()})
    assert refused(data).reason == "missing-part"


def test_main_part_from_content_types_when_relationships_are_missing():
    data = zipped({"[Content_Types].xml": content_types(), "word/document.xml": DOCUMENT})
    assert read_docx(open_package(data, "a.docx")).paragraphs[0].text == "Hello"


def test_malformed_content_types():
    data = zipped({"[Content_Types].xml": "<Types", "word/document.xml": DOCUMENT})
    assert refused(data).reason == "corrupt-xml"


def test_container_import_is_cheap():
    code = (
        "import sys; import linter.readers.container; "
        "heavy = {'docx', 'openpyxl', 'flask'} & set(sys.modules); assert not heavy, heavy"
    )
    root = Path(__file__).resolve().parents[1]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root)


# -- every real-world file opens or is refused cleanly -------------------------------------

ALL_REAL = sorted(
    p
    for p in REALWORLD.glob("*/*")
    if p.suffix.lower() in (".docx", ".docm", ".dotx", ".xlsx", ".xlsm")
)


@pytest.mark.parametrize("path", ALL_REAL, ids=[p.name for p in ALL_REAL])
def test_realworld_parts_parse_or_are_refused(path):
    """Open each file and parse every XML part: a Package or UnreadableFile, nothing else."""
    start = time.perf_counter()
    try:
        package = open_package(path.read_bytes(), path.name)
        assert package.kind in ("docx", "xlsx")
        for name in package.names:
            if name.endswith((".xml", ".rels")):
                package.parse(name)
    except UnreadableFile as exc:
        assert exc.reason and exc.message
    assert time.perf_counter() - start < 10


def test_realworld_folder_present_in_ci():
    if os.environ.get("CI"):
        assert len(ALL_REAL) >= 200
