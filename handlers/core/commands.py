"""Text commands, the same on every platform: Slack slash commands, words typed to the
WeCom app or to the bot in a DM, and the console.

Each feature registers its command tables (see registry.py); the manager-only gate is
applied here, once, before any handler runs, and every failure is a message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from handlers.core.context import Actor, Services
from handlers.core.errors import CommandError
from handlers.core.messages import Card, Form, Text
from handlers.core.parse import words
from storage.models import Member, Team

Reply = list[Card | Text | Form]


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
    # Free text (a note) is split on spaces only: an apostrophe or a quote is just a letter.
    free_text: bool = False


def one(message: Card | Text | Form) -> Reply:
    return [message]


def find_member(req: Request, word: str) -> Member:
    """A person named by @name, name or chat id (a Slack mention arrives as @U…), on the
    actor's team."""
    name = word.removeprefix("@")
    with req.svc.db.reading() as s:
        found = s.scalar(
            select(Member).where(
                Member.team_id == req.team_id,
                Member.listed.is_(True),
                (func.lower(Member.name) == name.lower())
                | (Member.slack_id == name)
                | (Member.wecom_id == name),
            )
        )
        team_name = s.get_one(Team, req.team_id).name
    if found is None:
        raise CommandError(req.svc.t("team.unknown_member", who=word[:60], team=team_name))
    return found


def known_command(svc: Services, name: str) -> bool:
    return name.strip().lstrip("/").lower() in (*svc.registry.commands, "help")


def usage(svc: Services, name: str) -> Text:
    lines = [svc.t(cmd.usage_key) for cmd in svc.registry.commands[name].values()]
    return Text(text=svc.t("usage.header", command=name) + "\n" + "\n".join(lines))


def help_text(svc: Services) -> Text:
    """Every command's usage: the answer to "help" and to words the bot does not know."""
    lines = [svc.t("help.header")]
    # a command with two names (home, 主页) is listed once
    keys = dict.fromkeys(
        cmd.usage_key for table in svc.registry.commands.values() for cmd in table.values()
    )
    lines += [svc.t(key) for key in keys]
    return Text(text="\n".join(lines))


def run_command(svc: Services, actor: Actor, name: str, text: str) -> Reply:
    """Parse and run one command for one user; every failure is a message, never a trace."""
    t = svc.t
    commands = svc.registry.commands
    name = name.strip().lstrip("/").lower()
    if name == "help":
        return one(help_text(svc))
    if name not in commands:
        return one(Text(text=t("command.unknown", command=name[:40], known=", ".join(commands))))
    if not actor.known:
        return one(Text(text=t("command.stranger")))
    table = commands[name]
    try:
        args = words(t, text, free_text=any(c.free_text for c in table.values()))
    except CommandError as exc:
        return one(Text(text=str(exc)))
    sub = args[0].lower() if args else ""
    command, rest = table.get(sub), args[1:]
    if command is None and "*" in table:  # the first word is already an argument: /deal Acme …
        command, rest = table["*"], args
    if command is None:
        return one(usage(svc, name))
    team_id = actor.home_team_id()
    assert team_id is not None  # actor.known
    if command.managers_only and not actor.is_manager(team_id):
        return one(Text(text=t("command.managers_only", command=f"/{name} {sub}".strip())))
    try:
        return command.run(Request(svc, actor, team_id, rest))
    except CommandError as exc:
        if exc.args and exc.args[0]:
            return one(Text(text=str(exc.args[0])))
        return one(Text(text=t("usage.header", command=name) + "\n" + t(command.usage_key)))
