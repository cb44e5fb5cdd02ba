"""Slash commands: /lead and /team. The answer is the command's ephemeral response."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from salesbot.bot.slack import render
from salesbot.bot.slack.listeners import actor
from salesbot.handlers.commands import COMMANDS, run_command
from salesbot.handlers.context import Services


def register(app: App, svc: Services) -> None:
    def on_command(ack: Ack, command: dict[str, Any]) -> None:
        who = actor(svc, command["user_id"])
        replies = run_command(svc, who, command["command"], command.get("text") or "")
        ack(**render.reply_payload(replies))

    for name in COMMANDS:
        app.command(f"/{name}")(on_command)
