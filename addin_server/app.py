"""The Flask app factory: the HTTP API of CONTRACT.md, the task pane, the upload page
and the manifest. Stateless: any number of workers or machines can serve it."""

from __future__ import annotations

import io
import logging
import traceback
from pathlib import Path
from typing import Any

from flask import Flask, Request, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from linter.config import Config

from .linting import Linter, LintError, too_large
from .security import apply_headers
from .settings import Settings, load_settings

HERE = Path(__file__).resolve().parent
MULTIPART_MARGIN = 256 * 1024  # form boundaries and fields around a file at the limit
log = logging.getLogger("addin_server")


class InMemoryRequest(Request):
    """Uploaded files stay in memory: Werkzeug would spool files over 500 KB to disk."""

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> io.BytesIO:
        return io.BytesIO()


class App(Flask):
    request_class = InMemoryRequest

    def log_exception(self, exc_info: Any) -> None:
        # The type and the frames only: an exception's message may quote the document.
        etype, _, tb = exc_info
        frames = "".join(traceback.format_list(traceback.extract_tb(tb)))
        log.error("error while serving %s %s: %s\n%s", request.method, request.path,
                  etype.__name__, frames)  # fmt: skip


def create_app(
    config: Config | None = None,
    *,
    max_upload_mb: float | None = None,
    grammar: str | None = None,
    public_url: str | None = None,
    behind_proxy: bool | None = None,
) -> Flask:
    """The WSGI app. Settings come from the arguments, then ILM_LINT_MAX_UPLOAD_MB,
    ILM_LINT_GRAMMAR, ILM_LINT_PUBLIC_URL and ILM_LINT_BEHIND_PROXY, then the config."""
    settings = load_settings(
        config,
        max_upload_mb=max_upload_mb,
        grammar=grammar,
        public_url=public_url,
        behind_proxy=behind_proxy,
    )
    app = App(
        __name__,
        static_folder=str(HERE / "static"),
        static_url_path="/static",
        template_folder=str(HERE / "templates"),
    )
    # Refused from the Content-Length before the body is read (or as it streams in).
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload_bytes + MULTIPART_MARGIN
    # Non-file form fields; also caps the multipart decoder's buffer, so not below 500 KB.
    app.config["MAX_FORM_MEMORY_SIZE"] = 2**20
    app.config["MAX_FORM_PARTS"] = 50
    app.config["JSON_SORT_KEYS"] = False
    app.json.sort_keys = False
    app.json.compact = True
    app.extensions["ilm_lint_settings"] = settings
    app.extensions["ilm_lint"] = Linter(settings)
    if settings.behind_proxy:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_port=1)

    from .api import bp as api_bp
    from .pages import bp as pages_bp

    app.register_blueprint(api_bp)
    app.register_blueprint(pages_bp)
    _register_errors(app, settings)
    app.after_request(lambda response: apply_headers(request, response))
    return app


def settings_of(app: Flask) -> Settings:
    return app.extensions["ilm_lint_settings"]


def linter_of(app: Flask) -> Linter:
    return app.extensions["ilm_lint"]


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/api"


def error_response(err: LintError):
    response = jsonify(err.to_dict())
    response.status_code = err.status
    return response


def _register_errors(app: Flask, settings: Settings) -> None:
    @app.errorhandler(LintError)
    def on_lint_error(err: LintError):
        if wants_json():
            return error_response(err)
        from .pages import render_error

        return render_error(err)

    @app.errorhandler(RequestEntityTooLarge)
    def on_too_large(exc: RequestEntityTooLarge):
        return on_lint_error(too_large(settings.max_upload_mb))

    @app.errorhandler(HTTPException)
    def on_http_error(exc: HTTPException):
        if not wants_json():
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        response = jsonify({"error": {"code": code, "message": exc.description or exc.name}})
        response.status_code = exc.code or 500
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def on_crash(exc: Exception):
        if isinstance(exc, HTTPException):  # pragma: no cover - handled above
            return on_http_error(exc)
        app.log_exception((type(exc), exc, exc.__traceback__))
        err = LintError(
            500,
            "internal_error",
            "ilm-lint could not check this because of a fault in ilm-lint itself, not in your "
            "file. Please report it.",
        )
        if wants_json():
            return error_response(err)
        from .pages import render_error

        return render_error(err)
