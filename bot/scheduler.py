"""The features' jobs on APScheduler: tickers, crontab lines per team, and start-up runs.

The jobs only tick: what is due, and whether this process acts on it, is decided against
the database, so any number of processes may run the same jobs and a job lost in a
restart loses nothing. A job that fails is logged; its next tick tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger

from handlers.core.context import Services
from handlers.core.registry import AtStart, Every, Scheduled

log = logging.getLogger(__name__)

# A crontab tick this late (a busy or suspended process) is still worth running.
MISFIRE_GRACE = 3600
ONCE_DAYS = 100 * 365  # a start-up job's "interval": it runs at start and never again


def _logged(name: str, run: Callable[..., object], *args: object) -> None:
    try:
        run(*args)
    except Exception:
        log.exception("job %s failed; its next tick tries again", name)


def every(
    scheduler: BaseScheduler,
    name: str,
    run: Callable[..., object],
    *args: object,
    **interval: float,
) -> None:
    """A job ticking every `interval` (apscheduler's `seconds=`, `hours=` …); a tick that
    finds the last one still running is dropped, not queued behind it."""
    scheduler.add_job(
        partial(_logged, name, run, *args),
        "interval",
        id=name,
        max_instances=1,
        coalesce=True,
        **interval,
    )


def add_jobs(scheduler: BaseScheduler, svc: Services) -> None:
    """Schedule every feature's jobs; crontab lines in each team's time zone."""
    for job in svc.registry.jobs:
        if isinstance(job, Every):
            every(scheduler, job.name, job.run, svc, seconds=job.seconds)
        elif isinstance(job, AtStart):
            # Once, now: an interval that never comes round again. APScheduler's one-shot
            # jobs race its shutdown (stopped as the job is handed on, it raises JobLookupError).
            scheduler.add_job(
                partial(_logged, job.name, job.run, svc),
                "interval",
                days=ONCE_DAYS,
                next_run_time=datetime.now(UTC),
                id=job.name,
            )
        elif isinstance(job, Scheduled):
            for team in svc.config.teams:
                crontab = job.crontab(svc.config, team)
                if crontab is None:
                    continue
                name = f"{job.name}:{team.name}"
                scheduler.add_job(
                    partial(_logged, name, job.run, svc, team.name),
                    CronTrigger.from_crontab(crontab, timezone=team.zone),
                    id=name,
                    max_instances=1,
                    coalesce=True,
                    misfire_grace_time=MISFIRE_GRACE,
                )
