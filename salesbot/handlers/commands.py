"""Text commands, the same on every platform: Slack slash commands, words typed to the
WeCom app or to the bot in a DM, and the console.

Each command is a row in COMMANDS; the manager-only gate is applied here, once, before
any handler runs.
"""

from __future__ import annotations

import re
import shlex
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select

from salesbot.handlers import lead_reports, roulette, team
from salesbot.handlers.context import Actor, Services
from salesbot.handlers.messages import Card, Text
from salesbot.storage.models import Member, Team

MAX_TEXT = 2000
MAX_AMOUNT = Decimal("1e13")
_MENTION = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_NUMERIC = re.compile(r"^[-+]?[\d.,]*\d[\d.,]*(?:e[-+]?\d+)?$", re.IGNORECASE)
_LEAD_EXTRAS = ("contact", "email", "phone", "source", "tier")

Reply = list[Card | Text]


class CommandError(Exception):
    """Bad input: the message says what is wrong, in the user's language; nothing changed."""


@dataclass(frozen=True)
class Request:
    svc: Services
    actor: Actor
    team_id: int
    args: list[str]


@dataclass(frozen=True)
class Command:
    usage_key: str
    managers_only: bool
    run: Callable[[Request], Reply]


def _one(message: Card | Text) -> Reply:
    return [message]


def _lead_id(req: Request) -> int:
    if len(req.args) != 1:
        raise CommandError()
    lead_id = roulette.parse_id(req.args[0])
    if lead_id is None:
        raise CommandError(req.svc.t("lead.unknown", id=req.args[0][:20]))
    return lead_id


def parse_amount(t: Callable[..., str], text: str) -> Decimal:
    try:
        amount = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise CommandError(t("input.bad_amount", value=text[:40])) from exc
    if not amount.is_finite() or amount < 0 or amount >= MAX_AMOUNT:
        raise CommandError(t("input.bad_amount", value=text[:40]))
    return amount.quantize(Decimal("0.01"))


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
    with req.svc.db.transaction() as s:
        team_name = s.get_one(Team, req.team_id).name
    lead, _ = roulette.add_lead(
        req.svc,
        team_name,
        roulette.LeadInput(company=company, amount=amount, **extras),
        created_by=req.actor.member_of(req.team_id).id,
    )
    return _one(Text(text=t("lead.added", id=lead.id, company=lead.company)))


def _lead_list(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return _one(lead_reports.in_flight(req.svc, req.actor, req.team_id))


def _lead_show(req: Request) -> Reply:
    return _one(lead_reports.show(req.svc, req.actor, _lead_id(req)))


def _lead_cancel(req: Request) -> Reply:
    return _one(roulette.cancel(req.svc, req.actor, _lead_id(req)))


def _lead_pool(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return lead_reports.pool(req.svc, req.actor, req.team_id)


def _team_overview(req: Request) -> Reply:
    if req.args:
        raise CommandError()
    return _one(team.overview(req.svc, req.team_id))


def _find_member(req: Request, word: str) -> Member:
    """A rep named by Slack mention (<@U…>), @name, name or chat id, on the actor's team."""
    mention = _MENTION.match(word)
    with req.svc.db.transaction() as s:
        base = select(Member).where(Member.team_id == req.team_id, Member.listed.is_(True))
        if mention:
            found = s.scalar(base.where(Member.slack_id == mention.group(1)))
        else:
            name = word.removeprefix("@")
            found = s.scalar(
                base.where(
                    (func.lower(Member.name) == name.lower())
                    | (Member.slack_id == name)
                    | (Member.wecom_id == name)
                )
            )
        team_name = s.get_one(Team, req.team_id).name
    if found is None:
        raise CommandError(req.svc.t("team.unknown_member", who=word[:60], team=team_name))
    return found


def _away_or_back(away: bool) -> Callable[[Request], Reply]:
    def run(req: Request) -> Reply:
        if len(req.args) > 1:
            raise CommandError()
        me = req.actor.member_of(req.team_id)
        rep = _find_member(req, req.args[0]) if req.args else me
        return _one(team.set_away(req.svc, req.actor, rep, away))

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


def usage(svc: Services, name: str) -> Text:
    lines = [svc.t(cmd.usage_key) for cmd in COMMANDS[name].values()]
    return Text(text=svc.t("usage.header", command=name) + "\n" + "\n".join(lines))


def _clean(svc: Services, text: str) -> list[str]:
    if len(text) > MAX_TEXT:
        raise CommandError(svc.t("input.too_long", max=MAX_TEXT))
    text = unicodedata.normalize("NFC", text)
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\t\n\r" for ch in text):
        raise CommandError(svc.t("input.control_chars"))
    try:
        return shlex.split(text.replace("\u3000", " "))
    except ValueError as exc:
        raise CommandError(svc.t("input.unbalanced_quote")) from exc


def known_command(name: str) -> bool:
    return name.strip().lstrip("/").lower() in (*COMMANDS, "help")


def help_text(svc: Services) -> Text:
    """Every command's usage: the answer to "help" and to words the bot does not know."""
    lines = [svc.t("help.header")]
    lines += [svc.t(cmd.usage_key) for table in COMMANDS.values() for cmd in table.values()]
    return Text(text="\n".join(lines))


def run_command(svc: Services, actor: Actor, name: str, text: str) -> Reply:
    """Parse and run one command for one user; every failure is a message, never a trace."""
    t = svc.t
    name = name.strip().lstrip("/").lower()
    if name == "help":
        return _one(help_text(svc))
    if name not in COMMANDS:
        return _one(Text(text=t("command.unknown", command=name[:40], known=", ".join(COMMANDS))))
    if not actor.known:
        return _one(Text(text=t("command.stranger")))
    try:
        words = _clean(svc, text)
    except CommandError as exc:
        return _one(Text(text=str(exc)))
    table = COMMANDS[name]
    sub = words[0].lower() if words else ""
    command = table.get(sub)
    if command is None:
        return _one(usage(svc, name))
    team_id = actor.home_team_id()
    assert team_id is not None  # actor.known
    if command.managers_only and not actor.is_manager(team_id):
        return _one(Text(text=t("command.managers_only", command=f"/{name} {sub}".strip())))
    try:
        return command.run(Request(svc, actor, team_id, words[1:]))
    except CommandError as exc:
        if exc.args and exc.args[0]:
            return _one(Text(text=str(exc.args[0])))
        return _one(Text(text=t("usage.header", command=name) + "\n" + t(command.usage_key)))
