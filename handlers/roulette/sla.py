"""The first-touch SLA's steps when their time comes: remind the rep, tell the managers,
take the lead back. Each is taken from pending by one conditional UPDATE, so it happens
once whichever sweep, of whichever replica, gets there first; a step whose lead has left
the rep since (touched, taken back, closed) does nothing."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.display import duration
from handlers.core.messages import Text
from handlers.core.settings import TeamConfig
from handlers.roulette import cards, first_touch
from handlers.roulette.events import log_event
from handlers.roulette.offers import advance
from storage.first_touch import FirstTouchStep, StepStatus
from storage.models import Lead, LeadStatus, Member, Offer, OfferStatus, Team

BATCH = 100
CHUNK = 10


def run_due(svc: Services) -> int:
    """Take every step whose time has come, a few per transaction; returns how many ran."""
    now = svc.clock.now()
    with svc.db.reading() as s:
        due = s.scalars(
            select(FirstTouchStep.id)
            .where(FirstTouchStep.status == StepStatus.PENDING, FirstTouchStep.due_at <= now)
            .order_by(FirstTouchStep.due_at, FirstTouchStep.id)
            .limit(BATCH)
        ).all()
    ran = 0
    for begin in range(0, len(due), CHUNK):
        with svc.db.transaction() as s:
            ran += _take(svc, s, due[begin : begin + CHUNK], now)
        svc.wake_delivery()
    return ran


def _take(svc: Services, s: Session, ids: list[int], now: datetime) -> int:
    taken = s.scalars(
        update(FirstTouchStep)
        .where(
            FirstTouchStep.id.in_(ids),
            FirstTouchStep.status == StepStatus.PENDING,
            FirstTouchStep.due_at <= now,
        )
        .values(status=StepStatus.DONE, done_at=now)
        .returning(FirstTouchStep.id)
        .execution_options(synchronize_session=False)
    ).all()
    steps = s.scalars(
        select(FirstTouchStep).where(FirstTouchStep.id.in_(taken)).order_by(FirstTouchStep.id)
    ).all()
    for step in steps:
        lead = s.get_one(Lead, step.lead_id, populate_existing=True)
        if lead.owner_id != step.member_id or lead.status != LeadStatus.CLAIMED:
            continue  # the lead has left the rep since: nothing is owed
        rep = s.get_one(Member, step.member_id)
        tcfg = svc.team_config(s.get_one(Team, lead.team_id))
        waited = now - (lead.claimed_at or now)
        if step.step == first_touch.REMIND:
            _remind(svc, s, lead, rep, waited, now)
        elif step.step == first_touch.ESCALATE:
            _escalate(svc, s, lead, rep, tcfg, waited, now)
        else:
            _recover(svc, s, lead, rep, tcfg, waited, now)
    return len(steps)


def _remind(
    svc: Services, s: Session, lead: Lead, rep: Member, waited: timedelta, now: datetime
) -> None:
    note = svc.t("sla.remind", id=lead.id, company=lead.company, span=duration(svc.t, waited))
    svc.outbox.to_member(s, now, rep, Text(text=note))
    log_event(s, lead.id, "reminded", now, member_id=rep.id)


def _escalate(
    svc: Services,
    s: Session,
    lead: Lead,
    rep: Member,
    tcfg: TeamConfig,
    waited: timedelta,
    now: datetime,
) -> None:
    note = svc.t(
        "sla.escalate",
        id=lead.id,
        company=lead.company,
        name=rep.name,
        span=duration(svc.t, waited),
    )
    svc.outbox.to_team(s, now, tcfg.name, "manager", Text(text=note))
    log_event(s, lead.id, "escalated", now, member_id=rep.id)


def _recover(
    svc: Services,
    s: Session,
    lead: Lead,
    rep: Member,
    tcfg: TeamConfig,
    waited: timedelta,
    now: datetime,
) -> None:
    """Take the lead back from a rep who never got in touch and hand it to the next rep in
    its route (the pool if none is left); the rep is skipped for it, and told on the card."""
    won = s.execute(
        update(Lead)
        .where(
            Lead.id == lead.id,
            Lead.status == LeadStatus.CLAIMED,
            Lead.owner_id == rep.id,
            Lead.touched_at.is_(None),
        )
        .values(status=LeadStatus.OFFERING, owner_id=None, claimed_at=None)
        .returning(Lead.id)
    ).first()
    if won is None:
        return
    first_touch.call_off(s, lead.id)
    s.refresh(lead)
    seq = s.scalar(select(func.max(Offer.seq)).where(Offer.lead_id == lead.id)) or 0
    s.add(
        Offer(
            lead_id=lead.id,
            member_id=rep.id,
            seq=seq + 1,
            status=OfferStatus.SKIPPED,
            reason="no-first-touch",
            opened_at=now,
            closed_at=now,
        )
    )
    log_event(s, lead.id, "skipped", now, member_id=rep.id, detail="no-first-touch")
    claimed = s.scalar(
        select(Offer).where(
            Offer.lead_id == lead.id, Offer.member_id == rep.id, Offer.status == OfferStatus.CLAIMED
        )
    )
    if claimed is not None:
        svc.outbox.update(
            s, now, f"offer:{claimed.id}", cards.offer_card(svc.t, tcfg, lead, claimed, rep)
        )
    note = svc.t(
        "sla.recovered",
        id=lead.id,
        company=lead.company,
        name=rep.name,
        span=duration(svc.t, waited),
    )
    svc.outbox.to_team(s, now, tcfg.name, "manager", Text(text=note))
    s.flush()
    advance(svc, s, [lead], now)
