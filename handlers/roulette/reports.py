"""What managers read about leads: everything in flight, one lead's history, the pool."""

from __future__ import annotations

from sqlalchemy import select

from handlers.core.context import Actor, Services
from handlers.core.display import duration, money, when
from handlers.core.messages import Card, Text
from handlers.roulette import cards
from handlers.roulette.offers import IN_FLIGHT
from storage.db import first_of
from storage.models import Lead, LeadStatus, Member, Offer, OfferStatus, Team


def in_flight(svc: Services, actor: Actor, team_id: int) -> Text:
    """Each lead not yet settled: who holds the window and for how long, who passed, who was
    skipped and why."""
    t = svc.t
    team_name, _, rows = flight_rows(svc, team_id)
    if not rows:
        return Text(text=t("list.empty", team=team_name))
    return Text(text="\n".join([t("list.header", team=team_name, n=len(rows)), *rows]))


def flight_rows(
    svc: Services, team_id: int, limit: int | None = None
) -> tuple[str, int, list[str]]:
    """The team's name, how many leads are in flight, and a line for each (the first
    `limit` only, if given: a page shows a few of hundreds); see `in_flight`."""
    t = svc.t
    now = svc.clock.now()
    flying = select(Lead).where(Lead.team_id == team_id, Lead.status.in_(IN_FLIGHT))
    with svc.db.reading() as s:
        team = s.get_one(Team, team_id)
        zone = svc.team_config(team).zone
        leads, total = first_of(s, flying.order_by(Lead.id), limit)
        if not leads:
            return team.name, 0, []
        rows = s.execute(
            select(Offer, Member.name)
            .join(Member, Member.id == Offer.member_id)
            .where(Offer.lead_id.in_([lead.id for lead in leads]))
            .order_by(Offer.seq)
        ).all()
    by_lead: dict[int, list[tuple[Offer, str]]] = {}
    for offer, name in rows:
        by_lead.setdefault(offer.lead_id, []).append((offer, name))
    lines = []
    for lead in leads:
        head = f"#{lead.id} {lead.company}"
        if lead.amount is not None:
            head += f" ({money(lead.amount)})"
        parts = []
        for offer, name in by_lead.get(lead.id, []):
            if offer.status == OfferStatus.OPEN and offer.shown_at is None:
                parts.append(t("list.sending", name=name))
            elif offer.status == OfferStatus.OPEN:
                left = duration(t, offer.expires_at - now)
                parts.append(t("list.holds", name=name, left=left))
            elif offer.status == OfferStatus.SKIPPED:
                parts.append(t("list.skipped", name=name, why=cards.skip_reason(t, offer.reason)))
            else:
                parts.append(t(f"list.{offer.status}", name=name))
        if lead.status == LeadStatus.POOL:
            parts.append(t("list.in_pool"))
        if lead.status == LeadStatus.WAITING:
            parts.append(t("list.waiting_hours", at=when(lead.wait_until, zone)))
        lines.append(f"• {head}: " + "; ".join(parts or [t("list.waiting")]))
    return team.name, total, lines


def show(svc: Services, actor: Actor, lead_id: int) -> Text:
    """The lead's details and its whole history."""
    t = svc.t
    with svc.db.reading() as s:
        lead = s.get(Lead, lead_id)
        if lead is None or lead.team_id not in {m.team_id for m in actor.members}:
            return Text(text=t("lead.unknown", id=lead_id))
        team = s.get_one(Team, lead.team_id)
        zone = svc.team_config(team).zone
        owner = s.get(Member, lead.owner_id) if lead.owner_id else None
        steps = cards.history(t, s, lead, zone)
    lines = [t("show.title", id=lead.id, company=lead.company)]
    lines += [f"{f.label}: {f.value}" for f in cards.lead_fields(t, lead)]
    status = t(f"status.{lead.status}")
    if owner is not None:
        status += f" — {owner.name}"
    lines.append(f"{t('field.status')}: {status}")
    lines.append(t("show.history"))
    lines += [f"• {step}" for step in steps]
    return Text(text="\n".join(lines))


def pool(svc: Services, actor: Actor, team_id: int) -> list[Card | Text]:
    """The pool's leads as cards with a Grab button each."""
    with svc.db.reading() as s:
        team = s.get_one(Team, team_id)
        leads = s.scalars(
            select(Lead)
            .where(Lead.team_id == team_id, Lead.status == LeadStatus.POOL)
            .order_by(Lead.id)
        ).all()
    if not leads:
        return [Text(text=svc.t("pool.empty", team=team.name))]
    return [cards.pool_card(svc.t, lead) for lead in leads]
