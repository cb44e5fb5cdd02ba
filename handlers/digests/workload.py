"""The workload digest: each rep's load, claims, passes, expiries, median time to claim,
open accounts and weighted pipeline: what the article reads to judge who is saturated."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.display import when
from handlers.core.messages import Card
from handlers.core.money import show_weighted
from handlers.core.settings import TeamConfig
from handlers.pipeline.forecast import compute, today
from handlers.roulette.team import rep_loads
from storage.models import Team


def workload_digest(
    svc: Services, s: Session, team: Team, tcfg: TeamConfig, since: datetime
) -> Card:
    """The digest's card for the period since `since`."""
    t = svc.t
    now = svc.clock.now()
    loads = rep_loads(s, team.id, (since, now))
    pipeline = compute(s, team.id, None)
    lines = []
    for load in loads:
        figure = pipeline.by_rep.get(load.rep.id)
        lines.append(
            t(
                "digest.workload_row",
                **load.row_fields(t),
                accounts=figure.count if figure else 0,
                weighted=show_weighted(figure.weighted if figure else 0),
            )
        )
    return Card(
        title=t("digest.workload_title", team=team.name, date=today(now, tcfg.zone).isoformat()),
        text="\n".join(lines),
        footer=t("digest.since", since=when(since, tcfg.zone)),
    )
