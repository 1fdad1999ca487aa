"""The JSON API of CONTRACT.md under /api/."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, request

from .linting import OFFICE_TYPES, LintError, no_file, safe_filename

bp = Blueprint("api", __name__, url_prefix="/api")


def _linter():
    return current_app.extensions["ilm_lint"]


@bp.get("/health")
def health():
    return jsonify(_linter().health())


@bp.get("/units")
def units():
    return jsonify(_linter().units_json())


@bp.get("/rules")
def rules():
    return jsonify(_linter().rules_json())


@bp.get("/openapi.json")
def openapi():
    from .openapi import openapi_document

    return jsonify(openapi_document(request.host_url.rstrip("/")))


@bp.post("/lint")
def lint():
    return jsonify(lint_request())


def lint_request() -> dict:
    """The file object for this request (multipart, raw bytes or paragraph JSON)."""
    linter = _linter()
    mimetype = request.mimetype
    grammar = linter.grammar_param(request.args.get("grammar"))
    if mimetype == "application/json":
        body = request.get_data(cache=False)
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            raise LintError(
                400, "bad_json", "The body is not valid JSON (UTF-8 text expected)."
            ) from None
        return linter.lint_json(payload, grammar)
    if mimetype == "multipart/form-data":
        unit = linter.unit_param(request.form.get("unit", request.args.get("unit")))
        if "grammar" in request.form:
            grammar = linter.grammar_param(request.form.getlist("grammar")[-1])
        upload = request.files.get("file")
        if upload is None or (not upload.filename and _empty(upload)):
            raise no_file()
        data = upload.read()
        upload.close()
        return linter.lint_file(data, safe_filename(upload.filename), unit, grammar)
    if mimetype == "application/x-www-form-urlencoded":
        raise no_file()
    unit = linter.unit_param(request.args.get("unit"))
    data = request.get_data(cache=False)
    if not data:
        raise no_file()
    name = safe_filename(request.args.get("filename"), OFFICE_TYPES.get(mimetype, "upload"))
    return linter.lint_file(data, name, unit, grammar)


def _empty(upload) -> bool:
    stream = upload.stream
    here = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(here)
    return size == 0
