"""The pages: the upload page at / (works without JavaScript: the form posts here and
the results are rendered on the server), the Word task pane and the manifest."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, render_template, request, send_from_directory

from . import present
from .linting import LintError, no_file, safe_filename
from .manifest import render_manifest

bp = Blueprint("pages", __name__)


def _linter():
    return current_app.extensions["ilm_lint"]


def _units() -> list[dict]:
    try:
        return _linter().units_json()
    except Exception:  # the page still works with "detect" only
        current_app.logger.warning("the unit list could not be loaded")
        return []


def _page(status: int = 200, **context):
    units = _units()
    file = context.get("file")
    if file is not None:
        unit = next((u for u in units if u["code"] == file.get("unit")), None)
        context.update(
            unit=unit,
            counts=present.counts(file),
            figures=present.summary(file, unit),
            groups=present.groups(file, unit),
            coachees=present.per_coachee(file.get("stats") or {}),
        )
    context.setdefault("chosen_unit", "")
    body = render_template(
        "index.html",
        units=units,
        max_mb=current_app.extensions["ilm_lint_settings"].max_upload_mb,
        **context,
    )
    return Response(body, status=status, mimetype="text/html")


def render_error(err: LintError):
    return _page(err.status, error=err, file=err.file)


@bp.get("/")
def index():
    return _page()


@bp.post("/")
def upload():
    linter = _linter()
    chosen = request.form.get("unit", "")
    try:
        unit = linter.unit_param(chosen)
        # The form sends a hidden "off" and, when ticked, the checkbox's "on" after it.
        ticked = request.form.getlist("grammar")
        grammar = linter.grammar_param(ticked[-1] if ticked else None)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise no_file()
        data = upload.read()
        upload.close()
        file = linter.lint_file(data, safe_filename(upload.filename), unit, grammar)
    except LintError as err:
        return _page(err.status, error=err, file=err.file, chosen_unit=chosen)
    return _page(file=file, chosen_unit=chosen)


@bp.get("/taskpane.html")
def taskpane():
    return send_from_directory(current_app.static_folder, "taskpane.html", max_age=0)


@bp.get("/favicon.ico")
def favicon():
    return send_from_directory(current_app.static_folder, "icons/icon-32.png", max_age=86400)


@bp.get("/manifest.xml")
def manifest():
    settings = current_app.extensions["ilm_lint_settings"]
    origin = settings.public_url or request.host_url.rstrip("/")
    return Response(render_manifest(origin), mimetype="application/xml")
