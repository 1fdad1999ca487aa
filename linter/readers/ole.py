"""Just enough of the OLE2 compound file format to list its stream names.

Legacy .doc/.xls files and password-protected .docx/.xlsx files are both OLE2
containers; the stream names tell them apart ("WordDocument", "Workbook",
"EncryptionInfo" + "EncryptedPackage"). Hostile input is expected: every chain walk
is bounded, and when the directory cannot be walked we fall back on searching the
bytes for the UTF-16 names.
"""

from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END = 0xFFFFFFFE
_KNOWN = ("EncryptionInfo", "EncryptedPackage", "WordDocument", "Workbook", "Book")


def stream_names(data: bytes) -> set[str]:
    """The lower-cased names of the directory entries of an OLE2 file."""
    try:
        names = _directory_names(data)
    except (struct.error, ValueError, IndexError):
        names = set()
    if not names:
        names = {n.lower() for n in _KNOWN if n.encode("utf-16-le") in data}
    return names


def _directory_names(data: bytes) -> set[str]:
    if len(data) < 512 or data[:8] != MAGIC:
        return set()
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        return set()
    size = 1 << shift
    n_sectors = (len(data) - 512) // size + 1

    def sector(n: int) -> bytes:
        if n >= n_sectors:
            raise ValueError("sector out of range")
        start = 512 + n * size
        return data[start : start + size]

    # The FAT's own sectors: 109 listed in the header, the rest in a DIFAT chain.
    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < n_sectors]
    difat, seen = struct.unpack_from("<I", data, 0x44)[0], 0
    while difat < n_sectors and seen < n_sectors:
        entries = struct.unpack(f"<{size // 4}I", sector(difat))
        fat_sectors.extend(s for s in entries[:-1] if s < n_sectors)
        difat, seen = entries[-1], seen + 1
    fat: list[int] = []
    for s in fat_sectors:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(s)))

    names: set[str] = set()
    current, steps = struct.unpack_from("<I", data, 0x30)[0], 0
    while current != _END and current < len(fat) and steps < n_sectors:
        block = sector(current)
        for offset in range(0, size, 128):
            length = struct.unpack_from("<H", block, offset + 0x40)[0]
            if 2 <= length <= 64 and block[offset + 0x42] in (1, 2, 5):
                raw = block[offset : offset + length - 2]
                names.add(raw.decode("utf-16-le", "replace").lower())
        current, steps = fat[current], steps + 1
    return names
