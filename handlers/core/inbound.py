"""Bookkeeping every chat adapter needs for what arrives: retries, and fresh card codes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from handlers.core.context import Services
from storage.models import MessageRef, SeenRequest


def first_time(svc: Services, key: str) -> bool:
    """True the first time a delivery id is seen; a platform's retry of it gets False."""
    try:
        with svc.db.transaction() as s:
            s.add(SeenRequest(key=key[:200], at=svc.clock.now()))
    except IntegrityError:
        return False
    return True


def refresh_card_code(svc: Services, platform: str, ts: str, code: str) -> None:
    """A click brings a fresh single-use code for updating its card (WeCom): keep it."""
    with svc.db.transaction() as s:
        ref = s.scalar(
            select(MessageRef).where(MessageRef.platform == platform, MessageRef.ts == ts)
        )
        if ref is not None:
            ref.extra = {**(ref.extra or {}), "response_code": code}
