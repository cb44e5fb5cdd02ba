"""Bookkeeping every chat adapter needs for what arrives: retries, and fresh card codes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from handlers.core.context import Services
from storage.models import InboundMessage, MessageRef, SeenRequest

# How long a replica holds a message it is working on. The work is a database decision
# and a reply, done in a second; a message still held after this was left by a replica
# that stopped, and another takes it over.
LEASE = timedelta(minutes=2)
TAKEN_AT_ONCE = 100


def first_time(svc: Services, key: str) -> bool:
    """True the first time a delivery id is seen; a platform's retry of it gets False."""
    try:
        with svc.db.transaction() as s:
            s.add(SeenRequest(key=key[:200], at=svc.clock.now()))
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class Kept:
    """A message kept until its work is done: its row, its sender, what it said."""

    id: int
    user_id: str
    payload: dict[str, Any]


def keep(
    svc: Services, key: str, platform: str, user_id: str, payload: dict[str, Any]
) -> Kept | None:
    """The first time a delivery id is seen, keep what it says until `done`; None for a
    platform's retry of it. One transaction: seen means kept."""
    now = svc.clock.now()
    try:
        with svc.db.transaction() as s:
            s.add(SeenRequest(key=key[:200], at=now))
            row = InboundMessage(
                platform=platform,
                user_id=user_id,
                payload=payload,
                received_at=now,
                lease_until=now + LEASE,
            )
            s.add(row)
            s.flush()
            return Kept(row.id, user_id, payload)
    except IntegrityError:
        return None


def done(svc: Services, message_id: int) -> None:
    """The message's work is done (or failed for good): nobody takes it over."""
    with svc.db.transaction() as s:
        s.execute(delete(InboundMessage).where(InboundMessage.id == message_id))


def take_over(svc: Services, platform: str) -> list[Kept]:
    """Messages whose lease ran out, oldest first, now held by this replica. Two replicas
    taking over at once each get a message the other did not: the lease is moved only
    if it is still the one read."""
    now = svc.clock.now()
    taken: list[Kept] = []
    with svc.db.transaction() as s:
        rows = s.execute(
            select(InboundMessage)
            .where(InboundMessage.platform == platform, InboundMessage.lease_until < now)
            .order_by(InboundMessage.id)
            .limit(TAKEN_AT_ONCE)
        ).scalars()
        for row in list(rows):
            moved = s.execute(
                update(InboundMessage)
                .where(InboundMessage.id == row.id, InboundMessage.lease_until == row.lease_until)
                .values(lease_until=now + LEASE)
                .execution_options(synchronize_session=False)
            )
            if moved.rowcount == 1:
                taken.append(Kept(row.id, row.user_id, dict(row.payload)))
    return taken


def forget_seen(svc: Services, before: datetime) -> int:
    """Forget delivery ids seen before `before`: no platform retries that late (Slack
    within the hour, WeCom's callbacks are refused after five minutes)."""
    with svc.db.transaction() as s:
        return s.execute(delete(SeenRequest).where(SeenRequest.at < before)).rowcount


def refresh_card_code(svc: Services, platform: str, ts: str, code: str) -> None:
    """A click brings a fresh single-use code for updating its card (WeCom): keep it."""
    with svc.db.transaction() as s:
        ref = s.scalar(
            select(MessageRef).where(MessageRef.platform == platform, MessageRef.ts == ts)
        )
        if ref is not None:
            ref.extra = {**(ref.extra or {}), "response_code": code}
