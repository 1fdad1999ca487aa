"""The HTTP API of CONTRACT.md, in process: every endpoint and every bad input the
add-in issue lists. Errors are JSON, never a 500 for bad input, never an HTML page."""

from __future__ import annotations

import io
import json
import logging
import tempfile
import time

import badfiles
import jsonschema
import pytest
from conftest import ROOT
from docbuilder import build_docx, build_paragraphs

from addin_server import create_app

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SECRET = "Quillsbury disclosed a private diagnosis"  # document text that must not be logged

FAULTY = f"""
{{style=Title}} Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level
# 1.1 Critically review the purpose of coaching
What the Assessor is looking for
- a critical review of the purpose of coaching
[Please insert your text for this assessment criterion here and delete all the above guide comments prior to your final submission]
{SECRET} during our second session. [[words:120]]
I suggested she speak to her line manager.
# References
Whitmore, J. (2017) Coaching for performance. London: Nicholas Brealey.
"""


@pytest.fixture(scope="module")
def app():
    return create_app(grammar="off")


@pytest.fixture()
def client(app):
    return app.test_client()


_SCHEMA = json.loads((ROOT / "linter" / "schemas" / "output.schema.json").read_text())


def assert_file_object(file: dict) -> None:
    """The file object of the CLI's JSON output (linter/schemas/output.schema.json)."""
    jsonschema.validate(
        {"tool": {"name": "ilm-lint", "version": "0.1.0"}, "files": [file]}, _SCHEMA
    )


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body["error"]) >= {"code", "message"} and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body


def upload(client, data: bytes, name: str = "learner.docx", **fields):
    return client.post(
        "/api/lint",
        data={"file": (io.BytesIO(data), name), **fields},
        content_type="multipart/form-data",
    )


# -- the read-only endpoints -------------------------------------------------------


