"""The digests to each team's manager channel: the forecast and workload digests on the
team's `digests` crontab lines, and the weekly training digest.

Read `periods` first (which period a digest stands for, and posting it once per period
across processes), then `forecast`, `workload` and `training`, and `scheduled` (when
they go out).
"""

from __future__ import annotations

from handlers.core.registry import AtStart, Feature, Scheduled
from handlers.digests import commands, scheduled, strings, training

FEATURE = Feature(
    name="digests",
    commands=commands.COMMANDS,
    strings=strings.STRINGS,
    jobs=(
        *(
            Scheduled(
                f"digest:{kind}",
                crontab=lambda _settings, team, kind=kind: team.digests.cron(kind),
                run=scheduled.runner(kind),
            )
            for kind in scheduled.KINDS
        ),
        AtStart("digest:catch-up", scheduled.catch_up),
        Scheduled(
            "digest:training",
            crontab=lambda settings, _team: settings.training.digest_cron,
            run=training.post,
        ),
        AtStart("digest:training:catch-up", training.catch_up),
    ),
)
