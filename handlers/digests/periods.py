"""Which period a digest stands for, and posting each scheduled digest once per period.

The period is the latest time the digest's crontab line fired. Every process computes the
same period from the same line and clock, so the period is what the digest guard is keyed
on; after downtime the latest missed period is the one caught up, never each of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from handlers.core.context import Services
from handlers.core.messages import Card, Image, Text
from handlers.core.report import report
from handlers.core.settings import TeamConfig
from storage.digests import Digest, TrainingDigestPost
from storage.models import Team

# How far back to look for the last fire time, widening until one is found, so that a
# frequent schedule is not stepped through over a whole year.
_LOOKBACK = tuple(timedelta(days=d) for d in (1 / 1440, 1 / 24, 1, 8, 32, 367, 5 * 366))


def trigger(cron: str, zone: ZoneInfo) -> CronTrigger:
    return CronTrigger.from_crontab(cron, timezone=zone)


def last_fire(cron: str, zone: ZoneInfo, now: datetime) -> datetime | None:
    """The latest time at or before `now` that the line fires (UTC), if any in 5 years."""
    schedule = trigger(cron, zone)
    for span in _LOOKBACK:
        fire = schedule.get_next_fire_time(None, now - span)
        if fire is None or fire > now:
            continue
        while True:
            following = schedule.get_next_fire_time(None, fire + timedelta(seconds=1))
            if following is None or following > now:
                return fire.astimezone(UTC)
            fire = following
    return None


def fire_before(cron: str, zone: ZoneInfo, moment: datetime) -> datetime | None:
    """The latest fire time strictly before `moment`: where a first digest's period starts."""
    return last_fire(cron, zone, moment - timedelta(seconds=1))


# -- posting once per period ------------------------------------------------------------

# What a first digest covers when its line gives no earlier fire time to start from.
FIRST_PERIOD = timedelta(days=7)

# The guard tables: one row per (kind, team, period) posted.
Guard = TypeVar("Guard", Digest, TrainingDigestPost)


def first_since(cron: str | None, zone: ZoneInfo, period: datetime) -> datetime:
    """Where the first digest of a period starts: the line's fire before it, else a week."""
    earlier = fire_before(cron, zone, period) if cron else None
    return earlier or period - FIRST_PERIOD


def latest(s: Session, guard: type[Guard], kind: str, team_id: int) -> Guard | None:
    """The team's latest guard row of this kind: the last digest posted."""
    return s.scalar(
        select(guard)
        .where(guard.kind == kind, guard.team_id == team_id)
        .order_by(guard.period.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Composed:
    """A digest ready to post: its messages (none: nothing to say this period) and the
    guard row's other columns (the forecast keeps its figures for the next one)."""

    messages: Sequence[Card | Text | Image]
    keep: dict[str, Any] = field(default_factory=dict)


def post_once(
    svc: Services,
    tcfg: TeamConfig,
    cron: str,
    guard: type[Guard],
    kind: str,
    compose: Callable[[Session, Team, Guard | None, datetime, datetime], Composed],
    catch_up: bool = False,
) -> bool:
    """Post the digest of the period that has just come round, unless one is posted.

    The digest is composed from a read: it takes a while (charts), and on SQLite a write
    transaction would hold every click back meanwhile. The guard row of (kind, team,
    period) is then inserted in the transaction that queues the digest's messages: every
    process may fire the schedule, only the one whose INSERT wins posts, and a crash keeps
    both or neither. `compose(s, team, previous, since, now)` says what to post; the
    period is taken even when there is nothing to say.

    With `catch_up` (at start-up) it posts only if this digest has been posted before and
    its latest period has not: the one catch-up for any amount of downtime.
    """
    now = svc.clock.now()
    period = last_fire(cron, tcfg.zone, now)
    if period is None:
        return False
    with svc.db.snapshot() as s:
        team = s.scalar(select(Team).where(Team.name == tcfg.name))
        if team is None:
            return False
        previous = latest(s, guard, kind, team.id)
        if previous is not None and previous.period >= period:
            return False
        if catch_up and previous is None:
            return False
        since = previous.posted_at if previous else first_since(cron, tcfg.zone, period)
        composed = compose(s, team, previous, since, now)
    try:
        with svc.db.transaction() as s:
            row = guard(kind=kind, team_id=team.id, period=period, posted_at=now, **composed.keep)
            s.add(row)
            s.flush()  # another process that got here first makes this fail: it posts
            key = f"digest:{kind}:{row.id}"  # one card key: the messages go out in order
            for message in composed.messages:
                svc.outbox.to_team(s, now, team.name, "manager", message, key)
            if composed.messages:
                report(svc, s, "digest.posted", kind=kind, team=team.name)
    except IntegrityError:
        return False
    svc.wake_delivery()
    return bool(composed.messages)