def test_health(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.get_json()["status"] == "ok" and r.get_json()["version"]


def test_units_list_codes_titles_levels_and_acs(client):
    units = client.get("/api/units").get_json()
    by_code = {u["code"]: u for u in units}
    assert "8589-700" in by_code
    unit = by_code["8589-700"]
    assert unit["level"] == 7 and unit["title"]
    assert unit["acs"][0] == {
        "number": "1.1",
        "wording": unit["acs"][0]["wording"],
        "verb": unit["acs"][0]["verb"],
    }
    assert all(ac["wording"] and ac["verb"] for u in units for ac in u["acs"])


def test_rules_list_code_slug_severity_summary(client):
    rules = {r["code"]: r for r in client.get("/api/rules").get_json()}
    assert rules["AC100"]["slug"] == "missing-ac-section"
    assert rules["PH400"]["severity"] == "error"
    assert all(r["summary"] for r in rules.values())


def test_openapi_document_describes_every_endpoint(client):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.")
    assert set(doc["paths"]) == {"/api/health", "/api/units", "/api/rules", "/api/lint"}
    content = doc["paths"]["/api/lint"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json", DOCX_TYPE, XLSX_TYPE} <= set(content)


# -- linting -----------------------------------------------------------------------


def test_multipart_docx_gives_the_file_object(client):
    r = upload(client, build_docx(FAULTY))
    assert r.status_code == 200
    file = r.get_json()
    assert_file_object(file)
    assert file["path"] == "learner.docx" and file["kind"] == "assignment"
    assert file["unit"] == "8589-700"
    rules = {f["rule"] for f in file["findings"]}
    assert {"PH400", "PH401", "AC100"} <= rules
    assert file["outline"]["guidance"], "the add-in needs the guidance paragraphs"


def test_raw_bytes_with_the_docx_type_and_unit_as_query(client):
    r = client.post("/api/lint?unit=8589-700", data=build_docx(FAULTY), content_type=DOCX_TYPE)
    assert r.status_code == 200
    assert r.get_json()["unit"] == "8589-700"


def test_unit_form_field_is_used(client):
    spec = "# 1.1 Define what coaching and mentoring are\n[[words:80]]"
    r = upload(client, build_docx(spec), unit="8580-500")
    assert r.status_code == 200 and r.get_json()["unit"] == "8580-500"


def test_type_is_judged_by_content_not_name(client):
    r = upload(client, build_docx(FAULTY), name="essay.pdf")
    assert r.status_code == 200 and r.get_json()["kind"] == "assignment"
    r = client.post("/api/lint", data=build_docx(FAULTY), content_type="application/octet-stream")
    assert r.status_code == 200 and r.get_json()["kind"] == "assignment"
    pdf = b"%PDF-1.7\n" + b"0" * 1000
    body = assert_error(upload(client, pdf, name="essay.docx"), 415, "unsupported_type")
    assert "PDF" in body["error"]["message"]


def test_xlsx_upload_is_read_as_a_log(client):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Date", "Coachee", "Duration (hrs)", "Reflection"])
    ws.append(["01/02/2025", "Client A", 1.5, "Notes on listening and silence in the session."])
    buf = io.BytesIO()
    wb.save(buf)
    r = upload(client, buf.getvalue(), name="log.docx")  # the name lies; the content wins
    assert r.status_code == 200
    assert r.get_json()["kind"] == "log"
    assert_file_object(r.get_json())


def test_paragraph_json_gives_the_file_object_indexed_by_that_list(client):
    payload = build_paragraphs(FAULTY, unit="8589-700")
    r = client.post("/api/lint", json=payload)
    assert r.status_code == 200
    file = r.get_json()
    assert_file_object(file)
    texts = [p["text"] for p in payload["paragraphs"]]
    ph400 = next(f for f in file["findings"] if f["rule"] == "PH400")
    assert texts[ph400["location"]["paragraph"]] == "What the Assessor is looking for"
    assert file["outline"]["guidance"][0] == ph400["location"]["paragraph"]


def test_grammar_can_be_switched_off_per_request(client):
    r = client.post("/api/lint?grammar=off", json=build_paragraphs(FAULTY))
    assert r.status_code == 200
    assert not [f for f in r.get_json()["findings"] if f["rule"].startswith("GR")]
    assert_error(client.post("/api/lint?grammar=maybe", json=build_paragraphs(FAULTY)), 400)


# -- bad input ---------------------------------------------------------------------


def test_no_file(client):
    assert_error(client.post("/api/lint"), 400, "no_file")
    assert_error(client.post("/api/lint", data={"unit": "8589-700"}), 400, "no_file")
    assert_error(
        client.post("/api/lint", data={"other": (io.BytesIO(b"x"), "a.docx")}), 400, "no_file"
    )
    assert_error(upload(client, b"", name=""), 400, "no_file")  # a form sent with no file chosen
    assert_error(client.post("/api/lint", data=b"", content_type=DOCX_TYPE), 400, "no_file")


def test_empty_file(client):
    body = assert_error(upload(client, b"", name="empty.docx"), 422, "unreadable_file")
    assert body["file"]["kind"] == "unknown"
    assert body["file"]["findings"][0]["rule"] == "FL900"


@pytest.mark.parametrize(
    "maker",
    [badfiles.truncated_zip, badfiles.legacy_doc, badfiles.encrypted_docx,
     badfiles.billion_laughs, badfiles.external_entity],
)  # fmt: skip
def test_unreadable_files_are_422_with_the_fl900_message(client, maker):
    body = assert_error(upload(client, maker()), 422, "unreadable_file")
    fl900 = body["file"]["findings"][0]
    assert fl900["rule"] == "FL900" and fl900["message"] == body["error"]["message"]


def test_zip_bomb_is_refused_quickly(client):
    bomb = badfiles.zip_bomb()
    start = time.perf_counter()
    assert_error(upload(client, bomb), 422, "unreadable_file")
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4 ...", b"\x89PNG\r\n\x1a\n....", b"{\\rtf1\\ansi hello}", b"<html><body>x</body></html>",
     badfiles.text_named_docx()],
)  # fmt: skip
def test_wrong_types_are_415(client, data):
    assert_error(upload(client, data), 415, "unsupported_type")
    assert_error(client.post("/api/lint", data=data, content_type=DOCX_TYPE), 415)


