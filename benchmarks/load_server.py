"""Load test of the production server (not a test): waitress with 2 lint workers on
127.0.0.1, 8 concurrent clients posting a 6,000-word assignment for 60 s, once with the
grammar engine off and once with it on. Prints requests/s, p50/p95/p99 latency, errors and
the server's memory (all processes) before, after the first 500 requests and at the end.

    python benchmarks/load_server.py [--duration 60] [--concurrency 8] [--workers 2]

Goals with grammar off: p95 under 200 ms, no errors, memory growth under 10% after the
first 500 requests. With grammar on, each worker's first post of the document pays for
the grammar pass; re-checks of the same text hit the per-paragraph cache.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_assignment import build  # noqa: E402

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def rss_kib(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        m = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
        total += int(m.group(1)) if m else 0
    return total


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the server's processes: what a busy shared machine disturbs less."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(proc: subprocess.Popen) -> list[int]:
    """The server process and all its descendants (fork server, lint workers)."""
    pids, todo = [], [proc.pid]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        children = Path(f"/proc/{pid}/task/{pid}/children")
        if children.exists():
            todo.extend(int(p) for p in children.read_text().split())
    return pids


def start(workers: int, threads: int, grammar: str, tmp: Path) -> tuple[subprocess.Popen, int]:
    log = tmp / f"server-{grammar}.log"
    env = {**os.environ, "ILM_LINT_GRAMMAR": grammar, "PYTHONPATH": str(ROOT)}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "addin_server.production", "--host", "127.0.0.1",
             "--port", "0", "--workers", str(workers), "--threads", str(threads)],
            env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        m = re.search(r"on http://127\.0\.0\.1:(\d+)/", log.read_text(errors="replace"))
        if m:
            port = int(m.group(1))
            for _ in range(200):
                try:
                    c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    c.request("GET", "/api/health")
                    if c.getresponse().status == 200:
                        return proc, port
                except OSError:
                    time.sleep(0.05)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    raise RuntimeError(log.read_text())


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def run(grammar: str, args: argparse.Namespace, body: bytes, tmp: Path) -> dict:
    proc, port = start(args.workers, args.threads, grammar, tmp)
    try:
        time.sleep(0.5)
        pids = server_pids(proc)
        mem_before = rss_kib(pids)
        cpu_before = cpu_seconds(pids)
        latencies: list[float] = []  # (in completion order)
        errors = 0
        lock = threading.Lock()
        mem_500: list[int] = []
        stop_at = time.monotonic() + args.duration

        def client() -> None:
            nonlocal errors
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            while time.monotonic() < stop_at:
                start_t = time.perf_counter()
                try:
                    conn.request(
                        "POST", "/api/lint?unit=8589-700", body, {"Content-Type": DOCX_TYPE}
                    )
                    response = conn.getresponse()
                    response.read()
                    ok = response.status == 200
                except (OSError, http.client.HTTPException):
                    ok = False
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                elapsed = time.perf_counter() - start_t
                with lock:
                    latencies.append(elapsed)
                    if not ok:
                        errors += 1
                    if len(latencies) == 500:
                        mem_500.append(rss_kib(pids))
            conn.close()

        began = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(args.concurrency)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - began
        mem_after = rss_kib(pids)
        cpu_used = cpu_seconds(pids) - cpu_before
    finally:
        stop(proc)
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    first = latencies[: args.workers * args.concurrency]
    return {
        "grammar": grammar,
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "max_first": max(first) * 1000 if first else 0.0,
        "steady_p50": statistics.median(latencies[len(first) :]) * 1000
        if len(latencies) > len(first)
        else 0.0,
        "errors": errors,
        "cpu_ms": cpu_used / max(1, len(latencies)) * 1000,
        "mem_before": mem_before / 1024,
        "mem_500": (mem_500[0] / 1024) if mem_500 else float("nan"),
        "mem_after": mem_after / 1024,
    }


def in_process_ms(body: bytes, runs: int = 9) -> float:
    """The same lint without HTTP, for scale: this machine's speed in the same run."""
    from linter.analysis.context import LintOptions
    from linter.api import lint_bytes
    from linter.config import Config

    options = LintOptions(config=Config(grammar="off"), unit="8589-700", outline=True)
    lint_bytes(body, "sample.docx", options)  # warm: imports, unit data
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        lint_bytes(body, "sample.docx", options)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8, help="HTTP threads")
    parser.add_argument("--words", type=int, default=6000)
    parser.add_argument("--grammar", choices=("both", "off", "harper"), default="both")
    args = parser.parse_args()
    body = build(args.words)
    print(
        f"{args.words}-word assignment ({len(body) / 1024:.0f} KB), {args.workers} lint workers, "
        f"{args.threads} HTTP threads, concurrency {args.concurrency}, {args.duration:g} s each",
        flush=True,
    )
    print(
        f"in-process lint_bytes of the same file, grammar off: {in_process_ms(body):.0f} ms "
        "(median of 9)",
        flush=True,
    )
    engines = ("off", "harper") if args.grammar == "both" else (args.grammar,)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for grammar in engines:
            rows.append(run(grammar, args, body, Path(tmp)))
            r = rows[-1]
            at_500 = r["mem_500"] == r["mem_500"]  # not NaN: there were 500 requests
            growth = (r["mem_after"] - r["mem_500"]) / r["mem_500"] * 100 if at_500 else 0.0
            after_500 = (
                f"{r['mem_500']:.0f} MB after 500 requests, "
                if at_500
                else "(fewer than 500 requests), "
            )
            print(
                f"grammar {r['grammar']:<6} {r['requests']:>6} requests  {r['rps']:6.1f} req/s  "
                f"p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  p99 {r['p99']:7.1f} ms  "
                f"errors {r['errors']}  server CPU {r['cpu_ms']:.0f} ms/request\n"
                f"               first posts up to {r['max_first']:.0f} ms, then median "
                f"{r['steady_p50']:.1f} ms; memory {r['mem_before']:.0f} MB before, "
                f"{after_500}{r['mem_after']:.0f} MB at the end"
                + (f" ({growth:+.1f}% after the first 500)" if at_500 else ""),
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
