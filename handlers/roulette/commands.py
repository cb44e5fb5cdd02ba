"""The roulette's commands: /lead add|list|show|cancel|pool and /team [away|back]."""

from __future__ import annotations

import re
from collections.abc import Callable

from handlers.core.commands import Command, Reply, Request, find_member, one
from handlers.core.errors import CommandError
from handlers.core.messages import Text
from handlers.core.parse import parse_amount, parse_id
from handlers.roulette import offers, reports, team
from handlers.roulette.intake import LeadInput, add_lead
from storage.models import Team

_NUMERIC = re.compile(r"^[-+]?[\d.,]*\d[\d.,]*(?:e[-+]?\d+)?$", re.IGNORECASE)
_LEAD_EXTRAS = ("contact", "email", "phone", "source", "tier")


def _lead_id(req: Request) -> int:
    if len(req.args) != 1:
        raise CommandError()
    lead_id = parse_id(req.args[0])
    if lead_id is None:
        raise CommandError(req.svc.t("lead.unknown", id=req.args[0][:20]))
    return lead_id


def _lead_add(req: Request) -> Reply:
    t = req.svc.t
    words, extras = [], {}
    for word in req.args:
        key, sep, value = word.partition("=")
        if sep and key.lower() in _LEAD_EXTRAS:
            if not value.strip() or len(value) > 200:
                raise CommandError(t("input.bad_field", field=key.lower()))
            extras[key.lower()] = value.strip()
        else:
            words.append(word)
    amount = None
    if len(words) >= 2 and _NUMERIC.match(words[-1]):
        amount = parse_amount(t, words.pop())
    company = " ".join(words).strip()
    if not company:
        raise CommandError()
    if len(company) > 200:
        raise CommandError(t("input.too_long_field", field=t("field.company"), max=200))
    with req.svc.db.reading() as s:
        team_name = s.get_one(Team, req.team_id).name
    lead, _ = add_lead(
        req.svc,
        team_name,
        LeadInput(company=company, amount=amount, **extras),
        created_by=req.actor.member_of(req.team_id).id,
    )
    return one(Text(text=t("lead.added", id=lead.id, company=lead.company)))


def _lead_list(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return one(reports.in_flight(req.svc, req.actor, req.team_id))


def _lead_show(req: Request) -> Reply:
    return one(reports.show(req.svc, req.actor, _lead_id(req)))


def _lead_cancel(req: Request) -> Reply:
    return one(offers.cancel(req.svc, req.actor, _lead_id(req)))


def _lead_pool(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return reports.pool(req.svc, req.actor, req.team_id)


def _team_overview(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return one(team.overview(req.svc, req.team_id))


def _away_or_back(away: bool) -> Callable[[Request], Reply]:
    def run(req: Request) -> Reply:
        if len(req.args) > 1:
            raise CommandError()
        me = req.actor.member_of(req.team_id)
        rep = find_member(req, req.args[0]) if req.args else me
        return one(team.set_away(req.svc, req.actor, rep, away))

    return run


COMMANDS: dict[str, dict[str, Command]] = {
    "lead": {
        "add": Command("usage.lead_add", True, _lead_add),
        "list": Command("usage.lead_list", True, _lead_list),
        "show": Command("usage.lead_show", True, _lead_show),
        "cancel": Command("usage.lead_cancel", True, _lead_cancel),
        "pool": Command("usage.lead_pool", False, _lead_pool),
    },
    "team": {
        "": Command("usage.team", True, _team_overview),
        "away": Command("usage.team_away", False, _away_or_back(True)),
        "back": Command("usage.team_back", False, _away_or_back(False)),
    },
}