class _Unreadable(io.BytesIO):
    """A request body that fails the test if the server reads it."""

    def _fail(self, *args, **kwargs):
        raise AssertionError("the body was read although Content-Length is over the limit")

    read = readinto = readline = read1 = _fail


def test_21_mb_file_is_413_before_the_body_is_read(client):
    size = 21 * 2**20
    r = client.post(
        "/api/lint",
        input_stream=_Unreadable(),
        content_type=DOCX_TYPE,
        environ_overrides={"CONTENT_LENGTH": str(size)},
    )
    assert_error(r, 413, "too_large")
    r = client.post(
        "/api/lint",
        input_stream=_Unreadable(),
        content_type="multipart/form-data; boundary=x",
        environ_overrides={"CONTENT_LENGTH": str(size)},
    )
    assert_error(r, 413, "too_large")


def test_21_mb_file_really_sent_is_413(client):
    data = b"PK\x03\x04" + b"\0" * (21 * 2**20)
    assert_error(upload(client, data), 413, "too_large")
    assert_error(client.post("/api/lint", data=data, content_type=DOCX_TYPE), 413, "too_large")


def test_a_file_just_under_the_limit_is_read(app):
    small = create_app(grammar="off", max_upload_mb=1)
    client = small.test_client()
    docx = build_docx(FAULTY)
    import zipfile

    buf = io.BytesIO(docx)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as z:
        z.writestr("word/media/pad.bin", b"\0" * (2**20 - len(docx) - 4096))
    data = buf.getvalue()
    assert 2**20 - 8192 < len(data) <= 2**20
    assert upload(client, data).status_code == 200
    assert_error(upload(client, data + b"\0" * 8192), 413, "too_large")


def test_unknown_unit(client):
    assert_error(upload(client, build_docx(FAULTY), unit="9999-999"), 400, "unknown_unit")
    r = client.post("/api/lint?unit=nope", data=build_docx(FAULTY), content_type=DOCX_TYPE)
    assert_error(r, 400, "unknown_unit")
    r = client.post("/api/lint", json={"unit": "D9.99", "paragraphs": []})
    assert_error(r, 400, "unknown_unit")
    r = client.post("/api/lint", json={"unit": 700, "paragraphs": []})
    assert_error(r, 400)


@pytest.mark.parametrize(
    "body",
    [b"{", b"[]", b'"text"', b"null", b'{"paragraphs": "all of it"}', b'{"paragraphs": [1, 2]}',
     b'{"paragraphs": [{"text": 5}]}', b"\xff\xfe\x00", b"[" * 100_000 + b"]" * 100_000,
     b'{"unit": null}'],
)  # fmt: skip
def test_malformed_paragraph_json_is_400(client, body):
    r = client.post("/api/lint", data=body, content_type="application/json")
    assert_error(r, 400)


def test_50000_paragraphs(client):
    paragraphs = []
    paragraphs.append({"text": "1.1 Critically review the purpose of coaching", "style": "Heading 1",
                       "styleBuiltIn": "Heading1", "outlineLevel": 1})  # fmt: skip
    words = "The coaching relationship rests on trust and clear contracting between both."
    paragraphs += [{"text": f"{words} {i}"} for i in range(49_999)]
    start = time.perf_counter()
    r = client.post("/api/lint", json={"unit": "8589-700", "paragraphs": paragraphs})
    elapsed = time.perf_counter() - start
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    assert r.get_json()["stats"]["words"] > 500_000
    assert elapsed < 60


def test_unknown_paths_and_methods_are_json(client):
    assert_error(client.get("/api/nothing-here"), 404)
    r = client.get("/api/lint")
    assert_error(r, 405)
    assert "POST" in r.headers["Allow"]
    assert_error(client.delete("/api/units"), 405)


