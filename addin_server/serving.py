"""Running the app: ``ilm-lint serve`` (development, optional HTTPS) and production
with waitress: HTTP in one process's threads, the linting in a pool of worker processes.

Production::

    python -m addin_server.production --host 0.0.0.0 --port 8080 --workers 2 --threads 8

Waitress does not speak TLS: put it behind a reverse proxy that does (nginx, Caddy, IIS)
and set ILM_LINT_BEHIND_PROXY=1 so /manifest.xml carries the public https origin.
"""

from __future__ import annotations

import logging
import socket
import ssl
import sys
from pathlib import Path

from linter.config import Config

from .app import create_app

log = logging.getLogger("addin_server")


def _tls_context(cert: str, key: str) -> ssl.SSLContext:
    for label, path in (("certificate", cert), ("key", key)):
        if not Path(path).is_file():
            raise FileNotFoundError(f"the TLS {label} {path} does not exist")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(cert, key)
    return context


def serve(
    host: str = "127.0.0.1",
    port: int = 8443,
    cert: str | None = None,
    key: str | None = None,
    config: Config | None = None,
) -> int | None:
    """The development server (``ilm-lint serve``): https when given a cert and key."""
    try:
        app = create_app(config)
    except ValueError as exc:
        print(f"ilm-lint: {exc}", file=sys.stderr)
        return 2
    context = None
    if cert and key:
        try:
            context = _tls_context(cert, key)
        except (OSError, ssl.SSLError) as exc:
            print(f"ilm-lint: cannot use the certificate: {exc}", file=sys.stderr)
            return 2
    scheme = "https" if context else "http"
    shown = f"[{host}]" if ":" in host else host
    base = f"{scheme}://{shown}:{port}"
    print(
        f"ilm-lint add-in server on {base}/\n"
        f"  task pane  {base}/taskpane.html\n"
        f"  manifest   {base}/manifest.xml\n"
        f"  upload     {base}/\n"
        "  (development server: see docs/addin.md for production with waitress)",
        file=sys.stderr,
    )
    if not context and host not in ("127.0.0.1", "localhost", "::1"):
        print("ilm-lint: warning: serving plain http beyond this machine", file=sys.stderr)
    try:
        app.run(host=host, port=port, ssl_context=context, threaded=True, use_reloader=False)
    except OSError as exc:
        print(f"ilm-lint: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        return 2
    return 0


def waitress_options(max_upload_bytes: int, threads: int) -> dict:
    """Waitress settings that keep uploads (and answers) in memory, never in temp files."""
    body_cap = max_upload_bytes * 2 + 2**20  # larger bodies get waitress's own 413
    return {
        "threads": threads,
        "max_request_body_size": body_cap,
        "inbuf_overflow": body_cap + 1,  # waitress spools bigger request bodies to disk
        "outbuf_overflow": 256 * 2**20,  # ... and bigger answers
        "channel_timeout": 120,
        "ident": "ilm-lint",
        "clear_untrusted_proxy_headers": True,
    }


def bind(host: str, port: int, backlog: int = 1024) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(backlog)
    return sock


def run_production(
    host: str = "127.0.0.1",
    port: int = 8080,
    workers: int = 2,
    threads: int = 8,
    config: Config | None = None,
) -> int:
    """Waitress in one process with ``threads`` threads for HTTP, and ``workers`` lint
    processes behind it (``pool.LintPool``): one queue for every request."""
    import signal

    import waitress

    from .pool import LintPool

    app = create_app(config)
    linter = app.extensions["ilm_lint"]
    settings = app.extensions["ilm_lint_settings"]
    linter.base()  # unit data for checking parameters and GET /api/units
    # Before any thread: the workers come from a fork server. The configuration's
    # per-file time limit (30 s unless set) applies to each request as to a batch.
    pool = LintPool(settings, workers, timeout=settings.config.timeout)
    linter.runner = pool
    options = waitress_options(settings.max_upload_bytes, threads)
    sock = bind(host, port)
    print(
        f"ilm-lint production server on http://{host}:{sock.getsockname()[1]}/ "
        f"({workers} lint worker{'s' if workers != 1 else ''}, {threads} HTTP threads)",
        file=sys.stderr,
        flush=True,
    )

    def stop(signum, frame):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        waitress.serve(app, sockets=[sock], **options)
    except (SystemExit, KeyboardInterrupt):
        pass
    finally:
        sock.close()
        pool.close()
    return 0
