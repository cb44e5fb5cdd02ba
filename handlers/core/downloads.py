"""Fetching a file shared in chat from its platform, which only the platform's adapter
can do (Slack: the file's private URL with the bot token; WeCom: media/get; the console:
the local file). Adapters hand one `Download` per platform to the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import BinaryIO


class DownloadError(Exception):
    """Fetching failed; `gone` when it never will work (the platform no longer has the
    file, or will not hand it over), else it is worth trying again later."""

    def __init__(self, reason: str, *, gone: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.gone = gone


# (the platform's id of the file, its link there, where to write, at most this many bytes):
# writes the content into the open file, cut at `limit` bytes (so a larger file shows as
# larger than any limit below it), or raises DownloadError.
Download = Callable[[str, str, BinaryIO, int], None]
