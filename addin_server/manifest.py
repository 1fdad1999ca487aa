"""The add-in manifest with a given origin (or base URL) in every URL.

``python -m addin_server.manifest [ORIGIN]`` prints it; manifest/manifest.xml in the
repository is its output for https://localhost:8443 (a test keeps the two in step).
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

TEMPLATE = Path(__file__).resolve().parent / "templates" / "manifest.xml"
DEFAULT_ORIGIN = "https://localhost:8443"


def render_manifest(origin: str = DEFAULT_ORIGIN) -> str:
    parts = urlsplit(origin)
    if not (parts.scheme and parts.netloc):
        raise ValueError(f"not an absolute URL: {origin!r}")
    return TEMPLATE.read_text(encoding="utf-8").replace("{{ORIGIN}}", escape(origin.rstrip("/")))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    sys.stdout.write(render_manifest(args[0] if args else DEFAULT_ORIGIN))
    return 0


if __name__ == "__main__":
    sys.exit(main())
