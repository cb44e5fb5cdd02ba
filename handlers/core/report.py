"""What happened, told to whoever runs the bot (the app counts it and logs it), once it is
committed: a change rolled back (a lost race, an error) never happened, so it is not told.

Handlers call `report(svc, session, "offer.claimed", team=..., lead=..., seconds=...)`
inside the transaction that makes the change; `Services.on_event` hears it after the
commit. The default hears nothing, so handlers and their tests need no metrics at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from handlers.core.context import Services

log = logging.getLogger(__name__)

_PENDING = "salesbot_reported"


@dataclass(frozen=True)
class Event:
    """One thing that happened: its name (`lead.received`, `offer.claimed` …), the ids and
    labels involved (team, lead, offer, account, user, source, reason, kind), and for
    those that take time, how long (`seconds`)."""

    name: str
    fields: dict[str, str | int] = field(default_factory=dict)
    seconds: float | None = None


def report(
    svc: Services, session: Session, name: str, seconds: float | None = None, **fields: str | int
) -> None:
    """Tell `svc.on_event` of `name` once `session` commits."""
    pending: list[tuple[Callable[[Event], None], Event]] = session.info.setdefault(_PENDING, [])
    pending.append((svc.on_event, Event(name, fields, seconds)))


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    for hear, happened in session.info.pop(_PENDING, ()):
        try:
            hear(happened)
        except Exception:  # the change is committed: telling of it must not undo the answer
            log.exception("could not report %s", happened.name)


@event.listens_for(Session, "after_rollback")
def _rolled_back(session: Session) -> None:
    session.info.pop(_PENDING, None)
