"""The outbox: chat messages owed, queued in the same transaction as the change.

A change and the message that reports it commit together, so a crash can lose
neither. Delivery happens after the commit (see bot/delivery.py), is retried with
backoff, and a row is claimed before it is sent so two workers never send it twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import delete, exists, func, select, update
from sqlalchemy.orm import Session, aliased

from storage.models import Member, MessageRef, OutboxMessage, OutboxStatus

# A message whose platform keeps failing (Slack or WeCom down) waits and is retried, at
# least every 5 minutes, for this long after it was queued; then it is given up on.
RETRY_FOR = timedelta(days=1)
# Longer than one chat call can take (10 s timeout, one retry); a crashed worker's rows
# are picked up again after this.
LOCK_FOR = timedelta(seconds=30)


class Message(Protocol):
    """What the outbox keeps: any message that can be written out as JSON (handlers'
    cards, texts and images are pydantic models)."""

    def model_dump(self, *, mode: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class SentRef:
    """Where a message landed on its platform: enough to update it in place later."""

    channel: str
    ts: str
    extra: dict[str, Any] | None = None


@dataclass(frozen=True)
class Route:
    """Where a member can be reached: a platform and their user id there."""

    platform: str
    user_id: str


class Outbox:
    """Queues messages; knows which platforms are on, so it can route them."""

    def __init__(self, platforms: tuple[str, ...], team_channels: dict[tuple[str, str, str], str]):
        # platforms in order of preference, e.g. ("slack", "wecom") or ("console",)
        self.platforms = platforms
        # (team name, "manager" or "pool", platform) -> "channel:<id>" or "user:<id>|<id>"
        self.team_channels = team_channels

    def route(self, member: Member) -> Route | None:
        for platform in self.platforms:
            if platform == "console":
                return Route("console", member.name)
            user_id = {"slack": member.slack_id, "wecom": member.wecom_id}.get(platform)
            if user_id:
                return Route(platform, user_id)
        return None

    def _add(
        self,
        session: Session,
        now: datetime,
        action: str,
        target: str,
        message: Message,
        card_key: str | None = None,
        on_failure: str | None = None,
    ) -> None:
        session.add(
            OutboxMessage(
                action=action,
                target=target,
                card_key=card_key,
                payload=message.model_dump(mode="json"),
                on_failure=on_failure,
                status=OutboxStatus.PENDING,
                attempts=0,
                created_at=now,
                next_attempt_at=now,
            )
        )

    def to_member(
        self,
        session: Session,
        now: datetime,
        member: Member,
        message: Message,
        card_key: str | None = None,
        on_failure: str | None = None,
    ) -> bool:
        """Queue a direct message; False if the member has no chat the bot can reach."""
        route = self.route(member)
        if route is None:
            return False
        target = f"{route.platform}:user:{route.user_id}"
        self._add(session, now, "send", target, message, card_key, on_failure)
        return True

    def to_team(
        self,
        session: Session,
        now: datetime,
        team_name: str,
        which: str,
        message: Message,
        card_key: str | None = None,
    ) -> None:
        """Queue a post to a team's manager or pool audience, on every platform it has one."""
        for platform in self.platforms:
            where = self.team_channels.get((team_name, which, platform))
            if where is None and which == "pool":
                where = self.team_channels.get((team_name, "manager", platform))
            if where is not None:
                self._add(session, now, "send", f"{platform}:{where}", message, card_key)

    def to_address(self, session: Session, now: datetime, target: str, message: Message) -> None:
        """Queue a message to a raw `platform:kind:address`, e.g. a reply to whoever typed."""
        self._add(session, now, "send", target, message)

    def update(self, session: Session, now: datetime, card_key: str, message: Message) -> None:
        """Queue an in-place update of a card, wherever it was sent."""
        self.update_cards(session, now, {card_key: message})

    def update_cards(
        self, session: Session, now: datetime, messages: Mapping[str, Message]
    ) -> None:
        """Queue in-place updates of several cards (card key -> new content) in one look-up."""
        if not messages:
            return
        sent = session.execute(
            select(OutboxMessage.card_key, OutboxMessage.target)
            .where(OutboxMessage.card_key.in_(list(messages)), OutboxMessage.action == "send")
            .distinct()
            .order_by(OutboxMessage.card_key, OutboxMessage.target)
        ).all()
        for card_key, target in sent:
            self._add(session, now, "update", target, messages[card_key], card_key)


