"""The training schedule: a sweeper for quiz and onboarding timers, and the weekly digest.

Both only tick: what is due is read from the database, so a restart loses nothing and
several processes may run the same jobs.
"""

from __future__ import annotations

import logging

from apscheduler.schedulers.base import BaseScheduler

from bot.scheduler import MISFIRE_GRACE, every
from handlers.core.context import Services
from handlers.digests import training as onboarding_digest
from handlers.digests.periods import trigger
from handlers.training import timers as quiz_timers

log = logging.getLogger(__name__)

SWEEP_EVERY = 5  # seconds: reminders and deadlines are hours apart, a few seconds late is fine


def _digest(svc: Services, team: str) -> None:
    try:
        onboarding_digest.post(svc, team)
    except Exception:
        log.exception("the training digest of %s failed", team)


def _catch_up(svc: Services) -> None:
    try:
        onboarding_digest.catch_up(svc)
    except Exception:
        log.exception("catching up a missed training digest failed")


def add_training_jobs(scheduler: BaseScheduler, svc: Services) -> None:
    """The sweeper, each team's digest in its time zone, and one catch-up look at start."""
    every(scheduler, quiz_timers.sweep, svc, "training-sweeper", seconds=SWEEP_EVERY)
    for team in svc.config.teams:
        scheduler.add_job(
            _digest,
            trigger(svc.config.training.digest_cron, team.zone),
            args=[svc, team.name],
            id=f"digest:training:{team.name}",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=MISFIRE_GRACE,
        )
    scheduler.add_job(_catch_up, args=[svc], id="digest:training:catch-up")
