"""manifest/manifest.xml: valid against Microsoft's XSD (../shared), every URL https, a
Word task pane with the requirements the add-in issue names; /manifest.xml the same with
the server's own origin."""

from __future__ import annotations

import re
import struct
import uuid
from urllib.parse import urlsplit

import pytest
from conftest import ROOT, SHARED
from lxml import etree

from addin_server import create_app
from addin_server.manifest import render_manifest

MANIFEST = ROOT / "manifest" / "manifest.xml"
XSD = SHARED / "schemas" / "office-addin-manifest" / "OfficeAppManifestV1_1.xsd"
NS = {
    "o": "http://schemas.microsoft.com/office/appforoffice/1.1",
    "ov": "http://schemas.microsoft.com/office/taskpaneappversionoverrides",
    "bt": "http://schemas.microsoft.com/office/officeappbasictypes/1.0",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
URL_ATTRS = ("DefaultValue",)


@pytest.fixture(scope="module")
def schema():
    if not XSD.exists():
        pytest.fail(f"the manifest schema is missing: {XSD}")
    return etree.XMLSchema(etree.parse(str(XSD)))


def _urls(tree) -> list[str]:
    out = []
    for el in tree.iter():
        for attr in URL_ATTRS:
            value = el.get(attr)
            if value and re.match(r"^[a-z]+://", value, re.I):
                out.append(value)
        if el.tag == f"{{{NS['o']}}}AppDomain" and el.text:
            out.append(el.text.strip())
    return out


def test_manifest_is_valid_against_the_xsd(schema):
    tree = etree.parse(str(MANIFEST))
    schema.assertValid(tree)


def test_every_url_is_https():
    urls = _urls(etree.parse(str(MANIFEST)))
    assert len(urls) >= 8
    assert [u for u in urls if urlsplit(u).scheme != "https"] == []


def test_a_word_task_pane_with_wordapi_1_3_and_read_write():
    tree = etree.parse(str(MANIFEST))
    root = tree.getroot()
    assert root.get(f"{{{NS['xsi']}}}type") == "TaskPaneApp"
    uuid.UUID(root.findtext("o:Id", namespaces=NS))  # a GUID
    assert [h.get("Name") for h in root.findall("o:Hosts/o:Host", NS)] == ["Document"]
    sets = root.findall("o:Requirements/o:Sets/o:Set", NS)
    assert [(s.get("Name"), s.get("MinVersion")) for s in sets] == [("WordApi", "1.3")]
    assert root.findtext("o:Permissions", namespaces=NS) == "ReadWriteDocument"
    source = root.find("o:DefaultSettings/o:SourceLocation", NS).get("DefaultValue")
    assert source.endswith("/taskpane.html")
    # A ribbon button that opens the pane.
    action = root.find(".//ov:Control[@xsi:type='Button']/ov:Action", NS)
    assert action.get(f"{{{NS['xsi']}}}type") == "ShowTaskpane"
    resid = action.find("ov:SourceLocation", NS).get("resid")
    url = root.find(f".//bt:Url[@id='{resid}']", NS).get("DefaultValue")
    assert url == source


def test_icons_exist_at_the_sizes_named(client):
    tree = etree.parse(str(MANIFEST))
    icons = [u for u in _urls(tree) if u.endswith(".png")]
    assert len(icons) >= 4
    for url in icons:
        path = urlsplit(url).path
        r = client.get(path)
        assert r.status_code == 200, path
        data = r.get_data()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        size = int(re.search(r"icon-(\d+)\.png", path).group(1))
        assert (width, height) == (size, size)


def test_the_repository_manifest_is_the_rendered_template():
    assert MANIFEST.read_text(encoding="utf-8") == render_manifest("https://localhost:8443")


@pytest.fixture(scope="module")
def client():
    return create_app(grammar="off").test_client()


def test_served_manifest_uses_the_servers_origin_and_stays_valid(client, schema):
    r = client.get("/manifest.xml", base_url="https://addin.example.ac.uk")
    tree = etree.fromstring(r.get_data())
    schema.assertValid(tree)
    urls = _urls(tree)
    assert urls and all(u.startswith("https://addin.example.ac.uk") for u in urls)


def test_render_refuses_a_relative_origin():
    with pytest.raises(ValueError):
        render_manifest("example.org")
