"""The production server (waitress, several workers and threads) on 127.0.0.1, as a
subprocess: concurrency, uploads kept out of the temp folder, no document text in logs.

``start_server`` is also what the browser tests run against.
"""

from __future__ import annotations

import concurrent.futures
import http.client
import json
import os
import re
import signal
import stat
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT
from docbuilder import build_docx, build_paragraphs

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class LiveServer:
    def __init__(self, proc: subprocess.Popen, port: int, log_path: Path, tmpdir: Path) -> None:
        self.proc = proc
        self.port = port
        self.log_path = log_path
        self.tmpdir = tmpdir
        self.base = f"http://127.0.0.1:{port}"

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def json(self, method: str, path: str, payload=None):
        body = None if payload is None else json.dumps(payload).encode()
        status, _headers, data = self.request(
            method, path, body, {"Content-Type": "application/json"} if body else {}
        )
        return status, json.loads(data)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def workers(self) -> list[int]:
        """The lint worker processes' ids: the children of the server's fork server."""
        servers = [pid for pid in _children(self.proc.pid) if b"forkserver" in _cmdline(pid)]
        return [pid for server in servers for pid in _children(server)]

    def not_in_memory(self) -> list[str]:
        """What the server left in its temp folder other than sockets and folders
        (the fork server listens on a socket there): regular files, links, anything."""
        out = []
        for path in self.tmpdir.rglob("*"):
            mode = path.lstat().st_mode
            if not (stat.S_ISSOCK(mode) or stat.S_ISDIR(mode)):
                out.append(str(path.relative_to(self.tmpdir)))
        return sorted(out)


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


@contextmanager
def start_server(tmp_path: Path, workers: int = 1, threads: int = 4, env: dict | None = None):
    """Run ``python -m addin_server.production`` on a free port; stop it afterwards."""
    tmpdir = tmp_path / "server-tmp"
    tmpdir.mkdir(exist_ok=True)
    log_path = tmp_path / "server.log"
    environment = {
        **os.environ,
        "TMPDIR": str(tmpdir),
        "TEMP": str(tmpdir),
        "TMP": str(tmpdir),
        "ILM_LINT_GRAMMAR": "off",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "addin_server.production", "--host", "127.0.0.1",
             "--port", "0", "--workers", str(workers), "--threads", str(threads)],
            cwd=tmp_path, env=environment, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        port = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            m = re.search(r"on http://127\.0\.0\.1:(\d+)/", log_path.read_text(errors="replace"))
            if m:
                port = int(m.group(1))
                break
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited:\n{log_path.read_text()}")
            time.sleep(0.05)
        if port is None:
            raise RuntimeError(f"the server did not start:\n{log_path.read_text()}")
        server = LiveServer(proc, port, log_path, tmpdir)
        while time.monotonic() < deadline:
            try:
                if server.request("GET", "/api/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.05)
        yield server
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def multipart(fields: dict[str, str], filename: str, data: bytes, ctype: str = DOCX_TYPE):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: {ctype}\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


SECRET = "Zanzibarquokka confided her redundancy fears"  # document text that must not be logged


def _spec(words: int = 300) -> str:
    return f"""
{{style=Title}} Unit 8589-700 Coaching and Mentoring at the Executive or Senior Level
# 1.1 Critically review the purpose of coaching
{SECRET} in our third session. [[words:{words}]]
What the Assessor is looking for
# References
Whitmore, J. (2017) Coaching for performance. 5th edn. London: Nicholas Brealey.
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with start_server(tmp_path_factory.mktemp("live"), workers=2, threads=4) as live:
        yield live


def test_two_workers_serve_concurrent_uploads(server):
    assert len(server.workers()) == 2
    docx = build_docx(_spec())
    body, headers = multipart({"unit": "8589-700"}, "learner.docx", docx)

    def upload(_):
        status, _, data = server.request("POST", "/api/lint", body, headers)
        return status, json.loads(data)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(upload, range(24)))
    assert {s for s, _ in answers} == {200}
    assert all(a["unit"] == "8589-700" and a["kind"] == "assignment" for _, a in answers)
    first = answers[0][1]["findings"]
    assert all(a["findings"] == first for _, a in answers)  # stateless: same in every worker


def test_paragraph_json_through_waitress(server):
    status, answer = server.json("POST", "/api/lint", build_paragraphs(_spec(), unit="8589-700"))
    assert status == 200
    assert any(f["rule"] == "PH400" for f in answer["findings"])
    assert answer["outline"]["guidance"]


def test_large_upload_stays_in_memory_and_out_of_the_logs(server):
    # Well over waitress's and Werkzeug's 512 KB spill-to-disk thresholds.
    docx = build_docx(_spec(words=400) + "\n" + "\n".join("[[words:300]]" for _ in range(40)))
    padding = os.urandom(3 * 2**20)
    import io
    import zipfile

    buf = io.BytesIO(docx)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_STORED) as z:
        z.writestr("word/media/noise.bin", padding)
    big = buf.getvalue()
    assert len(big) > 3 * 2**20
    assert server.not_in_memory() == []
    body, headers = multipart({}, "Zanzibarquokka-private.docx", big)
    status, _, data = server.request("POST", "/api/lint", body, headers)
    assert status == 200, data[:500]
    status, _, data = server.request(
        "POST", "/api/lint?unit=8589-700", big, {"Content-Type": DOCX_TYPE}
    )
    assert status == 200, data[:500]
    status, _ = server.json("POST", "/api/lint", build_paragraphs(_spec()))
    assert status == 200
    assert server.not_in_memory() == []
    log = server.log()
    assert "Zanzibarquokka" not in log
    assert "redundancy" not in log


def test_over_the_limit_is_refused_before_the_body_is_read(server):
    # Far over the limit: only the headers are sent, and the answer comes at once.
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    conn.putrequest("POST", "/api/lint")
    conn.putheader("Content-Type", DOCX_TYPE)
    conn.putheader("Content-Length", str(80 * 2**20))
    conn.endheaders()
    response = conn.getresponse()
    assert response.status == 413
    conn.close()


def test_a_21_mb_upload_gets_the_json_413(server):
    status, headers, data = server.request(
        "POST", "/api/lint", b"PK\x03\x04" + bytes(21 * 2**20), {"Content-Type": DOCX_TYPE}
    )
    assert status == 413 and headers["Content-Type"] == "application/json"
    assert json.loads(data)["error"]["code"] == "too_large"
    assert server.not_in_memory() == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_the_server_and_its_workers_cleanly(tmp_path, signum):
    with start_server(tmp_path, workers=2) as live:
        workers = live.workers()
        assert len(workers) == 2
        status, _ = live.json("POST", "/api/lint", build_paragraphs(_spec()))
        assert status == 200
        os.killpg(live.proc.pid, signum)  # what Ctrl-C in a terminal, or systemd, does
        assert live.proc.wait(timeout=20) == 0
        deadline = time.monotonic() + 10
        while any(Path(f"/proc/{pid}").exists() for pid in workers):
            assert time.monotonic() < deadline, "a lint worker outlived the server"
            time.sleep(0.05)
        assert "Traceback" not in live.log()


def test_production_refuses_zero_workers_with_a_message():
    proc = subprocess.run(
        [sys.executable, "-m", "addin_server.production", "--workers", "0", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 2
    assert "workers must be 1 or more" in proc.stderr and "Traceback" not in proc.stderr
