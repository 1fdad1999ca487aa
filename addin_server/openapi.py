"""The OpenAPI 3.1 description of the HTTP API, served at /api/openapi.json."""

from __future__ import annotations

from typing import Any

from linter import __version__

from .linting import DOCX_TYPE, XLSX_TYPE

_NULLABLE_STR = {"type": ["string", "null"]}
_BINARY = {"type": "string", "format": "binary"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _error(description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": _ref("Error")}}}  # fmt: skip


SCHEMAS: dict[str, Any] = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
            },
            "file": _ref("File"),
        },
    },
    "Location": {
        "type": "object",
        "properties": {
            "section": {"type": "string"},
            "paragraph": {"type": "integer", "minimum": 0},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
            "text": {"type": "string", "maxLength": 200},
            "sheet": {"type": "string"},
            "row": {"type": "integer", "minimum": 1},
            "cell": {"type": "string"},
        },
    },
    "Finding": {
        "type": "object",
        "required": ["rule", "name", "severity", "message", "location"],
        "properties": {
            "rule": {"type": "string", "pattern": "^[A-Z]{2}[0-9]{3}$"},
            "name": {"type": "string"},
            "severity": {"enum": ["error", "warning", "info"]},
            "message": {"type": "string"},
            "location": _ref("Location"),
            "suggestions": {"type": "array", "items": {"type": "string"}},
        },
    },
    "File": {
        "type": "object",
        "required": ["path", "kind", "unit", "stats", "findings"],
        "properties": {
            "path": {"type": "string"},
            "kind": {"enum": ["assignment", "log", "unknown"]},
            "unit": _NULLABLE_STR,
            "stats": {"type": "object"},
            "findings": {"type": "array", "items": _ref("Finding")},
            "outline": {
                "type": "object",
                "description": "Section ranges and template-guidance paragraphs (add-in).",
                "properties": {
                    "sections": {"type": "array", "items": {"type": "object"}},
                    "guidance": {"type": "array", "items": {"type": "integer"}},
                },
            },
        },
    },
    "Paragraph": {
        "type": "object",
        "required": ["text"],
        "properties": {
            "text": {"type": "string"},
            "style": {"type": ["string", "null"]},
            "styleBuiltIn": {"type": ["string", "null"]},
            "outlineLevel": {"type": ["integer", "null"]},
            "isListItem": {"type": ["boolean", "null"]},
            "tableNestingLevel": {"type": ["integer", "null"]},
            "bold": {"type": ["boolean", "null"]},
            "listString": {"type": ["string", "null"]},
        },
    },
    "Paragraphs": {
        "type": "object",
        "required": ["paragraphs"],
        "properties": {
            "unit": _NULLABLE_STR,
            "paragraphs": {"type": "array", "items": _ref("Paragraph"), "maxItems": 100000},
        },
    },
    "Unit": {
        "type": "object",
        "required": ["code", "title", "level", "acs"],
        "properties": {
            "code": {"type": "string"},
            "title": {"type": "string"},
            "level": {"type": ["integer", "null"]},
            "qualification": {"type": "string"},
            "kind": {"type": "string"},
            "acs": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["number", "wording", "verb"],
                    "properties": {
                        "number": {"type": "string"},
                        "wording": {"type": "string"},
                        "verb": {"type": "string"},
                    },
                },
            },
            "min_references": {"type": "integer"},
            "word_min": {"type": ["integer", "null"]},
            "word_max": {"type": ["integer", "null"]},
            "coaching_hours": {"type": ["number", "null"]},
            "min_coachees": {"type": ["integer", "null"]},
        },
    },
    "Rule": {
        "type": "object",
        "required": ["code", "slug", "severity", "summary"],
        "properties": {
            "code": {"type": "string"},
            "slug": {"type": "string"},
            "severity": {"enum": ["error", "warning", "info"]},
            "summary": {"type": "string"},
            "kind": {"type": "string"},
            "doc": {"type": "string"},
        },
    },
    "Health": {
        "type": "object",
        "required": ["status", "version"],
        "properties": {
            "status": {"const": "ok"},
            "version": {"type": "string"},
            "grammar": {"type": "string"},
            "max_upload_mb": {"type": "number"},
        },
    },
}


def openapi_document(server_url: str = "") -> dict[str, Any]:
    errors = {
        "400": _error("No file, a bad unit code, or malformed paragraph JSON."),
        "413": _error("Over the size limit (20 MB unless configured)."),
        "415": _error("Not a .docx or .xlsx file (judged by its content, not its name)."),
        "422": _error("A .docx/.xlsx that cannot be read: FL900's message, and the file object."),
    }
    query = [
        {"name": "unit", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "The unit code; without it the unit is detected."},
        {"name": "grammar", "in": "query", "required": False,
         "schema": {"enum": ["on", "off"]}, "description": "off skips spelling and grammar."},
        {"name": "filename", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "A name for a raw upload, used as the result's path."},
    ]  # fmt: skip
    json_200 = {"description": "OK"}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {
            "title": "ilm-lint",
            "version": __version__,
            "description": "Checks ILM coaching and mentoring assignments (.docx) and "
            "coaching-hour logs (.xlsx). Uploads are checked in memory and never stored.",
        },
        "paths": {
            "/api/health": {
                "get": {
                    "operationId": "health",
                    "responses": {
                        "200": {
                            **json_200,
                            "content": {"application/json": {"schema": _ref("Health")}},
                        }
                    },
                }
            },
            "/api/units": {
                "get": {
                    "operationId": "units",
                    "responses": {
                        "200": {
                            **json_200,
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": _ref("Unit")}
                                }
                            },
                        }
                    },
                }
            },
            "/api/rules": {
                "get": {
                    "operationId": "rules",
                    "responses": {
                        "200": {
                            **json_200,
                            "content": {
                                "application/json": {
                                    "schema": {"type": "array", "items": _ref("Rule")}
                                }
                            },
                        }
                    },
                }
            },
            "/api/lint": {
                "post": {
                    "operationId": "lint",
                    "summary": "Check one file, or the paragraphs the Word task pane read.",
                    "parameters": query,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["file"],
                                    "properties": {
                                        "file": _BINARY,
                                        "unit": {"type": "string"},
                                        "grammar": {"enum": ["on", "off"]},
                                    },
                                }
                            },
                            "application/json": {"schema": _ref("Paragraphs")},
                            DOCX_TYPE: {"schema": _BINARY},
                            XLSX_TYPE: {"schema": _BINARY},
                            "application/octet-stream": {"schema": _BINARY},
                        },
                    },
                    "responses": {
                        "200": {
                            **json_200,
                            "content": {"application/json": {"schema": _ref("File")}},
                        },
                        **errors,
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
    if server_url:
        doc["servers"] = [{"url": server_url}]
    return doc
