"""Direct messages to the bot: the same words as the slash commands ("lead list")."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Say

from salesbot.bot.slack import render
from salesbot.bot.slack.listeners import actor
from salesbot.handlers.commands import help_text, known_command, run_command
from salesbot.handlers.context import Services


def register(app: App, svc: Services) -> None:
    @app.event("message")
    def on_message(event: dict[str, Any], say: Say) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        text = (event.get("text") or "").strip()
        name, _, rest = text.partition(" ")
        who = actor(svc, event.get("user", ""))
        replies = run_command(svc, who, name, rest) if known_command(name) else [help_text(svc)]
        say(**render.reply_payload(replies))
