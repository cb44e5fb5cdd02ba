"""GET /files/<id>: a file of the local store, to a link whose signature checks out and
has not expired. Stores elsewhere (S3, WebDAV) link to the file there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO

from handlers.core.context import Services
from storage.files import FileStatus, StoredFile

WHY = {403: "the link is not valid or has expired", 404: "no such file"}
# shown in the browser; anything else is downloaded
INLINE = ("application/pdf", "image/", "audio/", "video/")


@dataclass(frozen=True)
class Found:
    content: IO[bytes]
    name: str
    mimetype: str
    inline: bool


def signed_file(svc: Services, file_id: int, expires: str, signature: str) -> Found | int:
    """The file to send, or the HTTP status that refuses it (the signature first: an
    unsigned request learns nothing, not even whether the file exists)."""
    store = svc.store
    if not store.valid(file_id, expires, signature, svc.clock.now()):
        return 403
    with svc.db.reading() as s:
        file = s.get(StoredFile, file_id)
    if file is None or file.status != FileStatus.STORED or file.path is None or not store.local:
        return 404
    mimetype = file.mimetype or "application/octet-stream"
    try:
        content = store.open(file.path)
    except FileNotFoundError:
        return 404
    return Found(content, file.name, mimetype, mimetype.startswith(INLINE))
