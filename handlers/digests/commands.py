"""`/forecast digest`: the forecast digest now, in the asker's DM."""

from __future__ import annotations

from handlers.core.commands import Command, Reply, Request, one
from handlers.core.errors import CommandError
from handlers.digests import scheduled


def _forecast_digest(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return one(scheduled.on_demand(req.svc, req.actor, req.team_id))


COMMANDS: dict[str, dict[str, Command]] = {
    "forecast": {"digest": Command("usage.forecast_digest", True, _forecast_digest)},
}
