"""Fitting text into what a platform takes: clipping, and splitting long text between lines.

Every adapter and card goes through these, so a limit is always met the same way: in
characters where the platform counts characters, in UTF-8 bytes where it counts bytes.
"""

from __future__ import annotations

from collections.abc import Callable

ELLIPSIS = "…"


def clip(text: str, limit: int) -> str:
    """At most `limit` characters; a cut text ends with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


def utf8_len(text: str) -> int:
    return len(text.encode("utf-8"))


def clip_bytes(text: str, limit: int) -> str:
    """At most `limit` bytes of UTF-8, cut between characters; a cut text ends with "…"."""
    if utf8_len(text) <= limit:
        return text
    room = limit - utf8_len(ELLIPSIS)
    return text.encode("utf-8")[:room].decode("utf-8", "ignore") + ELLIPSIS


def split(text: str, limit: int, size: Callable[[str], int] = len) -> list[str]:
    """Text in pieces of at most `limit` (by `size`: characters, or `utf8_len`), cut between
    lines where it can and inside a line only when one line alone is too long."""
    pieces: list[str] = []
    for line in text.split("\n"):
        for part in _cut(line, limit, size):
            if pieces and size(pieces[-1] + "\n" + part) <= limit:
                pieces[-1] += "\n" + part
            else:
                pieces.append(part)
    return pieces or [""]


def _cut(line: str, limit: int, size: Callable[[str], int]) -> list[str]:
    """One line in pieces that each fit, cut between characters."""
    out: list[str] = []
    while size(line) > limit:
        low, high = 1, len(line)  # the longest start of the line that fits
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if size(line[:middle]) <= limit else (low, middle - 1)
        out.append(line[:low])
        line = line[low:]
    return [*out, line]
