"""Response headers: a CSP per kind of page, no framing outside Office hosts, no caching
of anything that holds a learner's work."""

from __future__ import annotations

from flask import Request, Response

OFFICE_JS_ORIGINS = ("https://appsforoffice.microsoft.com", "https://ajax.aspnetcdn.com")
# Where Word on the web frames a task pane; Word on the desktop loads it top-level.
OFFICE_HOSTS = (
    "https://*.officeapps.live.com",
    "https://*.sharepoint.com",
    "https://*.office.com",
    "https://office.live.com",
    "https://*.office365.com",
    "https://*.microsoft365.com",
    "https://*.cloud.microsoft",
    "https://onedrive.live.com",
    "https://*.onedrive.live.com",
)


def _csp(**directives: str) -> str:
    return "; ".join(f"{k.replace('_', '-')} {v}" for k, v in directives.items())


office = " ".join(OFFICE_JS_ORIGINS)
TASKPANE_CSP = _csp(
    default_src="'self'",
    script_src=f"'self' {office}",
    # Office.js sets inline styles on the elements it adds; our own CSS is a file.
    style_src=f"'self' 'unsafe-inline' {office}",
    img_src=f"'self' data: {office}",
    font_src="'self' data:",
    connect_src=f"'self' {office}",
    frame_src=f"'self' {office}",
    object_src="'none'",
    base_uri="'none'",
    form_action="'self'",
    frame_ancestors="'self' " + " ".join(OFFICE_HOSTS),
)
PAGE_CSP = _csp(
    default_src="'self'",
    script_src="'self'",
    style_src="'self'",
    img_src="'self' data:",
    connect_src="'self'",
    object_src="'none'",
    base_uri="'none'",
    form_action="'self'",
    frame_ancestors="'self'",
)
API_CSP = _csp(default_src="'none'", frame_ancestors="'none'", base_uri="'none'")


def apply_headers(request: Request, response: Response) -> Response:
    h = response.headers
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("Referrer-Policy", "no-referrer")
    h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
    if request.is_secure:
        h.setdefault("Strict-Transport-Security", "max-age=31536000")
    path = request.path
    if path.startswith("/api/") or path == "/api":
        h.setdefault("Content-Security-Policy", API_CSP)
        h.setdefault("X-Frame-Options", "DENY")
        h.setdefault("Cache-Control", "no-store")
    elif path == "/taskpane.html" or path.startswith("/static/"):
        # No X-Frame-Options here: it cannot name several Office hosts; the CSP does.
        h.setdefault("Content-Security-Policy", TASKPANE_CSP)
    else:
        h.setdefault("Content-Security-Policy", PAGE_CSP)
        h.setdefault("X-Frame-Options", "SAMEORIGIN")
        if request.method == "POST":
            h.setdefault("Cache-Control", "no-store")  # a results page holds the learner's work
    return response
