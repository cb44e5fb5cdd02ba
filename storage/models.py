"""Tables. Every deadline and every message the bot owes someone is a row here."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Store naive UTC, hand back aware UTC: SQLite keeps no zone of its own."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use the injected clock")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    pass


class Status(TypeDecorator[str]):
    """A status column: stored as its text, read back as the enum member it names."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int = 16):
        super().__init__(length)
        self.enum = enum

    def process_result_value(self, value: str | None, dialect: Any) -> StrEnum | None:
        return None if value is None else self.enum(value)


class LeadStatus(StrEnum):
    OFFERING = "offering"  # offered to one rep after another
    WAITING = "waiting"  # no rep who could take it is within hours: offered when one is
    CLAIMED = "claimed"  # a rep's, until its account is won or lost
    POOL = "pool"  # everyone let it go: anyone may grab it
    CANCELLED = "cancelled"  # withdrawn by a manager
    CLOSED = "closed"  # its account was won or lost


class OfferStatus(StrEnum):
    OPEN = "open"  # the window runs
    CLAIMED = "claimed"
    PASSED = "passed"
    EXPIRED = "expired"
    SKIPPED = "skipped"  # passed over, with the reason (away, capacity, unreachable …)
    CANCELLED = "cancelled"  # the lead was withdrawn


class OutboxStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"  # given up on: the handlers were told


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class Member(Base):
    """A person on a team, synced from config; `away` is set in chat and survives restarts,
    and so is `level`, the rep's place in the weighted rotation."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("team_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"))
    name: Mapped[str] = mapped_column(String(80))
    slack_id: Mapped[str | None] = mapped_column(String(32), index=True)
    wecom_id: Mapped[str | None] = mapped_column(String(64), index=True)
    is_rep: Mapped[bool] = mapped_column(Boolean, default=False)
    is_manager: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    capacity: Mapped[int] = mapped_column(Integer, default=10)
    tiers: Mapped[list[str] | None] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    away: Mapped[bool] = mapped_column(Boolean, default=False)
    # Away until a day: the moment that day starts on the rep's clock, when they are back.
    back_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    away_reason: Mapped[str | None] = mapped_column(String(200))
    # Virtual time of the rep's next first look: each first look (or a turn lost to a
    # skip) moves it on by 1 / weight; the rep with the earliest next turn goes first.
    level: Mapped[float] = mapped_column(Float, default=0.0)
    # False once the member is no longer in config: kept for history, never offered.
    listed: Mapped[bool] = mapped_column(Boolean, default=True)


class Lead(Base):
    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    company: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(64))
    source: Mapped[str | None] = mapped_column(String(100))
    tier: Mapped[str | None] = mapped_column(String(50))
    external_id: Mapped[str | None] = mapped_column(String(200), unique=True)
    amount: Mapped[Decimal | None] = mapped_column(Numeric(16, 2))
    status: Mapped[LeadStatus] = mapped_column(Status(LeadStatus), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), index=True)
    # The reps in the order the lead is offered to them, fixed at its first look.
    route: Mapped[list[int] | None] = mapped_column(JSON)
    # A waiting lead is offered again then (the first rep's hours begin).
    wait_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The owner's first touch (Contacted, a note, a new deal): what the SLA waits for.
    touched_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Offer(Base):
    """One claim window, or one recorded skip, for one rep on one lead."""

    __tablename__ = "offers"
    __table_args__ = (
        UniqueConstraint("lead_id", "seq"),
        # The invariant of the roulette: at most one open window per lead, ever.
        Index(
            "one_open_offer_per_lead",
            "lead_id",
            unique=True,
            sqlite_where=text("status = 'open'"),
            postgresql_where=text("status = 'open'"),
        ),
        Index("offers_due", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[OfferStatus] = mapped_column(Status(OfferStatus))
    reason: Mapped[str | None] = mapped_column(String(300))
    # An open window starts when its card is sent to the rep: until then `expires_at` is
    # None and the sweep leaves it alone; `shown_at` is when the card landed.
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    shown_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class LeadEvent(Base):
    """The audit trail a manager reads in `/lead show`."""

    __tablename__ = "lead_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class OutboxMessage(Base):
    """A chat call owed, written in the same transaction as the change it reports."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("outbox_due", "status", "next_attempt_at"),
        # What delivery walks: pending rows in the order it sends them ...
        Index(
            "outbox_pending_order",
            "action",
            "id",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
        # ... and, per card, whether an earlier row for it still waits.
        Index(
            "outbox_pending_card",
            "card_key",
            "id",
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # send | update
    action: Mapped[str] = mapped_column(String(16))
    # member:<id> | channel:<team id>:<manager|pool> | raw:<platform>:<channel>:<user>
    target: Mapped[str] = mapped_column(String(200))
    # Names the card so a later update finds where it went, e.g. "offer:12".
    card_key: Mapped[str | None] = mapped_column(String(100), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    # What to tell the handlers if it can never be delivered, e.g. "offer:12".
    on_failure: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[OutboxStatus] = mapped_column(Status(OutboxStatus), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MessageRef(Base):
    """Where a card went, for each recipient it was sent to, so every copy can be updated
    in place later."""

    __tablename__ = "message_refs"
    __table_args__ = (
        UniqueConstraint("card_key", "target", name="message_refs_card_key_target_key"),
        Index("message_refs_by_ts", "platform", "ts"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_key: Mapped[str] = mapped_column(String(100))
    # the outbox target the card was sent to, e.g. "slack:user:U0ALICE"
    target: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(100))
    ts: Mapped[str] = mapped_column(String(100))
    extra: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class SeenRequest(Base):
    """Deliveries already handled (Slack event ids, WeCom MsgIds): a retry has no effect."""

    __tablename__ = "seen_requests"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class InboundMessage(Base):
    """A callback answered before its work was done (WeCom's): kept until the work is, so
    a replica killed in between leaves it to another, not lost."""

    __tablename__ = "inbound_messages"
    __table_args__ = (Index("inbound_messages_by_lease", "lease_until"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # a replica working on it holds it until then; past it, another may take it over
    lease_until: Mapped[datetime] = mapped_column(UTCDateTime)


class PendingForm(Base):
    """A form being answered one chat message at a time (WeCom has no modals)."""

    __tablename__ = "pending_forms"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(64))
    form: Mapped[dict[str, Any]] = mapped_column(JSON)
    answers: Mapped[dict[str, Any]] = mapped_column(JSON)
    # How many answers are in; each message moves it on by one, conditionally.
    step: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