def test_a_fault_in_the_linter_is_a_json_500_without_the_text(client, monkeypatch, caplog):
    import addin_server.linting as linting

    def broken(*args, **kwargs):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(linting, "lint_document", broken)
    caplog.set_level(logging.DEBUG)
    r = client.post("/api/lint", json=build_paragraphs(FAULTY))
    assert_error(r, 500, "internal_error")
    assert SECRET not in r.get_data(as_text=True)
    assert "RuntimeError" in caplog.text and SECRET not in caplog.text


# -- privacy and statelessness -----------------------------------------------------


def test_uploads_never_touch_the_temp_folder(client, monkeypatch, tmp_path):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def forbidden(*args, **kwargs):
        raise AssertionError("a temporary file was created for an upload")

    for name in ("TemporaryFile", "NamedTemporaryFile", "SpooledTemporaryFile", "mkstemp"):
        monkeypatch.setattr(tempfile, name, forbidden)
    import zipfile

    buf = io.BytesIO(build_docx(FAULTY))
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as z:
        z.writestr("word/media/pad.bin", b"\1" * (3 * 2**20))  # over every spill threshold
    assert upload(client, buf.getvalue()).status_code == 200
    assert client.post("/api/lint", data=buf.getvalue(), content_type=DOCX_TYPE).status_code == 200
    assert (
        client.post("/", data={"file": (io.BytesIO(buf.getvalue()), "a.docx")}).status_code == 200
    )
    assert list(tmp_path.iterdir()) == []


def test_no_document_text_or_file_name_in_the_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    upload(client, build_docx(FAULTY), name="Quillsbury-assignment.docx")
    client.post("/api/lint", json=build_paragraphs(FAULTY))
    upload(client, badfiles.truncated_zip(), name="Quillsbury-broken.docx")
    client.post("/", data={"file": (io.BytesIO(build_docx(FAULTY)), "Quillsbury.docx")})
    assert "Quillsbury" not in caplog.text


def test_stateless_no_cookies_and_same_answer_from_another_app(client):
    payload = build_paragraphs(FAULTY)
    r1 = client.post("/api/lint", json=payload)
    r2 = create_app(grammar="off").test_client().post("/api/lint", json=payload)
    assert r1.get_json() == r2.get_json()
    assert "Set-Cookie" not in r1.headers


# -- headers, pages, manifest ----------------------------------------------------------


def test_security_headers(client):
    api = client.get("/api/health")
    assert api.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in api.headers["Content-Security-Policy"]
    assert api.headers["Cache-Control"] == "no-store"
    pane = client.get("/taskpane.html")
    assert pane.status_code == 200
    csp = pane.headers["Content-Security-Policy"]
    assert "script-src 'self' https://appsforoffice.microsoft.com" in csp
    assert "frame-ancestors 'self' https://*.officeapps.live.com" in csp
    assert "https://*.sharepoint.com" in csp
    assert "X-Frame-Options" not in pane.headers  # it cannot list several Office hosts
    page = client.get("/")
    assert "frame-ancestors 'self'" in page.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in page.headers["Content-Security-Policy"]
    secure = client.get("/api/health", base_url="https://lint.example.org")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=")


def test_task_pane_loads_office_js_from_the_cdn(client):
    html = client.get("/taskpane.html").get_data(as_text=True)
    assert '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js">' in html
    assert client.get("/static/js/taskpane.js").status_code == 200


def test_manifest_carries_the_servers_own_origin(client):
    r = client.get("/manifest.xml", base_url="https://lint.example.org:9443")
    assert r.status_code == 200 and r.mimetype == "application/xml"
    text = r.get_data(as_text=True)
    assert "https://lint.example.org:9443/taskpane.html" in text
    assert "localhost" not in text


def test_manifest_public_url_and_proxy_headers():
    app = create_app(grammar="off", public_url="https://ilm.example.ac.uk/")
    text = app.test_client().get("/manifest.xml").get_data(as_text=True)
    assert "https://ilm.example.ac.uk/taskpane.html" in text
    proxied = create_app(grammar="off", behind_proxy=True).test_client()
    r = proxied.get(
        "/manifest.xml",
        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "lint.example.net"},
    )
    assert "https://lint.example.net/taskpane.html" in r.get_data(as_text=True)


