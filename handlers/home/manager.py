"""A manager's part of their page: the team's leads, pool, reps, forecast, what waits on
the manager, and the latest digest's chart."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.display import money, when
from handlers.core.messages import Card
from handlers.core.settings import TeamConfig
from handlers.home.chart import Chart
from handlers.pipeline import contracts, forecast, quotas
from handlers.roulette import reports, team
from storage.db import first_of
from storage.digests import Digest
from storage.models import Lead, LeadStatus, Team

LISTED = 15  # lines of a list before "and N more — type …"


def bounded(svc: Services, lines: list[str], command: str, total: int | None = None) -> str:
    """At most LISTED lines of `total` (all of `lines` by default); the rest summed up with
    the command that lists them all."""
    total = len(lines) if total is None else total
    if total <= LISTED:
        return "\n".join(lines)
    more = svc.t("home.more", n=total - LISTED, command=command)
    return "\n".join([*lines[:LISTED], more])


def in_flight(svc: Services, team_id: int) -> list[Card]:
    """Every lead not yet settled: who holds the window and for how long (as /lead list)."""
    team_name, total, rows = reports.flight_rows(svc, team_id, LISTED)
    text = bounded(svc, rows, "/lead list", total) if rows else svc.t("list.empty", team=team_name)
    return [Card(title=svc.t("home.flight.title", n=total), text=text)]


def pool(svc: Services, s: Session, team_id: int) -> list[Card]:
    """The open pool, to look at: grabbing is the reps' (from the pool's own cards)."""
    t = svc.t
    pooled = select(Lead).where(Lead.team_id == team_id, Lead.status == LeadStatus.POOL)
    leads, total = first_of(s, pooled.order_by(Lead.id), LISTED)
    rows = [
        t("home.pool.row", id=lead.id, company=lead.company, amount=money(lead.amount))
        for lead in leads
    ]
    text = bounded(svc, rows, "/lead pool", total) if rows else t("home.pool.none")
    return [Card(title=t("home.pool.title", n=total), text=text)]


def week_start(now: datetime, tcfg: TeamConfig) -> datetime:
    """Monday 00:00 of this week on the team's clock."""
    local = now.astimezone(tcfg.zone)
    monday = (local - timedelta(days=local.weekday())).date()
    return datetime.combine(monday, datetime.min.time(), tzinfo=tcfg.zone)


def reps(svc: Services, s: Session, team_id: int, tcfg: TeamConfig) -> list[Card]:
    """Each rep's status and load: open leads against capacity, away, this week's claims,
    passes and expiries, and the median time to claim."""
    t = svc.t
    now = svc.clock.now()
    loads = team.rep_loads(s, team_id, (week_start(now, tcfg), now))
    rows = [
        t("home.reps.row", status=team.rep_status(svc, tcfg, load.rep), **load.row_fields(t))
        for load in loads
    ]
    text = bounded(svc, rows, "/team") if rows else t("home.reps.none")
    return [Card(title=t("home.reps.title"), text=text)]


def team_forecast(svc: Services, s: Session, team_id: int, tcfg: TeamConfig) -> list[Card]:
    """The team's forecast against its quota, for this quarter and the next."""
    this = forecast.quarter_of(forecast.today(svc.clock.now(), tcfg.zone))
    out = []
    for quarter in (this, this.following):
        answer = quotas.forecast_report(svc.t, svc.config.pipeline, tcfg, s, team_id, quarter, None)
        lines = answer.text.splitlines()
        out.append(Card(title=lines[0], text="\n".join(lines[1:])))
    return out


def waiting(svc: Services, actor: Actor, team_id: int) -> list[Card]:
    """Contracts waiting on this manager's decision (scores come as their own cards)."""
    pending = contracts.pending(svc, actor, team_id)
    return [Card(title=svc.t("home.waiting.title"), text=pending.text)]


def latest_chart(svc: Services, s: Session, team_id: int, tcfg: TeamConfig) -> list[Chart]:
    """The chart of the team's latest forecast digest, where it was posted."""
    digest = s.scalar(
        select(Digest)
        .where(Digest.kind == "forecast", Digest.team_id == team_id)
        .order_by(Digest.period.desc(), Digest.id.desc())
        .limit(1)
    )
    if digest is None:
        return []
    text = svc.t("home.chart.posted", at=when(digest.posted_at, tcfg.zone))
    return [
        Chart(card_key=f"digest:forecast:{digest.id}", title=svc.t("home.chart.title"), text=text)
    ]


def sections(svc: Services, s: Session, actor: Actor, team_id: int) -> list[Card | Chart]:
    tcfg = svc.team_config(s.get_one(Team, team_id))
    return [
        Card(title=svc.t("home.team.title", team=tcfg.name)),
        *in_flight(svc, team_id),
        *pool(svc, s, team_id),
        *reps(svc, s, team_id, tcfg),
        *team_forecast(svc, s, team_id, tcfg),
        *latest_chart(svc, s, team_id, tcfg),
        *waiting(svc, actor, team_id),
    ]
