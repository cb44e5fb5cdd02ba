"""The digest schedules: a cron job per team and kind, and one catch-up look at start.

The jobs only tick: whether a digest is due, and whether this process posts it, is
decided against the database (see handlers/digest.py), so any number of processes may
run the same jobs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from apscheduler.schedulers.base import BaseScheduler

from handlers.core.context import Services
from handlers.digests import forecast as digest
from handlers.digests.periods import trigger

log = logging.getLogger(__name__)

# A tick this late (a busy or suspended process) is still worth posting.
MISFIRE_GRACE = 3600


def every(
    scheduler: BaseScheduler,
    job: Callable[[Services], None],
    svc: Services,
    job_id: str,
    **interval: float,
) -> None:
    """A job ticking every `interval` (apscheduler's `seconds=`, `hours=` …); a tick that
    finds the last one still running is dropped, not queued behind it."""
    scheduler.add_job(
        job, "interval", args=[svc], id=job_id, max_instances=1, coalesce=True, **interval
    )


def _post(svc: Services, kind: str, team: str) -> None:
    try:
        digest.run_scheduled(svc, kind, team)
    except Exception:
        log.exception("the %s digest of %s failed; the next start catches it up", kind, team)


def _catch_up(svc: Services) -> None:
    try:
        digest.catch_up(svc)
    except Exception:
        log.exception("catching up missed digests failed")


def add_digest_jobs(scheduler: BaseScheduler, svc: Services) -> None:
    """Schedule each team's digests in its time zone, and a catch-up as soon as it starts."""
    for team in svc.config.teams:
        for kind in digest.KINDS:
            cron = team.digests.cron(kind)
            if cron is None:
                continue
            scheduler.add_job(
                _post,
                trigger(cron, team.zone),
                args=[svc, kind, team.name],
                id=f"digest:{kind}:{team.name}",
                max_instances=1,
                coalesce=True,
                misfire_grace_time=MISFIRE_GRACE,
            )
    scheduler.add_job(_catch_up, args=[svc], id="digest:catch-up")
