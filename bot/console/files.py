"""The console's files are on this machine: `upload <file>` shares one by its path."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from handlers.core.downloads import DownloadError


def console_download(file_id: str, link: str, into: BinaryIO, limit: int) -> None:
    """The `Download` for the console: read the local file the link names."""
    path = Path(unquote(urlsplit(link).path))
    try:
        with path.open("rb") as source:
            shutil.copyfileobj(_Capped(source, limit), into)
    except FileNotFoundError as exc:
        raise DownloadError(f"{path} is gone", gone=True) from exc
    except OSError as exc:
        raise DownloadError(f"{type(exc).__name__}: {exc}") from exc


class _Capped:
    """A file read no further than `limit` bytes."""

    def __init__(self, source: BinaryIO, limit: int):
        self.source, self.left = source, limit

    def read(self, size: int = -1) -> bytes:
        if self.left <= 0:
            return b""
        chunk = self.source.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(chunk)
        return chunk
