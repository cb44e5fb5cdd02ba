"""Files shared with the bot: what a recording or a contract may be, the record kept of
each as it arrives, and how a timeline or a card points at it.

A file is refused at once when its name or the platform says it is of the wrong kind or
too large; what it really is shows when its content is read, on the way into the store
(see copies.py). Until the store has it, it is named without a link: on Slack a file in
someone's DM is not one the managers could open.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from pathvalidate import sanitize_filename
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.i18n import Translator
from handlers.core.inbox import SharedFile
from storage.files import FileKind, FileStatus, StoredFile
from storage.models import Member

MB = 1024 * 1024
# file systems take 255 bytes a name; the store's key puts the file's id in front
NAME_BYTES = 180
# What a contract may be: a PDF, a scan or photo, a Word (or OpenDocument) document.
CONTRACT_TYPES = frozenset(
    {
        "application/pdf",
        "image/jpeg",
        "image/png",
        "image/heic",
        "image/webp",
        "image/tiff",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    }
)


def kind_for(mimetype: str) -> FileKind | None:
    """A recording is audio or video; a contract a document or a picture; else neither."""
    if mimetype.startswith(("audio/", "video/")):
        return FileKind.RECORDING
    if mimetype in CONTRACT_TYPES:
        return FileKind.CONTRACT
    return None


def clean_name(name: str, fallback: str) -> str:
    """A file name safe on every store and every disk: no folders, no characters a file
    system refuses, no control or direction-changing characters (`invoice<RLO>fdp.exe`),
    at most NAME_BYTES bytes with its extension kept. Letters of any script stay
    (合同.pdf is a fine name)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    base = " ".join(base.split()).lstrip(". ")
    if len(base.encode()) > NAME_BYTES:
        stem, dot, ext = base.rpartition(".")
        ext = "." + ext if dot and 0 < len(ext) <= 10 else ""
        stem = stem if ext else base
        while len((stem + ext).encode()) > NAME_BYTES:
            stem = stem[:-1]
        base = stem + ext
    cleaned = sanitize_filename(base, replacement_text="_")
    return cleaned or fallback


def limit(svc: Services, kind: FileKind) -> int:
    """The largest file of this kind the store takes, in bytes."""
    files = svc.config.files
    mb = files.max_recording_mb if kind == FileKind.RECORDING else files.max_contract_mb
    return mb * MB


def refused_at_once(svc: Services, shared: SharedFile, kind: FileKind) -> str | None:
    """Why the file is not kept, when the platform's word on its size already says so."""
    if shared.size is not None and shared.size > limit(svc, kind):
        why = too_large(svc.t, shared.name or shared.file_id, kind, limit(svc, kind))
        return svc.t("file.refused_note", why=why)
    return None


def too_large(t: Translator, name: str, kind: FileKind, most: int) -> str:
    return t(f"file.too_large.{kind}", file=name, mb=most // MB)


def receive(
    svc: Services, s: Session, member: Member, platform: str, shared: SharedFile, kind: FileKind
) -> tuple[StoredFile, bool]:
    """Record a shared file as waiting to be copied; the same file shared again (a retried
    event, a second upload of it) is the first one (False)."""
    source_id = shared.file_id[:300]
    found = s.scalar(
        select(StoredFile).where(StoredFile.platform == platform, StoredFile.source_id == source_id)
    )
    if found is not None:
        return found, False
    now = svc.clock.now()
    row = StoredFile(
        team_id=member.team_id,
        member_id=member.id,
        kind=kind,
        platform=platform,
        source_id=source_id,
        source_link=shared.link[:1000],
        name=clean_name(shared.name, f"{kind}-{source_id[-12:]}"),
        status=FileStatus.PENDING,
        attempts=0,
        created_at=now,
        next_attempt_at=now,
    )
    try:
        with s.begin_nested():
            s.add(row)
    except IntegrityError:  # the same file, recorded by a request running beside this one
        found = s.scalar(
            select(StoredFile).where(
                StoredFile.platform == platform, StoredFile.source_id == source_id
            )
        )
        if found is None:
            raise
        return found, False
    return row, True


def link(svc: Services, file: StoredFile, now: datetime) -> str | None:
    """A link to the stored copy that works for a while (files.link_ttl), once it is there."""
    if file.status != FileStatus.STORED or file.path is None:
        return None
    return svc.store.link(file.id, file.path, now, svc.config.files.link_ttl)


def describe(svc: Services, file: StoredFile, now: datetime) -> str:
    """The file for a card or a timeline: its name and link, or why there is no link."""
    t = svc.t
    if file.status == FileStatus.STORED:
        return t("file.stored", file=file.name, link=link(svc, file, now))
    return t(f"file.{file.status}", file=file.name, error=file.last_error or "—")


def files_by_id(s: Session, ids: set[int]) -> dict[int, StoredFile]:
    if not ids:
        return {}
    return {f.id: f for f in s.scalars(select(StoredFile).where(StoredFile.id.in_(ids)))}


def file_suffix(svc: Services, file: StoredFile, now: datetime) -> str:
    """What a timeline line adds for its recording: the link to the copy, or why none."""
    t = svc.t
    if file.status == FileStatus.STORED:
        return t("timeline.link", link=link(svc, file, now))
    if file.status == FileStatus.PENDING:
        return t("timeline.file_pending")
    return t("timeline.file_lost", why=file.last_error or "—")
