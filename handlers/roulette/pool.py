"""The open pool: a lead everyone let go goes to the team's pool for anyone to grab, and
the managers are told with its whole history. The first Grab wins."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.messages import Text
from handlers.core.parse import parse_id
from handlers.core.report import report
from handlers.core.settings import TeamConfig
from handlers.roulette import cards, first_touch
from handlers.roulette.events import log_event
from storage.models import Lead, LeadStatus, Member, Team


def to_pool(svc: Services, s: Session, lead: Lead, tcfg: TeamConfig, now: datetime) -> None:
    """Everyone has had their turn: post the lead to the team's pool and tell managers."""
    lead.status = LeadStatus.POOL
    log_event(s, lead.id, "pooled", now)
    report(svc, s, "lead.pooled", team=tcfg.name, lead=lead.id)
    s.flush()  # the history below includes what was just recorded
    svc.outbox.to_team(s, now, tcfg.name, "pool", cards.pool_card(svc.t, lead), f"pool:{lead.id}")
    history = cards.history(svc.t, s, lead, tcfg.zone)
    svc.outbox.to_team(s, now, tcfg.name, "manager", cards.escalation(svc.t, lead, history))


def grab(svc: Services, actor: Actor, value: str) -> Text | None:
    """First rep of the team to click Grab on a pool card gets the lead."""
    now = svc.clock.now()
    t = svc.t
    with svc.db.transaction() as s:
        lead_id = parse_id(value)
        lead = s.get(Lead, lead_id) if lead_id is not None else None
        if lead is None:
            return Text(text=t("lead.unknown", id=value[:20]))
        rep = actor.member_of(lead.team_id)
        team = s.get_one(Team, lead.team_id)
        if rep is None or not rep.is_rep:
            return Text(text=t("pool.not_on_team", team=team.name))
        won = s.execute(
            update(Lead)
            .where(Lead.id == lead.id, Lead.status == LeadStatus.POOL)
            .values(status=LeadStatus.CLAIMED, owner_id=rep.id, claimed_at=now)
            .returning(Lead.id)
        ).first()
        if won is None:
            s.refresh(lead)
            if lead.status == LeadStatus.CLAIMED and lead.owner_id is not None:
                owner = s.get_one(Member, lead.owner_id)
                if owner.id == rep.id:
                    return Text(text=t("pool.already_yours"))
                return Text(text=t("pool.taken", name=owner.name))
            return Text(text=t("pool.gone"))
        s.refresh(lead)
        log_event(s, lead.id, "grabbed", now, member_id=rep.id)
        report(svc, s, "lead.grabbed", team=team.name, lead=lead.id, user=rep.name)
        first_touch.start(s, svc.team_config(team), lead, rep, now)
        svc.outbox.update(s, now, f"pool:{lead.id}", cards.pool_card(t, lead, rep))
        svc.outbox.to_team(s, now, team.name, "manager", cards.grabbed_line(t, lead, rep))
    svc.wake_delivery()
    return None
