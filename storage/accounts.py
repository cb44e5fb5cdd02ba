"""Tables of the pipeline: accounts, their timeline, call recordings and digest guards.

Money is kept in integer cents: SQLite has no decimal type, so a Numeric column would be
summed as floating point there; integer sums are exact on both databases.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, Status, UTCDateTime


class Outcome(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class Account(Base):
    """A claimed lead whose needs are understood, followed to won or lost."""

    __tablename__ = "accounts"
    __table_args__ = (
        Index("accounts_by_close_date", "team_id", "close_date"),
        Index("accounts_by_owner", "owner_id", "outcome"),
        Index("accounts_by_activity", "team_id", "outcome", "last_activity_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    # One account per lead: a second "open account" for the same lead is refused here.
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    owner_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    stage: Mapped[str] = mapped_column(String(32))
    # Survives a stage being renamed in config.
    outcome: Mapped[Outcome] = mapped_column(Status(Outcome, 8))
    # The stage's probability (percent) when the account entered it: a later change of
    # the stage's default in config does not rewrite it.
    stage_probability: Mapped[int] = mapped_column(Integer)
    probability_override: Mapped[int | None] = mapped_column(Integer)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    close_date: Mapped[date | None] = mapped_column(Date)
    lost_reason: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Anything done to the account (a move, a new amount, a note) counts as activity.
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # when it was won or lost
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AccountEvent(Base):
    """One line of an account's timeline; digests read moves and losses from here."""

    __tablename__ = "account_events"
    __table_args__ = (Index("account_events_by_team", "team_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    # opened | stage | amount | close | probability | note | recording
    kind: Mapped[str] = mapped_column(String(16))
    # opened/stage: the stage entered and the one left
    stage: Mapped[str | None] = mapped_column(String(32))
    from_stage: Mapped[str | None] = mapped_column(String(32))
    # opened/stage: the stage's probability then; probability: the override (None: cleared)
    probability: Mapped[int | None] = mapped_column(Integer)
    # opened/amount: the amount after, and before, the change
    amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    old_amount_cents: Mapped[int | None] = mapped_column(BigInteger)
    close_date: Mapped[date | None] = mapped_column(Date)
    # a note's words, a lost reason, or a recording's file name
    text: Mapped[str | None] = mapped_column(String(2000))
    # the recording of the call behind a note
    link: Mapped[str | None] = mapped_column(String(1000))
    # a recording shared in chat: its copy in the file store
    stored_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class Recording(Base):
    """A call recording shared in chat; attached to an account when the rep names one."""

    __tablename__ = "recordings"
    # The same file shared twice (a retried event) is one recording.
    __table_args__ = (UniqueConstraint("platform", "file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    platform: Mapped[str] = mapped_column(String(16))
    file_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(300))
    link: Mapped[str] = mapped_column(String(1000))
    text: Mapped[str | None] = mapped_column(String(2000))
    shared_at: Mapped[datetime] = mapped_column(UTCDateTime)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    # its copy in the file store (recordings shared before there was one have none)
    stored_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
