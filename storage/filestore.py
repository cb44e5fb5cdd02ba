"""The file store: where copies of shared files are kept, through fsspec.

`files.url` names it: a local directory (`file:///var/lib/salesbot/files`), a WebDAV
drive (`webdav+https://host/path`, with a user and password), or S3-compatible storage
(`s3://bucket/prefix`, credentials from the environment as boto reads them). Links to a
stored file expire: S3 presigns them; a local file is served by the bot itself at
`/files/<id>?exp=…&sig=…`, signed with HMAC like a presigned URL; a WebDAV link goes to
the file on the drive, which asks for the drive's own login.
"""

from __future__ import annotations

import hashlib
import hmac
import posixpath
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote, urlencode

import fsspec
from fsspec.core import url_to_fs


class FileStore:
    """Put, read and link files under one root of one fsspec filesystem."""

    def __init__(
        self,
        url: str,
        *,
        public_url: str,
        key: bytes,
        user: str | None = None,
        password: str | None = None,
    ):
        self.url = url
        self.public_url = public_url.rstrip("/")
        self._key = key
        self.fs, self.root, self._web = _open(url, user, password)
        protocols = self.fs.protocol if isinstance(self.fs.protocol, tuple) else (self.fs.protocol,)
        self.local = "file" in protocols
        # object stores have no folders to make
        self._folders = "s3" not in protocols

    def _path(self, key: str) -> str:
        return posixpath.join(self.root, key) if self.root else key

    def put(self, local: Path, key: str) -> None:
        """Copy a local file into the store under `key` (a/b/name), making folders first."""
        path = self._path(key)
        parent = posixpath.dirname(path)
        if parent and self._folders:
            self.fs.makedirs(parent, exist_ok=True)
        self.fs.put_file(str(local), path)

    def open(self, key: str) -> IO[bytes]:
        return self.fs.open(self._path(key), "rb")

    def size(self, key: str) -> int:
        return int(self.fs.size(self._path(key)))

    def link(self, file_id: int, key: str, now: datetime, ttl: timedelta) -> str:
        """Where a person opens the stored file, good until now + ttl (local and S3)."""
        if self.local:
            expires = int((now + ttl).timestamp())
            query = urlencode({"exp": expires, "sig": self.signature(file_id, expires)})
            return f"{self.public_url}/files/{file_id}?{query}"
        if self._web is not None:
            return f"{self._web}/{quote(key)}"
        return str(self.fs.sign(self._path(key), expiration=int(ttl.total_seconds())))

    def signature(self, file_id: int, expires: int) -> str:
        """HMAC-SHA256 of the file's id and the link's expiry, cut to 128 bits (32 hex)."""
        message = f"{file_id}:{expires}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()[:32]

    def valid(self, file_id: int, expires: str, signature: str, now: datetime) -> bool:
        """Whether a link's `exp` and `sig` are ours and not yet past."""
        if not expires.isascii() or not expires.isdigit() or len(expires) > 12:
            return False
        if int(expires) <= now.timestamp():
            return False
        return hmac.compare_digest(self.signature(file_id, int(expires)), signature)


def _open(url: str, user: str | None, password: str | None) -> tuple[Any, str, str | None]:
    """(filesystem, root path in it, the drive's own base URL for WebDAV links)."""
    if url.startswith(("webdav+https://", "webdav+http://")):
        base = url.removeprefix("webdav+").rstrip("/")
        auth = (user, password) if user is not None else None
        fs = fsspec.filesystem("webdav", base_url=base, auth=auth, skip_instance_cache=True)
        return fs, "", base
    # each store its own filesystem: fsspec's shared instances would outlive a changed
    # endpoint (AWS_ENDPOINT_URL) or login
    fs, root = url_to_fs(url, skip_instance_cache=True)
    return fs, root.rstrip("/"), None
