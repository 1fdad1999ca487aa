"""The server behind the Word add-in: HTTP API, task pane, upload page and manifest.

``create_app()`` is the WSGI app factory (``waitress-serve --call addin_server:create_app``
works too); ``serve()`` is ``ilm-lint serve``. See docs/addin.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["create_app", "serve"]


def create_app(*args: Any, **kwargs: Any) -> Flask:
    from .app import create_app as factory

    return factory(*args, **kwargs)


def serve(*args: Any, **kwargs: Any) -> int | None:
    from .serving import serve as run

    return run(*args, **kwargs)
