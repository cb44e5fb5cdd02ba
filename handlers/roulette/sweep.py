"""The sweep: windows whose deadline has passed are closed and their leads handed on, and
leads that waited for working hours are offered once those begin.

Every replica may sweep: a window is closed, and a wait ended, by a conditional UPDATE,
and on PostgreSQL rows another sweeper holds are skipped (SKIP LOCKED), so none is
handled twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.messages import Card
from handlers.core.report import report
from handlers.roulette import cards
from handlers.roulette.events import log_event
from handlers.roulette.offers import advance
from storage.models import Lead, LeadStatus, Member, Offer, OfferStatus, Team

SWEEP_BATCH = 500


SWEEP_CHUNK = 10  # windows closed per transaction


def expire_due(svc: Services, limit: int = SWEEP_BATCH) -> int:
    """Close every window whose deadline has passed and hand each lead on; returns how many.

    A plain read finds what is due (most ticks find nothing and write nothing); the
    windows are then closed a few per transaction, and delivery is woken after each
    few, so the next reps' cards go out while the sweep goes on.
    """
    now = svc.clock.now()
    with svc.db.reading() as s:
        due = s.scalars(
            select(Offer.id)
            .where(
                Offer.status == OfferStatus.OPEN,
                Offer.expires_at <= now,
                Offer.shown_at.is_not(None),
            )
            .order_by(Offer.expires_at, Offer.id)
            .limit(limit)
        ).all()
    done = 0
    for start in range(0, len(due), SWEEP_CHUNK):
        with svc.db.transaction() as s, s.no_autoflush:  # rows go out in a few INSERTs
            done += _expire(svc, s, due[start : start + SWEEP_CHUNK], now)
        svc.wake_delivery()
    return done


def overdue(svc: Services) -> tuple[int, datetime | None]:
    """Windows past their deadline that no sweep has closed yet, and the oldest deadline
    among them: how late the sweep runs (read on a metrics scrape, through `offers_due`)."""
    now = svc.clock.now()
    with svc.db.reading() as s:
        count, oldest = s.execute(
            select(func.count(), func.min(Offer.expires_at)).where(
                Offer.status == OfferStatus.OPEN,
                Offer.expires_at <= now,
                Offer.shown_at.is_not(None),
            )
        ).one()
    return int(count), oldest


def _expire(svc: Services, s: Session, offer_ids: Sequence[int], now: datetime) -> int:
    """Close those of these windows still open and due, in one UPDATE, and hand each lead on.

    On PostgreSQL rows that another sweeper has locked are skipped (SKIP LOCKED), so
    replicas sweep side by side without waiting on each other.
    """
    still_due = select(Offer.id).where(
        Offer.id.in_(offer_ids),
        Offer.status == OfferStatus.OPEN,
        Offer.expires_at <= now,
        Offer.shown_at.is_not(None),
    )
    if svc.db.is_postgres:
        still_due = still_due.with_for_update(skip_locked=True)
    locked = s.scalars(still_due).all()
    if not locked:
        return 0  # claimed, passed or swept by someone else meanwhile
    closed = s.scalars(
        update(Offer)
        .where(Offer.id.in_(locked), Offer.status == OfferStatus.OPEN)
        .values(status=OfferStatus.EXPIRED, closed_at=now)
        .returning(Offer.id)
        .execution_options(synchronize_session=False)
    ).all()
    rows = s.execute(
        select(Offer, Lead, Member, Team)
        .join(Lead, Lead.id == Offer.lead_id)
        .join(Member, Member.id == Offer.member_id)
        .join(Team, Team.id == Lead.team_id)
        .where(Offer.id.in_(closed))
        .order_by(Offer.expires_at, Offer.id)
    ).all()
    updated: dict[str, Card] = {}
    for offer, lead, rep, team in rows:
        log_event(s, lead.id, "expired", now, member_id=rep.id)
        ids = {"lead": lead.id, "offer": offer.id, "user": rep.name}
        report(svc, s, "offer.expired", team=team.name, **ids)
        card = cards.offer_card(svc.t, svc.team_config(team), lead, offer, rep)
        updated[f"offer:{offer.id}"] = card
    svc.outbox.update_cards(s, now, updated)
    advance(svc, s, [lead for _, lead, _, _ in rows], now)
    return len(rows)


def release_waiting(svc: Services, limit: int = SWEEP_BATCH) -> int:
    """Offer again every lead whose wait for working hours is over; returns how many."""
    now = svc.clock.now()
    with svc.db.reading() as s:
        due = s.scalars(
            select(Lead.id)
            .where(Lead.status == LeadStatus.WAITING, Lead.wait_until <= now)
            .order_by(Lead.wait_until, Lead.id)
            .limit(limit)
        ).all()
    done = 0
    for start in range(0, len(due), SWEEP_CHUNK):
        with svc.db.transaction() as s:
            released = s.scalars(
                update(Lead)
                .where(
                    Lead.id.in_(due[start : start + SWEEP_CHUNK]),
                    Lead.status == LeadStatus.WAITING,
                    Lead.wait_until <= now,
                )
                .values(status=LeadStatus.OFFERING, wait_until=None)
                .returning(Lead.id)
                .execution_options(synchronize_session=False)
            ).all()
            leads = s.scalars(
                select(Lead)
                .where(Lead.id.in_(released))
                .order_by(Lead.id)
                .execution_options(populate_existing=True)
            ).all()
            advance(svc, s, leads, now)
            done += len(leads)
        svc.wake_delivery()
    return done
