"""Property-based tests of the HTTP API with schemathesis, generated from the server's own
/api/openapi.json (bounded examples): never a 500, every answer matches the document,
every error is CONTRACT.md's JSON error."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks as st_checks

from addin_server import create_app

app = create_app(grammar="off", max_upload_mb=2)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)

MAX_EXAMPLES = 40


@schemathesis.serializer(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
def office_bytes(ctx, value):
    """Raw uploads: generated binary strings go out as they are."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


@schemathesis.check
def errors_are_contract_json(ctx, response, case):
    """Every 4xx/5xx of /api/ is {"error": {"code": ..., "message": ...}} as JSON."""
    if response.status_code < 400:
        return None
    headers = {k.lower(): v for k, v in response.headers.items()}
    content_type = headers.get("content-type", [""])
    content_type = content_type[0] if isinstance(content_type, list) else content_type
    assert content_type.startswith("application/json"), f"error answered as {content_type}"
    body = response.json()
    assert isinstance(body, dict) and isinstance(body.get("error"), dict), body
    assert body["error"].get("code") and body["error"].get("message"), body
    return None


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_against_its_openapi_document(case):
    case.call_and_validate(
        checks=[
            st_checks.not_a_server_error,
            st_checks.status_code_conformance,
            st_checks.content_type_conformance,
            st_checks.response_schema_conformance,
            errors_are_contract_json,
        ]
    )
