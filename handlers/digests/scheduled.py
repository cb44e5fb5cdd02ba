"""When the forecast and workload digests go out: each on its team's crontab line, once
per period however many processes fire it, one catch-up after downtime, and on demand.

Each digest is composed from a read; a scheduled one is guarded by a unique (kind, team,
period) row, inserted in the transaction that queues its messages (see periods.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from handlers.core.context import Actor, Services
from handlers.core.messages import Text
from handlers.digests.forecast import forecast_digest
from handlers.digests.periods import Composed, first_since, latest, post_once
from handlers.digests.workload import workload_digest
from storage.digests import Digest
from storage.models import Member, Team

KINDS = ("forecast", "workload")


def run_scheduled(svc: Services, kind: str, team_name: str, catch_up: bool = False) -> bool:
    """Post the digest of the period that has just come round, unless one is posted.

    With `catch_up` (at start-up) it posts only if this digest has been posted before
    and its latest period has not: the one catch-up for any amount of downtime.
    """
    tcfg = svc.config.team(team_name)
    cron = tcfg.digests.cron(kind) if tcfg is not None else None
    if tcfg is None or cron is None:
        return False

    def compose(
        s: Session, team: Team, previous: Digest | None, since: datetime, now: datetime
    ) -> Composed:
        if kind == "forecast":
            previous_figures = previous.figures if previous else None
            messages, figures = forecast_digest(svc, s, team, tcfg, since, previous_figures)
            return Composed(messages, {"figures": figures})
        return Composed([workload_digest(svc, s, team, tcfg, since)])

    return post_once(svc, tcfg, cron, Digest, kind, compose, catch_up)


def runner(kind: str) -> Callable[[Services, str], bool]:
    """The scheduled job for one kind of digest: `run(svc, team name)`."""

    def run(svc: Services, team_name: str) -> bool:
        return run_scheduled(svc, kind, team_name)

    return run


def catch_up(svc: Services) -> None:
    """At start-up: post the one digest of each kind that downtime made the team miss."""
    for team in svc.config.teams:
        for kind in KINDS:
            run_scheduled(svc, kind, team.name, catch_up=True)


def on_demand(svc: Services, actor: Actor, team_id: int) -> Text:
    """`/forecast digest`: the same digest, sent to the asker's DM; it changes no schedule
    and keeps no figures, so the next scheduled one still compares with the last. The
    answer comes at once: the digest (its chart takes a while) is composed after it."""
    me = actor.member_of(team_id)
    if me is None or svc.outbox.route(me) is None:
        return Text(text=svc.t("digest.no_chat"))
    now = svc.clock.now()
    svc.later(lambda: _send_asked(svc, me, team_id, now))
    return Text(text=svc.t("digest.on_its_way"))


def _send_asked(svc: Services, me: Member, team_id: int, now: datetime) -> None:
    with svc.db.snapshot() as s:  # composed from a read: the chart takes a while
        team = s.get_one(Team, team_id)
        tcfg = svc.team_config(team)
        previous = latest(s, Digest, "forecast", team.id)
        since = (
            previous.posted_at
            if previous
            else first_since(tcfg.digests.cron("forecast"), tcfg.zone, now)
        )
        messages, _ = forecast_digest(
            svc, s, team, tcfg, since, previous.figures if previous else None
        )
    with svc.db.transaction() as s:
        key = f"digest:asked:{me.id}:{now.isoformat()}"
        for message in messages:
            svc.outbox.to_member(s, now, me, message, card_key=key)
    svc.wake_delivery()
