"""Contracts sent for approval, one row per version, and the decision on each.

An account has at most one contract waiting (a unique index says so): a new version
supersedes the one before; a decision is one conditional UPDATE on a waiting version, so
of two managers clicking at once exactly one decides.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Status, UTCDateTime


class ContractStatus(StrEnum):
    RECEIVING = "receiving"  # its file is being copied into the store; managers get it then
    PENDING = "pending"  # waits for a manager's decision
    APPROVED = "approved"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"  # a newer version was sent while it waited
    WITHDRAWN = "withdrawn"  # its file could not be kept


WAITING = (ContractStatus.RECEIVING, ContractStatus.PENDING)
_WAITING_SQL = "status IN ('receiving', 'pending')"


class Contract(Base):
    """One version of an account's contract: who sent it, the file or link, the decision."""

    __tablename__ = "contracts"
    __table_args__ = (
        UniqueConstraint("account_id", "version"),
        Index(
            "one_waiting_contract_per_account",
            "account_id",
            unique=True,
            sqlite_where=text(_WAITING_SQL),
            postgresql_where=text(_WAITING_SQL),
        ),
        Index("contracts_due", "status", "remind_at"),
        Index("contracts_by_team", "team_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    version: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    # a file shared in chat (its copy in the store), or a link given with /contract
    stored_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"), unique=True)
    link: Mapped[str | None] = mapped_column(String(1000))
    status: Mapped[ContractStatus] = mapped_column(Status(ContractStatus))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # when the managers are reminded next, while it waits for them
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # why it was rejected, superseded or withdrawn
    reason: Mapped[str | None] = mapped_column(String(500))