def test_upload_page_without_javascript_renders_results(client):
    page = client.get("/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in html and 'name="file"' in html
    r = client.post(
        "/", data={"file": (io.BytesIO(build_docx(FAULTY)), "mine.docx"), "grammar": "off"}
    )
    assert r.status_code == 200 and r.mimetype == "text/html"
    html = r.get_data(as_text=True)
    assert "mine.docx" in html
    assert "AC 1.1 Critically compare" in html  # findings grouped under their AC
    assert "PH400" in html and "PH401" in html
    assert r.headers["Cache-Control"] == "no-store"


def test_upload_page_errors_are_pages(client):
    r = client.post("/", data={})
    assert r.status_code == 400 and r.mimetype == "text/html"
    assert "No file was sent" in r.get_data(as_text=True)
    r = client.post("/", data={"file": (io.BytesIO(b"%PDF-1.5"), "x.docx")})
    assert r.status_code == 415 and "looks like a PDF" in r.get_data(as_text=True)
    r = client.post("/", data={"file": (io.BytesIO(badfiles.legacy_doc()), "x.docx")})
    assert r.status_code == 422 and "Not checked." in r.get_data(as_text=True)


CHECKLIST_FILE = {
    "path": "x.docx",
    "kind": "assignment",
    "unit": "8589-700",
    "stats": {"words": 100, "sections": {}},
    "findings": [
        {
            "rule": "AC130",
            "name": "required-content-missing",
            "severity": "warning",
            "message": "AC 2.4 names no code of ethics.",
            "location": {"section": "2.4"},
        },
    ],
    "outline": {
        "sections": [
            {
                "key": "2.3",
                "kind": "ac",
                "title": "2.3 Justify",
                "heading": 0,
                "start": 1,
                "end": 3,
            },
            {
                "key": "2.4",
                "kind": "ac",
                "title": "2.4 Evaluate",
                "heading": 3,
                "start": 4,
                "end": 6,
            },
        ],
        "guidance": [],
    },
    "checklist": {
        "2.3": [
            {
                "description": "a model of reflective learning",
                "met": True,
                "evidence": ["Kolb", "Schön"],
                "must": True,
            }
        ],
        "2.4": [
            {"description": "a professional code of ethics", "met": False, "evidence": None},
            {"description": "a useful example", "met": True, "evidence": "ICF", "must": False},
        ],
    },
}


def test_checklist_ticks_show_under_each_ac_even_without_findings():
    from addin_server import present

    groups = present.groups(CHECKLIST_FILE, None)
    assert [g["key"] for g in groups] == ["2.3", "2.4"]
    assert groups[0]["findings"] == []
    assert groups[0]["checklist"] == [
        {"met": True, "text": "a model of reflective learning (Kolb, Schön)"}
    ]
    assert groups[1]["checklist"] == [
        {"met": False, "text": "a professional code of ethics"},
        {"met": True, "text": "a useful example (ICF) (suggested)"},
    ]


def test_the_grammar_checkbox_of_the_upload_page_is_honoured():
    harper = create_app(grammar="harper").test_client()
    spec = "# 1.1 Critically compare coaching\nThe organization recieved the report. [[words:60]]"

    def post(*values):
        data = {"file": (io.BytesIO(build_docx(spec)), "a.docx"), "grammar": list(values)}
        return harper.post("/", data=data).get_data(as_text=True)

    assert "GR700" in post("off", "on")  # ticked: the hidden "off", then "on"
    assert "GR700" not in post("off")  # not ticked
    r = harper.post(
        "/api/lint", data={"file": (io.BytesIO(build_docx(spec)), "a.docx"), "grammar": "off"}
    )
    assert not [f for f in r.get_json()["findings"] if f["rule"].startswith("GR")]
