"""Which period a digest stands for: the latest time its crontab line fired.

Every process computes the same period from the same line and clock, so the period is
what the digest guard is keyed on; after downtime the latest missed period is the one
caught up, never each of them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger

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
