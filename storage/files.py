"""Files shared with the bot (call recordings, contracts) and their copies in the file store.

A file is recorded the moment it is shared, as pending; copying it from the chat platform
into the store is work a job takes from here, so a failed copy is tried again (after a
restart too, on any replica) and the note or contract that names the file is never lost.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base, Status, UTCDateTime

# Longer than one copy can take; a crashed worker's files are taken up again after it.
LOCK_FOR = timedelta(minutes=10)


class FileKind(StrEnum):
    RECORDING = "recording"
    CONTRACT = "contract"


class FileStatus(StrEnum):
    PENDING = "pending"  # waiting to be copied into the store
    STORED = "stored"  # the store holds it: links go to the stored copy
    REFUSED = "refused"  # its content is not what it may be, or it is too large: not kept
    FAILED = "failed"  # the platform no longer has it, or every copy failed


class StoredFile(Base):
    """One file shared in chat: where it came from, and where the store keeps it."""

    __tablename__ = "stored_files"
    # The same file shared twice (a retried event) is one file.
    __table_args__ = (
        UniqueConstraint("platform", "source_id"),
        Index("stored_files_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[FileKind] = mapped_column(Status(FileKind))
    platform: Mapped[str] = mapped_column(String(16))
    # the platform's id of the file (Slack file id, WeCom media id) and its link there
    source_id: Mapped[str] = mapped_column(String(300))
    source_link: Mapped[str] = mapped_column(String(1000))
    # the file name as cleaned, and the type its content was found to be
    name: Mapped[str] = mapped_column(String(200))
    mimetype: Mapped[str | None] = mapped_column(String(100))
    size: Mapped[int | None] = mapped_column(BigInteger)
    # where the store keeps it, once it does
    path: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[FileStatus] = mapped_column(Status(FileStatus))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    stored_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class KeptSecret(Base):
    """A random key the bot makes once and every replica shares (the one that signs links
    to stored files)."""

    __tablename__ = "kept_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


def kept_secret(session: Session, name: str) -> bytes:
    """The secret called `name`, made on first use; two replicas making it at once agree."""
    found = session.get(KeptSecret, name)
    if found is None:
        try:
            with session.begin_nested():
                session.add(KeptSecret(name=name, value=secrets.token_hex(32)))
        except IntegrityError:
            pass
        found = session.get_one(KeptSecret, name)
    return bytes.fromhex(found.value)


def claim_due(session: Session, now: datetime, limit: int) -> list[StoredFile]:
    """Take pending files whose copy is due, locking them a while so no other worker or
    replica copies them meanwhile."""
    query = (
        select(StoredFile)
        .where(
            StoredFile.status == FileStatus.PENDING,
            StoredFile.next_attempt_at <= now,
            (StoredFile.locked_until.is_(None)) | (StoredFile.locked_until <= now),
        )
        .order_by(StoredFile.next_attempt_at, StoredFile.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    rows = list(session.scalars(query))
    for row in rows:
        row.locked_until = now + LOCK_FOR
    return rows


def settle(session: Session, file_id: int, status: FileStatus, **values: object) -> bool:
    """Move a pending file on (stored, refused, failed); False if it had moved already."""
    done = session.execute(
        update(StoredFile)
        .where(StoredFile.id == file_id, StoredFile.status == FileStatus.PENDING)
        .values(status=status, locked_until=None, attempts=StoredFile.attempts + 1, **values)
        .returning(StoredFile.id)
    ).first()
    return done is not None


def retry_later(session: Session, file_id: int, error: str, at: datetime) -> None:
    session.execute(
        update(StoredFile)
        .where(StoredFile.id == file_id, StoredFile.status == FileStatus.PENDING)
        .values(
            next_attempt_at=at,
            locked_until=None,
            last_error=error[:500],
            attempts=StoredFile.attempts + 1,
        )
    )
