"""Slash commands, every feature's. The answer is the command's ephemeral response."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack import render
from bot.slack.listeners import actor, after_answer
from bot.slack.text import plain
from handlers.core.commands import run_command
from handlers.core.context import Services
from handlers.core.messages import Form


def register(app: App, svc: Services, background: Executor) -> None:
    def on_command(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        who = actor(svc, command["user_id"])
        replies = run_command(svc, who, command["command"], plain(command.get("text") or ""))
        forms = [r for r in replies if isinstance(r, Form)]
        if forms:  # a command that asks for details opens them as a modal
            ack()
            view = render.modal(forms[0])
            after_answer(
                background,
                f"open a form for {who.user_id}",
                lambda: client.views_open(trigger_id=command["trigger_id"], view=view),
            )
            return
        ack(**render.reply_payload([r for r in replies if not isinstance(r, Form)]))

    for name in svc.registry.commands:
        app.command(f"/{name}")(on_command)
