"""The roulette's commands: /lead add|list|show|cancel|pool and /team [away|back]."""

from __future__ import annotations

import re

from handlers.core.commands import Command, Reply, Request, find_member, one
from handlers.core.display import duration
from handlers.core.errors import CommandError
from handlers.core.messages import Text
from handlers.core.parse import parse_amount, parse_date, parse_id
from handlers.roulette import first_touch, next_up, offers, reports, team, time_off
from handlers.roulette.intake import LeadInput, add_lead
from storage.models import Lead, Team

_NUMERIC = re.compile(r"^[-+]?[\d.,]*\d[\d.,]*(?:e[-+]?\d+)?$", re.IGNORECASE)
_LEAD_EXTRAS = ("contact", "email", "phone", "source", "tier")
MAX_REASON = 200


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


def _lead_next(req: Request) -> Reply:
    if len(req.args) > 1:
        raise CommandError()
    team_id = req.team_id
    if req.args:
        team_id = next_up.team_named(req.svc, req.actor, req.args[0])
        if team_id is None:
            raise CommandError(req.svc.t("next.unknown_team", team=req.args[0][:80]))
    return one(next_up.next_up(req.svc, req.actor, team_id))


def _lead_contacted(req: Request) -> Reply:
    lead_id = _lead_id(req)
    answer = first_touch.contacted(req.svc, req.actor, lead_id)
    if answer is not None:
        return one(answer)
    with req.svc.db.reading() as s:
        lead = s.get_one(Lead, lead_id)
    took = duration(req.svc.t, lead.touched_at - lead.claimed_at)
    return one(
        Text(text=req.svc.t("contact.recorded", id=lead.id, company=lead.company, took=took))
    )


def _team_overview(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return one(team.overview(req.svc, req.team_id))


def _names_rep(req: Request, word: str) -> bool:
    """Whether the first word of `/team away` names someone (@name always does)."""
    if word.startswith("@"):
        return True
    try:
        find_member(req, word)
    except CommandError:
        return False
    return True


def _team_away(req: Request) -> Reply:
    """`/team away [@rep] [until YYYY-MM-DD] [reason]`: a first word that names no one
    begins the reason."""
    t = req.svc.t
    args = list(req.args)
    rep = req.actor.member_of(req.team_id)
    if args and args[0].lower() != "until" and _names_rep(req, args[0]):
        rep = find_member(req, args.pop(0))
    until = None
    if args and args[0].lower() == "until":
        if len(args) < 2:
            raise CommandError()
        until = parse_date(t, args[1])
        args = args[2:]
    reason = " ".join(args) or None
    if reason is not None and len(reason) > MAX_REASON:
        raise CommandError(t("input.too_long_field", field=t("field.reason"), max=MAX_REASON))
    return one(time_off.set_away(req.svc, req.actor, rep, until, reason))


def _team_back(req: Request) -> Reply:
    if len(req.args) > 1:
        raise CommandError()
    rep = find_member(req, req.args[0]) if req.args else req.actor.member_of(req.team_id)
    return one(time_off.set_back(req.svc, req.actor, rep))


COMMANDS: dict[str, dict[str, Command]] = {
    "lead": {
        "add": Command("usage.lead_add", True, _lead_add),
        "list": Command("usage.lead_list", True, _lead_list),
        "show": Command("usage.lead_show", True, _lead_show),
        "cancel": Command("usage.lead_cancel", True, _lead_cancel),
        "pool": Command("usage.lead_pool", False, _lead_pool),
        "next": Command("usage.lead_next", True, _lead_next),
        "contacted": Command("usage.lead_contacted", False, _lead_contacted),
    },
    "team": {
        "": Command("usage.team", True, _team_overview),
        "away": Command("usage.team_away", False, _team_away),
        "back": Command("usage.team_back", False, _team_back),
    },
}
