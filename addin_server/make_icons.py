"""Draw the add-in's icons (a white tick on a teal rounded square) as PNGs, with no
imaging library: ``python -m addin_server.make_icons``."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 64, 80, 128)
TEAL = (0, 90, 112)
WHITE = (255, 255, 255)
SS = 4  # supersampling per axis


def _inside_rounded(x: float, y: float, r: float) -> bool:
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def _dist_segment(px, py, ax, ay, bx, by) -> float:
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    qx, qy = ax + t * dx, ay + t * dy
    return ((px - qx) ** 2 + (py - qy) ** 2) ** 0.5


def _pixel(x: float, y: float) -> tuple[int, int, int, int]:
    if not _inside_rounded(x, y, 0.18):
        return (0, 0, 0, 0)
    tick = min(
        _dist_segment(x, y, 0.24, 0.52, 0.42, 0.70),
        _dist_segment(x, y, 0.42, 0.70, 0.78, 0.30),
    )
    return (*WHITE, 255) if tick <= 0.075 else (*TEAL, 255)


def draw(size: int) -> bytes:
    rows = []
    for j in range(size):
        row = bytearray([0])  # filter: none
        for i in range(size):
            acc = [0, 0, 0, 0]
            for sj in range(SS):
                for si in range(SS):
                    px = _pixel((i + (si + 0.5) / SS) / size, (j + (sj + 0.5) / SS) / size)
                    a = px[3]
                    for k in range(3):
                        acc[k] += px[k] * a
                    acc[3] += a
            alpha = acc[3] / (SS * SS)
            color = [round(acc[k] / acc[3]) if acc[3] else 0 for k in range(3)]
            row += bytes([*color, round(alpha)])
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


if __name__ == "__main__":
    here = Path(__file__).resolve().parent / "static" / "icons"
    for size in SIZES:
        (here / f"icon-{size}.png").write_bytes(draw(size))