def claim_due(session: Session, now: datetime, limit: int) -> list[OutboxMessage]:
    """Take due rows, oldest first, skipping any whose earlier row for the same card waits.

    Claimed rows are locked for a while, so a second worker (or replica) passes them by.
    """
    earlier = aliased(OutboxMessage)
    blocked = exists().where(
        earlier.card_key == OutboxMessage.card_key,
        earlier.status == OutboxStatus.PENDING,
        earlier.id < OutboxMessage.id,
    )
    query = (
        select(OutboxMessage)
        .where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.next_attempt_at <= now,
            (OutboxMessage.locked_until.is_(None)) | (OutboxMessage.locked_until <= now),
            (OutboxMessage.card_key.is_(None)) | ~blocked,
        )
        # New messages before updates of old ones; FIFO within each.
        .order_by(OutboxMessage.action, OutboxMessage.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=OutboxMessage)
    rows = list(session.scalars(query))
    for row in rows:
        row.locked_until = now + LOCK_FOR
    return rows


def owed_now(session: Session, now: datetime) -> bool:
    """Whether any message is due for delivery now."""
    due = select(OutboxMessage.id).where(
        OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now
    )
    return session.scalar(select(exists(due))) is True


def mark_done(session: Session, row_id: int) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(status=OutboxStatus.DONE, locked_until=None, attempts=OutboxMessage.attempts + 1)
    )


def mark_failed(session: Session, row_id: int, error: str) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(
            status=OutboxStatus.FAILED,
            locked_until=None,
            last_error=error[:500],
            attempts=OutboxMessage.attempts + 1,
        )
    )


def mark_retry(session: Session, row_id: int, error: str, at: datetime) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(
            next_attempt_at=at,
            locked_until=None,
            last_error=error[:500],
            attempts=OutboxMessage.attempts + 1,
        )
    )


def prune_delivered(session: Session, before: datetime, limit: int) -> int:
    """Delete up to `limit` rows delivered or given up on before `before`; returns how many.

    A card's first send is kept: a later update of the card finds where it went through it.
    Rows still pending are never deleted.
    """
    old = (
        select(OutboxMessage.id)
        .where(
            OutboxMessage.status.in_((OutboxStatus.DONE, OutboxStatus.FAILED)),
            OutboxMessage.created_at < before,
            (OutboxMessage.action != "send") | OutboxMessage.card_key.is_(None),
        )
        .limit(limit)
    )
    gone = session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(old)))
    return int(gone.rowcount or 0)


def refs_for(session: Session, rows: list[OutboxMessage]) -> dict[tuple[str, str], SentRef]:
    """Where the cards these update rows refer to went, by (card key, target)."""
    keys = {r.card_key for r in rows if r.card_key}
    if not keys:
        return {}
    found = session.scalars(select(MessageRef).where(MessageRef.card_key.in_(keys)))
    return {(r.card_key, r.target): SentRef(r.channel, r.ts, r.extra) for r in found}


def save_ref(session: Session, card_key: str, target: str, ref: SentRef) -> None:
    """Remember where a card went for this recipient (a later send replaces it)."""
    row = session.scalar(
        select(MessageRef).where(MessageRef.card_key == card_key, MessageRef.target == target)
    )
    if row is None:
        platform = target.split(":", 1)[0]
        session.add(
            MessageRef(
                card_key=card_key,
                target=target,
                platform=platform,
                channel=ref.channel,
                ts=ref.ts,
                extra=ref.extra,
            )
        )
    else:
        row.channel, row.ts, row.extra = ref.channel, ref.ts, ref.extra


def backlog(session: Session, platform: str) -> tuple[int, datetime | None]:
    """How many messages to `platform` are still owed, and when the oldest was queued
    (the pending rows only: a partial index holds them)."""
    count, oldest = session.execute(
        select(func.count(), func.min(OutboxMessage.created_at)).where(
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.target.startswith(f"{platform}:", autoescape=True),
        )
    ).one()
    return int(count), oldest
