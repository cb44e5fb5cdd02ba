"""Modal submissions: every form a handler asked a user to fill in."""

from __future__ import annotations

import re
from concurrent.futures import Executor
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.slack import render
from bot.slack.listeners import actor, after_answer
from handlers.core.actions import run_submission
from handlers.core.context import Services
from handlers.core.messages import FormInvalid


def register(app: App, svc: Services, background: Executor) -> None:
    @app.view(re.compile(r"^form:"))
    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user_id = body["user"]["id"]
        action_id = view["callback_id"].removeprefix("form:")
        try:
            reply = run_submission(
                svc,
                actor(svc, user_id),
                action_id,
                view.get("private_metadata") or "",
                render.answers(view),
            )
        except FormInvalid as exc:
            # Shown under each field in the still-open modal; nothing was saved.
            ack(response_action="errors", errors=exc.errors)
            return
        ack()
        if reply is not None:
            after_answer(
                background,
                f"confirm a form to {user_id}",
                lambda: client.chat_postMessage(
                    channel=user_id, text=render.fallback(reply), blocks=render.blocks(reply)
                ),
            )
