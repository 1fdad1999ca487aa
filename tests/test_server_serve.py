"""``ilm-lint serve``: the development server on 127.0.0.1, over https with a local
certificate (made here for the test, as docs/addin.md tells a developer to)."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "localhost.crt", folder / "localhost.key"
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        if not shutil.which("openssl"):
            pytest.skip("neither the cryptography package nor openssl is available")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-keyout", str(key), "-out", str(cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        return cert, key
    import ipaddress

    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, key


def _run(args: list[str], tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ILM_LINT_GRAMMAR": "off"}
    return subprocess.Popen(
        [sys.executable, "-m", "linter", "serve", *args],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip


def _stop(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=15)
    return err.decode(errors="replace")


def _get(port: int, path: str, context: ssl.SSLContext | None = None, deadline: float = 30):
    end = time.monotonic() + deadline
    while True:
        conn = (
            http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
            if context
            else http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        )
        try:
            conn.request("GET", path)
            r = conn.getresponse()
            return r.status, dict(r.getheaders()), r.read()
        except (ConnectionRefusedError, ConnectionResetError):
            if time.monotonic() > end:
                raise
            time.sleep(0.1)
        finally:
            conn.close()


def test_serve_over_https_with_a_local_certificate(tmp_path):
    cert, key = _certificate(tmp_path)
    port = _free_port()
    proc = _run(
        ["--host", "127.0.0.1", "--port", str(port), "--cert", str(cert), "--key", str(key)],
        tmp_path,
    )
    try:
        context = ssl.create_default_context(cafile=str(cert))
        status, headers, body = _get(port, "/api/health", context)
        assert status == 200 and json.loads(body)["status"] == "ok"
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        status, _, body = _get(port, "/manifest.xml", context)
        assert f"https://127.0.0.1:{port}/taskpane.html".encode() in body
        status, _, body = _get(port, "/taskpane.html", context)
        assert status == 200 and b"office.js" in body
    finally:
        err = _stop(proc)
    assert f"https://127.0.0.1:{port}/taskpane.html" in err


def test_serve_plain_http_on_localhost(tmp_path):
    port = _free_port()
    proc = _run(["--port", str(port)], tmp_path)
    try:
        status, _, body = _get(port, "/api/health")
        assert status == 200 and json.loads(body)["status"] == "ok"
    finally:
        _stop(proc)


def test_serve_refuses_a_missing_certificate(tmp_path):
    proc = _run(["--port", str(_free_port()), "--cert", "nope.crt", "--key", "nope.key"], tmp_path)
    assert proc.wait(timeout=30) == 2
    assert "nope.crt" in _stop(proc)


def test_cert_without_key_is_a_usage_error(tmp_path):
    proc = _run(["--cert", "x.crt"], tmp_path)
    assert proc.wait(timeout=30) == 2
