"""Text commands, the same on every platform: Slack slash commands, words typed to the
WeCom app or to the bot in a DM, and the console.

Each feature has a table of commands; the manager-only gate is applied here, once,
before any handler runs.
"""

from __future__ import annotations

import shlex
import unicodedata

from handlers.core.command_base import Command, CommandError, Reply, Request, one
from handlers.core.context import Actor, Services
from handlers.core.messages import Text
from handlers.pipeline import commands as pipeline_commands
from handlers.roulette import commands as lead_commands
from handlers.training import commands as quiz_commands
from handlers.training import onboarding_commands
from handlers.training import runs as quiz_runs

MAX_TEXT = 2000

COMMANDS: dict[str, dict[str, Command]] = {
    **lead_commands.COMMANDS,
    **pipeline_commands.COMMANDS,
    **quiz_commands.COMMANDS,
    **onboarding_commands.COMMANDS,
}


def usage(svc: Services, name: str) -> Text:
    lines = [svc.t(cmd.usage_key) for cmd in COMMANDS[name].values()]
    return Text(text=svc.t("usage.header", command=name) + "\n" + "\n".join(lines))


def _clean(svc: Services, text: str, free_text: bool = False) -> list[str]:
    if len(text) > MAX_TEXT:
        raise CommandError(svc.t("input.too_long", max=MAX_TEXT))
    text = unicodedata.normalize("NFC", text)
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co") and ch not in "\t\n\r" for ch in text):
        raise CommandError(svc.t("input.control_chars"))
    if free_text:
        return text.replace("\u3000", " ").split()
    try:
        return shlex.split(text.replace("\u3000", " "))
    except ValueError as exc:
        raise CommandError(svc.t("input.unbalanced_quote")) from exc


def known_command(name: str) -> bool:
    return name.strip().lstrip("/").lower() in (*COMMANDS, "help")


def run_typed(svc: Services, actor: Actor, text: str) -> Reply:
    """A message typed to the bot in chat: a command, else the answer to an open quiz
    question waiting for this rep, else the list of commands."""
    name, _, rest = text.strip().partition(" ")
    if known_command(name):
        return run_command(svc, actor, name, rest)
    answer = quiz_runs.typed_answer(svc, actor, text) if actor.known and text.strip() else None
    return [answer] if answer is not None else [help_text(svc)]


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
        return one(help_text(svc))
    if name not in COMMANDS:
        return one(Text(text=t("command.unknown", command=name[:40], known=", ".join(COMMANDS))))
    if not actor.known:
        return one(Text(text=t("command.stranger")))
    table = COMMANDS[name]
    try:
        words = _clean(svc, text, free_text=any(c.free_text for c in table.values()))
    except CommandError as exc:
        return one(Text(text=str(exc)))
    sub = words[0].lower() if words else ""
    command, args = table.get(sub), words[1:]
    if command is None and "*" in table:  # the first word is already an argument: /deal Acme …
        command, args = table["*"], words
    if command is None:
        return one(usage(svc, name))
    team_id = actor.home_team_id()
    assert team_id is not None  # actor.known
    if command.managers_only and not actor.is_manager(team_id):
        return one(Text(text=t("command.managers_only", command=f"/{name} {sub}".strip())))
    try:
        return command.run(Request(svc, actor, team_id, args))
    except CommandError as exc:
        if exc.args and exc.args[0]:
            return one(Text(text=str(exc.args[0])))
        return one(Text(text=t("usage.header", command=name) + "\n" + t(command.usage_key)))
