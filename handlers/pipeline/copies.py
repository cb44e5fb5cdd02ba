"""Copying shared files into the file store: a job takes the files whose copy is due,
fetches each from its platform, reads what its content is, and puts it in the store.

A failed fetch or upload is tried again later with a growing wait, by whichever process
takes the row next (the row is locked while one copies it), so a restart or a store that
is down for a while loses nothing. A file whose content is not what it may be, or that is
over the size limit, is refused and not kept; the one who shared it is told why.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from pathlib import Path

import filetype
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.downloads import DownloadError
from handlers.core.messages import Text
from handlers.pipeline import contracts
from handlers.pipeline.files import MB, kind_for, limit, too_large
from storage import files as rows
from storage.files import FileStatus, StoredFile
from storage.models import Member

log = logging.getLogger(__name__)

BATCH = 4
MAX_ATTEMPTS = 30  # about two days of tries: WeCom keeps a shared file three days
HEAD = 8192  # bytes enough to tell what a file is


def backoff(attempts: int) -> timedelta:
    """10 s, 20 s, 40 s … up to half an hour between tries."""
    return timedelta(seconds=min(1800, 10 * 2 ** min(attempts, 8)))


def store_key(file: StoredFile) -> str:
    """Where the store keeps it: by team, kind and month, the row's id before the name so
    two files of one name never meet."""
    return f"team-{file.team_id}/{file.kind}s/{file.created_at:%Y-%m}/{file.id}-{file.name}"


def run(svc: Services) -> int:
    """Copy the files that are due; returns how many were tried (the job ticks it)."""
    with svc.db.transaction() as s:
        due = rows.claim_due(s, svc.clock.now(), BATCH)
        s.flush()
        s.expunge_all()
    for file in due:
        copy(svc, file)
    return len(due)


def copy(svc: Services, file: StoredFile) -> None:
    download = svc.downloads.get(file.platform)
    if download is None:  # another process (the one connected to it) may copy it
        _retry(svc, file, f"{file.platform} is not connected here")
        return
    most = limit(svc, file.kind)
    with tempfile.TemporaryDirectory(prefix="salesbot-copy-") as folder:
        local = Path(folder) / "content"
        try:
            with local.open("wb") as out:
                download(file.source_id, file.source_link, out, most + 1)
        except DownloadError as exc:
            if exc.gone:
                _settle(svc, file, FileStatus.FAILED, exc.reason)
            else:
                _retry(svc, file, exc.reason)
            return
        except Exception as exc:  # a bug or an odd answer: try again, and say so in the log
            log.exception("fetching shared file %s failed", file.id)
            _retry(svc, file, f"{type(exc).__name__}: {exc}")
            return
        size = local.stat().st_size
        with local.open("rb") as content:
            found = filetype.guess_mime(content.read(HEAD)) or ""
        if size > most:
            _settle(svc, file, FileStatus.REFUSED, too_large(svc.t, file.name, file.kind, most))
            return
        if kind_for(found) != file.kind:
            why = svc.t(f"file.wrong_type.{file.kind}", file=file.name)
            _settle(svc, file, FileStatus.REFUSED, why)
            return
        key = store_key(file)
        try:
            svc.store.put(local, key)
        except Exception as exc:  # the store is down or refuses: try again later
            log.warning("copying file %s into the store failed: %s", file.id, exc)
            _retry(svc, file, f"{type(exc).__name__}: {exc}")
            return
    with svc.db.transaction() as s:
        now = svc.clock.now()
        values = {"path": key, "size": size, "mimetype": found, "stored_at": now}
        if rows.settle(s, file.id, FileStatus.STORED, last_error=None, **values):
            contracts.file_settled(svc, s, s.get_one(StoredFile, file.id), now)
    svc.wake_delivery()
    log.info("file %s (%s, %.1f MB) is in the store", file.id, file.kind, size / MB)


def _retry(svc: Services, file: StoredFile, error: str) -> None:
    if file.attempts + 1 >= MAX_ATTEMPTS:
        _settle(svc, file, FileStatus.FAILED, error)
        return
    with svc.db.transaction() as s:
        rows.retry_later(s, file.id, error, svc.clock.now() + backoff(file.attempts))


def _settle(svc: Services, file: StoredFile, status: FileStatus, why: str) -> None:
    """Not kept: the one who shared it is told why, and a contract waiting on it is
    withdrawn."""
    with svc.db.transaction() as s:
        now = svc.clock.now()
        if not rows.settle(s, file.id, status, last_error=why):
            return
        _tell_sharer(svc, s, file, status, why)
        contracts.file_settled(svc, s, s.get_one(StoredFile, file.id), now)
    svc.wake_delivery()


def _tell_sharer(svc: Services, s: Session, file: StoredFile, status: FileStatus, why: str) -> None:
    member = s.get_one(Member, file.member_id)
    key = "file.refused_note" if status == FileStatus.REFUSED else "file.failed_note"
    note = Text(text=svc.t(key, file=file.name, why=why))
    svc.outbox.to_member(s, svc.clock.now(), member, note)
