"""A new lead: created once (the same external id twice is the first lead) and offered to
its first rep, the one whose turn it is in the weighted rotation, in the same transaction."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from handlers.core.context import Services
from handlers.core.report import report
from handlers.roulette.events import log_event
from handlers.roulette.offers import advance
from storage.models import Lead, LeadStatus, Team


@dataclass(frozen=True)
class LeadInput:
    company: str
    contact: str | None = None
    email: str | None = None
    phone: str | None = None
    source: str | None = None
    tier: str | None = None
    external_id: str | None = None
    amount: Decimal | None = None


def add_lead(
    svc: Services, team_name: str, data: LeadInput, created_by: int | None = None
) -> tuple[Lead, bool]:
    """Create a lead and offer it to its first rep; the same external_id returns the first."""
    now = svc.clock.now()
    if data.external_id is not None:
        existing = _by_external_id(svc, data.external_id)
        if existing is not None:
            return existing, False
    try:
        with svc.db.transaction() as s:
            team_id = s.scalar(select(Team.id).where(Team.name == team_name))
            if team_id is None:
                raise LookupError(team_name)
            lead = Lead(
                team_id=team_id,
                company=data.company,
                contact=data.contact,
                email=data.email,
                phone=data.phone,
                source=data.source,
                tier=data.tier,
                external_id=data.external_id,
                amount=data.amount,
                status=LeadStatus.OFFERING,
                created_by=created_by,
                created_at=now,
            )
            s.add(lead)
            s.flush()
            log_event(s, lead.id, "created", now, member_id=created_by, detail=data.source)
            report(svc, s, "lead.received", team=team_name, lead=lead.id, source=data.source or "")
            advance(svc, s, [lead], now)
    except IntegrityError:
        # Another request with the same external_id won the race: answer with its lead.
        existing = _by_external_id(svc, data.external_id) if data.external_id else None
        if existing is None:
            raise
        return existing, False
    svc.wake_delivery()
    return lead, True


def _by_external_id(svc: Services, external_id: str) -> Lead | None:
    with svc.db.reading() as s:
        return s.scalar(select(Lead).where(Lead.external_id == external_id))
