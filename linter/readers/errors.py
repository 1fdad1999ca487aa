"""The one error every reader raises for a file it cannot read (reported as FL900)."""

from __future__ import annotations


class UnreadableFile(Exception):
    """The file cannot be read. ``reason`` is a short slug, ``message`` plain advice."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message

    def __repr__(self) -> str:
        return f"UnreadableFile({self.reason!r}, {self.message!r})"
