"""The first-touch SLA: claimed is not contacted.

A claim under a team's `first_touch` writes a deadline row per step: remind the rep
(`first_touch`), tell the managers (`first_touch_escalate`), take the lead back and offer
it to the next rep in its route (`first_touch_recover`); `sla` runs them when they fall
due. The rep's first touch (the Contacted button, `/lead contacted`, a note on the lead's
account, a new deal) calls off what is still pending.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.display import duration
from handlers.core.messages import Text
from handlers.core.parse import parse_id
from handlers.core.settings import TeamConfig
from handlers.roulette import cards
from handlers.roulette.events import log_event
from storage.accounts import Account
from storage.first_touch import FirstTouchStep, StepStatus
from storage.models import Lead, LeadStatus, Member, Offer, OfferStatus, Team

REMIND, ESCALATE, RECOVER = "remind", "escalate", "recover"


def start(s: Session, tcfg: TeamConfig, lead: Lead, rep: Member, now: datetime) -> None:
    """The rep has claimed (or grabbed) the lead: the clock of each step starts now."""
    for step, after in (
        (REMIND, tcfg.first_touch),
        (ESCALATE, tcfg.first_touch_escalate),
        (RECOVER, tcfg.first_touch_recover),
    ):
        if tcfg.first_touch is not None and after is not None:
            s.add(
                FirstTouchStep(
                    lead_id=lead.id,
                    member_id=rep.id,
                    step=step,
                    due_at=now + after,
                    status=StepStatus.PENDING,
                )
            )


def touch(s: Session, lead_id: int, now: datetime) -> bool:
    """Record the owner's first touch of a claimed lead, once; the SLA stops there."""
    won = s.execute(
        update(Lead)
        .where(Lead.id == lead_id, Lead.status == LeadStatus.CLAIMED, Lead.touched_at.is_(None))
        .values(touched_at=now)
        .returning(Lead.owner_id, Lead.claimed_at)
    ).first()
    if won is None:
        return False
    call_off(s, lead_id)
    took = int((now - won.claimed_at).total_seconds()) if won.claimed_at else 0
    log_event(s, lead_id, "contacted", now, member_id=won.owner_id, detail=took)
    return True


def call_off(s: Session, lead_id: int) -> None:
    s.execute(
        update(FirstTouchStep)
        .where(FirstTouchStep.lead_id == lead_id, FirstTouchStep.status == StepStatus.PENDING)
        .values(status=StepStatus.CANCELLED)
        .execution_options(synchronize_session=False)
    )


def refresh_claimed_card(svc: Services, s: Session, lead: Lead, now: datetime) -> None:
    """Queue the claimed card of the lead's owner as it is now."""
    offer = s.scalar(
        select(Offer).where(
            Offer.lead_id == lead.id,
            Offer.member_id == lead.owner_id,
            Offer.status == OfferStatus.CLAIMED,
        )
    )
    if offer is None:  # grabbed from the pool: there is no claimed card
        return
    tcfg = svc.team_config(s.get_one(Team, lead.team_id))
    account_id = s.scalar(select(Account.id).where(Account.lead_id == lead.id))
    rep = s.get_one(Member, offer.member_id)
    card = cards.offer_card(svc.t, tcfg, lead, offer, rep, account_id)
    svc.outbox.update(s, now, f"offer:{offer.id}", card)


def contacted(svc: Services, actor: Actor, lead_id: int) -> Text | None:
    """The owner (or a manager) says the customer has been contacted; None when it was
    recorded and the card shows it."""
    t = svc.t
    now = svc.clock.now()
    with svc.db.transaction() as s:
        lead = s.get(Lead, lead_id)
        if lead is None or actor.member_of(lead.team_id) is None:
            return Text(text=t("lead.unknown", id=lead_id))
        if lead.status != LeadStatus.CLAIMED or lead.owner_id is None:
            status = t(f"status.{lead.status}")
            return Text(text=t("contact.not_claimed", id=lead.id, status=status))
        if lead.owner_id not in actor.member_ids and not actor.is_manager(lead.team_id):
            owner = s.get_one(Member, lead.owner_id)
            return Text(text=t("contact.not_yours", id=lead.id, name=owner.name))
        if not touch(s, lead.id, now):
            s.refresh(lead)
            return Text(text=t("contact.already", id=lead.id, took=_took(svc, lead)))
        s.refresh(lead)
        refresh_claimed_card(svc, s, lead, now)
    svc.wake_delivery()
    return None


def _took(svc: Services, lead: Lead) -> str:
    if lead.touched_at is None or lead.claimed_at is None:
        return "—"
    return duration(svc.t, lead.touched_at - lead.claimed_at)


def click_contacted(svc: Services, actor: Actor, value: str) -> Text | None:
    """The Contacted button on a claimed card."""
    lead_id = parse_id(value)
    if lead_id is None:
        return Text(text=svc.t("lead.unknown", id=value[:20]))
    return contacted(svc, actor, lead_id)
