"""The lead's audit trail: every step is a row a manager reads in `/lead show`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from storage.models import LeadEvent


def log_event(
    session: Session,
    lead_id: int,
    kind: str,
    now: datetime,
    member_id: int | None = None,
    detail: object = None,
) -> None:
    session.add(
        LeadEvent(
            lead_id=lead_id,
            kind=kind,
            member_id=member_id,
            detail=None if detail is None else str(detail)[:500],
            at=now,
        )
    )
